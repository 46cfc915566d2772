"""National-scale data through the project's own models: `manage.py generate_scale`, the
benchmark `make bench-scale` and the query-count tests all build their data here.

`generate(Spec(...))` makes one programme spanning the chosen municipalities with one
partnership per company, spread over every step and status, and what each step records:
visits, agreements (the signed ones share one stored PDF), technical reviews with their
measures, action plans with actions, follow-ups (held ones with a snapshot), closing records,
five years of monthly consumption per company, users of every role and API tokens.

Everything is drawn from a `random.Random(seed)`, so the same spec gives the same data. Rows
are written with `bulk_create` in batches, which skips `save()`, signals and `full_clean()`:
the values are built valid by construction here, and the tests of each service are what
prove that the services accept such values. On PostgreSQL the consumption records, the
largest table by far, go in with COPY.

Generated data is demo data: the CVR numbers begin with 0, which the register never issues
and only installations in demo mode accept, and e-mail addresses end in `.scale.test`.
"""

from __future__ import annotations

import hashlib
import random
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone

from carbon20.accounts.models import Membership, Role, User
from carbon20.actionplans.models import Action, ActionPlan, ActionStatus, Priority
from carbon20.agreements.models import (
    Agreement,
    AgreementSignature,
    AgreementTemplateVersion,
    DataKind,
    DataSource,
    ReportingFrequency,
)
from carbon20.api.models import ApiToken, hash_secret
from carbon20.core.demo import demo_cvrs
from carbon20.energy.models import Carrier, ConsumptionRecord, FactorSet, RecordSource, Unit
from carbon20.followups import snapshots
from carbon20.followups.models import BarrierCategory, ClosingRecord, FollowUp, Form
from carbon20.organisations.models import (
    Company,
    EmployeeBand,
    Municipality,
    Partner,
    PartnerType,
    PortfolioEntry,
    Programme,
)
from carbon20.partnerships.models import (
    EmployeeInvolvement,
    EnergyManagement,
    Interest,
    ManagementBacking,
    Partnership,
    RecruitmentChannel,
    Status,
    Step,
    TimelineEvent,
    Visit,
    VisitOutcome,
)
from carbon20.screening.models import (
    BaselineConsumption,
    BaselineSource,
    Measure,
    MeasureType,
    TechnicalReview,
)

PROGRAMME_SLUG = "carbon-20-national-scale"
PASSWORD = "carbon20-scale"
EMAIL_DOMAIN = "scale.test"
BATCH = 2_000
# Generated CVR serials start here, far above the demo data's (from 100).
CVR_START = 200_000

# Share of partnerships at each step: five years into a programme most have reached step 6.
STEP_WEIGHTS = {1: 5, 2: 4, 3: 4, 4: 4, 5: 5, 6: 78}
CARRIERS = [
    (Carrier.ELECTRICITY, 50, Decimal(0)),
    (Carrier.DISTRICT_HEATING, 35, Decimal(100)),
    (Carrier.NATURAL_GAS, 15, Decimal(100)),
]
FOCUS = ["electricity", "heat", "transport", "waste", "water", "it", "food", "supply"]
INDUSTRIES = [
    ("310100", "Fremstilling af kontormøbler"),
    ("107100", "Bagerier"),
    ("452000", "Autoværksteder"),
    ("561010", "Restauranter"),
    ("471100", "Dagligvarehandel"),
    ("432100", "El-installation"),
    ("620100", "Computerprogrammering"),
    ("251100", "Fremstilling af metalkonstruktioner"),
    ("551010", "Hoteller"),
    ("869090", "Sundhedsvæsen i øvrigt"),
]
NAMES = ["Nord", "Syd", "Øst", "Vest", "Fjord", "Skov", "Å", "Bakke", "Strand", "Mark"]
KINDS = ["Snedkeri", "Bageri", "Autoværksted", "Bistro", "Købmand", "El-service", "Data"]
SUFFIX = ["ApS", "A/S", "I/S"]
MEASURE_TEXTS = [
    ("electricity", MeasureType.LOW_COST, "LED-belysning med dagslysstyring"),
    ("electricity", MeasureType.NO_COST, "Sluk trykluft uden for arbejdstid"),
    ("heat", MeasureType.INVESTMENT, "Efterisolering af loft"),
    ("heat", MeasureType.NO_COST, "Sænk fremløbstemperaturen"),
    ("electricity", MeasureType.BEHAVIOUR, "Energiansvarlig i hver afdeling"),
    ("transport", MeasureType.INVESTMENT, "Elvarebil i stedet for diesel"),
    ("electricity", MeasureType.INVESTMENT, "Varmepumpe til procesvarme"),
    ("heat", MeasureType.LOW_COST, "Tætning af porte"),
    ("it", MeasureType.NO_COST, "Strømstyring af pc'er"),
    ("waste", MeasureType.BEHAVIOUR, "Sortering af affald i ti fraktioner"),
]


@dataclass(frozen=True)
class Spec:
    municipalities: int = 98
    companies: int = 20_000
    years: int = 5
    measures_per_review: int = 10
    actions_per_plan: int = 6
    seed: int = 20
    today: date | None = None
    # A second data set beside the first (the query-count tests compare two sizes): its own
    # programme, municipalities, companies and e-mail addresses.
    label: str = ""
    first_municipality: int = 0
    first_company: int = 0

    @property
    def programme_slug(self) -> str:
        return f"{PROGRAMME_SLUG}-{self.label}" if self.label else PROGRAMME_SLUG

    @property
    def email_domain(self) -> str:
        return f"{self.label}.{EMAIL_DOMAIN}" if self.label else EMAIL_DOMAIN


@dataclass
class Summary:
    """How many rows of each kind were written, for the command's report."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, label: str, number: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + number


class RefusedError(Exception):
    """The database holds data that the generator did not make."""


def existing_programme(spec: Spec | None = None) -> Programme | None:
    return Programme.objects.filter(slug=(spec or Spec()).programme_slug).first()


def check_may_generate(spec: Spec) -> None:
    """Generated rows carry demo CVR numbers, so only a demo installation may hold them; and
    they go only into a database whose companies and partnerships, if any, the generator
    made itself, so that no real figure is ever mixed with, or counted beside, generated
    ones."""
    if not settings.DEMO_MODE:
        raise RefusedError(
            "The scale generator writes demo data and runs only with CARBON20_DEMO=true."
        )
    generated = Q(programme__slug__startswith=PROGRAMME_SLUG)
    if (
        Partnership.objects.exclude(generated).exists()
        or Company.objects.exclude(
            partnerships__programme__slug__startswith=PROGRAMME_SLUG
        ).exists()
    ):
        raise RefusedError(
            "The database holds companies or partnerships that the scale generator did not "
            "make; it only fills a database without data of its own."
        )
    if existing_programme(spec) is not None:
        raise RefusedError(f"The data set {spec.programme_slug} is there already.")


def _batched(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _bulk(model: type[models.Model], rows: Iterable[Any], summary: Summary) -> list[Any]:
    created: list[Any] = []
    for chunk in _batched(rows):
        created.extend(model.objects.bulk_create(chunk, batch_size=BATCH))  # type: ignore[attr-defined]
    summary.add(model.__name__, len(created))
    return created


def _aware(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _month_start(day: date, months_back: int) -> date:
    index = day.year * 12 + day.month - 1 - months_back
    return date(index // 12, index % 12 + 1, 1)


def _month_end(start: date) -> date:
    following = _month_start(start, -1)
    return following - timedelta(days=1)


class Generator:
    def __init__(self, spec: Spec, log: Callable[[str], None] = lambda _text: None):
        self.spec = spec
        self.log = log
        self.random = random.Random(spec.seed)
        self.today = spec.today or timezone.localdate()
        self.summary = Summary()
        # Every generated user shares one hash: hashing each password would take an hour.
        self.password_hash = make_password(PASSWORD)
        self.domain = spec.email_domain

    # Organisations and people --------------------------------------------------------------

    def programme(self) -> Programme:
        first = self.spec.first_municipality
        self.municipalities = list(
            Municipality.objects.order_by("code")[first : first + self.spec.municipalities]
        )
        if len(self.municipalities) < self.spec.municipalities:
            raise ImproperlyConfigured("The municipalities are not loaded; run migrate first.")
        start = date(self.today.year - self.spec.years, 1, 1)
        programme = Programme.objects.create(
            name=f"Carbon 20 – national ({self.spec.programme_slug})",
            slug=self.spec.programme_slug,
            start_date=start,
            end_date=date(self.today.year + 1, 12, 31),
            company_goal=self.spec.companies,
        )
        programme.municipalities.set(self.municipalities)
        self.programme_obj = programme
        self.start_day = start
        return programme

    def _user(self, email: str, first: str, last: str, **extra: Any) -> User:
        return User(
            email=email,
            first_name=first,
            last_name=last,
            password=self.password_hash,
            **extra,
        )

    def people(self) -> None:
        partners = _bulk(
            Partner,
            [
                Partner(
                    name=f"Energirådgivning {name} ({self.spec.programme_slug})",
                    type=PartnerType.CONSULTANCY if index % 2 else PartnerType.ENERGY_COMPANY,
                )
                for index, name in enumerate(NAMES[:5])
            ],
            self.summary,
        )
        officers = [
            self._user(f"officer{index}.{m.code}@{self.domain}", "Officer", m.name, title="")
            for m in self.municipalities
            for index in (1, 2)
        ]
        coordinators = [
            self._user(f"coordinator{index}@{self.domain}", "Koordinator", str(index))
            for index in (1, 2)
        ]
        consultants = [
            self._user(f"consultant{index}@{self.domain}", "Rådgiver", str(index))
            # One consultant per hundred companies, between one and twenty.
            for index in range(1, max(1, min(20, self.spec.companies // 100)) + 1)
        ]
        admin = self._user(
            f"admin@{self.domain}", "Admin", "Scale", is_staff=True, is_superuser=True
        )
        _bulk(User, [*officers, *coordinators, *consultants, admin], self.summary)
        # bulk_create gives no pk back on every database for users; fetch them again.
        by_email = {u.email: u for u in User.objects.filter(email__endswith=f"@{self.domain}")}
        self.officers = {
            m.id: [by_email[f"officer{index}.{m.code}@{self.domain}"] for index in (1, 2)]
            for m in self.municipalities
        }
        self.consultants = [by_email[u.email] for u in consultants]
        memberships = [
            Membership(user=user, role=Role.OFFICER, municipality_id=municipality_id)
            for municipality_id, users in self.officers.items()
            for user in users
        ]
        memberships += [
            Membership(user=by_email[u.email], role=Role.COORDINATOR, programme=self.programme_obj)
            for u in coordinators
        ]
        memberships += [
            Membership(user=user, role=Role.CONSULTANT, partner=partners[index % len(partners)])
            for index, user in enumerate(self.consultants)
        ]
        _bulk(Membership, memberships, self.summary)
        self.users_by_email = by_email

    # Companies and partnerships ------------------------------------------------------------

    def companies(self) -> None:
        rng = self.random
        # Two serials per company leave room for the ones without a check digit.
        cvrs = demo_cvrs(self.spec.companies, start=CVR_START + 2 * self.spec.first_company)
        rows = []
        for index, cvr in enumerate(cvrs):
            municipality = self.municipalities[index % len(self.municipalities)]
            code, industry = INDUSTRIES[rng.randrange(len(INDUSTRIES))]
            serial = self.spec.first_company + index
            name = (
                f"{rng.choice(NAMES)}{rng.choice(KINDS).lower()} {serial:05d} {rng.choice(SUFFIX)}"
            )
            rows.append(
                Company(
                    cvr=cvr,
                    name=name,
                    address=f"Erhvervsvej {index % 200 + 1}",
                    postcode=f"{1000 + (municipality.code * 7 + index) % 8900}",
                    city=municipality.name,
                    municipality=municipality,
                    industry_code=code,
                    industry_text=industry,
                    employee_band=rng.choice(EmployeeBand.values),
                )
            )
        self.company_rows = _bulk(Company, rows, self.summary)
        _bulk(
            PortfolioEntry,
            (
                PortfolioEntry(company=c, municipality_id=c.municipality_id)
                for c in self.company_rows
            ),
            self.summary,
        )

    def partnerships(self) -> None:
        rng = self.random
        steps = list(STEP_WEIGHTS)
        weights = list(STEP_WEIGHTS.values())
        rows = []
        for company in self.company_rows:
            step = rng.choices(steps, weights)[0]
            roll = rng.random()
            if roll < 0.05:
                status = Status.WITHDRAWN
            elif roll < 0.08:
                status = Status.PAUSED
            elif step == Step.FOLLOW_UP and roll < 0.45:
                status = Status.COMPLETED
            else:
                status = Status.ACTIVE
            # Partnerships further on started earlier; each step took one to four months.
            span_days = (self.today - self.start_day).days
            first_contact = self.start_day + timedelta(
                days=rng.randrange(max(1, span_days - 120 * step))
            )
            changed = min(
                self.today - timedelta(days=1),
                first_contact + timedelta(days=sum(rng.randint(30, 120) for _ in range(step - 1))),
            )
            municipality_officers = self.officers[company.municipality_id]
            rows.append(
                Partnership(
                    company=company,
                    municipality_id=company.municipality_id,
                    programme=self.programme_obj,
                    owner=municipality_officers[company.pk % 2],
                    status=status,
                    step=step,
                    step_changed_at=_aware(changed),
                    channel=rng.choice(RecruitmentChannel.values),
                    first_contact_date=first_contact,
                    interest=Interest.YES if step > 1 else rng.choice(Interest.values),
                    focus_areas=rng.sample(FOCUS, 3) if step > 1 else [],
                    next_action_due=(
                        changed + timedelta(days=rng.randint(-20, 60))
                        if rng.random() < 0.3
                        else None
                    ),
                    status_reason="Afventer ny ejer" if status != Status.ACTIVE else "",
                    consultant=(
                        self.consultants[company.pk % len(self.consultants)] if step >= 3 else None
                    ),
                )
            )
        self.partnership_rows = _bulk(Partnership, rows, self.summary)
        events = []
        for p in self.partnership_rows:
            events.append(
                TimelineEvent(
                    partnership=p,
                    actor=p.owner,
                    at=_aware(p.first_contact_date),
                    kind=TimelineEvent.Kind.CREATED,
                    message="Partnership started",
                )
            )
            for step in range(2, p.step + 1):
                events.append(
                    TimelineEvent(
                        partnership=p,
                        actor=p.owner,
                        at=p.step_changed_at - timedelta(days=30 * (p.step - step)),
                        kind=TimelineEvent.Kind.STEP,
                        from_step=step - 1,
                        to_step=step,
                        message="Moved to step %(step)s",
                        data={"step": step},
                    )
                )
        _bulk(TimelineEvent, events, self.summary)

    def _changed(self, p: Partnership) -> date:
        return timezone.localtime(p.step_changed_at).date()

    # Steps 2–3 -----------------------------------------------------------------------------

    def visits_and_agreements(self) -> None:
        rng = self.random
        visits = [
            Visit(
                partnership=p,
                visit_date=p.first_contact_date + timedelta(days=rng.randint(7, 40)),
                municipal_participants="Miljømedarbejder",
                company_participants="Direktør, driftschef",
                management_present=True,
                employee_involvement=rng.choice(EmployeeInvolvement.values),
                energy_management=rng.choice(EnergyManagement.values),
                agreement_walked_through=True,
                management_backing=ManagementBacking.SECURED,
                outcome=VisitOutcome.AGREEMENT,
                focus_areas=p.focus_areas,
                recorded_by=p.owner,
            )
            for p in self.partnership_rows
            if p.step >= Step.VISIT
        ]
        _bulk(Visit, visits, self.summary)
        template_version = (
            AgreementTemplateVersion.objects.filter(
                template__municipality__isnull=True, template__language="da"
            )
            .order_by("-number")
            .first()
        )
        factor_set = FactorSet.objects.filter(is_published=True).order_by("-year").first()
        if template_version is None or factor_set is None:
            raise ImproperlyConfigured("The default agreement template or factor sets are missing.")
        # Every signed agreement points at the same stored scan: the PDFs are not what is
        # measured, and twenty thousand copies of one file would only fill the disk.
        pdf = b"%PDF-1.4\n% Carbon 20 scale data: one shared signed agreement\n%%EOF\n"
        signed_name = default_storage.save("agreements/signed/scale-shared.pdf", ContentFile(pdf))
        signed_hash = hashlib.sha256(pdf).hexdigest()
        self.factor_set = factor_set
        agreements = []
        for p in self.partnership_rows:
            if p.step < Step.AGREEMENT:
                continue
            signed = p.step > Step.AGREEMENT
            start = p.first_contact_date + timedelta(days=45)
            agreements.append(
                Agreement(
                    partnership=p,
                    version=1,
                    template_version=template_version,
                    status=Agreement.State.SIGNED if signed else rng.choice(["draft", "sent"]),
                    baseline_year=start.year - 1,
                    start_date=start,
                    target_date=date(start.year + 3, 12, 31),
                    focus_areas=p.focus_areas,
                    company_obligations="Virksomheden gennemfører handlingsplanen.",
                    municipality_obligations="Kommunen følger op tre gange.",
                    data_kinds=[DataKind.ELECTRICITY, DataKind.HEAT],
                    data_sources=[DataSource.BILLS],
                    factor_set=factor_set,
                    reporting_frequency=ReportingFrequency.YEARLY,
                    publish_consent=rng.random() < 0.7,
                    signing_method=Agreement.SigningMethod.SCAN if signed else "",
                    signed_at=_aware(start) if signed else None,
                    signed_pdf=signed_name if signed else "",
                    signed_pdf_sha256=signed_hash if signed else "",
                    created_by=p.owner,
                )
            )
        self.agreement_rows = _bulk(Agreement, agreements, self.summary)
        # Company users for the companies that signed, with their signature of the scan.
        signed = [a for a in self.agreement_rows if a.status == Agreement.State.SIGNED]
        by_partnership = {p.pk: p for p in self.partnership_rows}
        users = [
            self._user(
                f"company{by_partnership[a.partnership_id].company_id}@{self.domain}",
                "Direktør",
                by_partnership[a.partnership_id].company.name[:40],
                title="Direktør",
            )
            for a in signed
        ]
        _bulk(User, users, self.summary)
        company_users = {
            u.email: u
            for u in User.objects.filter(
                email__startswith="company", email__endswith=f"@{self.domain}"
            )
        }
        memberships = []
        signatures = []
        for agreement in signed:
            partnership = by_partnership[agreement.partnership_id]
            user = company_users[f"company{partnership.company_id}@{self.domain}"]
            memberships.append(
                Membership(user=user, role=Role.COMPANY_USER, company_id=partnership.company_id)
            )
            for party, signer in (
                (AgreementSignature.Party.COMPANY, user),
                (AgreementSignature.Party.MUNICIPALITY, partnership.owner),
            ):
                signatures.append(
                    AgreementSignature(
                        agreement=agreement,
                        party=party,
                        user=signer,
                        name=signer.get_full_name(),
                        title="Direktør" if signer is user else "Miljømedarbejder",
                        signed_at=agreement.signed_at,
                        pdf_sha256=signed_hash,
                    )
                )
        _bulk(Membership, memberships, self.summary)
        _bulk(AgreementSignature, signatures, self.summary)
        self.company_users = company_users

    # Steps 4–5 -----------------------------------------------------------------------------

    def reviews_and_plans(self) -> None:
        rng = self.random
        reviewed = [p for p in self.partnership_rows if p.step >= Step.TECHNICAL_REVIEW]
        reviews = []
        for p in reviewed:
            issued = p.step > Step.TECHNICAL_REVIEW
            baseline_start = date(p.first_contact_date.year - 1, 1, 1)
            reviews.append(
                TechnicalReview(
                    partnership=p,
                    status=TechnicalReview.State.ISSUED if issued else TechnicalReview.State.DRAFT,
                    site_visit_date=p.first_contact_date + timedelta(days=80),
                    focus_areas=p.focus_areas,
                    baseline_start=baseline_start,
                    baseline_end=date(baseline_start.year, 12, 31),
                    floor_area_m2=rng.randint(200, 8000),
                    employees=rng.randint(3, 300),
                    end_use_shares={"lighting": 20, "space_heating": 45, "process": 25},
                    summary="Gennemgang af el, varme og transport.",
                    issued_at=_aware(p.first_contact_date + timedelta(days=100))
                    if issued
                    else None,
                    issued_by=p.consultant if issued else None,
                )
            )
        review_rows = _bulk(TechnicalReview, reviews, self.summary)
        baselines = []
        measures = []
        for review in review_rows:
            size = Decimal(rng.randint(40, 900)) * 1000
            baselines.append(
                BaselineConsumption(
                    review=review,
                    carrier=Carrier.ELECTRICITY,
                    quantity=size,
                    cost_dkk=size * Decimal("1.8"),
                    source=BaselineSource.ENTERED,
                )
            )
            baselines.append(
                BaselineConsumption(
                    review=review,
                    carrier=Carrier.DISTRICT_HEATING,
                    quantity=size * 2,
                    cost_dkk=size * Decimal("0.9"),
                    source=BaselineSource.ENTERED,
                )
            )
            for number in range(1, self.spec.measures_per_review + 1):
                area, kind, text = MEASURE_TEXTS[(number - 1) % len(MEASURE_TEXTS)]
                carrier = Carrier.DISTRICT_HEATING if area == "heat" else Carrier.ELECTRICITY
                saving = (size * Decimal(rng.randint(1, 8)) / 100).quantize(Decimal(1))
                measures.append(
                    Measure(
                        review=review,
                        number=number,
                        focus_area=area,
                        description=text,
                        type=kind,
                        savings={carrier.value: str(saving)},
                        dkk_saved_per_year=saving * Decimal("1.2"),
                        investment=(
                            Decimal(0)
                            if kind in (MeasureType.NO_COST, MeasureType.BEHAVIOUR)
                            else saving * Decimal(rng.randint(2, 9))
                        ),
                        lifetime_years=rng.randint(3, 30),
                    )
                )
        _bulk(BaselineConsumption, baselines, self.summary)
        measure_rows = _bulk(Measure, measures, self.summary)
        measures_by_review: dict[int, list[Measure]] = {}
        for measure in measure_rows:
            measures_by_review.setdefault(measure.review_id, []).append(measure)
        review_by_partnership = {r.partnership_id: r for r in review_rows}
        planned = [p for p in reviewed if p.step >= Step.ACTION_PLAN]
        plans = [
            ActionPlan(
                partnership=p,
                approved_by_name="Direktør" if p.step > Step.ACTION_PLAN else "",
                approved_by_title="Direktør" if p.step > Step.ACTION_PLAN else "",
                approved_on=self._approved_on(p) if p.step > Step.ACTION_PLAN else None,
            )
            for p in planned
        ]
        plan_rows = _bulk(ActionPlan, plans, self.summary)
        actions = []
        for plan, p in zip(plan_rows, planned, strict=True):
            chosen = measures_by_review[review_by_partnership[p.pk].pk][
                : self.spec.actions_per_plan
            ]
            start = plan.approved_on or self.today
            for index, measure in enumerate(chosen):
                status = (
                    rng.choice([ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.DROPPED])
                    if p.step == Step.FOLLOW_UP
                    else ActionStatus.PLANNED
                )
                actions.append(
                    Action(
                        plan=plan,
                        measure=measure,
                        title=measure.description,
                        focus_area=measure.focus_area,
                        owner="Driftschef",
                        start_date=start,
                        deadline=start + timedelta(days=90 * (index + 1)),
                        savings=measure.savings,
                        dkk_saved_per_year=measure.dkk_saved_per_year,
                        investment=measure.investment,
                        priority=rng.choice(Priority.values),
                        status=status,
                        dropped_reason="For dyrt lige nu" if status == ActionStatus.DROPPED else "",
                    )
                )
        _bulk(Action, actions, self.summary)
        self.baseline_kwh = {
            r.partnership_id: b.quantity for r, b in zip(review_rows, baselines[::2], strict=True)
        }

    def _approved_on(self, p: Partnership) -> date:
        return self._changed(p)

    # Step 6 --------------------------------------------------------------------------------

    def follow_ups(self) -> None:
        rng = self.random
        spacing = timedelta(days=settings.FOLLOW_UP_SPACING_DAYS)
        follow_ups = []
        closings = []
        for p in self.partnership_rows:
            if p.step != Step.FOLLOW_UP:
                continue
            approved = self._approved_on(p)
            completed = p.status == Status.COMPLETED
            baseline_t = (self.baseline_kwh[p.pk] * Decimal("0.3") / 1000).quantize(
                Decimal("0.001")
            )
            latest_t = (baseline_t * Decimal(rng.randint(70, 98)) / 100).quantize(Decimal("0.001"))
            for number in (1, 2, 3):
                planned = approved + spacing * number
                held = completed or (planned < self.today and rng.random() < 0.8)
                barriers = rng.sample(BarrierCategory.values, rng.randint(0, 2)) if held else []
                follow_ups.append(
                    FollowUp(
                        partnership=p,
                        number=number,
                        planned_date=planned,
                        held_date=min(planned, self.today) if held else None,
                        form=rng.choice(Form.values) if held else "",
                        participants="Driftschef" if held else "",
                        barriers=barriers,
                        notes="Handlingsplanen følges." if held else "",
                        held_by=p.owner if held else None,
                        snapshot=(
                            self._snapshot(p, number, planned, barriers, baseline_t, latest_t)
                            if held
                            else None
                        ),
                    )
                )
            if completed:
                reduction = ((baseline_t - latest_t) / baseline_t * 100).quantize(Decimal("0.01"))
                closings.append(
                    ClosingRecord(
                        partnership=p,
                        final_year=self.today.year - 1,
                        baseline_t=baseline_t,
                        final_t=latest_t,
                        reduction_percent=reduction,
                        target_percent=Decimal(20),
                        target_reached=reduction >= 20,
                        result_summary="Virksomheden har gennemført handlingsplanen.",
                        publish_case=rng.random() < 0.6,
                        figures={"baseline_t": str(baseline_t), "final_t": str(latest_t)},
                        closed_by=p.owner,
                    )
                )
        _bulk(FollowUp, follow_ups, self.summary)
        _bulk(ClosingRecord, closings, self.summary)

    def _snapshot(self, p, number, held, barriers, baseline_t, latest_t) -> dict:
        reduction = baseline_t - latest_t
        return dict(
            snapshots.write(
                taken_at=_aware(held).isoformat(),
                held_date=held.isoformat(),
                number=number,
                barriers=barriers,
                actions=[],
                result={
                    "measured": True,
                    "baseline_year": p.first_contact_date.year - 1,
                    "baseline_t": str(baseline_t),
                    "latest_year": held.year - 1,
                    "latest_t": str(latest_t),
                    "latest_own_year_t": str(latest_t),
                    "target_percent": "20",
                    "factor_set": str(self.factor_set),
                    "years": [],
                    "evidence": ["Regning"],
                    "not_counted": [],
                    "records": None,
                    "reduction_t": str(reduction),
                    "reduction_percent": str((reduction / baseline_t * 100).quantize(Decimal(1))),
                    "target_reached": reduction / baseline_t * 100 >= 20,
                },
                deemed={"done_actions": 0, "tonnes_per_year": None, "missing_factors": []},
                # The generated agreements choose no documentation method: bills, in `result`.
                documented=[],
            )
        )

    # Consumption ---------------------------------------------------------------------------

    def _consumption_rows(self) -> Iterator[tuple]:
        rng = self.random
        carriers = [c for c, _w, _h in CARRIERS]
        weights = [w for _c, w, _h in CARRIERS]
        heated = {c: h for c, _w, h in CARRIERS}
        months = [_month_start(self.today, back) for back in range(12 * self.spec.years, 0, -1)]
        now = timezone.now()
        for company in self.company_rows:
            carrier = rng.choices(carriers, weights)[0]
            size = Decimal(rng.randint(2_000, 80_000))
            for start in months:
                season = Decimal("1.3") if start.month in (1, 2, 11, 12) else Decimal(1)
                quantity = (size * season * Decimal(rng.randint(90, 110)) / 100).quantize(
                    Decimal("0.001")
                )
                yield (
                    str(_uuid(rng)),
                    now,
                    now,
                    company.pk,
                    carrier.value,
                    start,
                    _month_end(start),
                    quantity,
                    Unit.KWH.value,
                    quantity,
                    Decimal(1),
                    "",
                    RecordSource.BILL.value,
                    heated[carrier],
                    "",
                    "",
                )

    def consumption(self) -> None:
        columns = [
            "uuid",
            "created_at",
            "updated_at",
            "company_id",
            "carrier",
            "period_start",
            "period_end",
            "quantity",
            "unit",
            "canonical_quantity",
            "conversion_factor",
            "conversion_source",
            "source",
            "heated_share_percent",
            "evidence",
            "note",
        ]
        rows = self._consumption_rows()
        written = 0
        if connection.vendor == "postgresql":
            table = ConsumptionRecord._meta.db_table
            with connection.cursor() as cursor:
                raw = cursor.cursor
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        written += 1
        else:
            for chunk in _batched(rows):
                ConsumptionRecord.objects.bulk_create(
                    [ConsumptionRecord(**dict(zip(columns, row, strict=True))) for row in chunk],
                    batch_size=500,
                )
                written += len(chunk)
        self.summary.add(ConsumptionRecord.__name__, written)

    # API tokens ----------------------------------------------------------------------------

    def tokens(self) -> None:
        """One token for each officer, coordinator and consultant and a sample of company
        users. Their secrets come from the seeded generator and are never printed: whoever
        needs a token to test with creates their own."""
        holders = [
            *(u for users in self.officers.values() for u in users),
            *(u for e, u in self.users_by_email.items() if e.startswith("coordinator")),
            *self.consultants,
            *islice(self.company_users.values(), 200),
        ]
        tokens = []
        for user in holders:
            secret = "c20_" + "".join(self.random.choices("abcdefghijkmnpqrstuvwxyz23456789", k=43))
            tokens.append(
                ApiToken(
                    user=user,
                    name="Energisystem",
                    prefix=secret[:12],
                    secret_hash=hash_secret(secret),
                )
            )
        _bulk(ApiToken, tokens, self.summary)

    def run(self) -> Summary:
        steps = [
            ("programme and municipalities", self.programme),
            ("users and partners", self.people),
            ("companies", self.companies),
            ("partnerships and timelines", self.partnerships),
            ("visits, agreements and signatures", self.visits_and_agreements),
            ("reviews, measures, plans and actions", self.reviews_and_plans),
            ("follow-ups and closing records", self.follow_ups),
            ("API tokens", self.tokens),
        ]
        for label, step in steps:
            with transaction.atomic():
                step()
            self.log(f"  {label}: done")
        self.consumption()
        self.log("  consumption records: done")
        if connection.vendor == "postgresql":
            # The planner's statistics, stale after a bulk load: without them it chose plans
            # that took seconds where milliseconds do. VACUUM as well when no transaction is
            # open (the command; not a test): it sets the visibility map, without which an
            # index-only scan (the next follow-up's partial index) reads the table after all.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
            self.log("  statistics: done")
        return self.summary


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def generate(spec: Spec, log: Callable[[str], None] = lambda _text: None) -> Summary:
    """Fill an empty demo database with the spec's data (see the module's docstring)."""
    check_may_generate(spec)
    return Generator(spec, log).run()
