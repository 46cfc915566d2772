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
    Beckman 1983): excess·Φ(excess/spread) + spread·φ(excess/spread). Either way
    f(x) − f(−x) = x, so a cooling degree day is its heating twin at the same balance point
    less the heating excess."""
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
    # The residual sum of squares the search found for the chosen balance points.
    sse: float = math.inf


# A candidate side's rows (raw, weighted), their part in the fixed columns' span, x·x and x·y
# once projected, and which candidates are usable.
Projected = tuple[FloatArray, FloatArray, FloatArray, FloatArray, BoolArray]


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


class _Readings:
    """What the fits of every degree-day spread share, computed once per design: the response
    and weights, the fixed columns and their projections, the balance-point grids, the
    temperatures' excess over every balance point and which balance points have enough
    degree days (judged on the plain hinge)."""

    def __init__(self, design: Design, options: EngineOptions) -> None:
        self.design = design
        self.options = options
        lengths = design.lengths
        self.lengths = lengths
        self.daily = bool(np.all(lengths == 1.0))
        self.n = len(design.starts)
        self.sqrt_w = np.sqrt(lengths)
        self.y = design.quantities / lengths
        self.yw = self.y * self.sqrt_w
        self.heating_grid = grid(options.heating_range_c, options.balance_point_step)
        self.cooling_grid = grid(options.cooling_range_c, options.balance_point_step)
        # Heating and cooling share one grid of balance points where their ranges overlap:
        # a cooling degree day is its heating twin minus the excess (see `degree_days`), so
        # each balance point's smoothed degree days are computed once.
        points = np.union1d(self.heating_grid, self.cooling_grid)
        self.heating_rows = np.searchsorted(points, self.heating_grid)
        self.cooling_rows = np.searchsorted(points, self.cooling_grid)
        self.covered = self._covered_days_mask()
        self.excess = points[:, None] - design.temperatures[None, :]
        self.lattice = _lattice(points, design.temperatures, options.balance_point_step)
        self.hinge_heating = np.maximum(0.0, self.excess[self.heating_rows])
        self.hinge_cooling = np.maximum(0.0, -self.excess[self.cooling_rows])
        self.heating_ok = self._enough_degree_days(self.hinge_heating)
        self.cooling_ok = self._enough_degree_days(self.hinge_cooling)
        self.ones = np.ones(self.n)
        self.weekend = self._means(design.weekend[None, :])[0]
        self.production = (
            None if design.production is None else self._means(design.production[None, :])[0]
        )
        centred = self.y - np.average(self.y, weights=lengths)
        total = float(np.sum(lengths * centred**2))
        scale = float(np.sum(lengths * self.y**2))
        self.sse_floor = max(EXACT_FIT_SHARE * total, 1e-24 * scale, 1e-300)
        self._bases: dict[tuple[bool, bool], tuple[FloatArray, FloatArray] | None] = {}

    def _means(self, daily: FloatArray) -> FloatArray:
        """Each reading's mean of the daily rows (one row per candidate)."""
        starts, ends = self.design.starts, self.design.ends
        if self.daily:
            # As many readings as days (none missing): each row already is the readings'.
            if len(starts) == daily.shape[1]:
                return daily
            return daily[:, starts]
        summed = np.concatenate([np.zeros((daily.shape[0], 1)), np.cumsum(daily, axis=1)], axis=1)
        means: FloatArray = (summed[:, ends + 1] - summed[:, starts]) / self.lengths
        return means

    def _enough_degree_days(self, daily: FloatArray) -> BoolArray:
        if not self.covered.all():
            daily = daily[:, self.covered]
        enough: BoolArray
        if self.daily:
            days = np.count_nonzero(daily, axis=1)
            enough = days >= self.options.min_degree_day_days
        else:
            enough = daily.sum(axis=1) >= self.options.min_degree_days_billing
        return enough

    def _covered_days_mask(self) -> BoolArray:
        steps = np.zeros(len(self.design.temperatures) + 1, dtype=np.int64)
        np.add.at(steps, self.design.starts, 1)
        np.add.at(steps, self.design.ends + 1, -1)
        mask: BoolArray = np.cumsum(steps[:-1]) > 0
        return mask

    def degree_days(self, spread: float) -> tuple[FloatArray, FloatArray]:
        """Each reading's mean heating and cooling degree days, one row per balance point."""
        if spread <= 0:
            return self._means(self.hinge_heating), self._means(self.hinge_cooling)
        if self.lattice is None:
            smooth = degree_days(self.excess, spread)
        else:
            offsets, lowest = self.lattice
            step = self.options.balance_point_step
            points = np.arange(lowest, lowest + int(offsets.max()) + 1) * step
            smooth = degree_days(points.astype(np.float64), spread)[offsets]
        cooling = smooth[self.cooling_rows] - self.excess[self.cooling_rows]
        return self._means(smooth[self.heating_rows]), self._means(np.maximum(cooling, 0.0))

    def fixed_columns(self, structure: _Structure) -> tuple[list[str], list[FloatArray]]:
        names, columns = ["intercept"], [self.ones]
        if structure.weekend:
            names.append("weekend")
            columns.append(self.weekend)
        if structure.production and self.production is not None:
            names.append("production")
            columns.append(self.production)
        return names, columns

    def basis(self, structure: _Structure) -> tuple[FloatArray, FloatArray] | None:
        """An orthonormal basis of the weighted fixed columns and the response with them
        projected out; None when the fixed columns are collinear."""
        key = (structure.weekend, structure.production)
        if key not in self._bases:
            _names, columns = self.fixed_columns(structure)
            z = np.column_stack(columns) * self.sqrt_w[:, None]
            if np.linalg.matrix_rank(z) < z.shape[1]:
                self._bases[key] = None
            else:
                q, _ = np.linalg.qr(z)
                self._bases[key] = q, self.yw - q @ (q.T @ self.yw)
        return self._bases[key]


class _Fitter:
    def __init__(self, readings: _Readings, spread: float = 0.0) -> None:
        self.readings = readings
        self.design = readings.design
        self.spread = spread
        self.options = readings.options
        self.daily = readings.daily
        self.n = readings.n
        self.sqrt_w = readings.sqrt_w
        self.y = readings.y
        self.yw = readings.yw
        self.heating_grid = readings.heating_grid
        self.cooling_grid = readings.cooling_grid
        self.hdd, self.cdd = readings.degree_days(spread)
        self.hdd_w = self.hdd * self.sqrt_w
        self.cdd_w = self.cdd * self.sqrt_w
        self.heating_ok = readings.heating_ok
        self.cooling_ok = readings.cooling_ok
        self.production = readings.production
        self.sse_floor = readings.sse_floor
        self._projections: dict[tuple[bool, bool], _Projection | None] = {}

    def structures(self) -> list[_Structure]:
        fixed = [(False, False)]
        if self.daily and self.options.weekday_weekend:
            fixed.append((True, False))
        if self.production is not None:
            fixed += [(weekend, True) for weekend, _ in list(fixed)]
        return [_Structure(kind, weekend, prod) for kind in KINDS for weekend, prod in fixed]

    def fixed_columns(self, structure: _Structure) -> tuple[list[str], list[FloatArray]]:
        return self.readings.fixed_columns(structure)

    def _projection(self, structure: _Structure) -> _Projection | None:
        """The fixed columns' projection, shared by the structures that have the same ones."""
        key = (structure.weekend, structure.production)
        if key not in self._projections:
            basis = self.readings.basis(structure)
            if basis is None:
                self._projections[key] = None
            else:
                q, y = basis
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
            structure.sse = projection.yy
            return True
        if structure.kind in ("hdd", "cdd"):
            heating = structure.kind == "hdd"
            _rows, _parts, xx, xy, ok = projection.heating if heating else projection.cooling
            slope = xy / np.where(ok, xx, 1.0)
            ok = ok & (slope > 0)
            if not ok.any():
                return False
            sse = np.where(ok, projection.yy - slope * xy, np.inf)
            best = int(np.argmin(sse))
            structure.sse = float(sse[best])
            if heating:
                structure.heating_index = best
            else:
                structure.cooling_index = best
            return True
        return self._search_pair(structure, projection)

    def _search_pair(self, structure: _Structure, projection: _Projection) -> bool:
        """The best heating/cooling pair: every whole-degree pair first, then every pair of
        the fine grid within a degree of the best, moved on while the best lies on its edge."""
        pair = _Pair(
            projection.heating,
            self.heating_grid,
            projection.cooling,
            self.cooling_grid,
            projection.yy,
        )
        stride = max(1, round(1 / self.options.balance_point_step))
        heatings, coolings = len(self.heating_grid), len(self.cooling_grid)
        best = pair.best(np.arange(0, heatings, stride), np.arange(0, coolings, stride))
        if best is None:
            return False
        for _ in range(heatings + coolings):
            heating = _around(best[0], stride, heatings)
            cooling = _around(best[1], stride, coolings)
            refined = pair.best(heating, cooling)
            if refined is None or refined[:2] == best[:2]:
                break
            best = refined
            if best[0] not in (heating[0], heating[-1]) and best[1] not in (
                cooling[0],
                cooling[-1],
            ):
                break
        structure.heating_index, structure.cooling_index, structure.sse = best
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
        bic = self.bic(structure, sse)
        return _Candidate(structure, beta.astype(np.float64), names, sse, bic, p_values)

    def bic(self, structure: _Structure, sse: float) -> float:
        """The Bayesian information criterion of the structure at this residual sum of
        squares, each coefficient, balance point and the degree days' spread (when there is
        one) a parameter."""
        fixed = 1 + structure.weekend + structure.production
        balance_points = (structure.heating_index is not None) + (
            structure.cooling_index is not None
        )
        searched = balance_points + (balance_points > 0 and self.spread > 0)
        parameters = fixed + balance_points + searched
        sse = max(sse, self.sse_floor)
        return self.n * math.log(sse / self.n) + parameters * math.log(self.n)

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


def _lattice(
    points: FloatArray, temperatures: FloatArray, step: float
) -> tuple[IntArray, int] | None:
    """Temperatures given to the balance points' step (DMI's tenths of a degree on the
    0.1 °C grid) put every excess bp − T on a lattice of steps: then the smoothed degree days
    are computed once per lattice point (a few hundred) instead of once per day and balance
    point (some 70,000 for a year), and looked up. The excess on the lattice differs from the
    one computed in floats by rounding only (1e-15). None when the temperatures or balance
    points are not on the lattice."""
    point_steps = np.round(points / step)
    temperature_steps = np.round(temperatures / step)
    if not (
        np.allclose(point_steps * step, points, rtol=0, atol=1e-9)
        and np.allclose(temperature_steps * step, temperatures, rtol=0, atol=1e-9)
    ):
        return None
    offsets = point_steps.astype(np.int64)[:, None] - temperature_steps.astype(np.int64)[None, :]
    lowest = int(offsets.min())
    shifted: IntArray = offsets - lowest
    return shifted, lowest


def _projected(rows: FloatArray, q: FloatArray, y: FloatArray, ok: BoolArray) -> Projected:
    """The rows, their coordinates in the fixed columns' basis `q`, their x·x and x·y with
    the fixed columns projected out (`y` is projected already), and which rows are usable
    (enough degree days, and something left once projected). The projected rows themselves
    are never formed: x·x is the rows' norm less their part in the basis."""
    parts = rows @ q
    norms = np.einsum("kn,kn->k", rows, rows)
    xx = norms - np.einsum("kj,kj->k", parts, parts)
    xy = rows @ y
    return rows, parts, xx, xy, ok & (xx > 1e-9 * norms) & (norms > 0)


def _around(index: int, reach: int, size: int) -> IntArray:
    return np.arange(max(0, index - reach), min(size, index + reach + 1))


@dataclass(frozen=True)
class _Pair:
    """Two-slope least squares over blocks of (heating, cooling) candidates, solved in closed
    form from the projected cross products."""

    heating: Projected
    h_grid: FloatArray
    cooling: Projected
    c_grid: FloatArray
    yy: float

    def best(self, heating: IntArray, cooling: IntArray) -> tuple[int, int, float] | None:
        """The best pair of the block and its residual sum of squares."""
        h, h_parts, hh_all, hy_all, h_ok = self.heating
        c, c_parts, cc_all, cy_all, c_ok = self.cooling
        hh, hy = hh_all[heating][:, None], hy_all[heating][:, None]
        cc, cy = cc_all[cooling][None, :], cy_all[cooling][None, :]
        hc = h[heating] @ c[cooling].T - h_parts[heating] @ c_parts[cooling].T
        det = hh * cc - hc**2
        ok = (
            h_ok[heating][:, None]
            & c_ok[cooling][None, :]
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
        return int(heating[i]), int(cooling[j]), float(sse[i, j])


def fit_design(design: Design, options: EngineOptions) -> ModelFit:
    """The best model for the baseline readings of `design`."""
    best: tuple[_Candidate, _Fitter] | None = None
    readings = _Readings(design, options)
    for spread in options.degree_day_spreads_c:
        fitter = _Fitter(readings, spread)
        for structure in fitter.structures():
            if spread > 0 and structure.kind == "intercept_only":
                continue
            if not fitter.search(structure):
                continue
            # The search's residual is the fit's: a structure that cannot win is not fitted.
            if best is not None and fitter.bic(structure, structure.sse) > best[0].bic + 1e-6:
                continue
            candidate = fitter.fit(structure)
            if candidate is not None and (best is None or candidate.bic < best[0].bic - 1e-9):
                best = candidate, fitter
    if best is None:
        raise ValueError("no model can be fitted to fewer readings than coefficients")
    return best[1].model(best[0])
