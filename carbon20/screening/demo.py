"""Demo technical reviews: one per demo partnership at step 4 or later that has a
consultant. Reviews of partnerships past step 4 are issued, with their screening report;
the demo company's review (step 4) is a draft that the demo consultant can finish."""

from datetime import date
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from carbon20.partnerships.models import Step
from carbon20.screening import services
from carbon20.screening.documents import render_report_pdf
from carbon20.screening.models import BaselineSource, Measure, MeasureType, TechnicalReview

# (focus area, description, type, carrier group, share of that carrier's baseline saved,
#  DKK per kWh saved, investment per kWh saved, lifetime, other benefits)
CATALOGUE = [
    (
        "electricity",
        "Udskift lysstofrør i produktionshal og lager med LED og dagslysstyring",
        MeasureType.INVESTMENT,
        "electricity",
        "0.12",
        "1.4",
        "6.5",
        15,
        "Bedre lys ved arbejdspladserne",
    ),
    (
        "electricity",
        "Tæt utætheder i trykluftnettet og sænk trykket fra 8 til 7 bar",
        MeasureType.LOW_COST,
        "electricity",
        "0.06",
        "1.4",
        "0.9",
        5,
        "Mindre støj",
    ),
    (
        "electricity",
        "Sluk ventilation og udsugning uden for driftstid (ugeur)",
        MeasureType.NO_COST,
        "electricity",
        "0.04",
        "1.4",
        "0",
        10,
        "",
    ),
    (
        "heat",
        "Efterisolér loft og tætn porte i hallen",
        MeasureType.INVESTMENT,
        "heat",
        "0.15",
        "0.75",
        "5.5",
        30,
        "Bedre indeklima om vinteren",
    ),
    (
        "heat",
        "Varmegenvinding fra kompressorer til rumopvarmning",
        MeasureType.INVESTMENT,
        "heat",
        "0.08",
        "0.75",
        "2.5",
        15,
        "",
    ),
    (
        "electricity",
        "Sluk-kampagne og energiansvarlig i hver afdeling",
        MeasureType.BEHAVIOUR,
        "electricity",
        "0.03",
        "1.4",
        "0",
        3,
        "Medarbejderinddragelse",
    ),
]


def _baseline(review: TechnicalReview, index: int) -> None:
    quantities = services.fill_baseline_from_records(review)
    if not quantities:
        size = Decimal(150000 + 25000 * (index % 6))
        services.save_baseline(
            review=review,
            lines={
                "electricity": (size, (size * Decimal("1.4")).quantize(Decimal("1"))),
                "district_heating": (size * 2, (size * 2 * Decimal("0.75")).quantize(Decimal(1))),
            },
            source=BaselineSource.ENTERED,
        )


def _measures(review: TechnicalReview, count: int) -> None:
    lines = {line.carrier: line.quantity for line in review.baseline.all()}
    heat_carrier = next(
        (c for c in ("district_heating", "natural_gas", "heating_oil") if c in lines), None
    )
    number = 0
    for area, text, kind, group, share, dkk, invest, lifetime, benefits in CATALOGUE[:count]:
        carrier = "electricity" if group == "electricity" else heat_carrier
        if carrier is None or carrier not in lines:
            continue
        kwh = (lines[carrier] * Decimal(share)).quantize(Decimal("1"))
        number += 1
        Measure.objects.create(
            review=review,
            number=number,
            focus_area=area,
            description=text,
            type=kind,
            savings={carrier: str(kwh)},
            dkk_saved_per_year=(kwh * Decimal(dkk)).quantize(Decimal("1")),
            investment=(kwh * Decimal(invest)).quantize(Decimal("100")),
            lifetime_years=lifetime,
            other_benefits=benefits,
            obligation_assigned=False,
        )


def load(context: dict) -> None:
    today = timezone.localdate()
    last_year = today.year - 1
    reviews = []
    for index, partnership in enumerate(context.get("partnerships", {}).values()):
        if partnership.step < Step.TECHNICAL_REVIEW or partnership.consultant_id is None:
            continue
        review = TechnicalReview.objects.create(
            partnership=partnership,
            focus_areas=list(partnership.focus_areas),
            site_visit_date=today.replace(day=1)
            if partnership.step == 4
            else date(last_year, 3, 1),
            baseline_start=date(last_year, 1, 1),
            baseline_end=date(last_year, 12, 31),
            floor_area_m2=2400 + 300 * (index % 5),
            employees=25 + 5 * (index % 7),
            end_use_shares={
                "lighting": "25",
                "space_heating": "45",
                "process": "20",
                "other": "10",
            },
            summary=(
                "Virksomheden har et godt potentiale i belysning, trykluft og opvarmning. "
                "Tiltagene er prioriteret efter pris pr. ton CO2e."
            ),
        )
        _baseline(review, index)
        # The demo company's draft keeps a few measures for the consultant to add.
        _measures(review, 3 if partnership.step == Step.TECHNICAL_REVIEW else len(CATALOGUE))
        if partnership.step > Step.TECHNICAL_REVIEW:
            review.status = TechnicalReview.State.ISSUED
            review.issued_at = timezone.now()
            review.issued_by = partnership.consultant
            review.report_pdf.save(
                f"screening-{review.uuid}.pdf", ContentFile(render_report_pdf(review)), save=False
            )
            review.save()
        reviews.append(review)
    context["technical_reviews"] = reviews
