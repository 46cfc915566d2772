"""Partnerships at step 4 with a signed agreement pinning a known factor set, for the
screening and action-plan tests."""

from datetime import date
from decimal import Decimal

from carbon20.agreements.models import Agreement, AgreementTemplate, AgreementTemplateVersion
from carbon20.energy.models import EmissionFactor, FactorMethod, FactorSet, Reliability
from carbon20.partnerships import workflow
from carbon20.partnerships.models import Partnership, RecruitmentChannel, Step
from carbon20.screening.models import BaselineConsumption, BaselineSource, Measure, MeasureType

# REFERENCE.md §1.1 (HB2016): kg CO2e per kWh.
FACTORS = {
    "electricity": Decimal("0.197"),
    "district_heating": Decimal("0.065"),
    "natural_gas": Decimal("0.204"),
}


def make_factor_set(name: str = "Testfaktorer") -> FactorSet:
    factor_set = FactorSet.objects.create(
        name=name,
        year=2016,
        method=FactorMethod.NATIONAL_AVERAGE,
        source_url="https://example.org/hb2016",
        reliability=Reliability.B,
        is_published=True,
    )
    for carrier, value in FACTORS.items():
        EmissionFactor.objects.create(
            factor_set=factor_set,
            carrier=carrier,
            kg_co2e_per_unit=value,
            scope=2 if carrier != "natural_gas" else 1,
            source="HB2016",
        )
    return factor_set


def make_partnership_at_step_4(company, officer, programme, factor_set=None) -> Partnership:
    partnership = workflow.start(
        company=company,
        municipality=company.municipality,
        programme=programme,
        owner=officer,
        user=officer,
        channel=RecruitmentChannel.BUSINESS_COUNCIL,
        first_contact_date=date(2026, 1, 5),
        site=company.sites.first(),
    )
    template, _ = AgreementTemplate.objects.get_or_create(municipality=None, language="da")
    version = template.versions.order_by("-number").first() or (
        AgreementTemplateVersion.objects.create(
            template=template, number=1, title="Aftale", body="Tekst"
        )
    )
    Agreement.objects.create(
        partnership=partnership,
        version=1,
        template_version=version,
        status=Agreement.State.SIGNED,
        target_percent=Decimal("20"),
        baseline_year=2025,
        start_date=date(2026, 3, 1),
        target_date=date(2028, 12, 31),
        focus_areas=["electricity", "heat", "transport"],
        company_obligations="x",
        municipality_obligations="y",
        factor_set=factor_set or make_factor_set(),
    )
    Partnership.objects.filter(pk=partnership.pk).update(
        step=Step.TECHNICAL_REVIEW, focus_areas=["electricity", "heat", "transport"]
    )
    partnership.refresh_from_db()
    return partnership


def add_baseline(review, **quantities: Decimal) -> None:
    for carrier, quantity in quantities.items():
        BaselineConsumption.objects.create(
            review=review, carrier=carrier, quantity=quantity, source=BaselineSource.ENTERED
        )


def add_measure(review, number: int, **fields) -> Measure:
    return Measure.objects.create(
        review=review,
        number=number,
        focus_area=fields.pop("focus_area", "electricity"),
        description=fields.pop("description", f"Tiltag {number}"),
        type=fields.pop("type", MeasureType.INVESTMENT),
        savings=fields.pop("savings", {"electricity": "10000"}),
        dkk_saved_per_year=fields.pop("dkk_saved_per_year", Decimal("15000")),
        investment=fields.pop("investment", Decimal("50000")),
        lifetime_years=fields.pop("lifetime_years", 10),
        # The screening guidelines ask for an answer before the review is issued.
        obligation_assigned=fields.pop("obligation_assigned", False),
        **fields,
    )
