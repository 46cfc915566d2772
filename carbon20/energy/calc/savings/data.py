"""The engine's inputs: readings over periods, day-by-day drivers and the options.

Readings are floats, not Decimal: the engine is a statistical fit (numpy), and a model's
figures are estimates with an uncertainty far above float rounding. The Django side turns its
Decimal quantities into floats on the way in and rounds what it shows.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Period:
    """A consumption or production reading; `end` is the last day included."""

    start: date
    end: date
    quantity: float

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class PeriodComparison:
    """One period's observed quantity beside what the baseline model predicts for it."""

    start: date
    end: date
    observed: float
    predicted: float

    def as_dict(self) -> dict[str, object]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "observed": self.observed,
            "predicted": self.predicted,
        }


@dataclass(frozen=True)
class EngineOptions:
    """The searched ranges and the sufficiency thresholds, each with its source.

    Balance points: CalTRACK searched 55–65 °F (13–18 °C) for heating and 66–75 °F (19–24 °C)
    for cooling in whole degrees, and widened the ranges for other climates (CalTRACK issue
    #72); Danish buildings heat below 8–22 °C and cool above 14–28 °C, searched here in steps
    of `balance_point_step`, every candidate fitted.
    Baseline: CalTRACK 2.0 data sufficiency: at most 365 days (366 in a leap year), 90 % of
    them with data, i.e. 329 of 365. Model quality: ASHRAE Guideline 14-2014 judges a baseline model
    by its CV(RMSE); issue 9 sets the limits at 25 % for billing and 30 % for daily data.
    """

    heating_range_c: tuple[float, float] = (8.0, 22.0)
    cooling_range_c: tuple[float, float] = (14.0, 28.0)
    balance_point_step: float = 0.1
    weekday_weekend: bool = True
    min_baseline_days: int = 329
    max_baseline_days: int = 366
    min_coverage: float = 0.9
    min_reporting_coverage: float = 0.9
    max_cv_rmse_daily_percent: float = 30.0
    max_cv_rmse_billing_percent: float = 25.0
    # CalTRACK 2.0 (model selection): a slope is kept when its p-value is below 0.1.
    max_slope_p_value: float = 0.1
    # CalTRACK 2.0 (balance point search): a balance point needs at least 10 days (daily
    # data) or 20 degree days in all (billing data) on its side.
    min_degree_day_days: int = 10
    min_degree_days_billing: float = 20.0
    # The spreads (°C) of the hours around a day's mean temperature tried for the degree
    # days (fit.degree_days); 0 is the plain max(0, bp − T).
    degree_day_spreads_c: tuple[float, ...] = (0.0, 4.0)


def aggregate_hourly(
    readings: Iterable[tuple[datetime, float]], *, readings_per_day: int = 24
) -> list[Period]:
    """Daily readings from hourly (or finer) readings in local time.

    A day is kept when it holds at least `readings_per_day - 1` readings (a day of the change
    to summer time has one hour less); a day with fewer is left out rather than counted short,
    and then shows as a gap.
    """
    totals: dict[date, float] = defaultdict(float)
    counts: dict[date, int] = defaultdict(int)
    for moment, quantity in readings:
        day = moment.date()
        totals[day] += float(quantity)
        counts[day] += 1
    return [
        Period(day, day, totals[day])
        for day in sorted(totals)
        if counts[day] >= readings_per_day - 1
    ]


def day_range(start: date, end: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range((end - start).days + 1)]


def runs(days: Sequence[date]) -> list[tuple[date, date]]:
    """Consecutive days grouped into (first, last) ranges; `days` sorted."""
    ranges: list[tuple[date, date]] = []
    for day in days:
        if ranges and day == ranges[-1][1] + timedelta(days=1):
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def daily_production(production: Sequence[Period]) -> dict[date, float]:
    """Each production period's quantity spread evenly over its days."""
    per_day: dict[date, float] = {}
    for period in production:
        share = period.quantity / period.days
        for day in day_range(period.start, period.end):
            per_day[day] = per_day.get(day, 0.0) + share
    return per_day


def temperature_array(days: Sequence[date], temperatures: Mapping[date, float]) -> FloatArray:
    """The days' temperatures; NaN where the series has none."""
    return np.array([temperatures.get(day, np.nan) for day in days], dtype=np.float64)
