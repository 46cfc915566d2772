"""Degree-day correction of heat consumption (graddage, base 17 °C).

corrected = quantity + heated part × (reference degree days / actual degree days − 1)

which is REFERENCE.md §2's "base load + heating part × reference / actual" written so that
equal degree days give back the quantity exactly. A record's degree days are the monthly
values weighted by the share of each month the record covers; the reference degree days are
those of the same months in the reference (baseline) year.
"""

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from carbon20.energy.calc.periods import days_in_month, months_in_period

MonthlyDegreeDays = Mapping[tuple[int, int], Decimal]
HUNDRED = Decimal("100")


class MissingDegreeDaysError(LookupError):
    def __init__(self, months: list[tuple[int, int]]) -> None:
        listed = ", ".join(f"{month:02d}/{year}" for year, month in months)
        super().__init__(f"no degree days for {listed}")
        self.months = months


def degree_days_in_period(
    start: date, end: date, monthly: MonthlyDegreeDays, *, year_offset: int = 0
) -> Decimal:
    """Degree days over the period, each month counted by the share of it the period covers.

    `year_offset` reads the same calendar months that many years later (negative: earlier).
    """
    total = Decimal("0")
    missing: list[tuple[int, int]] = []
    for year, month, days in months_in_period(start, end):
        key = (year + year_offset, month)
        if key not in monthly:
            missing.append(key)
            continue
        share = Decimal(days) / Decimal(days_in_month(year, month))
        total += monthly[key] * share
    if missing:
        raise MissingDegreeDaysError(missing)
    return total


def correct(
    quantity: Decimal, heated_share_percent: Decimal, actual: Decimal, reference: Decimal
) -> Decimal:
    """Scale the heated part of `quantity` from the actual to the reference degree days.

    With no actual degree days (a summer month) there is no heating load to scale, so the
    quantity stands as measured.
    """
    if actual == 0 or heated_share_percent == 0:
        return quantity
    heated = quantity * heated_share_percent / HUNDRED
    return quantity + heated * (reference / actual - 1)


def correct_to_year(
    quantity: Decimal,
    heated_share_percent: Decimal,
    start: date,
    end: date,
    monthly: MonthlyDegreeDays,
    reference_year: int,
) -> Decimal:
    """Correct a record's quantity to the degree days of the same months in `reference_year`."""
    if heated_share_percent == 0:
        return quantity
    actual = degree_days_in_period(start, end, monthly)
    reference = degree_days_in_period(start, end, monthly, year_offset=reference_year - start.year)
    return correct(quantity, heated_share_percent, actual, reference)
