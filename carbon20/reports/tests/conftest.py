"""A generated programme: several municipalities, partnerships at every step, signed
agreements, held follow-ups with snapshots and closing records. The generator keeps the raw
values it wrote, so tests compute the expected figures from them independently."""

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest

from carbon20.actionplans.models import Action, ActionPlan, ActionStatus
from carbon20.agreements.models import Agreement, AgreementTemplate, AgreementTemplateVersion
from carbon20.followups.models import BarrierCategory, ClosingRecord, FollowUp
from carbon20.organisations.models import Company, Municipality, PortfolioEntry
from carbon20.partnerships.models import Partnership, Status
from testsupport.fixtures import next_cvr

SECTORS = ["Møbelproduktion", "Kantine", "Trykkeri", "Logistik"]


@dataclass
class Generated:
    municipalities: list[Municipality]
    # One dict per partnership with everything written for it.
    rows: list[dict] = field(default_factory=list)


def generate(programme, municipalities, count: int, seed: int = 7) -> Generated:
    rng = random.Random(seed)
    template, _created = AgreementTemplate.objects.get_or_create(language="da", municipality=None)
    version, _created = AgreementTemplateVersion.objects.get_or_create(
        template=template, number=1, defaults={"title": "Aftale", "body": "Tekst"}
    )
    companies = Company.objects.bulk_create(
        [
            Company(
                cvr=next_cvr(),
                name=f"Virksomhed {n:04d} ApS",
                address="Testvej 1",
                postcode="2620",
                city="By",
                municipality=municipalities[n // 6 % len(municipalities)],
                industry_text=SECTORS[n % len(SECTORS)],
            )
            for n in range(count)
        ]
    )
    PortfolioEntry.objects.bulk_create(
        [PortfolioEntry(company=c, municipality=c.municipality) for c in companies]
    )
    rows = []
    partnerships = []
    for n, company in enumerate(companies):
        step = n % 6 + 1
        completed = step == 6 and n % 12 == 11
        row = {
            "municipality": company.municipality.name,
            "municipality_slug": company.municipality.slug,
            "sector": company.industry_text,
            "company": company.name,
            "step": step,
            "completed": completed,
            "year": 2025 + n % 2,
        }
        rows.append(row)
        partnerships.append(
            Partnership(
                company=company,
                municipality=company.municipality,
                programme=programme,
                step=step,
                status=Status.COMPLETED if completed else Status.ACTIVE,
                channel="website",
                first_contact_date=date(row["year"], 1 + n % 12, 1 + n % 28),
            )
        )
    partnerships = Partnership.objects.bulk_create(partnerships)
    agreements, follow_ups, closings = [], [], []
    for row, partnership in zip(rows, partnerships, strict=True):
        row["id"] = partnership.id
        if row["step"] >= 4:
            signed = datetime(2025, 1, 1, 12, tzinfo=UTC) + timedelta(days=rng.randrange(700))
            row["signed_on"] = signed.date()
            row["agreement_consent"] = rng.random() < 0.5
            agreements.append(
                Agreement(
                    partnership=partnership,
                    version=1,
                    template_version=version,
                    status=Agreement.State.SIGNED,
                    baseline_year=2024,
                    start_date=date(2025, 1, 1),
                    target_date=date(2027, 12, 31),
                    company_obligations="-",
                    municipality_obligations="-",
                    publish_consent=row["agreement_consent"],
                    signed_at=signed,
                )
            )
        if row["step"] == 6:
            baseline = Decimal(rng.randrange(10_000, 500_000)) / 1000
            latest = (baseline * Decimal(rng.randrange(55, 110)) / 100).quantize(Decimal("0.001"))
            row["baseline_t"], row["latest_t"] = baseline, latest
            row["held"] = []
            for number in range(1, rng.randrange(1, 4) + 1):
                barriers = rng.sample(BarrierCategory.values, rng.randrange(0, 3))
                row["held"].append((number, barriers))
                follow_ups.append(
                    FollowUp(
                        partnership=partnership,
                        number=number,
                        planned_date=date(2026, number, 1),
                        held_date=date(2026, number, 3),
                        form="visit",
                        barriers=barriers,
                        snapshot={
                            "result": {
                                "measured": True,
                                "baseline_t": str(baseline),
                                "latest_t": str(latest),
                                "latest_year": 2025,
                                "target_percent": "20.00",
                            }
                        },
                    )
                )
            if row["completed"]:
                row["closing_consent"] = rng.random() < 0.5
                closings.append(
                    ClosingRecord(
                        partnership=partnership,
                        final_year=2026,
                        baseline_t=baseline,
                        final_t=latest,
                        reduction_percent=((baseline - latest) / baseline * 100).quantize(
                            Decimal("0.01")
                        ),
                        target_percent=Decimal("20"),
                        target_reached=(baseline - latest) / baseline * 100 >= 20,
                        result_summary="Resultat",
                        publish_case=row["closing_consent"],
                        figures={},
                    )
                )
    plans = ActionPlan.objects.bulk_create(
        [
            ActionPlan(partnership=partnership, approved_on=date(2025, 6, 1))
            for row, partnership in zip(rows, partnerships, strict=True)
            if row["step"] >= 5
        ]
    )
    actions = []
    for plan in plans:
        row = next(r for r in rows if r["id"] == plan.partnership_id)
        row["actions"] = []
        for _n in range(2):
            action = {
                "focus_area": rng.choice(["electricity", "heat", "transport"]),
                "status": rng.choice(ActionStatus.values),
                "investment": Decimal(rng.randrange(0, 500_000)),
                "saving": Decimal(rng.randrange(0, 100_000)),
            }
            row["actions"].append(action)
            actions.append(
                Action(
                    plan=plan,
                    title="Indsats",
                    focus_area=action["focus_area"],
                    owner="Driftschef",
                    start_date=date(2025, 6, 1),
                    deadline=date(2026, 6, 1),
                    status=action["status"],
                    dropped_reason="For dyrt" if action["status"] == "dropped" else "",
                    investment=action["investment"],
                    dkk_saved_per_year=action["saving"],
                )
            )
    Action.objects.bulk_create(actions)
    Agreement.objects.bulk_create(agreements)
    FollowUp.objects.bulk_create(follow_ups)
    ClosingRecord.objects.bulk_create(closings)
    return Generated(municipalities=municipalities, rows=rows)


@pytest.fixture
def muni_c(db) -> Municipality:
    return Municipality.objects.get(code=621)  # Kolding


@pytest.fixture
def wide_programme(programme, muni_a, muni_b, muni_c):
    programme.municipalities.add(muni_c)
    programme.company_goal = 60
    programme.save()
    return programme
