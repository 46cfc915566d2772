"""The baseline model: ordinary (daily) or day-weighted (billing) least squares on degree
days with searched balance points, and optionally a weekday/weekend and a production term.

Every reading is a period of one or more days. The response is its consumption per day; the
drivers are the means over its days of the daily heating degree days max(0, bp − T), cooling
degree days max(0, T − bp), weekend indicator and production per day, and a period weighs as
many days as it spans (CalTRACK 2.0, billing methods). A daily reading is the special case
of one day with weight 1, so one code fits both and a model predicts any period as the sum of
its days.

The balance points are found exactly on a grid (every `balance_point_step` °C over the
ranges of `EngineOptions`): the fixed columns (intercept, weekend, production) are projected
out once (Frisch–Waugh–Lovell), after which the residual sum of squares of every candidate
balance point (and of every heating/cooling pair) comes from a few vector products. Candidates
whose slope is not positive are dropped (CalTRACK 2.0); the chosen model's slopes must
also be significant (p < 0.1). Among the model structures the one with the least Bayesian
information criterion wins, counting each balance point as a parameter.

A day's degree days may also be smoothed (`EngineOptions.degree_day_spreads_c`): a daily mean
of 17 °C with a 65 °F (18.3 °C) balance point still has cooling hours in the afternoon, which
max(0, T − bp) of the mean misses. The smoothed form is the expected degree hours of a day
whose hours scatter normally around its mean (`degree_days`); the spread is searched like a
balance point, counted as a parameter, and 0 (the plain hinge) is always a candidate, so that
noise-free hinge data still return their exact balance points.
"""

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np
from scipy.special import ndtr, stdtr  # type: ignore[import-untyped]

from carbon20.energy.calc.savings.data import BoolArray, EngineOptions, FloatArray, IntArray

KINDS = ("intercept_only", "hdd", "cdd", "hdd_cdd")
SQRT_2PI = math.sqrt(2 * math.pi)


def degree_days(excess: FloatArray, spread: float) -> FloatArray:
    """A day's degree days from how far its mean temperature lies beyond the balance point
    (`excess`, bp − T for heating, T − bp for cooling): max(0, excess) when `spread` is 0,
    otherwise the expectation of max(0, excess + spread·Z) for a standard normal Z, i.e. the
    degree hours of a day whose hours scatter by `spread` °C around its mean (Erbs, Klein and
    Beckman 1983): excess·Φ(excess/spread) + spread·φ(excess/spread)."""
    if spread <= 0:
        return np.maximum(0.0, excess)
    z = excess / spread
    smooth: FloatArray = excess * ndtr(z) + spread * np.exp(-0.5 * z * z) / SQRT_2PI
    return smooth


# A residual sum of squares below this share of the total counts as zero, so that noise-free
# data choose the smallest exact model instead of a larger one that is exact too.
EXACT_FIT_SHARE = 1e-12
DAILY = "daily"
BILLING = "billing"


@dataclass(frozen=True)
class ModelFit:
    """The chosen baseline model and its quality.

    `cv_rmse` and `nmbe` are percentages on the readings' quantities (ASHRAE Guideline 14),
    `r2` on consumption per day; `n` readings and `p` coefficients.
    """

    kind: str
    weekday_weekend: bool
    production: bool
    heating_balance_point_c: float | None
    cooling_balance_point_c: float | None
    coefficients: dict[str, float]
    r2: float
    adjusted_r2: float
    cv_rmse: float
    nmbe: float
    n: int
    p: int
    granularity: str
    autocorrelation: float = 0.0
    p_values: dict[str, float] = field(default_factory=dict)
    degree_day_spread_c: float = 0.0

    def per_day(
        self, temperatures: FloatArray, weekend: FloatArray, production: FloatArray | None
    ) -> FloatArray:
        """Predicted consumption of each day from its temperature, day type and production."""
        c = self.coefficients
        predicted = np.full(temperatures.shape, c["intercept"], dtype=np.float64)
        if self.heating_balance_point_c is not None:
            predicted += c["hdd"] * degree_days(
                self.heating_balance_point_c - temperatures, self.degree_day_spread_c
            )
        if self.cooling_balance_point_c is not None:
            predicted += c["cdd"] * degree_days(
                temperatures - self.cooling_balance_point_c, self.degree_day_spread_c
            )
        if self.weekday_weekend:
            predicted += c["weekend"] * weekend
        if self.production:
            if production is None:
                raise ValueError("the model has a production term; give the production")
            predicted += c["production"] * production
        return predicted

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "weekday_weekend": self.weekday_weekend,
            "production": self.production,
            "heating_balance_point_c": self.heating_balance_point_c,
            "cooling_balance_point_c": self.cooling_balance_point_c,
            "degree_day_spread_c": self.degree_day_spread_c,
            "coefficients": dict(self.coefficients),
            "p_values": dict(self.p_values),
            "r2": self.r2,
            "adjusted_r2": self.adjusted_r2,
            "cv_rmse": self.cv_rmse,
            "nmbe": self.nmbe,
            "n": self.n,
            "p": self.p,
            "granularity": self.granularity,
            "autocorrelation": self.autocorrelation,
        }


@dataclass(frozen=True)
class Design:
    """The baseline readings laid over the days they span.

    `first_day` is day 0; a reading covers days `starts[i]`..`ends[i]` inclusive. The daily
    arrays hold every day from the first reading's start to the last one's end.
    """

    first_day: date
    starts: IntArray
    ends: IntArray
    quantities: FloatArray
    temperatures: FloatArray
    weekend: FloatArray
    production: FloatArray | None

    @property
    def lengths(self) -> FloatArray:
        return (self.ends - self.starts + 1).astype(np.float64)


def weekend_flags(first_day: date, count: int) -> FloatArray:
    """1.0 on Saturdays and Sundays, 0.0 on other days, for `count` days from `first_day`."""
    weekday = (first_day.weekday() + np.arange(count)) % 7
    return (weekday >= 5).astype(np.float64)


def grid(bounds: tuple[float, float], step: float) -> FloatArray:
    low, high = bounds
    count = math.floor((high - low) / step + 1e-9) + 1
    # Rounded so that a balance point of 15.3 °C is the float 15.3, as a caller writes it.
    return np.round(low + step * np.arange(count), 10)


@dataclass
class _Structure:
    kind: str
    weekend: bool
    production: bool
    heating_index: int | None = None
    cooling_index: int | None = None


Projected = tuple[FloatArray, FloatArray, FloatArray, BoolArray]


@dataclass(frozen=True)
class _Projection:
    """The response and the degree-day candidates with the fixed columns projected out."""

    y: FloatArray
    yy: float
    heating: Projected
    cooling: Projected


@dataclass
class _Candidate:
    structure: _Structure
    beta: FloatArray
    names: list[str]
    sse: float
    bic: float
    p_values: dict[str, float]


class _Fitter:
    def __init__(self, design: Design, options: EngineOptions, spread: float = 0.0) -> None:
        self.design = design
        self.spread = spread
        self.options = options
        lengths = design.lengths
        self.daily = bool(np.all(lengths == 1.0))
        self.n = len(design.starts)
        self.sqrt_w = np.sqrt(lengths)
        self.y = design.quantities / lengths
        self.yw = self.y * self.sqrt_w
        self.heating_grid = grid(options.heating_range_c, options.balance_point_step)
        self.cooling_grid = grid(options.cooling_range_c, options.balance_point_step)
        temps = design.temperatures
        heating_excess = self.heating_grid[:, None] - temps[None, :]
        cooling_excess = temps[None, :] - self.cooling_grid[:, None]
        hdd = np.maximum(0.0, heating_excess)
        cdd = np.maximum(0.0, cooling_excess)
        self.hdd = self._means(degree_days(heating_excess, spread) if spread > 0 else hdd)
        self.cdd = self._means(degree_days(cooling_excess, spread) if spread > 0 else cdd)
        self.hdd_w = self.hdd * self.sqrt_w
        self.cdd_w = self.cdd * self.sqrt_w
        self.heating_ok = self._enough_degree_days(hdd)
        self.cooling_ok = self._enough_degree_days(cdd)
        self.ones = np.ones(self.n)
        self.weekend = self._means(design.weekend[None, :])[0]
        self.production = (
            None if design.production is None else self._means(design.production[None, :])[0]
        )
        centred = self.y - np.average(self.y, weights=lengths)
        total = float(np.sum(lengths * centred**2))
        scale = float(np.sum(lengths * self.y**2))
        self.sse_floor = max(EXACT_FIT_SHARE * total, 1e-24 * scale, 1e-300)
        self._projections: dict[tuple[bool, bool], _Projection | None] = {}

    def _means(self, daily: FloatArray) -> FloatArray:
        """Each reading's mean of the daily rows (one row per candidate)."""
        starts, ends = self.design.starts, self.design.ends
        if self.daily:
            return daily[:, starts]
        summed = np.concatenate([np.zeros((daily.shape[0], 1)), np.cumsum(daily, axis=1)], axis=1)
        means: FloatArray = (summed[:, ends + 1] - summed[:, starts]) / self.design.lengths
        return means

    def _enough_degree_days(self, daily: FloatArray) -> BoolArray:
        covered = self._covered_days_mask()
        if not covered.all():
            daily = daily[:, covered]
        enough: BoolArray
        if self.daily:
            days = np.count_nonzero(daily, axis=1)
            enough = days >= self.options.min_degree_day_days
        else:
            enough = daily.sum(axis=1) >= self.options.min_degree_days_billing
        return enough

    def _covered_days_mask(self) -> BoolArray:
        mask = np.zeros(len(self.design.temperatures), dtype=bool)
        for start, end in zip(self.design.starts, self.design.ends, strict=True):
            mask[start : end + 1] = True
        return mask

    def structures(self) -> list[_Structure]:
        fixed = [(False, False)]
        if self.daily and self.options.weekday_weekend:
            fixed.append((True, False))
        if self.production is not None:
            fixed += [(weekend, True) for weekend, _ in list(fixed)]
        return [_Structure(kind, weekend, prod) for kind in KINDS for weekend, prod in fixed]

    def fixed_columns(self, structure: _Structure) -> tuple[list[str], list[FloatArray]]:
        names, columns = ["intercept"], [self.ones]
        if structure.weekend:
            names.append("weekend")
            columns.append(self.weekend)
        if structure.production and self.production is not None:
            names.append("production")
            columns.append(self.production)
        return names, columns

    def _projection(self, structure: _Structure) -> _Projection | None:
        """The fixed columns' projection, shared by the structures that have the same ones."""
        key = (structure.weekend, structure.production)
        if key not in self._projections:
            _names, columns = self.fixed_columns(structure)
            z = np.column_stack(columns) * self.sqrt_w[:, None]
            if np.linalg.matrix_rank(z) < z.shape[1]:
                self._projections[key] = None
            else:
                q, _ = np.linalg.qr(z)
                y = self.yw - q @ (q.T @ self.yw)
                self._projections[key] = _Projection(
                    y,
                    float(y @ y),
                    _projected(self.hdd_w, q, y, self.heating_ok),
                    _projected(self.cdd_w, q, y, self.cooling_ok),
                )
        return self._projections[key]

    def search(self, structure: _Structure) -> bool:
        """Set the structure's balance points to the best candidates; False when none fits."""
        projection = self._projection(structure)
        if projection is None:
            return False
        if structure.kind == "intercept_only":
            return True
        if structure.kind in ("hdd", "cdd"):
            heating = structure.kind == "hdd"
            _rows, xx, xy, ok = projection.heating if heating else projection.cooling
            slope = xy / np.where(ok, xx, 1.0)
            ok = ok & (slope > 0)
            if not ok.any():
                return False
            best = int(np.argmin(np.where(ok, projection.yy - slope * xy, np.inf)))
            if heating:
                structure.heating_index = best
            else:
                structure.cooling_index = best
            return True
        return self._search_pair(structure, projection)

    def _search_pair(self, structure: _Structure, projection: _Projection) -> bool:
        """The best heating/cooling pair: every whole-degree pair first, then every pair of
        the fine grid within a degree of the best, moved on while the best lies on its edge."""
        h, hh, hy, h_ok = projection.heating
        c, cc, cy, c_ok = projection.cooling
        pair = _Pair(
            h, hh, hy, h_ok, self.heating_grid, c, cc, cy, c_ok, self.cooling_grid, projection.yy
        )
        stride = max(1, round(1 / self.options.balance_point_step))
        best = pair.best(np.arange(0, len(hh), stride), np.arange(0, len(cc), stride))
        if best is None:
            return False
        for _ in range(len(hh) + len(cc)):
            heating = _around(best[0], stride, len(hh))
            cooling = _around(best[1], stride, len(cc))
            refined = pair.best(heating, cooling)
            if refined is None or refined == best:
                break
            best = refined
            if best[0] not in (heating[0], heating[-1]) and best[1] not in (
                cooling[0],
                cooling[-1],
            ):
                break
        structure.heating_index, structure.cooling_index = best
        return True

    def columns(self, structure: _Structure) -> tuple[list[str], FloatArray]:
        names, columns = self.fixed_columns(structure)
        if structure.heating_index is not None:
            names.append("hdd")
            columns.append(self.hdd[structure.heating_index])
        if structure.cooling_index is not None:
            names.append("cdd")
            columns.append(self.cdd[structure.cooling_index])
        return names, np.column_stack(columns)

    def fit(self, structure: _Structure) -> _Candidate | None:
        names, x = self.columns(structure)
        xw = x * self.sqrt_w[:, None]
        p = x.shape[1]
        balance_points = (structure.heating_index is not None) + (
            structure.cooling_index is not None
        )
        # A degree of freedom at least beyond the coefficients and balance points: six
        # bimonthly bills may carry heating and cooling, a seventh parameter never.
        if self.n <= p + balance_points:
            return None
        beta, *_ = np.linalg.lstsq(xw, self.yw, rcond=None)
        residual = self.yw - xw @ beta
        sse = max(float(residual @ residual), self.sse_floor)
        dof = self.n - p
        covariance = sse / dof * np.linalg.pinv(xw.T @ xw)
        se = np.sqrt(np.maximum(np.diag(covariance), 0.0))
        t = np.abs(beta) / np.where(se > 0, se, np.inf)
        p_values = {
            name: float(value) for name, value in zip(names, 2 * stdtr(dof, -t), strict=True)
        }
        for slope in ("hdd", "cdd"):
            if slope in p_values and (
                beta[names.index(slope)] <= 0 or p_values[slope] >= self.options.max_slope_p_value
            ):
                return None
        # The degree days' spread, when there is one, is a parameter too.
        searched = balance_points + (balance_points > 0 and self.spread > 0)
        bic = self.n * math.log(sse / self.n) + (p + searched) * math.log(self.n)
        return _Candidate(structure, beta.astype(np.float64), names, sse, bic, p_values)

    def model(self, candidate: _Candidate) -> ModelFit:
        structure = candidate.structure
        names, x = self.columns(structure)
        lengths = self.design.lengths
        fitted = x @ candidate.beta
        residual = lengths * (self.y - fitted)
        observed = self.design.quantities
        n, p = self.n, len(names)
        mean = float(np.mean(observed))
        cv = 100 * math.sqrt(float(residual @ residual) / (n - p)) / mean if mean > 0 else math.inf
        nmbe = 100 * float(residual.sum()) / ((n - p) * mean) if mean > 0 else math.inf
        weighted_mean = float(np.average(self.y, weights=lengths))
        total = float(np.sum(lengths * (self.y - weighted_mean) ** 2))
        unexplained = float(np.sum(lengths * (self.y - fitted) ** 2))
        if total <= self.sse_floor:
            r2 = 1.0 if unexplained <= self.sse_floor else 0.0
        else:
            r2 = 1.0 - unexplained / total
        adjusted = 1.0 - (1.0 - r2) * (n - 1) / (n - p)
        return ModelFit(
            kind=structure.kind,
            weekday_weekend=structure.weekend,
            production=structure.production,
            heating_balance_point_c=(
                None
                if structure.heating_index is None
                else float(self.heating_grid[structure.heating_index])
            ),
            cooling_balance_point_c=(
                None
                if structure.cooling_index is None
                else float(self.cooling_grid[structure.cooling_index])
            ),
            coefficients={
                name: float(value) for name, value in zip(names, candidate.beta, strict=True)
            },
            r2=r2,
            adjusted_r2=adjusted,
            cv_rmse=cv,
            nmbe=nmbe,
            n=n,
            p=p,
            granularity=DAILY if self.daily else BILLING,
            autocorrelation=self._autocorrelation(residual) if self.daily else 0.0,
            p_values=candidate.p_values,
            degree_day_spread_c=(
                self.spread
                if structure.heating_index is not None or structure.cooling_index is not None
                else 0.0
            ),
        )

    def _autocorrelation(self, residual: FloatArray) -> float:
        """Lag-1 autocorrelation of the residuals of consecutive days, at least 0."""
        consecutive = np.diff(self.design.starts) == 1
        denominator = float(residual @ residual)
        if denominator <= 0:
            return 0.0
        numerator = float(np.sum(residual[1:][consecutive] * residual[:-1][consecutive]))
        return min(max(numerator / denominator, 0.0), 0.99)


def _projected(rows: FloatArray, q: FloatArray, y: FloatArray, ok: BoolArray) -> Projected:
    """The rows with the fixed columns projected out, their x·x and x·y, and which rows are
    usable (enough degree days, and something left once projected)."""
    projected = rows - (rows @ q) @ q.T
    xx = np.einsum("kn,kn->k", projected, projected)
    xy = projected @ y
    norms = np.einsum("kn,kn->k", rows, rows)
    return projected, xx, xy, ok & (xx > 1e-9 * norms) & (norms > 0)


def _around(index: int, reach: int, size: int) -> IntArray:
    return np.arange(max(0, index - reach), min(size, index + reach + 1))


@dataclass(frozen=True)
class _Pair:
    """Two-slope least squares over blocks of (heating, cooling) candidates, solved in closed
    form from the projected cross products."""

    h: FloatArray
    hh: FloatArray
    hy: FloatArray
    h_ok: BoolArray
    h_grid: FloatArray
    c: FloatArray
    cc: FloatArray
    cy: FloatArray
    c_ok: BoolArray
    c_grid: FloatArray
    yy: float

    def best(self, heating: IntArray, cooling: IntArray) -> tuple[int, int] | None:
        hh, hy = self.hh[heating][:, None], self.hy[heating][:, None]
        cc, cy = self.cc[cooling][None, :], self.cy[cooling][None, :]
        hc = self.h[heating] @ self.c[cooling].T
        det = hh * cc - hc**2
        ok = (
            self.h_ok[heating][:, None]
            & self.c_ok[cooling][None, :]
            & (self.h_grid[heating][:, None] <= self.c_grid[cooling][None, :])
            & (det > 1e-9 * hh * cc)
        )
        safe = np.where(ok, det, 1.0)
        beta_h = (cc * hy - hc * cy) / safe
        beta_c = (hh * cy - hc * hy) / safe
        ok &= (beta_h > 0) & (beta_c > 0)
        if not ok.any():
            return None
        sse = np.where(ok, self.yy - beta_h * hy - beta_c * cy, np.inf)
        i, j = np.unravel_index(int(np.argmin(sse)), sse.shape)
        return int(heating[i]), int(cooling[j])


def fit_design(design: Design, options: EngineOptions) -> ModelFit:
    """The best model for the baseline readings of `design`."""
    best: tuple[_Candidate, _Fitter] | None = None
    for spread in options.degree_day_spreads_c:
        fitter = _Fitter(design, options, spread)
        for structure in fitter.structures():
            if spread > 0 and structure.kind == "intercept_only":
                continue
            if not fitter.search(structure):
                continue
            candidate = fitter.fit(structure)
            if candidate is not None and (best is None or candidate.bic < best[0].bic - 1e-9):
                best = candidate, fitter
    if best is None:
        raise ValueError("no model can be fitted to fewer readings than coefficients")
    return best[1].model(best[0])
