"""The figures a review page and its report show, fed from the models into the pure
calculations (`carbon20.screening.calc`, `carbon20.energy.calc.emissions`).

Four queries whatever the number of measures: the signed agreement, its factors, the
baseline rows and the measures.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from carbon20.energy.calc.carriers import NON_ENERGY_CARRIERS, canonical_unit
from carbon20.energy.calc.carriers import Carrier as CalcCarrier
from carbon20.energy.calc.emissions import Factor, MissingFactorsError, emissions
from carbon20.energy.models import Carrier, EmissionFactor, FactorSet
from carbon20.screening.calc import (
    KG_PER_TONNE,
    MeasureFigures,
    MissingFactorError,
    intensity,
    measure_figures,
)
from carbon20.screening.models import BaselineConsumption, Measure, TechnicalReview

UNIT_LABELS = {"kWh": "kWh", "m3": "m³", "tonne": "t"}


def unit_label(carrier: str) -> str:
    return UNIT_LABELS[canonical_unit(CalcCarrier(carrier)).value]


def carrier_labels() -> list[tuple[str, str, str]]:
    """(code, translated name, canonical unit) of every carrier, in the models' order."""
    return [(value, str(label), unit_label(value)) for value, label in Carrier.choices]


@dataclass
class PinnedFactors:
    """The emission factors of the partnership's signed agreement, or why there are none."""

    factor_set: FactorSet | None
    factors: list[EmissionFactor]
    target_percent: Decimal

    @property
    def by_carrier(self) -> dict[str, Decimal]:
        return {factor.carrier: factor.kg_co2e_per_unit for factor in self.factors}

    @property
    def table(self) -> dict[CalcCarrier, Factor]:
        return {
            CalcCarrier(f.carrier): Factor(CalcCarrier(f.carrier), f.kg_co2e_per_unit, f.scope)
            for f in self.factors
        }


def pinned_factors(partnership) -> PinnedFactors:
    agreement = partnership.signed_agreement
    target = agreement.target_percent if agreement else partnership.programme.target_percent
    if agreement is None or agreement.factor_set_id is None:
        return PinnedFactors(None, [], target)
    factor_set = agreement.factor_set
    return PinnedFactors(factor_set, list(factor_set.factors.order_by("carrier")), target)


@dataclass
class MeasureRow:
    measure: Measure
    figures: MeasureFigures | None
    missing_carriers: list[str] = field(default_factory=list)

    @property
    def savings_rows(self) -> list[tuple[str, Decimal, str]]:
        labels = dict(Carrier.choices)
        return [
            (str(labels[carrier]), amount, unit_label(carrier))
            for carrier, amount in self.measure.savings_decimal().items()
            if amount
        ]


def figures_for_measure(measure: Measure, factors: dict[str, Decimal]) -> MeasureRow:
    try:
        figures = measure_figures(
            measure.savings_decimal(),
            factors,
            measure.dkk_saved_per_year,
            measure.investment,
            measure.lifetime_years,
        )
    except MissingFactorError as error:
        labels = dict(Carrier.choices)
        return MeasureRow(measure, None, [str(labels[c]) for c in error.carriers])
    return MeasureRow(measure, figures)


@dataclass
class BaselineRow:
    line: BaselineConsumption
    unit: str
    kg_co2e: Decimal | None


@dataclass
class ReviewFigures:
    pinned: PinnedFactors
    baseline: list[BaselineRow]
    measures: list[MeasureRow]
    baseline_kg: Decimal | None
    energy_kwh: Decimal
    kwh_per_m2: Decimal | None
    kwh_per_employee: Decimal | None
    problems: list[str]

    @property
    def potential_kg(self) -> Decimal:
        return sum((r.figures.co2e_kg_per_year for r in self.measures if r.figures), Decimal(0))

    @property
    def potential_tonnes(self) -> Decimal:
        return self.potential_kg / KG_PER_TONNE

    @property
    def potential_dkk(self) -> Decimal:
        return sum((r.measure.dkk_saved_per_year for r in self.measures), Decimal(0))

    @property
    def investment(self) -> Decimal:
        return sum((r.measure.investment for r in self.measures), Decimal(0))

    @property
    def baseline_tonnes(self) -> Decimal | None:
        return None if self.baseline_kg is None else self.baseline_kg / KG_PER_TONNE

    @property
    def required_kg(self) -> Decimal | None:
        if self.baseline_kg is None:
            return None
        return self.baseline_kg * self.pinned.target_percent / 100

    @property
    def required_tonnes(self) -> Decimal | None:
        required = self.required_kg
        return None if required is None else required / KG_PER_TONNE

    @property
    def potential_percent(self) -> Decimal | None:
        if not self.baseline_kg:
            return None
        return self.potential_kg * 100 / self.baseline_kg

    @property
    def reaches_target(self) -> bool | None:
        required = self.required_kg
        return None if required is None else self.potential_kg >= required


def review_figures(review: TechnicalReview) -> ReviewFigures:
    pinned = pinned_factors(review.partnership)
    problems: list[str] = []
    if pinned.factor_set is None:
        problems.append(
            _("The signed agreement pins no emission factor set, so no CO2e can be computed.")
        )
    lines = list(review.baseline.all())
    quantities = {CalcCarrier(line.carrier): line.quantity for line in lines}
    baseline_kg: Decimal | None = None
    per_carrier: dict[str, Decimal] = {}
    if pinned.factor_set is not None and lines:
        try:
            result = emissions(quantities, pinned.table)
        except MissingFactorsError as error:
            labels = dict(Carrier.choices)
            problems.append(
                _("The factor set %(set)s has no factor for: %(carriers)s.")
                % {
                    "set": pinned.factor_set,
                    "carriers": ", ".join(str(labels[c]) for c in error.carriers),
                }
            )
        else:
            baseline_kg = result.total_kg
            per_carrier = {row.carrier.value: row.kg_co2e for row in result.by_carrier}
    energy_kwh = sum(
        (line.quantity for line in lines if CalcCarrier(line.carrier) not in NON_ENERGY_CARRIERS),
        Decimal(0),
    )
    factors = pinned.by_carrier
    measure_rows = [
        figures_for_measure(measure, factors)
        for measure in review.measures.select_related("obligation_company")
    ]
    if pinned.factor_set is not None:
        missing = sorted({c for row in measure_rows for c in row.missing_carriers})
        if missing:
            problems.append(
                _("Measures save carriers that the factor set has no factor for: %(carriers)s.")
                % {"carriers": ", ".join(missing)}
            )
    return ReviewFigures(
        pinned=pinned,
        baseline=[
            BaselineRow(line, unit_label(line.carrier), per_carrier.get(line.carrier))
            for line in lines
        ],
        measures=measure_rows,
        baseline_kg=baseline_kg,
        energy_kwh=energy_kwh,
        kwh_per_m2=intensity(energy_kwh, review.floor_area_m2),
        kwh_per_employee=intensity(energy_kwh, review.employees),
        problems=problems,
    )
