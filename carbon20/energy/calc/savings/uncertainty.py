"""Savings uncertainty of a regression baseline, ASHRAE Guideline 14-2014.

The guideline's fractional savings uncertainty (Annex B, after Reddy and Claridge 2000) for
savings found by projecting a baseline model over m reporting points:

    ΔE_save / E_save = t × 1.26 × CV × sqrt((n / n′) × (1 + 2 / n′) × (1 / m)) / F

with CV the baseline model's CV(RMSE) as a fraction, n the baseline points, F the savings as a
fraction of the projected baseline, t Student's t at n − p degrees of freedom, and the
effective number of points n′ = n (1 − ρ) / (1 + ρ) with ρ the lag-1 autocorrelation of the
residuals, which the guideline asks for with daily (and finer) data. 1.26 is the guideline's
empirical correction for the formula's approximations.

Multiplying by E_save gives the absolute uncertainty, which does not depend on F and stays
finite when the saving is nil:

    ΔE_save = t × 1.26 × CV × E_baseline × sqrt((n / n′) × (1 + 2 / n′) / m)
"""

import math

from scipy.special import stdtrit  # type: ignore[import-untyped]

# ASHRAE Guideline 14-2014, Annex B: the empirical factor of the savings uncertainty formula.
ASHRAE_CORRECTION = 1.26


def t_value(confidence: float, degrees_of_freedom: int) -> float:
    """Two-sided Student t: 68 % → about 1.0, 90 % → about 1.645 for many points (the
    inverse of Student's distribution itself, which `scipy.stats.t.ppf` calls through a
    millisecond of argument checks)."""
    return float(stdtrit(degrees_of_freedom, 0.5 + confidence / 2))


def effective_points(n: int, autocorrelation: float) -> float:
    return n * (1 - autocorrelation) / (1 + autocorrelation)


def savings_uncertainty(
    *,
    confidence: float,
    cv_rmse_percent: float,
    n: int,
    p: int,
    m: int,
    autocorrelation: float,
    predicted: float,
) -> float:
    """Absolute uncertainty of the savings at `confidence`, in the quantity's unit."""
    n_effective = effective_points(n, autocorrelation)
    spread = math.sqrt((n / n_effective) * (1 + 2 / n_effective) / m)
    cv = cv_rmse_percent / 100
    return t_value(confidence, n - p) * ASHRAE_CORRECTION * cv * abs(predicted) * spread
