from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from carbon20.actionplans.models import Action, ActionPlan
from carbon20.agreements.models import Agreement, AgreementTemplate, AgreementTemplateVersion
from carbon20.energy.models import EmissionFactor, FactorSet
from carbon20.energy.services import record_consumption
from carbon20.followups.models import FollowUp
from carbon20.partnerships import workflow
from carbon20.partnerships.models import Partnership, Step


def make_partnership(
    company, programme, owner, step: int = Step.FOLLOW_UP, **fields
) -> Partnership:
    return Partnership.objects.create(
        company=company,
        municipality=fields.pop("municipality", company.municipality),
        programme=programme,
        owner=owner,
        step=step,
        channel=fields.pop("channel", "website"),
        first_contact_date=fields.pop("first_contact_date", date(2025, 2, 1)),
        **fields,
    )


def plan_follow_ups(partnership: Partnership, first: date, count: int = 3) -> list[FollowUp]:
    return [
        FollowUp.objects.create(
            partnership=partnership, number=n, planned_date=first + timedelta(days=120 * (n - 1))
        )
        for n in range(1, count + 1)
    ]


@pytest.fixture
def partnership_a(company_a, programme, officer_a) -> Partnership:
    return make_partnership(company_a, programme, officer_a)


def sign_agreement(partnership, factor_set, *, baseline_year=2024, consent=False, target="20"):
    template, _created = AgreementTemplate.objects.get_or_create(language="da", municipality=None)
    version, _created = AgreementTemplateVersion.objects.get_or_create(
        template=template, number=1, defaults={"title": "Aftale", "body": "Tekst"}
    )
    return Agreement.objects.create(
        partnership=partnership,
        version=1,
        template_version=version,
        status=Agreement.State.SIGNED,
        target_percent=Decimal(target),
        baseline_year=baseline_year,
        start_date=date(2025, 1, 1),
        target_date=date(2027, 12, 31),
        company_obligations="-",
        municipality_obligations="-",
        factor_set=factor_set,
        publish_consent=consent,
        signed_at=timezone.now(),
    )


def make_factor_set(name="Testfaktorer", year=2024) -> FactorSet:
    factor_set = FactorSet.objects.create(
        name=name,
        year=year,
        method="national_average",
        source_url="https://example.dk/faktorer",
        reliability="A",
        is_published=True,
    )
    EmissionFactor.objects.bulk_create(
        [
            EmissionFactor(
                factor_set=factor_set,
                carrier="electricity",
                kg_co2e_per_unit=Decimal("0.1"),
                scope=2,
                source="Test",
            ),
            EmissionFactor(
                factor_set=factor_set,
                carrier="district_heating",
                kg_co2e_per_unit=Decimal("0.05"),
                scope=2,
                source="Test",
            ),
        ]
    )
    return factor_set


def add_year(company, year: int, electricity_kwh: int, heat_kwh: int, source="bill") -> None:
    for carrier, quantity in (("electricity", electricity_kwh), ("district_heating", heat_kwh)):
        record_consumption(
            company=company,
            user=None,
            site=None,
            carrier=carrier,
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            quantity=Decimal(quantity),
            unit="kWh",
            source=source,
            heated_share_percent=None,
        )


@pytest.fixture
def approved(company_a, programme, officer_a) -> Partnership:
    """Albertslund's partnership with a signed agreement (baseline 2024: 100 t), 2025's
    consumption (80 t: 20 % less) and its action plan just approved (step 5 → 6)."""
    partnership = make_partnership(company_a, programme, officer_a, step=Step.ACTION_PLAN)
    sign_agreement(partnership, make_factor_set(), consent=True)
    add_year(company_a, 2024, 600_000, 800_000)
    add_year(company_a, 2025, 500_000, 600_000, source="meter_reading")
    add_plan(partnership)
    workflow.plan_approved(partnership, officer_a)
    return partnership


def add_plan(partnership, approved_on=None) -> ActionPlan:
    """An approved plan with two actions: LED (100 MWh electricity a year: 10 t with the
    test factors) and a heat pump (200 MWh district heating: 10 t)."""
    plan = ActionPlan.objects.create(
        partnership=partnership,
        approved_by_name="Direktør",
        approved_on=approved_on or timezone.localdate(),
    )
    today = timezone.localdate()
    Action.objects.bulk_create(
        [
            Action(
                plan=plan,
                title="LED i hallen",
                focus_area="electricity",
                owner="Driftschef",
                start_date=today,
                deadline=today + timedelta(days=90),
                savings={"electricity": "100000"},
                dkk_saved_per_year=Decimal("150000"),
                investment=Decimal("300000"),
            ),
            Action(
                plan=plan,
                title="Varmepumpe",
                focus_area="heat",
                owner="Driftschef",
                start_date=today,
                deadline=today + timedelta(days=300),
                savings={"district_heating": "200000"},
                dkk_saved_per_year=Decimal("80000"),
                investment=Decimal("800000"),
            ),
        ]
    )
    return plan
