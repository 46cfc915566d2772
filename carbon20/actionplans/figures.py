"""The plan's position against the target, the least-cost proposal and the MAC curve, fed
from the models into the pure modules (`carbon20.screening.calc`,
`carbon20.actionplans.optimise`). A fixed number of queries whatever the number of actions.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from carbon20.actionplans.models import Action, ActionPlan, ActionStatus, ActionStatusChange
from carbon20.actionplans.optimise import (
    Candidate,
    LeastCostPlan,
    MacStep,
    least_cost_plan,
    mac_curve,
    net_cost_per_year,
)
from carbon20.energy.calc.emissions import FactorTable, MissingFactorsError
from carbon20.screening.calc import KG_PER_TONNE, co2e_saved_kg
from carbon20.screening.figures import MeasureRow, ReviewFigures, review_figures
from carbon20.screening.models import TechnicalReview


@dataclass
class ActionRow:
    action: Action
    kg_co2e: Decimal | None
    history: list[ActionStatusChange] = field(default_factory=list)

    @property
    def tonnes(self) -> Decimal | None:
        return None if self.kg_co2e is None else self.kg_co2e / KG_PER_TONNE


@dataclass
class PlanFigures:
    technical_review: TechnicalReview | None
    review: ReviewFigures | None
    actions: list[ActionRow]

    @property
    def target_percent(self) -> Decimal | None:
        return self.review.pinned.target_percent if self.review else None

    @property
    def baseline_tonnes(self) -> Decimal | None:
        return self.review.baseline_tonnes if self.review else None

    @property
    def target_tonnes(self) -> Decimal | None:
        """The emissions the company aims for: baseline × (1 − target %)."""
        baseline, percent = self.baseline_tonnes, self.target_percent
        if baseline is None or percent is None:
            return None
        return baseline * (1 - percent / 100)

    @property
    def required_tonnes(self) -> Decimal | None:
        return self.review.required_tonnes if self.review else None

    @property
    def expected_tonnes(self) -> Decimal:
        """Expected reduction of the actions not dropped."""
        return sum(
            (
                row.tonnes
                for row in self.actions
                if row.tonnes is not None and row.action.status != ActionStatus.DROPPED
            ),
            Decimal(0),
        )

    @property
    def gap_tonnes(self) -> Decimal | None:
        required = self.required_tonnes
        if required is None:
            return None
        return max(Decimal(0), required - self.expected_tonnes)

    @property
    def measure_rows(self) -> list[MeasureRow]:
        return self.review.measures if self.review else []

    def least_cost(self) -> LeastCostPlan | None:
        """The set of the review's measures with the least net yearly cost that alone reaches
        the target (see `carbon20.actionplans.optimise`)."""
        required = self.required_tonnes
        if required is None:
            return None
        candidates = [
            Candidate(
                str(row.measure.uuid),
                row.figures.co2e_tonnes_per_year,
                row.measure.investment,
                net_cost_per_year(
                    row.measure.investment,
                    row.measure.dkk_saved_per_year,
                    row.measure.lifetime_years,
                ),
            )
            for row in self.measure_rows
            if row.figures is not None
        ]
        return least_cost_plan(candidates, required)

    def mac_steps(self) -> list[tuple[MacStep, MeasureRow]]:
        # Keyed by the measure's number, so that equal costs keep the review's order.
        rows = {f"{row.measure.number:05d}": row for row in self.measure_rows}
        steps = mac_curve(
            [
                (key, row.figures.co2e_tonnes_per_year, row.figures.cost_per_tonne)
                for key, row in rows.items()
                if row.figures is not None
            ]
        )
        return [(step, rows[step.key]) for step in steps]


def plan_figures(plan: ActionPlan) -> PlanFigures:
    review = (
        TechnicalReview.objects.filter(partnership_id=plan.partnership_id)
        .select_related("partnership__programme")
        .first()
    )
    figures = review_figures(review) if review is not None else None
    factors: FactorTable = figures.pinned.table if figures else {}
    rows = []
    for action in plan.actions.select_related("measure").order_by("deadline", "title"):
        try:
            kg: Decimal | None = co2e_saved_kg(action.savings_decimal(), factors)
        except MissingFactorsError:
            kg = None
        rows.append(ActionRow(action, kg))
    return PlanFigures(review, figures, rows)
