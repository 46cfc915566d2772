"""Demo partnerships at every step across the seven municipalities, made through the same
workflow and services as the pages, with dates relative to today so that the pipeline shows
current and overdue work.

Stores in `context`:
- `partnerships`: dict company name → Partnership (every demo company has one),
- `partnerships_by_step`: dict step number → list of active partnerships at that step,
- `demo_partnership`: the demo company's partnership (step 4, agreement signed in the app),
- `users`: adds one officer per municipality without one (officer@<slug>.demo).
"""

from datetime import timedelta

from django.utils import timezone

from carbon20.accounts.models import Membership, Role, User
from carbon20.agreements import services
from carbon20.agreements.models import (
    Agreement,
    AgreementSignature,
    DataKind,
    DataSource,
    ReportingFrequency,
)
from carbon20.agreements.selectors import template_for_partnership
from carbon20.core.demo import DEMO_PASSWORD
from carbon20.energy.models import FactorSet
from carbon20.partnerships import workflow
from carbon20.partnerships.models import (
    EmployeeInvolvement,
    EnergyManagement,
    InformationMeeting,
    Interest,
    ManagementBacking,
    MeetingInvitation,
    RecruitmentChannel,
    Status,
    Step,
    Visit,
    VisitOutcome,
)

DEMO_COMPANY = "Vestegnens Møbelsnedkeri ApS"

EXTRA_OFFICERS = {
    "alleroed": ("Per", "Mølgaard"),
    "ballerup": ("Lise", "Ravn"),
    "kolding": ("Anders", "Bech"),
    "koebenhavn": ("Lotte", "Kjær"),
    "naestved": ("Jonas", "Holt"),
}

FOCUS_ROTATION = [
    ["electricity", "heat"],
    ["electricity", "transport", "commuting"],
    ["heat", "water", "waste"],
    ["electricity", "it"],
    ["food", "waste", "electricity"],
    ["supply", "products", "heat"],
]


def _officers(context: dict) -> dict:
    users = context["users"]
    officers = {
        "albertslund": users["officer@albertslund.demo"],
        "herning": users["officer@herning.demo"],
    }
    for slug, (first, last) in EXTRA_OFFICERS.items():
        email = f"officer@{slug}.demo"
        user = User.objects.create_user(
            email, DEMO_PASSWORD, first_name=first, last_name=last, title="Miljømedarbejder"
        )
        Membership.objects.create(
            user=user, role=Role.OFFICER, municipality=context["municipalities"][slug]
        )
        users[email] = user
        officers[slug] = user
    return officers


def _visit(partnership, officer, day, focus_areas) -> None:
    visit = Visit.objects.create(
        partnership=partnership,
        visit_date=day,
        municipal_participants=officer.get_full_name(),
        company_participants="Direktør og driftsansvarlig",
        management_present=True,
        employee_involvement=EmployeeInvolvement.SOME,
        energy_management=EnergyManagement.INFORMAL,
        interests="Lavere energiregning og en grøn profil over for kunderne.",
        barriers="Lejer lokalerne." if partnership.pk % 3 == 0 else "",
        agreement_walked_through=True,
        next_steps="Sende udkast til partnerskabsaftale.",
        next_steps_date=day + timedelta(days=14),
        management_backing=ManagementBacking.SECURED,
        outcome=VisitOutcome.AGREEMENT,
        focus_areas=focus_areas,
        recorded_by=officer,
    )
    workflow.record_visit(partnership, visit, officer)


def _agreement(partnership, officer, factor_set, today) -> Agreement:
    values = services.initial_agreement_values(partnership)
    values.update(
        {
            "start_date": today - timedelta(days=30),
            "target_date": today.replace(year=today.year + 2, month=12, day=31),
            "baseline_year": today.year - 1,
            "data_kinds": [DataKind.ELECTRICITY, DataKind.HEAT, DataKind.TRANSPORT],
            "data_sources": [DataSource.BILLS, DataSource.METER_READINGS],
            "reporting_frequency": ReportingFrequency.QUARTERLY,
            "publish_consent": partnership.pk % 4 != 0,
            "factor_set": factor_set,
        }
    )
    template = template_for_partnership(partnership)
    return Agreement.objects.create(
        partnership=partnership,
        version=1,
        template_version=template.latest_version,
        created_by=officer,
        **values,
    )


def _sign(agreement, company_signer, officer) -> None:
    services.send_for_signature(agreement=agreement, user=officer)
    agreement.refresh_from_db()
    services.sign(
        agreement=agreement,
        user=company_signer,
        party=AgreementSignature.Party.COMPANY,
        name=company_signer.get_full_name(),
        title=company_signer.title or "Direktør",
        pdf_sha256=agreement.sent_pdf_sha256,
    )
    services.sign(
        agreement=agreement,
        user=officer,
        party=AgreementSignature.Party.MUNICIPALITY,
        name=officer.get_full_name(),
        title=officer.title or "Miljømedarbejder",
        pdf_sha256=agreement.sent_pdf_sha256,
    )


def _company_signer(company, index: int) -> User:
    """A company user for each company whose agreement is signed in the app; the demo
    company's user exists already."""
    existing = User.objects.filter(
        memberships__role=Role.COMPANY_USER, memberships__company=company
    ).first()
    if existing:
        return existing
    contact = company.contacts.first()
    first, _, last = (contact.name if contact else "Demo Bruger").partition(" ")
    user = User.objects.create_user(
        f"company{index:02d}@virksomhed.demo",
        DEMO_PASSWORD,
        first_name=first,
        last_name=last or "Bruger",
        title=(contact.title if contact else "") or "Direktør",
    )
    Membership.objects.create(user=user, role=Role.COMPANY_USER, company=company)
    return user


def _beyond_signing(partnership, officer, target_step: int, consultant) -> None:
    """A signed partnership gets the consultant and moves on to the step it is shown at."""
    if consultant is not None:
        partnership.consultant = consultant
        partnership.save(update_fields=["consultant"])
    if target_step >= Step.ACTION_PLAN:
        workflow.review_issued(partnership, officer)
    if target_step >= Step.FOLLOW_UP:
        workflow.plan_approved(partnership, officer)


def _vary(partnership, officer, index: int, today) -> None:
    """Some partnerships paused or withdrawn, and some with a next action overdue, so that
    the pipeline shows each state."""
    if partnership.company.name != DEMO_COMPANY and index % 12 == 11:
        workflow.pause(partnership, officer, "Virksomheden flytter; genoptages efter flytningen.")
    elif partnership.company.name != DEMO_COMPANY and index % 17 == 16:
        workflow.withdraw(partnership, officer, "Ny ejer ønsker ikke at fortsætte.")
    if index % 5 == 2 and partnership.status == Status.ACTIVE:
        partnership.next_action = "Ring til virksomheden om næste skridt"
        partnership.next_action_due = today - timedelta(days=3)
        partnership.save(update_fields=["next_action", "next_action_due"])


def load(context: dict) -> None:
    today = timezone.localdate()
    programme = context["programme"]
    officers = _officers(context)
    municipality_slugs = {
        municipality.pk: slug for slug, municipality in context["municipalities"].items()
    }
    factor_set = (
        FactorSet.objects.filter(is_published=True)
        .exclude(reliability="C")
        .order_by("-year", "reliability")
        .first()
    )
    consultant = context["users"].get("consultant@energiraad.demo")
    channels = list(RecruitmentChannel)
    partnerships = {}
    by_step: dict[int, list] = {step.value: [] for step in Step}

    companies = sorted(context["companies"], key=lambda company: company.name != DEMO_COMPANY)
    for index, company in enumerate(companies):
        officer = officers[municipality_slugs[company.municipality_id]]
        target_step = Step.TECHNICAL_REVIEW if company.name == DEMO_COMPANY else 1 + index % 6
        focus_areas = FOCUS_ROTATION[index % len(FOCUS_ROTATION)]
        first_contact = today - timedelta(days=20 + 9 * index)
        partnership = workflow.start(
            company=company,
            municipality=company.municipality,
            programme=programme,
            owner=officer,
            user=officer,
            channel=channels[index % len(channels)],
            first_contact_date=first_contact,
            interest=Interest.YES if index % 5 else Interest.MAYBE,
            site=company.sites.first(),
            # An overdue follow-up call on every seventh lead shows the pipeline's flag.
            next_action_due=today - timedelta(days=5) if index % 7 == 3 else None,
        )
        partnerships[company.name] = partnership
        if target_step >= Step.VISIT:
            workflow.select_for_visit(partnership, officer)
        if target_step >= Step.AGREEMENT:
            _visit(partnership, officer, first_contact + timedelta(days=10), focus_areas)
            agreement = _agreement(partnership, officer, factor_set, today)
            if target_step == Step.AGREEMENT and (index // 6) % 2:
                # Sent for signature means a company user is told and can sign.
                _company_signer(company, index)
                services.send_for_signature(agreement=agreement, user=officer)
        if target_step >= Step.TECHNICAL_REVIEW:
            _sign(agreement, _company_signer(company, index), officer)
            _beyond_signing(partnership, officer, target_step, consultant)
        _vary(partnership, officer, index, today)
        partnership.refresh_from_db()
        if partnership.status == Status.ACTIVE:
            by_step[partnership.step].append(partnership)

    _meetings(context, officers, today)
    context["partnerships"] = partnerships
    context["partnerships_by_step"] = by_step
    context["demo_partnership"] = partnerships[DEMO_COMPANY]


def _meetings(context: dict, officers: dict, today) -> None:
    """One held meeting with attendance and one coming meeting in Albertslund and Herning."""
    for slug in ("albertslund", "herning"):
        municipality = context["municipalities"][slug]
        officer = officers[slug]
        companies = [c for c in context["companies"] if c.municipality_id == municipality.pk]
        for days, title in (
            (-21, "Klimapartnerskaber for virksomheder"),
            (14, "Energi i produktionen"),
        ):
            meeting = InformationMeeting.objects.create(
                municipality=municipality,
                programme=context["programme"],
                title=title,
                starts_at=timezone.now().replace(hour=15, minute=0, second=0, microsecond=0)
                + timedelta(days=days),
                place=f"{municipality.name} Rådhus, mødesal 2",
                description="Hør om klimapartnerskabet og mød rådgiverne.",
                created_by=officer,
            )
            meeting.presented_partners.set(
                [
                    context["partners"]["Grøn Energirådgivning ApS (fiktiv)"],
                    context["partners"]["Vestegnens Energiselskab (fiktivt)"],
                ]
            )
            for position, company in enumerate(companies):
                contact = company.contacts.exclude(email="").first()
                if contact is None:
                    continue
                MeetingInvitation.objects.create(
                    meeting=meeting,
                    company=company,
                    email=contact.email,
                    sent_at=timezone.now() - timedelta(days=30) if days < 0 else None,
                    attended=(position % 3 != 2) if days < 0 else None,
                )
