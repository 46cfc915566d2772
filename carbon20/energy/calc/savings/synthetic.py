"""Synthetic meters with a known true saving: the engine's tests, its bench and demo data.

Temperatures are Danish-like daily means: an annual cycle (about 0 °C in late January, about
17 °C in late July, as DMI's normals for Denmark) plus day-to-day weather that persists (a
first-order autoregressive process). Consumption follows one of the engine's model families
exactly; the reporting period consumes (1 − saving) times the true model's prediction, so the
true saving in per cent is known, with or without noise.
"""

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from carbon20.energy.calc.savings import Period

FIRST_DAY = date(2021, 1, 1)
LAST_DAY = date(2025, 12, 31)
BASELINE = (date(2022, 1, 1), date(2022, 12, 31))
REPORTING = (date(2024, 1, 1), date(2024, 12, 31))


def all_days(first: date = FIRST_DAY, last: date = LAST_DAY) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def danish_temperatures(seed: int = 0) -> dict[date, float]:
    rng = np.random.default_rng(seed)
    days = all_days()
    weather = np.zeros(len(days))
    for n in range(1, len(days)):
        weather[n] = 0.7 * weather[n - 1] + rng.normal(0.0, 2.2)
    temperatures = {}
    for n, day in enumerate(days):
        season = 8.5 - 8.5 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 25) / 365.25)
        temperatures[day] = round(float(season + weather[n]), 1)
    return temperatures


@dataclass(frozen=True)
class TrueModel:
    """consumption per day = base + heating × HDD + cooling × CDD + weekend + per_unit × P."""

    base: float
    heating: float = 0.0
    heating_bp: float = 15.0
    cooling: float = 0.0
    cooling_bp: float = 20.0
    weekend: float = 0.0
    per_unit: float = 0.0

    def day(self, day: date, temperature: float, production: float = 0.0) -> float:
        return (
            self.base
            + self.heating * max(0.0, self.heating_bp - temperature)
            + self.cooling * max(0.0, temperature - self.cooling_bp)
            + self.weekend * (day.weekday() >= 5)
            + self.per_unit * production
        )


def production_per_day(
    days: list[date], *, growth: float = 0.0, seed: int = 0
) -> dict[date, float]:
    """A factory's output per day, varying month by month (so that monthly production
    records describe it exactly), `growth` more from 2023 on than in the baseline."""
    rng = np.random.default_rng(seed + 1000)
    monthly = {(y, m): rng.uniform(0.6, 1.4) for y in range(2020, 2027) for m in range(1, 13)}
    result = {}
    for day in days:
        result[day] = 100.0 * monthly[(day.year, day.month)] * (1 + growth * (day.year >= 2023))
    return result


def meter(
    model: TrueModel,
    temperatures: dict[date, float],
    *,
    saving: float,
    noise: float = 0.0,
    seed: int = 0,
    production: dict[date, float] | None = None,
    reporting_from: date = REPORTING[0],
) -> list[Period]:
    """Daily readings: the true model, times (1 − saving) from `reporting_from`, times
    (1 + noise × a standard normal draw)."""
    rng = np.random.default_rng(seed)
    readings = []
    for day in all_days():
        quantity = model.day(day, temperatures[day], (production or {}).get(day, 0.0))
        if day >= reporting_from:
            quantity *= 1 - saving
        if noise:
            quantity *= 1 + noise * rng.standard_normal()
        readings.append(Period(day, day, float(quantity)))
    return readings


def monthly_bills(daily: list[Period]) -> list[Period]:
    """The daily readings summed over calendar months."""
    return bills(daily, lambda day: day.day == 1)


def bills(daily: list[Period], starts_period: Callable[[date], bool]) -> list[Period]:
    """The daily readings summed over periods that begin on each day `starts_period` picks."""
    periods: list[Period] = []
    first, total = daily[0].start, 0.0
    for reading in daily:
        if starts_period(reading.start) and reading.start != first:
            periods.append(Period(first, reading.start - timedelta(days=1), total))
            first, total = reading.start, 0.0
        total += reading.quantity
    periods.append(Period(first, daily[-1].end, total))
    return periods


def production_periods(per_day: dict[date, float]) -> list[Period]:
    """Monthly production records from daily output."""
    return monthly_bills([Period(day, day, value) for day, value in sorted(per_day.items())])
