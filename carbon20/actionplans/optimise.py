"""The least-cost set of measures that reaches a required CO2e reduction, and the marginal
abatement cost (MAC) curve.

Plain typed Python with no ORM. The objective is the one the MAC curve draws: the least
net yearly cost, that is each measure's investment spread over its lifetime less the money
it saves a year (the curve's cost per tonne times its tonnes). A measure that pays for
itself has a negative net cost, so it is always part of the plan; only measures that save
CO2e are candidates. The optimisation is exact: a 0/1 integer programme solved with SciPy's
MILP (HiGHS) with a relative gap of zero. To keep the arithmetic exact the inputs are
turned into integers first: reductions to whole kilograms CO2e per year, net yearly costs
and investments to øre. Among several sets with the same least net yearly cost the choice
is made deterministically, in this order: the smaller investment, then the larger
reduction, then the fewer measures, then the measures listed first.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp  # type: ignore[import-untyped]

KG_PER_TONNE = Decimal(1000)
ORE_PER_DKK = Decimal(100)


@dataclass(frozen=True)
class Candidate:
    """A measure that may be chosen: its yearly reduction, its investment and its net yearly
    cost (investment ÷ lifetime − DKK saved a year; negative when it pays for itself, 0 when
    only the investment is known)."""

    key: str
    tonnes_per_year: Decimal
    investment: Decimal
    net_cost_per_year: Decimal = Decimal(0)


def net_cost_per_year(
    investment: Decimal, dkk_saved_per_year: Decimal, lifetime_years: int
) -> Decimal:
    """A measure's net yearly cost: its investment spread evenly over its lifetime, less the
    money it saves a year (the numerator of the MAC curve's cost per tonne)."""
    if lifetime_years <= 0:
        raise ValueError("lifetime_years must be positive")
    return investment / lifetime_years - dkk_saved_per_year


@dataclass(frozen=True)
class LeastCostPlan:
    required_tonnes: Decimal
    feasible: bool
    chosen: tuple[str, ...]
    investment: Decimal
    tonnes_per_year: Decimal
    # What all measures together reach: shown when no set reaches the requirement.
    achievable_tonnes: Decimal
    # The objective's value for the chosen set, DKK a year (negative: it saves money).
    net_cost_per_year: Decimal = Decimal(0)

    @property
    def shortfall_tonnes(self) -> Decimal:
        return max(Decimal(0), self.required_tonnes - self.achievable_tonnes)


@dataclass(frozen=True)
class MacStep:
    key: str
    cost_per_tonne: Decimal
    tonnes_per_year: Decimal
    cumulative_from: Decimal
    cumulative_to: Decimal


def _kg(tonnes: Decimal) -> int:
    return int((tonnes * KG_PER_TONNE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ore(dkk: Decimal) -> int:
    return int((dkk * ORE_PER_DKK).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _solve(
    objective: np.ndarray,
    rows: list[tuple[np.ndarray, float, float]],
    fixed: dict[int, int],
    size: int,
) -> np.ndarray | None:
    lower = np.zeros(size)
    upper = np.ones(size)
    for index, value in fixed.items():
        lower[index] = upper[index] = value
    constraints = [LinearConstraint(row.reshape(1, -1), lb, ub) for row, lb, ub in rows]
    result = milp(
        objective,
        integrality=np.ones(size),
        bounds=Bounds(lower, upper),
        constraints=constraints,
        options={"mip_rel_gap": 0.0, "presolve": True},
    )
    if result.status != 0 or result.x is None:
        return None
    chosen: np.ndarray = np.rint(result.x).astype(np.int64)
    return chosen


def least_cost_plan(candidates: Sequence[Candidate], required_tonnes: Decimal) -> LeastCostPlan:
    """The set of candidates with the least net yearly cost whose reductions add up to at
    least `required_tonnes`; `feasible` is False when even all of them fall short. Every
    measure that saves CO2e and pays for itself is in the set, even beyond the requirement."""
    if any(candidate.investment < 0 for candidate in candidates):
        raise ValueError("investments must not be negative")
    keys = [candidate.key for candidate in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("candidate keys must be unique")

    kg_all = [_kg(candidate.tonnes_per_year) for candidate in candidates]
    # Measures that save nothing can never help to reach a requirement, and one that saves
    # money without saving CO2e is not a climate measure.
    usable = [index for index, kg in enumerate(kg_all) if kg > 0]
    kg = np.array([kg_all[index] for index in usable], dtype=np.int64)
    ore = np.array([_ore(candidates[index].investment) for index in usable], dtype=np.int64)
    net = np.array([_ore(candidates[index].net_cost_per_year) for index in usable], dtype=np.int64)
    required_kg = max(
        0, int((required_tonnes * KG_PER_TONNE).quantize(Decimal(1), rounding=ROUND_CEILING))
    )
    achievable_kg = int(kg.sum())
    achievable = Decimal(achievable_kg) / KG_PER_TONNE

    if achievable_kg < required_kg:
        return LeastCostPlan(required_tonnes, False, (), Decimal(0), Decimal(0), achievable)
    if not usable:
        return LeastCostPlan(required_tonnes, True, (), Decimal(0), Decimal(0), achievable)

    size = len(usable)
    kg_f = kg.astype(float)
    ore_f = ore.astype(float)
    net_f = net.astype(float)
    ones = np.ones(size)
    rows: list[tuple[np.ndarray, float, float]] = [(kg_f, float(required_kg), np.inf)]

    # Lexicographic optimisation, one stage per criterion: each stage keeps the optimum of
    # the ones before it as a constraint. All data are integers, so the bounds are exact.
    stages: list[tuple[np.ndarray, np.ndarray, int]] = [
        (net_f, net_f, 1),
        (ore_f, ore_f, 1),
        (-kg_f, kg_f, -1),
        (ones, ones, 1),
    ]
    solution: np.ndarray | None = None
    for objective, row, sense in stages:
        solution = _solve(objective, rows, {}, size)
        if solution is None:
            raise RuntimeError("the solver found no solution to a feasible problem")
        best = float(row @ solution)
        rows.append((row, -np.inf, best) if sense == 1 else (row, best, np.inf))

    # The measures listed first: fix each variable in turn, to 1 when a solution still exists.
    fixed: dict[int, int] = {}
    for index in range(size):
        trial = _solve(np.zeros(size), rows, {**fixed, index: 1}, size)
        if trial is not None:
            fixed[index] = 1
            solution = trial
        else:
            fixed[index] = 0
    assert solution is not None
    picked = [index for index in range(size) if solution[index] == 1]
    return LeastCostPlan(
        required_tonnes=required_tonnes,
        feasible=True,
        chosen=tuple(keys[usable[index]] for index in picked),
        investment=Decimal(int(ore[picked].sum())) / ORE_PER_DKK,
        tonnes_per_year=Decimal(int(kg[picked].sum())) / KG_PER_TONNE,
        achievable_tonnes=achievable,
        net_cost_per_year=Decimal(int(net[picked].sum())) / ORE_PER_DKK,
    )


def mac_curve(points: Sequence[tuple[str, Decimal, Decimal | None]]) -> list[MacStep]:
    """The MAC curve from (key, tonnes per year, cost per tonne) triples: the measures that
    save CO2e, cheapest tonne first (ties by key), each spanning its share of the
    cumulative reduction."""
    usable = sorted(
        ((cost, key, tonnes) for key, tonnes, cost in points if cost is not None and tonnes > 0),
        key=lambda item: (item[0], item[1]),
    )
    steps: list[MacStep] = []
    cumulative = Decimal(0)
    for cost, key, tonnes in usable:
        steps.append(MacStep(key, cost, tonnes, cumulative, cumulative + tonnes))
        cumulative += tonnes
    return steps
