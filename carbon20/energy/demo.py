"""Demo consumption and degree days.

Consumption: monthly bills from January two years before today up to the last full month,
for the demo company and up to eleven more companies whose partnership has reached the
agreement. Figures follow a seasonal profile and are invented; companies that have reached
the action plan use less in the current year so that the result pages have a saving to show.

Degree days: an ILLUSTRATIVE series, not measurements. Its months are Dansk Fjernvarme's
"Normalår 1975–1985" (REFERENCE.md §2, https://www.hjvarme.dk/alt-om-varmeregningen/graddage)
scaled by a made-up factor per year, so that the correction has weather to correct for.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from carbon20.energy import meter_demo, services
from carbon20.energy.calc.periods import days_in_month
from carbon20.energy.models import (
    Carrier,
    DegreeDayMonth,
    DegreeDayYear,
    RecordSource,
    Unit,
)

DEMO_COMPANY = "Vestegnens Møbelsnedkeri ApS"
MAX_COMPANIES = 12
DEGREE_DAY_SERIES = "Demo-graddage (illustrative værdier, ikke målinger)"
NORMAL_YEAR_1975_1985 = [502, 463, 435, 296, 138, 61, 21, 25, 97, 207, 347, 445]
# Made-up weather of each year relative to the normal year (illustrative only).
YEAR_FACTORS = (Decimal("0.88"), Decimal("0.84"), Decimal("0.91"))
NORMAL_TOTAL = Decimal(sum(NORMAL_YEAR_1975_1985))


def _months(today: date) -> list[tuple[int, int]]:
    first_year = today.year - 2
    months = []
    year, month = first_year, 1
    while (year, month) < (today.year, today.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _degree_days(today: date) -> None:
    for offset, factor in enumerate(YEAR_FACTORS):
        degree_year = DegreeDayYear.objects.create(
            series=DEGREE_DAY_SERIES,
            year=today.year - 2 + offset,
            source_url="https://www.hjvarme.dk/alt-om-varmeregningen/graddage",
            note=(
                "Illustrative demo values: Dansk Fjernvarme's normal year 1975–1985 "
                f"× {factor}. Not measured degree days."
            ),
        )
        DegreeDayMonth.objects.bulk_create(
            DegreeDayMonth(
                degree_year=degree_year,
                month=month,
                degree_days=(Decimal(value) * factor).quantize(Decimal("0.1")),
            )
            for month, value in enumerate(NORMAL_YEAR_1975_1985, 1)
        )


def _chosen_companies(context: dict) -> list:
    partnerships = context.get("partnerships") or {}
    if partnerships:
        ordered = sorted(
            (p for p in partnerships.values() if p.step >= 3),
            key=lambda p: (p.company.name != DEMO_COMPANY, p.company.name),
        )
        return [(p.company, p.step) for p in ordered[:MAX_COMPANIES]]
    return [(company, 1) for company in context["companies"][:MAX_COMPANIES]]


def _kwh(value: Decimal) -> Decimal:
    return value.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def load(context: dict) -> None:
    today = timezone.localdate()
    _degree_days(today)
    months = _months(today)
    user = context["users"].get("officer@albertslund.demo")
    records = []
    chosen = _chosen_companies(context)
    for index, (company, step) in enumerate(chosen):
        size = Decimal(4000 + 1500 * (index % 5))
        site = company.sites.first()
        heat_carrier = Carrier.DISTRICT_HEATING if index % 3 else Carrier.NATURAL_GAS
        for year, month in months:
            # Companies at the action plan or later save 12 % in the current year.
            saving = Decimal("0.88") if step >= 5 and year == today.year else Decimal("1")
            start = date(year, month, 1)
            end = date(year, month, days_in_month(year, month))
            weather = YEAR_FACTORS[year - (today.year - 2)]
            electricity = _kwh(size * (Decimal("1.1") if month in (1, 2, 11, 12) else 1) * saving)
            heat_kwh = size * 3 * Decimal(NORMAL_YEAR_1975_1985[month - 1]) * 12 / NORMAL_TOTAL
            heat_kwh = heat_kwh * weather * saving + size / 2  # a hot-water base load
            if heat_carrier == Carrier.DISTRICT_HEATING:
                heat_quantity, heat_unit = (heat_kwh / 1000).quantize(Decimal("0.001")), Unit.MWH
            else:
                heat_quantity, heat_unit = (heat_kwh / 11).quantize(Decimal("0.1")), Unit.M3
            records.append(
                services.build_record(
                    company=company,
                    user=user,
                    site=site,
                    carrier=Carrier.ELECTRICITY,
                    period_start=start,
                    period_end=end,
                    quantity=electricity,
                    unit=Unit.KWH,
                    source=RecordSource.BILL,
                    heated_share_percent=None,
                    note="Demo",
                )
            )
            records.append(
                services.build_record(
                    company=company,
                    user=user,
                    site=site,
                    carrier=heat_carrier,
                    period_start=start,
                    period_end=end,
                    quantity=heat_quantity,
                    unit=heat_unit,
                    source=RecordSource.METER_READING,
                    heated_share_percent=Decimal("85"),
                    note="Demo",
                )
            )
    services.save_consumption_records(records=records)
    demo_company = next(
        (company for company, _step in chosen if company.name == DEMO_COMPANY), None
    )
    if demo_company is not None:
        meter_demo.load_for(demo_company, user)
    context["consumption_companies"] = [company for company, _step in chosen]
    context["degree_day_series"] = DEGREE_DAY_SERIES
