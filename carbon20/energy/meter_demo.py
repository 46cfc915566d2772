"""Demo meter data: one company with a year of hourly electricity, SYNTHESISED (not
measured), and Energinet's real hourly CO2 of DK2 for the same year, so that the company
page shows the hourly scope 2 beside the yearly one.

The profile is deterministic: a working-day shape (07–16 high, nights and weekends a base
load), more in winter, and a fixed pseudo-random wobble from a seeded generator, so every
demo load and every test sees the same numbers.
"""

import math
import random
from datetime import date

from carbon20.energy import meter_services
from carbon20.energy.calc import hourly
from carbon20.energy.meter_models import AllocationMethod, MeterSource, PriceArea
from carbon20.organisations.models import Company

DEMO_YEAR = 2025  # the year of the bundled hourly CO2 file
DEMO_GSRN = "571313100000012345"
SEED = 20


def synthesised_day(day: date, rng: random.Random, size_kw: float = 24.0) -> list[int | None]:
    """Wh per hour of one local day of a small workshop."""
    season = 1.0 + 0.25 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365)
    working = day.weekday() < 5
    values: list[int | None] = []
    for start in hourly.hour_starts_utc(day):
        local_hour = start.astimezone(hourly.COPENHAGEN).hour
        busy = working and 7 <= local_hour < 16
        kw = size_kw * (1.0 if busy else 0.22) * season * rng.uniform(0.9, 1.1)
        values.append(round(kw * 1000))
    return values


def synthesised_year(year: int, seed: int = SEED) -> dict[date, list[int | None]]:
    rng = random.Random(seed)
    return {
        day: synthesised_day(day, rng)
        for day in hourly.days_between(date(year, 1, 1), date(year, 12, 31))
    }


def load_for(company: Company, user=None) -> None:
    meter_services.load_grid_emission_file(
        meter_services.BUNDLED_GRID_EMISSIONS,
        price_area=PriceArea.DK2,
        method=AllocationMethod.M125,
    )
    meter_services.derive_yearly_factor_set(
        year=DEMO_YEAR, price_area=PriceArea.DK2, method=AllocationMethod.M125
    )
    point = meter_services.register_metering_point(
        company=company,
        gsrn=DEMO_GSRN,
        source=MeterSource.DEMO,
        type_of_mp="E17",
        address=company.address,
        postcode=company.postcode,
    )
    meter_services.store_meter_days(metering_point=point, days=synthesised_year(DEMO_YEAR))
    meter_services.record_power_of_attorney(
        company=company,
        user=user,
        granted_by_name="Demo: Direktør",
        granted_by_role="Administrerende direktør",
        valid_from=date(DEMO_YEAR - 1, 12, 1),
        valid_to=None,
        authorization_id="",
        metering_points=[point],
    )
