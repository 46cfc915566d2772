"""IPMVP option C savings: fit the baseline model, project it over the reporting period's
conditions and compare it with what was measured.

    savings = predicted − observed          (avoided energy, the quantity's unit)
    savings % = 100 × savings / predicted

Only days that have an observed reading are predicted, so a part-covered reporting period
never compares a whole period's prediction with part of its consumption.
"""

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from operator import attrgetter

import numpy as np

from carbon20.energy.calc.savings.data import (
    EngineOptions,
    FloatArray,
    Period,
    PeriodComparison,
    daily_production,
    day_range,
)
from carbon20.energy.calc.savings.fit import DAILY, Design, ModelFit, fit_design, weekend_flags
from carbon20.energy.calc.savings.reasons import Insufficiency, InsufficientDataError
from carbon20.energy.calc.savings.sufficiency import (
    check_baseline_coverage,
    check_drivers,
    check_readings,
    check_reporting_coverage,
    check_windows,
    covered,
    days_inside,
    gaps,
    missing,
    reaching_across,
    within,
)
from carbon20.energy.calc.savings.uncertainty import savings_uncertainty

Window = tuple[date, date]
# A saving this small a share of the prediction is float rounding: it has no fraction to state.
NIL_SHARE = 1e-12
# A model above the CV(RMSE) limit is still used when its saving stands out from its scatter:
# the savings uncertainty at 68 % confidence (one standard error) below 100 % of the savings.
# ASHRAE Guideline 14-2014's performance path asks for 50 %; CalTRACK 2.0 (and eemeter)
# refuse no model for its fit at all. Decision 0011 says why the line lies in between.
MAX_FSU_68_PERCENT = 100.0


@dataclass(frozen=True)
class SavingsEstimate:
    """The outcome: figures when `sufficient`, otherwise the `reasons` (and the model when
    it was the model's quality that failed)."""

    sufficient: bool
    reasons: tuple[Insufficiency, ...]
    baseline: Window
    reporting: Window
    model: ModelFit | None = None
    predicted: float | None = None
    observed: float | None = None
    savings: float | None = None
    savings_percent: float | None = None
    fsu_68_percent: float | None = None
    fsu_90_percent: float | None = None
    savings_uncertainty_68: float | None = None
    savings_uncertainty_90: float | None = None
    baseline_periods: tuple[PeriodComparison, ...] = ()
    reporting_periods: tuple[PeriodComparison, ...] = ()
    # Said beside a sufficient estimate: gaps within the allowance, a model accepted on its
    # savings uncertainty.
    warnings: tuple[Insufficiency, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The command line's JSON: percentages as percent, quantities in the input's unit."""
        model = self.model
        shape: dict[str, object] = {
            "sufficient": self.sufficient,
            "reasons": [reason.message for reason in self.reasons],
            "reason_details": [reason.as_dict() for reason in self.reasons],
            "warnings": [warning.message for warning in self.warnings],
            "savings_percent": self.savings_percent,
            "savings": self.savings,
            "predicted": self.predicted,
            "observed": self.observed,
            "fsu_percent": self.fsu_90_percent,
            "fsu_68_percent": self.fsu_68_percent,
            "fsu_90_percent": self.fsu_90_percent,
            "savings_uncertainty_68": self.savings_uncertainty_68,
            "savings_uncertainty_90": self.savings_uncertainty_90,
            "cv_rmse": model.cv_rmse if model else None,
            "nmbe": model.nmbe if model else None,
            "r2": model.r2 if model else None,
            "model": model.as_dict() if model else None,
            "baseline": {
                "start": self.baseline[0].isoformat(),
                "end": self.baseline[1].isoformat(),
            },
            "reporting": {
                "start": self.reporting[0].isoformat(),
                "end": self.reporting[1].isoformat(),
            },
            "baseline_periods": [period.as_dict() for period in self.baseline_periods],
            "reporting_periods": [period.as_dict() for period in self.reporting_periods],
        }
        return {key: _finite(value) for key, value in shape.items()}


def _finite(value: object) -> object:
    """JSON has no infinity or NaN: such a figure (a CV(RMSE) of a meter at zero) is null."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_finite(item) for item in value]
    return value


def _design(
    readings: Sequence[Period],
    temperatures: Mapping[date, float],
    production: Mapping[date, float] | None,
) -> Design:
    first = readings[0].start
    last = max(period.end for period in readings)
    days = day_range(first, last)
    return Design(
        first_day=first,
        starts=np.array([(p.start - first).days for p in readings], dtype=np.int64),
        ends=np.array([(p.end - first).days for p in readings], dtype=np.int64),
        quantities=np.array([p.quantity for p in readings], dtype=np.float64),
        # Days between readings (a gap) have no temperature; they weigh in no reading.
        temperatures=np.array([temperatures.get(day, 0.0) for day in days], dtype=np.float64),
        weekend=weekend_flags(first, len(days)),
        production=(
            None
            if production is None
            else np.array([production.get(day, 0.0) for day in days], dtype=np.float64)
        ),
    )


def _baseline_reasons(
    consumption: Sequence[Period],
    temperatures: Mapping[date, float],
    baseline: Window,
    production: Sequence[Period] | None,
    options: EngineOptions,
    reporting: Window | None = None,
) -> tuple[list[Insufficiency], list[Period], dict[date, float] | None, list[date]]:
    reasons = check_windows(baseline, None, options)
    reasons += check_readings("consumption", consumption)
    if production is not None:
        reasons += check_readings("production", production)
    if reasons:
        return reasons, [], None, []
    readings = within(
        sorted(consumption, key=attrgetter("start")), baseline, reporting, outer_edge="start"
    )
    per_day = None if production is None else daily_production(production)
    # A bill across the gap between the windows is in no baseline reading, but its days are
    # covered by data (sufficiency.within).
    days = covered(
        [*readings, *days_inside(reaching_across(consumption, baseline, reporting), baseline)]
    )
    reasons += check_baseline_coverage(days, baseline, options)
    reasons += check_drivers(days, temperatures, per_day)
    return reasons, readings, per_day, days


def fit_baseline(
    *,
    consumption: Sequence[Period],
    temperatures: Mapping[date, float],
    baseline: Window,
    production: Sequence[Period] | None = None,
    options: EngineOptions | None = None,
) -> ModelFit:
    """The baseline model alone; InsufficientDataError when the baseline does not suffice."""
    options = options or EngineOptions()
    reasons, readings, per_day, _days = _baseline_reasons(
        consumption, temperatures, baseline, production, options
    )
    if reasons:
        raise InsufficientDataError(tuple(reasons))
    return fit_design(_design(readings, temperatures, per_day), options)


def _predict_daily(
    model: ModelFit,
    first: date,
    last: date,
    temperatures: Mapping[date, float],
    production: Mapping[date, float] | None,
) -> FloatArray:
    days = day_range(first, last)
    temps = np.array([temperatures.get(day, math.nan) for day in days], dtype=np.float64)
    produced = (
        np.array([(production or {}).get(day, math.nan) for day in days], dtype=np.float64)
        if model.production
        else None
    )
    return model.per_day(temps, weekend_flags(first, len(days)), produced)


def _totals(per_day: FloatArray, first: date, periods: Sequence[tuple[date, date]]) -> list[float]:
    summed = np.concatenate([[0.0], np.cumsum(per_day)])
    return [
        float(summed[(end - first).days + 1] - summed[(start - first).days])
        for start, end in periods
    ]


def predict(
    model: ModelFit,
    *,
    periods: Sequence[Period | tuple[date, date]],
    temperatures: Mapping[date, float],
    production: Sequence[Period] | None = None,
) -> tuple[float, ...]:
    """What the model predicts for each period (the sum of its days), e.g. to chart it against
    the observed readings. InsufficientDataError names the days without a temperature (or
    production, when the model has a production term)."""
    spans = [(p.start, p.end) if isinstance(p, Period) else p for p in periods]
    if not spans:
        return ()
    per_day_production = daily_production(production or ()) if model.production else None
    reasons = check_drivers(covered(spans), temperatures, per_day_production)
    if reasons:
        raise InsufficientDataError(tuple(reasons))
    return tuple(_project(model, spans, temperatures, per_day_production))


def _project(
    model: ModelFit,
    spans: Sequence[tuple[date, date]],
    temperatures: Mapping[date, float],
    production: Mapping[date, float] | None,
) -> list[float]:
    """The model's total for each span, whose days are known to have their drivers."""
    if not spans:
        return []
    first = min(start for start, _ in spans)
    last = max(end for _, end in spans)
    per_day = _predict_daily(model, first, last, temperatures, production)
    # Days between the periods have no drivers; they are never summed.
    return _totals(np.nan_to_num(per_day), first, spans)


def across_the_gap(
    bill: Period,
    model: ModelFit,
    baseline: Window,
    reporting: Window,
    temperatures: Mapping[date, float],
    production: Mapping[date, float] | None,
) -> Period:
    """The reporting period's share of a bill that runs from the baseline across the gap.

    What the baseline model says the bill's baseline days used is taken off; the rest is
    shared between its days in the gap and in the reporting period as the model shapes them
    (as many days, where a gap day lacks a temperature or production figure): the gap's
    regime is unknown, so both carry the same fraction of the model. Spread evenly over all
    its days (CalTRACK's and eemeter's pro rata split), the bill would give its reporting
    days the mean of both regimes: a factory that produces more after the gap, or a winter
    bill whose first half is colder, would misstate the saving. On the baseline's days the
    model is what they used up to its residual scatter."""
    per_day = _predict_daily(model, bill.start, bill.end, temperatures, production)
    baseline_days = (baseline[1] - bill.start).days + 1
    gap_days = (reporting[0] - baseline[1]).days - 1
    rest = max(bill.quantity - float(np.nansum(per_day[:baseline_days])), 0.0)
    after = per_day[baseline_days:]
    if not np.all(np.isfinite(after)) or after.sum() <= 0:
        after = np.ones(len(after))
    return Period(reporting[0], bill.end, rest * float(after[gap_days:].sum() / after.sum()))


def leaves_out_across_the_gap(
    own_days: Sequence[date], baseline: Window, reporting: Window, options: EngineOptions
) -> bool:
    """Whether the comparison does without the bills from the baseline across a gap into the
    reporting period: when there is a gap and the reporting period's own readings (covering
    `own_days`) hold enough of it.

    The gap is when the measures went in, and its days may have used what the baseline did or
    what the reporting period does: no share of such a bill can tell which. Shared as
    `across_the_gap` shares it, the bill is exact when the gap already had the measures and
    understates the saving when it did not (by 0.1–0.9 points on meters like eemeter's,
    decision 0011); left out, the comparison is exact either way, so the share is used only
    when the reporting period cannot do without its days. With no gap between the windows the
    share is exact up to the model's scatter, and the bill is kept."""
    gap = (reporting[0] - baseline[1]).days > 1
    return gap and not check_reporting_coverage(own_days, reporting, options)


def _spans(readings: Sequence[Period]) -> list[tuple[date, date]]:
    return [(reading.start, reading.end) for reading in readings]


def _comparisons(
    readings: Sequence[Period], predicted: Sequence[float]
) -> tuple[PeriodComparison, ...]:
    return tuple(
        PeriodComparison(p.start, p.end, p.quantity, value)
        for p, value in zip(readings, predicted, strict=True)
    )


def estimate_savings(
    *,
    consumption: Sequence[Period],
    temperatures: Mapping[date, float],
    baseline: Window,
    reporting: Window,
    production: Sequence[Period] | None = None,
    options: EngineOptions | None = None,
) -> SavingsEstimate:
    """Fit on the baseline, predict the reporting period, and say how sure the saving is."""
    options = options or EngineOptions()
    refused = check_windows(baseline, reporting, options)
    reasons, baseline_readings, per_day, baseline_days = _baseline_reasons(
        consumption, temperatures, baseline, production, options, reporting
    )
    reasons = refused + [r for r in reasons if r not in refused]
    reporting_readings: list[Period] = []
    reporting_days: list[date] = []
    held_days: list[date] = []
    across: list[Period] = []
    left_out: list[Period] = []
    if not refused and reporting[1] >= reporting[0]:
        reporting_readings = within(
            sorted(consumption, key=attrgetter("start")), reporting, baseline, outer_edge="end"
        )
        across = reaching_across(consumption, reporting, baseline)
        reporting_days = held_days = covered(reporting_readings)
        if across:
            # A left-out bill's days have consumption: never named as gaps beside the estimate.
            held_days = covered([*reporting_readings, *days_inside(across, reporting)])
            if leaves_out_across_the_gap(reporting_days, baseline, reporting, options):
                left_out, across = across, []
            else:
                reporting_days = held_days
        reasons += check_reporting_coverage(reporting_days, reporting, options)
        reasons += check_drivers(reporting_days, temperatures, per_day)
    if reasons:
        return SavingsEstimate(False, tuple(reasons), baseline, reporting)
    model = fit_design(_design(baseline_readings, temperatures, per_day), options)
    reporting_readings = [
        *(
            across_the_gap(bill, model, baseline, reporting, temperatures, per_day)
            for bill in across
        ),
        *reporting_readings,
    ]
    fitted = _project(model, _spans(baseline_readings), temperatures, per_day)
    projected = _project(model, _spans(reporting_readings), temperatures, per_day)
    baseline_periods = _comparisons(baseline_readings, fitted)
    reporting_periods = _comparisons(reporting_readings, projected)
    predicted = float(sum(projected))
    if predicted <= 0:
        return SavingsEstimate(
            False,
            (Insufficiency("no_predicted_consumption"),),
            baseline,
            reporting,
            model=model,
            baseline_periods=baseline_periods,
            reporting_periods=reporting_periods,
        )
    observed = float(sum(p.quantity for p in reporting_readings))
    savings = predicted - observed
    uncertainty = {
        confidence: savings_uncertainty(
            confidence=confidence,
            cv_rmse_percent=model.cv_rmse,
            n=model.n,
            p=model.p,
            m=len(reporting_readings),
            autocorrelation=model.autocorrelation,
            predicted=predicted,
        )
        for confidence in (0.68, 0.90)
    }
    fsu_68 = _fractional(uncertainty[0.68], savings, predicted)
    quality = model_quality(model, fsu_68, options)
    if quality is not None and quality.code != "model_quality_accepted":
        return SavingsEstimate(
            False,
            (quality,),
            baseline,
            reporting,
            model=model,
            baseline_periods=baseline_periods,
            reporting_periods=reporting_periods,
        )
    return SavingsEstimate(
        True,
        (),
        baseline,
        reporting,
        model=model,
        predicted=predicted,
        observed=observed,
        savings=savings,
        savings_percent=100 * savings / predicted,
        fsu_68_percent=fsu_68,
        fsu_90_percent=_fractional(uncertainty[0.90], savings, predicted),
        savings_uncertainty_68=uncertainty[0.68],
        savings_uncertainty_90=uncertainty[0.90],
        baseline_periods=baseline_periods,
        reporting_periods=reporting_periods,
        warnings=(
            *_gaps_within(baseline_days, baseline),
            *_gaps_within(held_days, reporting),
            *(
                Insufficiency("bill_across_gap_left_out", {"start": bill.start, "end": bill.end})
                for bill in left_out
            ),
            *(() if quality is None else (quality,)),
        ),
    )


def _gaps_within(days: Sequence[date], window: Window) -> list[Insufficiency]:
    """The days of a window without a reading (`days` are those the readings cover), named
    beside a sufficient estimate: CalTRACK's 10 % allowance lets them pass, but the reader
    should know them."""
    return gaps("consumption_gap", missing(days, window)[1])


def model_quality(
    model: ModelFit, fsu_68: float | None, options: EngineOptions
) -> Insufficiency | None:
    """ASHRAE Guideline 14's test of the baseline model: its CV(RMSE) within the limit, or
    else a savings uncertainty below `MAX_FSU_68_PERCENT` (100 %) of the savings at 68 %
    confidence: the saving stands out from the model's scatter. None when the CV(RMSE) is
    within the limit."""
    limit = (
        options.max_cv_rmse_daily_percent
        if model.granularity == DAILY
        else options.max_cv_rmse_billing_percent
    )
    if model.cv_rmse <= limit:
        return None
    params: dict[str, object] = {
        "cv_rmse": model.cv_rmse,
        "maximum": limit,
        "granularity": model.granularity,
    }
    if fsu_68 is None:
        return Insufficiency("model_quality_no_saving", params)
    params["fsu"] = fsu_68
    code = "model_quality_accepted" if fsu_68 < MAX_FSU_68_PERCENT else "model_quality"
    return Insufficiency(code, params)


def _fractional(uncertainty: float, savings: float, predicted: float) -> float | None:
    """The uncertainty as a percentage of the savings; none for a nil saving."""
    if abs(savings) <= NIL_SHARE * abs(predicted):
        return None
    return 100 * uncertainty / abs(savings)
