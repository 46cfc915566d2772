"""Hourly electricity: local days of 23, 24 or 25 hours, meter values per hour, and the
location-based scope 2 of hourly consumption times the grid's hourly CO2 intensity.

Time: Danish meter data and Energinet's declarations are given per hour in UTC; a day of the
platform is a day in Europe/Copenhagen, which has 23 hours on the last Sunday of March and 25
on the last Sunday of October. A local day is kept as the list of its hours in order, so that
the hour after 02:00 on the autumn day appears twice, as it does on the clock.

Units: meter values are kept as whole watt-hours (Eloverblik gives kWh with three decimals, so
nothing is rounded away) and grid intensities as whole milligrams CO2e per kWh (Energi Data
Service gives g/kWh with at most three decimals). Whole numbers add up exactly; kWh and kg
are derived at the end. A missing hour is ``None``, never a zero.

Method (REFERENCE.md §4.3): Energinet's own consumer tool multiplies a customer's hourly
consumption by the hourly declaration of the customer's price area; so does ``scope2``.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from zoneinfo import ZoneInfo

COPENHAGEN = ZoneInfo("Europe/Copenhagen")
HOUR = timedelta(hours=1)
WH_PER_KWH = Decimal(1000)
MG_PER_G = Decimal(1000)
# kg = Wh × mg/kWh ÷ (1000 Wh/kWh × 1,000,000 mg/kg)
WH_MG_PER_KG = Decimal(1_000_000_000)

Hours = Sequence[int | None]


class PriceArea(StrEnum):
    """Energinet's two bidding zones: west of the Great Belt (DK1) and east of it (DK2)."""

    DK1 = "DK1"
    DK2 = "DK2"


def price_area_for_postcode(postcode: str) -> PriceArea:
    """DK1 for Jutland and Funen (postcodes 5000–9990), DK2 for Zealand, the islands east of
    the Great Belt and Bornholm (0800–4999, Bornholm being 3700–3799)."""
    text = postcode.strip()
    if not text.isdigit() or len(text) != 4:
        raise ValueError(f"{postcode!r} is not a Danish postcode.")
    number = int(text)
    if 800 <= number <= 4999:
        return PriceArea.DK2
    if 5000 <= number <= 9990:
        return PriceArea.DK1
    raise ValueError(f"{postcode!r} is not a Danish postcode.")


# --- Local days -------------------------------------------------------------------------------


def day_start_utc(day: date) -> datetime:
    """The UTC instant at which the local day begins (midnight in Copenhagen)."""
    return datetime(day.year, day.month, day.day, tzinfo=COPENHAGEN).astimezone(UTC)


def hours_in_day(day: date) -> int:
    """23, 24 or 25."""
    length = day_start_utc(day + timedelta(days=1)) - day_start_utc(day)
    return int(length / HOUR)


def hour_starts_utc(day: date) -> list[datetime]:
    """The UTC start of every hour of the local day, in order."""
    start = day_start_utc(day)
    return [start + index * HOUR for index in range(hours_in_day(day))]


def local_day_of(instant: datetime) -> date:
    return instant.astimezone(COPENHAGEN).date()


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last``, both included."""
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def hours_by_local_day(
    values: Mapping[datetime, int], first: date, last: date
) -> dict[date, list[int | None]]:
    """Values keyed by the UTC start of their hour, laid out as local days from ``first`` to
    ``last``; an hour without a value is None. Hours outside the days are left out."""
    days: dict[date, list[int | None]] = {}
    for day in days_between(first, last):
        days[day] = [values.get(start) for start in hour_starts_utc(day)]
    return days


def missing_hours(hours: Hours) -> int:
    return sum(1 for value in hours if value is None)


def day_total(hours: Hours) -> int:
    return sum(value for value in hours if value is not None)


# --- Meter values -----------------------------------------------------------------------------


def kwh_to_wh(quantity: Decimal) -> int:
    """kWh as whole Wh, half up (Eloverblik's three decimals are whole Wh already)."""
    return int((quantity * WH_PER_KWH).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def wh_to_kwh(wh: int) -> Decimal:
    return Decimal(wh) / WH_PER_KWH


def g_to_mg(g_per_kwh: Decimal) -> int:
    return int((g_per_kwh * MG_PER_G).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def mg_to_g(mg_per_kwh: int) -> Decimal:
    return Decimal(mg_per_kwh) / MG_PER_G


RESOLUTIONS = {"PT1H": timedelta(hours=1), "PT15M": timedelta(minutes=15)}


class SeriesError(ValueError):
    """A meter series that cannot be laid out in hours."""


def hourly_wh(
    start: datetime, resolution: str, points: Iterable[tuple[int, Decimal]]
) -> dict[datetime, int]:
    """One period of a meter series (start in UTC, resolution, 1-based positions with kWh) as
    Wh per UTC hour. Quarter hours are added up into their hour; an hour that lacks one of
    its quarters is left out, as it is not known."""
    step = RESOLUTIONS.get(resolution)
    if step is None:
        raise SeriesError(f"Resolution {resolution!r} is neither PT1H nor PT15M.")
    if start.tzinfo is None:
        raise SeriesError("The period's start has no time zone.")
    per_hour = int(HOUR / step)
    sums: dict[datetime, int] = {}
    counts: dict[datetime, int] = {}
    for position, quantity in points:
        if position < 1:
            raise SeriesError(f"Position {position} is not 1 or more.")
        instant = start.astimezone(UTC) + (position - 1) * step
        hour = instant.replace(minute=0, second=0, microsecond=0)
        sums[hour] = sums.get(hour, 0) + kwh_to_wh(quantity)
        counts[hour] = counts.get(hour, 0) + 1
    return {hour: total for hour, total in sums.items() if counts[hour] == per_hour}


# --- Scope 2 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HourlyScope2:
    """kg CO2e of hourly consumption, with how much of it could be counted.

    ``kwh`` is every metered kWh; ``counted_kwh`` the part whose hour has a grid intensity.
    ``kg_co2e`` covers only the counted part, so a page shows the uncounted hours beside it
    rather than a figure that silently leaves consumption out.
    """

    kwh: Decimal
    counted_kwh: Decimal
    kg_co2e: Decimal
    metered_hours: int
    hours_without_intensity: int
    hours_without_data: int

    @property
    def g_per_kwh(self) -> Decimal | None:
        """The consumption-weighted intensity of the counted hours."""
        if not self.counted_kwh:
            return None
        return (self.kg_co2e * 1000 / self.counted_kwh).quantize(Decimal("0.1"))


def scope2(days: Iterable[tuple[Hours, Hours | None]]) -> HourlyScope2:
    """Per local day: the meter's Wh per hour and the grid's mg CO2e/kWh per hour (or None
    for a day without intensities), both in the day's hour order."""
    total_wh = counted_wh = wh_mg = 0
    metered = without_intensity = without_data = 0
    for meter, intensity in days:
        for index, wh in enumerate(meter):
            if wh is None:
                without_data += 1
                continue
            metered += 1
            total_wh += wh
            mg = intensity[index] if intensity is not None and index < len(intensity) else None
            if mg is None:
                without_intensity += 1
                continue
            counted_wh += wh
            wh_mg += wh * mg
    return HourlyScope2(
        kwh=wh_to_kwh(total_wh),
        counted_kwh=wh_to_kwh(counted_wh),
        kg_co2e=(Decimal(wh_mg) / WH_MG_PER_KG).quantize(Decimal("0.001"), ROUND_HALF_UP),
        metered_hours=metered,
        hours_without_intensity=without_intensity,
        hours_without_data=without_data,
    )


@dataclass(frozen=True)
class YearlyIntensity:
    """The unweighted mean of a year's hourly intensities, in kg CO2e per kWh.

    A time average, not Energinet's official yearly declaration (which is weighted by
    consumption): it is what a company without hourly meter data can use beside its bills,
    and the set derived from it says so.
    """

    kg_per_kwh: Decimal
    hours: int
    missing_hours: int


def yearly_intensity(days: Iterable[Hours]) -> YearlyIntensity:
    """From every local day of a year (mg CO2e/kWh per hour)."""
    total = hours = missing = 0
    for day in days:
        for mg in day:
            if mg is None:
                missing += 1
            else:
                total += mg
                hours += 1
    if not hours:
        raise ValueError("The year has no hourly intensity.")
    mean_mg = Decimal(total) / hours
    return YearlyIntensity(
        kg_per_kwh=(mean_mg / 1_000_000).quantize(Decimal("0.0000001"), ROUND_HALF_UP),
        hours=hours,
        missing_hours=missing,
    )
