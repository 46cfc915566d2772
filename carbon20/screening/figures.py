"""The figures a review page and its report show, fed from the models into the pure
calculations (`carbon20.screening.calc`, `carbon20.energy.calc.emissions`).

Four queries whatever the number of measures: the signed agreement, its factors, the
baseline rows and the measures.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from carbon20.agreements.pinning import PinnedFactors, pinned_factors
from carbon20.energy.calc.carriers import NON_ENERGY_CARRIERS, canonical_unit
from carbon20.energy.calc.carriers import Carrier as CalcCarrier
from carbon20.energy.calc.emissions import FactorTable, MissingFactorsError, factored_emissions
from carbon20.energy.models import Carrier
from carbon20.screening.calc import (
    KG_PER_TONNE,
    MeasureFigures,
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


def figures_for_measure(measure: Measure, factors: FactorTable) -> MeasureRow:
    try:
        figures = measure_figures(
            measure.savings_decimal(),
            factors,
            measure.dkk_saved_per_year,
            measure.investment,
            measure.lifetime_years,
        )
    except MissingFactorsError as error:
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
    # Baseline carriers left out of baseline_kg because the pinned set has no factor for
    # them (carrier codes): energy carriers make the baseline CO2e incomplete; water and
    # waste simply count only when a factor exists.
    carriers_without_factor: list[str] = field(default_factory=list)

    @property
    def energy_carriers_without_factor(self) -> list[str]:
        return [
            code
            for code in self.carriers_without_factor
            if CalcCarrier(code) not in NON_ENERGY_CARRIERS
        ]

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
    without_factor: list[str] = []
    if pinned.factor_set is not None and lines:
        result = factored_emissions(quantities, pinned.table)
        without_factor = [carrier.value for carrier in result.without_factor]
        if result.by_carrier:
            baseline_kg = result.total_kg
            per_carrier = {row.carrier.value: row.kg_co2e for row in result.by_carrier}
        labels = dict(Carrier.choices)
        lacking_energy = [c for c in result.without_factor if c not in NON_ENERGY_CARRIERS]
        lacking_other = [c for c in result.without_factor if c in NON_ENERGY_CARRIERS]
        if lacking_energy:
            problems.append(
                _(
                    "The factor set %(set)s has no factor for: %(carriers)s. The baseline CO2e "
                    "and the target leave these carriers out."
                )
                % {
                    "set": pinned.factor_set,
                    "carriers": ", ".join(str(labels[c]) for c in lacking_energy),
                }
            )
        if lacking_other:
            problems.append(
                _("Not counted in CO2e, as the factor set %(set)s has no factor: %(carriers)s.")
                % {
                    "set": pinned.factor_set,
                    "carriers": ", ".join(str(labels[c]) for c in lacking_other),
                }
            )
    energy_kwh = sum(
        (line.quantity for line in lines if CalcCarrier(line.carrier) not in NON_ENERGY_CARRIERS),
        Decimal(0),
    )
    measure_rows = [
        figures_for_measure(measure, pinned.table)
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
        carriers_without_factor=without_factor,
    )
