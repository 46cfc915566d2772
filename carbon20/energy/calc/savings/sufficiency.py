"""Data sufficiency in the spirit of CalTRACK 2.0: what a baseline and a reporting period
must hold before a model is fitted or a saving is claimed, each refusal with its reason."""

import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from operator import attrgetter
from typing import Literal

import numpy as np

from carbon20.energy.calc.savings.data import EngineOptions, Period, day_range, runs
from carbon20.energy.calc.savings.reasons import Insufficiency

# A meter with a gap every other day would list hundreds; the first ones say enough.
MAX_LISTED_GAPS = 10


def check_readings(kind: str, periods: Sequence[Period]) -> list[Insufficiency]:
    """Each reading is a number, not negative, ends after it starts and overlaps no other."""
    reasons: list[Insufficiency] = []
    for period in periods:
        if period.end < period.start:
            reasons.append(
                Insufficiency(
                    "period_reversed", {"kind": kind, "start": period.start, "end": period.end}
                )
            )
        if not math.isfinite(period.quantity):
            reasons.append(
                Insufficiency(
                    "not_a_number", {"kind": kind, "start": period.start, "end": period.end}
                )
            )
        elif period.quantity < 0:
            reasons.append(
                Insufficiency(
                    f"negative_{kind}",
                    {"start": period.start, "end": period.end, "quantity": period.quantity},
                )
            )
    ordered = sorted(periods, key=attrgetter("start", "end"))
    reaching = ordered[0] if ordered else None
    for later in ordered[1:]:
        assert reaching is not None
        if later.start <= reaching.end:
            reasons.append(
                Insufficiency(
                    "overlapping_readings",
                    {
                        "kind": kind,
                        "start": reaching.start,
                        "end": reaching.end,
                        "other_start": later.start,
                        "other_end": later.end,
                    },
                )
            )
        if later.end > reaching.end:
            reaching = later
    return reasons


def within(
    periods: Iterable[Period],
    window: tuple[date, date],
    other: tuple[date, date] | None = None,
    *,
    outer_edge: Literal["start", "end"],
) -> list[Period]:
    """The readings that belong to the window, in their order.

    A bill across an edge of the window is kept whole or left out where it can be. Across the
    window's outer edge (the baseline's first day, the reporting period's last) it is kept:
    the days beyond are the same regime (before the measures, after them) and only widen the
    model's data. Across the inner edge, which faces the measures' installation, it is kept
    only when more than half of its days lie inside. A kept bill is modelled and compared over
    all its days; only its days inside the window count towards coverage.

    A reading that reaches into the `other` window (a bill across the whole gap between the
    windows) mixes the two regimes and belongs to neither: a model fitted to the mix would
    carry it into every day the model predicts. Its days inside the window still have data
    and count towards coverage (`reaching_across`); `estimate.across_the_gap` gives the
    reporting period its share.
    """
    first, last = window
    chosen = []
    for period in periods:
        if not _reaches(period, window) or (other is not None and _reaches(period, other)):
            continue
        crosses_outer = period.start < first if outer_edge == "start" else period.end > last
        inside = (min(period.end, last) - max(period.start, first)).days + 1
        if crosses_outer or 2 * inside > period.days:
            chosen.append(period)
    return chosen


def reaching_across(
    periods: Iterable[Period], window: tuple[date, date], other: tuple[date, date] | None
) -> list[Period]:
    """The readings that reach from `window` into the `other` window."""
    if other is None:
        return []
    return [period for period in periods if _reaches(period, window) and _reaches(period, other)]


def _reaches(period: Period, window: tuple[date, date]) -> bool:
    """Whether the period has a day in the window."""
    return period.start <= window[1] and period.end >= window[0]


def days_inside(periods: Iterable[Period], window: tuple[date, date]) -> list[tuple[date, date]]:
    first, last = window
    return [(max(period.start, first), min(period.end, last)) for period in periods]


def covered(periods: Sequence[Period | tuple[date, date]]) -> list[date]:
    """Every day that a period covers, once, in order (a year of daily readings without a
    Python call per reading: the days are counted out with numpy)."""
    if not periods:
        return []
    spans = [(p.start, p.end) if isinstance(p, Period) else p for p in periods]
    starts = np.fromiter((start.toordinal() for start, _ in spans), np.int64, len(spans))
    ends = np.fromiter((end.toordinal() for _, end in spans), np.int64, len(spans))
    lengths = np.maximum(ends - starts + 1, 0)
    first_of_each = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    ordinals = np.unique(first_of_each + np.arange(int(lengths.sum())))
    return [date.fromordinal(int(ordinal)) for ordinal in ordinals]


def missing(covered_days: Sequence[date], window: tuple[date, date]) -> tuple[int, list[date]]:
    """How many of the window's days `covered_days` (sorted, each once) hold, and the window's
    days they leave out (counted without a look at each day when none is left out)."""
    first, last = window
    inside = bisect_right(covered_days, last) - bisect_left(covered_days, first)
    if inside == (last - first).days + 1:
        return inside, []
    held = set(covered_days)
    return inside, [day for day in day_range(first, last) if day not in held]


def gaps(code: str, missing: Iterable[date]) -> list[Insufficiency]:
    """One reason per run of missing days (`code` or `code_day` for a single day)."""
    ranges = runs(sorted(missing))
    reasons = [
        Insufficiency(code, {"start": first, "end": last})
        if first != last
        else Insufficiency(f"{code}_day", {"start": first})
        for first, last in ranges[:MAX_LISTED_GAPS]
    ]
    if len(ranges) > MAX_LISTED_GAPS:
        reasons.append(Insufficiency("more_gaps", {"count": len(ranges) - MAX_LISTED_GAPS}))
    return reasons


def check_windows(
    baseline: tuple[date, date], reporting: tuple[date, date] | None, options: EngineOptions
) -> list[Insufficiency]:
    reasons: list[Insufficiency] = []
    start, end = baseline
    if end < start:
        return [Insufficiency("baseline_invalid", {"start": start, "end": end})]
    span = (end - start).days + 1
    if span > options.max_baseline_days:
        reasons.append(
            Insufficiency("baseline_too_long", {"days": span, "maximum": options.max_baseline_days})
        )
    if reporting is not None:
        reporting_start, reporting_end = reporting
        if reporting_end < reporting_start:
            reasons.append(
                Insufficiency("reporting_invalid", {"start": reporting_start, "end": reporting_end})
            )
        elif reporting_start <= end:
            reasons.append(
                Insufficiency(
                    "reporting_before_baseline", {"start": reporting_start, "baseline_end": end}
                )
            )
    return reasons


def check_baseline_coverage(
    covered_days: Sequence[date], baseline: tuple[date, date], options: EngineOptions
) -> list[Insufficiency]:
    """At least `min_baseline_days` days, and `min_coverage` of the baseline, with data."""
    held, left_out = missing(covered_days, baseline)
    length = (baseline[1] - baseline[0]).days + 1
    needed = max(options.min_baseline_days, math.ceil(options.min_coverage * length))
    if held >= needed:
        return []
    return [
        Insufficiency("baseline_too_short", {"days": held, "minimum": needed}),
        *gaps("consumption_gap", left_out),
    ]


def check_reporting_coverage(
    covered_days: Sequence[date], reporting: tuple[date, date], options: EngineOptions
) -> list[Insufficiency]:
    held, left_out = missing(covered_days, reporting)
    length = (reporting[1] - reporting[0]).days + 1
    needed = math.ceil(options.min_reporting_coverage * length)
    if held >= needed:
        return []
    return [
        Insufficiency("reporting_too_short", {"days": held, "total": length, "minimum": needed}),
        *gaps("consumption_gap", left_out),
    ]


def check_drivers(
    days: Sequence[date],
    temperatures: Mapping[date, float],
    production: Mapping[date, float] | None,
) -> list[Insufficiency]:
    """Every day the readings cover (`days`, in order) has a temperature and, when production
    is a driver, a production figure."""
    unknown = [day for day in days if not math.isfinite(temperatures.get(day, math.nan))]
    reasons = gaps("temperature_gap", unknown)
    if production is not None:
        reasons += gaps("production_gap", (day for day in days if day not in production))
    return reasons
