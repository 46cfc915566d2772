"""Programme KPIs as plain functions of plain values: no ORM, no Django.

The dashboards, the exports and the programme report feed these from the database; the tests
feed them generated data. Percentages are Decimal percent (20 means 20 %), tonnes are Decimal
tonnes CO2e, money is Decimal DKK.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from carbon20.energy.calc.reduction import HUNDRED, reduction_percent
from carbon20.screening.calc import simple_payback_years


@dataclass(frozen=True)
class PartnershipFigures:
    """One partnership's measured result: baseline and latest year in tonnes CO2e."""

    baseline_t: Decimal
    current_t: Decimal
    target_percent: Decimal

    @property
    def saved_t(self) -> Decimal:
        return self.baseline_t - self.current_t

    @property
    def reduction_percent(self) -> Decimal:
        return reduction_percent(self.baseline_t, self.current_t)

    @property
    def reached_target(self) -> bool:
        return self.reduction_percent >= self.target_percent


@dataclass(frozen=True)
class Investment:
    """One action's expected economics: what it costs once and saves each year."""

    investment_dkk: Decimal
    annual_saving_dkk: Decimal

    @property
    def payback_years(self) -> Decimal | None:
        """Simple payback; an action that saves no money has none."""
        return simple_payback_years(self.investment_dkk, self.annual_saving_dkk)


def _measured(results: Iterable[PartnershipFigures]) -> list[PartnershipFigures]:
    return [r for r in results if r.baseline_t > 0]


def average_reduction(results: Iterable[PartnershipFigures]) -> Decimal | None:
    """Every company counts the same, whatever its size."""
    measured = _measured(results)
    if not measured:
        return None
    # Sorted, as the paybacks below: the quotients' sum must not depend on the row order.
    return sum(sorted(r.reduction_percent for r in measured), Decimal(0)) / len(measured)


def median_reduction(results: Iterable[PartnershipFigures]) -> Decimal | None:
    measured = _measured(results)
    if not measured:
        return None
    return Decimal(statistics.median(r.reduction_percent for r in measured))


def weighted_reduction(results: Iterable[PartnershipFigures]) -> Decimal | None:
    """Reduction of the companies taken together: each weighs by its baseline."""
    measured = _measured(results)
    baseline = sum((r.baseline_t for r in measured), Decimal(0))
    if baseline <= 0:
        return None
    return reduction_percent(baseline, sum((r.current_t for r in measured), Decimal(0)))


def tonnes_saved(results: Iterable[PartnershipFigures]) -> Decimal:
    """Net tonnes: a company that emits more than its baseline counts against the total."""
    return sum((r.saved_t for r in _measured(results)), Decimal(0))


def share_reaching_target(results: Iterable[PartnershipFigures]) -> Decimal | None:
    """Percent of the measured companies whose reduction reached their own target."""
    measured = _measured(results)
    if not measured:
        return None
    reached = sum(1 for r in measured if r.reached_target)
    return Decimal(reached) / len(measured) * HUNDRED


@dataclass(frozen=True)
class ReductionSummary:
    companies: int
    average_percent: Decimal | None
    median_percent: Decimal | None
    weighted_percent: Decimal | None
    tonnes_saved: Decimal
    share_reaching_target_percent: Decimal | None


def summarise_reductions(results: Sequence[PartnershipFigures]) -> ReductionSummary:
    return ReductionSummary(
        companies=len(_measured(results)),
        average_percent=average_reduction(results),
        median_percent=median_reduction(results),
        weighted_percent=weighted_reduction(results),
        tonnes_saved=tonnes_saved(results),
        share_reaching_target_percent=share_reaching_target(results),
    )


@dataclass(frozen=True)
class InvestmentSummary:
    actions: int
    investment_dkk: Decimal
    annual_saving_dkk: Decimal
    average_payback_years: Decimal | None
    portfolio_payback_years: Decimal | None


def summarise_investments(investments: Sequence[Investment]) -> InvestmentSummary:
    """Average payback is the mean of the actions' own paybacks (those that save money);
    portfolio payback is total investment over total annual saving."""
    # Sorted: a Decimal sum rounds at each step, so its last digits depended on the order the
    # database returned the rows in.
    paybacks = sorted(p for p in (i.payback_years for i in investments) if p is not None)
    total_investment = sum((i.investment_dkk for i in investments), Decimal(0))
    total_saving = sum((i.annual_saving_dkk for i in investments), Decimal(0))
    return InvestmentSummary(
        actions=len(investments),
        investment_dkk=total_investment,
        annual_saving_dkk=total_saving,
        average_payback_years=(sum(paybacks, Decimal(0)) / len(paybacks) if paybacks else None),
        portfolio_payback_years=simple_payback_years(total_investment, total_saving),
    )


STEPS = (1, 2, 3, 4, 5, 6)


def funnel(
    steps_by_group: Iterable[tuple[str, int, bool]],
) -> dict[str, dict[str, int]]:
    """Companies that reached each step, per group (municipality), from (group, current step,
    completed). A partnership at step 4 has passed steps 1–3, so it counts in all four;
    "completed" counts those whose step 6 is closed."""
    return funnel_of_counts(
        (group, step, completed, 1) for group, step, completed in steps_by_group
    )


def funnel_of_counts(
    counted: Iterable[tuple[str, int, bool, int]],
) -> dict[str, dict[str, int]]:
    """`funnel` from (group, current step, completed, how many partnerships) rows, as a
    database counts them."""
    rows: dict[str, dict[str, int]] = {}
    for group, step, completed, count in counted:
        if step not in STEPS:
            raise ValueError(f"Unknown step {step}.")
        counts = rows.setdefault(group, {**{str(s): 0 for s in STEPS}, "completed": 0})
        for reached in STEPS[:step]:
            counts[str(reached)] += count
        if completed:
            counts["completed"] += count
    return dict(sorted(rows.items()))


def at_step(steps: Iterable[int]) -> dict[int, int]:
    """Companies currently at each step (not cumulative)."""
    counted = Counter(steps)
    return {step: counted.get(step, 0) for step in STEPS}


@dataclass(frozen=True)
class SignupPoint:
    month: date
    new: int
    cumulative: int
    goal: int | None


def signup_period(start: date, end: date, signed_on: Iterable[date]) -> tuple[date, date]:
    """The period a sign-up chart covers: the programme's, widened to every agreement actually
    signed, so that an agreement signed before or after the programme's period shows."""
    dates = list(signed_on)
    return min([start, *dates]), max([end, *dates])


def signups_over_time(
    signed_on: Iterable[date],
    goal: int | None,
    start: date,
    end: date,
    *,
    goal_start: date | None = None,
    goal_end: date | None = None,
) -> list[SignupPoint]:
    """Sign-ups per month from start to end, cumulative, beside the programme's goal spread
    evenly over the months of the goal's period (by default start to end): the pace needed
    to reach it by the period's end. Before the goal's period the pace is 0, after it the
    whole goal."""
    if end < start:
        raise ValueError("The end is before the start.")
    first = start.replace(day=1)
    months = _months(first, end)
    goal_months = _months((goal_start or start).replace(day=1), goal_end or end)
    per_month = Counter(d.replace(day=1) for d in signed_on)
    before = sum(n for m, n in per_month.items() if m < first)
    points: list[SignupPoint] = []
    cumulative = before
    for month in months:
        new = per_month.get(month, 0)
        cumulative += new
        if goal is None:
            pace = None
        elif not goal_months:
            pace = goal
        else:
            elapsed = sum(1 for m in goal_months if m <= month)
            pace = round(goal * elapsed / len(goal_months))
        points.append(SignupPoint(month=month, new=new, cumulative=cumulative, goal=pace))
    return points


def _months(first: date, end: date) -> list[date]:
    months: list[date] = []
    month = first
    while month <= end:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


def count_by(keys: Iterable[str]) -> dict[str, int]:
    """Occurrences of each key, sorted by key: barriers by category, follow-ups by number."""
    return dict(sorted(Counter(keys).items()))


def cross_count(pairs: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Occurrences of each (row, column) pair: actions by focus area and status."""
    return cross_count_of_counts((row, column, 1) for row, column in pairs)


def cross_count_of_counts(counted: Iterable[tuple[str, str, int]]) -> dict[str, dict[str, int]]:
    """`cross_count` from (row, column, occurrences) rows, as a database counts them."""
    table: dict[str, Counter[str]] = {}
    for row, column, count in counted:
        table.setdefault(row, Counter())[column] += count
    return {row: dict(sorted(columns.items())) for row, columns in sorted(table.items())}


# --- Documented savings by evidence grade ---------------------------------------------------

EVIDENCE_GRADES = ("regression", "normalised", "bills", "deemed")
MEASURED_GRADES = ("regression", "normalised", "bills")


@dataclass(frozen=True)
class EvidenceTotal:
    """The figures of one evidence grade: how many, their tonnes CO2e saved, and (for
    regression) their uncertainty at 90 % added in quadrature."""

    evidence: str
    figures: int
    tonnes: Decimal
    uncertainty: Decimal | None


@dataclass(frozen=True)
class DocumentedSummary:
    by_evidence: list[EvidenceTotal]
    measured_t: Decimal
    # √(Σ u²) of the measured figures that state an uncertainty; None when none does.
    measured_uncertainty_t: Decimal | None
    deemed_t: Decimal


def _quadrature(values: Sequence[Decimal]) -> Decimal | None:
    if not values:
        return None
    return sum((value * value for value in values), Decimal(0)).sqrt().quantize(Decimal("0.001"))


def summarise_documented(figures: Iterable[dict[str, str | None]]) -> DocumentedSummary:
    """Totals per evidence grade of the documented figures (``followups.documented.as_json``
    rows; Decimals as strings). A figure without CO2e is counted nowhere; deemed is a total
    of its own and never part of the measured one."""
    tonnes: dict[str, Decimal] = dict.fromkeys(EVIDENCE_GRADES, Decimal(0))
    counts: Counter[str] = Counter()
    uncertainties: dict[str, list[Decimal]] = {grade: [] for grade in EVIDENCE_GRADES}
    for figure in figures:
        grade = figure.get("evidence")
        if grade not in tonnes or figure.get("co2e_saved_t") is None:
            continue
        tonnes[grade] += Decimal(str(figure["co2e_saved_t"]))
        counts[grade] += 1
        if figure.get("co2e_uncertainty_t") is not None:
            uncertainties[grade].append(Decimal(str(figure["co2e_uncertainty_t"])))
    return DocumentedSummary(
        by_evidence=[
            EvidenceTotal(grade, counts[grade], tonnes[grade], _quadrature(uncertainties[grade]))
            for grade in EVIDENCE_GRADES
        ],
        measured_t=sum((tonnes[grade] for grade in MEASURED_GRADES), Decimal(0)),
        measured_uncertainty_t=_quadrature(
            [u for grade in MEASURED_GRADES for u in uncertainties[grade]]
        ),
        deemed_t=tonnes["deemed"],
    )
