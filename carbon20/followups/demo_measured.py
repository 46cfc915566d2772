"""Demo of measured savings: a weather series, production data and two documentation methods.

The temperatures are SYNTHESISED, not measured: a deterministic Danish-like year (about 0 °C
in late January, about 17 °C in late July, as DMI's normals) plus day-to-day weather from a
seeded random walk, for Albertslund (DMI municipality 0165). One partnership's heat is then
remade from those temperatures (a base load plus a heating slope, 12 % less from the start of
the current year) and documented by regression with production (tonnes of furniture) as a
second driver; another's heat is degree-day normalised against a baseline two years back.
"""

import math
import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from carbon20.energy import services as energy
from carbon20.energy.calc.periods import days_in_month
from carbon20.energy.models import Carrier, WeatherDay, WeatherSource
from carbon20.partnerships.models import Partnership

SERIES_NAME = "Albertslund (demo: syntetiske temperaturer)"
SEED = 20


def _temperatures(first: date, last: date) -> dict[date, Decimal]:
    rng = random.Random(SEED)
    weather, temperatures = 0.0, {}
    day = first
    while day <= last:
        weather = 0.7 * weather + rng.gauss(0.0, 2.2)
        season = 8.5 - 8.5 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 25) / 365.25)
        temperatures[day] = Decimal(str(round(season + weather, 1)))
        day += timedelta(days=1)
    return temperatures


def _remake_heat(partnership: Partnership, temperatures: dict[date, Decimal], today: date) -> None:
    """Monthly heat bills that follow the temperatures: 9 000 kWh a month plus 650 kWh per
    heating degree day below 15.5 °C, 12 % less from January of the current year."""
    company = partnership.company
    old = company.consumption_records.filter(
        carrier__in=[Carrier.DISTRICT_HEATING, Carrier.NATURAL_GAS]
    )
    site = old.first().site if old.exists() else None
    old.delete()
    for year in (today.year - 2, today.year - 1, today.year):
        for month in range(1, 13):
            end = date(year, month, days_in_month(year, month))
            if end >= today:
                return
            days = [date(year, month, d) for d in range(1, end.day + 1)]
            hdd = sum(max(Decimal(0), Decimal("15.5") - temperatures[d]) for d in days)
            kwh = Decimal(9000) + Decimal(650) * hdd
            if year == today.year:
                kwh *= Decimal("0.88")
            energy.record_consumption(
                company=company,
                user=partnership.owner,
                site=site,
                carrier=Carrier.DISTRICT_HEATING,
                period_start=days[0],
                period_end=end,
                quantity=(kwh / 1000).quantize(Decimal("0.001")),
                unit="MWh",
                source="meter_reading",
                heated_share_percent=Decimal("85"),
                note="Demo",
            )
            energy.record_production(
                company=company,
                user=partnership.owner,
                site=None,
                period_start=days[0],
                period_end=end,
                quantity=Decimal(180 + (month * 37) % 60),
                unit="tonne",
                product="Møbler",
            )


def load(partnerships: list[Partnership]) -> None:
    """Give the first partnership regression and the second degree-day normalisation."""
    today = timezone.localdate()
    series = energy.create_weather_series(area="municipality", code="0165", name=SERIES_NAME)
    temperatures = _temperatures(date(today.year - 3, 1, 1), today - timedelta(days=1))
    WeatherDay.objects.bulk_create(
        WeatherDay(
            series=series,
            day=day,
            mean_temperature_c=value,
            heating_degree_days=max(Decimal(0), Decimal(17) - value),
            source=WeatherSource.CSV,
            degree_days_source=WeatherSource.DERIVED,
        )
        for day, value in temperatures.items()
    )
    signed = [p for p in partnerships if p.signed_agreement is not None]
    for index, partnership in enumerate(signed[:2]):
        agreement = partnership.signed_agreement
        kinds = agreement.data_kinds or ["electricity", "heat"]
        methods = dict.fromkeys(kinds, "bills")
        agreement.weather_series = series
        if index == 0:
            _remake_heat(partnership, temperatures, today)
            methods["heat"] = "regression"
            agreement.production_variable = "Møbler"
            agreement.production_unit = "tonne"
            heating = "heat"
        else:
            # Its heat comes as district heating or as natural gas (a fuel).
            district = partnership.company.consumption_records.filter(
                carrier=Carrier.DISTRICT_HEATING
            ).exists()
            heating = "heat" if district else "fuels"
            if heating == "fuels":
                methods.pop("heat", None)
                kinds = [kind for kind in kinds if kind != "heat"]
            methods[heating] = "degree_days"
            agreement.baseline_year = today.year - 2
        agreement.data_kinds = sorted(set(kinds) | {heating})
        agreement.documentation_methods = methods
        agreement.save()
