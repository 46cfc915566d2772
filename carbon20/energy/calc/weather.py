"""Daily weather: heating degree days from temperatures, gaps, and monthly sums.

A day's heating degree days (graddage) at base 17 °C are 17 °C minus the day's mean outdoor
temperature when that is below 17 °C, else 0: the definition DMI publishes as
``acc_heating_degree_days_17`` and the one the Danish district heating companies use
(REFERENCE.md §2). Derived values are rounded to one decimal, as DMI rounds its own.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

BASE_TEMPERATURE_C = Decimal("17")
ONE_DECIMAL = Decimal("0.1")
ONE_DAY = timedelta(days=1)


def heating_degree_days(mean_temperature_c: Decimal) -> Decimal:
    """Heating degree days of one day from its mean temperature, base 17 °C."""
    below = BASE_TEMPERATURE_C - mean_temperature_c
    return max(Decimal("0"), below).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Gap:
    """Consecutive days without a value, both ends included."""

    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1


def gaps(days: Iterable[date], first_day: date, last_day: date) -> list[Gap]:
    """The runs of days between `first_day` and `last_day` (inclusive) that have no value."""
    present = set(days)
    found: list[Gap] = []
    start: date | None = None
    day = first_day
    while day <= last_day:
        if day not in present and start is None:
            start = day
        elif day in present and start is not None:
            found.append(Gap(start, day - ONE_DAY))
            start = None
        day += ONE_DAY
    if start is not None:
        found.append(Gap(start, last_day))
    return found


def monthly_sums(daily: Mapping[date, Decimal]) -> dict[tuple[int, int], Decimal]:
    """Each calendar month's sum of daily values, for the months that have every day."""
    by_month: dict[tuple[int, int], list[Decimal]] = {}
    for day, value in daily.items():
        by_month.setdefault((day.year, day.month), []).append(value)
    sums = {}
    for (year, month), values in by_month.items():
        next_month = date(year + month // 12, month % 12 + 1, 1)
        if len(values) == (next_month - date(year, month, 1)).days:
            sums[(year, month)] = sum(values, Decimal("0"))
    return sums
