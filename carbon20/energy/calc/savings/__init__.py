"""The measured-savings engine (IPMVP option C, ASHRAE Guideline 14, CalTRACK 2.0).

Pure and typed: readings and drivers in, a model and its savings out; no ORM. Decision record
docs/decisions/0011-savings-engine.md explains the method and its sources.
"""

from carbon20.energy.calc.savings.data import (
    EngineOptions,
    Period,
    PeriodComparison,
    aggregate_hourly,
)
from carbon20.energy.calc.savings.estimate import (
    SavingsEstimate,
    estimate_savings,
    fit_baseline,
    predict,
)
from carbon20.energy.calc.savings.fit import KINDS, ModelFit
from carbon20.energy.calc.savings.reasons import Insufficiency, InsufficientDataError

__all__ = [
    "KINDS",
    "EngineOptions",
    "Insufficiency",
    "InsufficientDataError",
    "ModelFit",
    "Period",
    "PeriodComparison",
    "SavingsEstimate",
    "aggregate_hourly",
    "estimate_savings",
    "fit_baseline",
    "predict",
]
