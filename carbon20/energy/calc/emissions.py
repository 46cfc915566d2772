"""CO2e of quantities by carrier and scope.

Each carrier's CO2e is rounded once, to whole kg (half up), and totals are sums of those
rounded figures, so every table adds up to the total printed under it.

`MissingFactorsError` is the one exception for "the factor set has no factor for a carrier
in use", raised here and by every calculation that multiplies by factors. A strict total
(`emissions`) refuses it; `factored_emissions` computes every carrier that has a factor and
names the others, so one carrier without a factor never blanks the rest. `counted_emissions`
is the rule for a company's consumption: every energy carrier needs a factor, while water
and waste count in CO2e only when the set has a factor for them.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from carbon20.energy.calc.carriers import NON_ENERGY_CARRIERS, Carrier, Unit, canonical_unit

KG = Decimal("1")


def round_kg(value: Decimal) -> Decimal:
    return value.quantize(KG, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Factor:
    carrier: Carrier
    kg_co2e_per_unit: Decimal
    scope: int


FactorTable = Mapping[Carrier, Factor]


class MissingFactorsError(LookupError):
    """The factor set has no factor for carriers that are in use."""

    def __init__(self, carriers: Iterable[Carrier]) -> None:
        self.carriers = tuple(sorted(set(carriers)))
        super().__init__("no emission factor for " + ", ".join(self.carriers))


@dataclass(frozen=True)
class CarrierEmissions:
    carrier: Carrier
    canonical_unit: Unit
    canonical_quantity: Decimal
    kg_co2e_per_unit: Decimal
    scope: int
    kg_co2e: Decimal


@dataclass(frozen=True)
class EmissionsResult:
    by_carrier: tuple[CarrierEmissions, ...]
    by_scope: dict[int, Decimal] = field(default_factory=dict)
    # Carriers with a quantity but no factor: left out of every total above.
    without_factor: tuple[Carrier, ...] = ()

    @property
    def total_kg(self) -> Decimal:
        return sum((row.kg_co2e for row in self.by_carrier), Decimal("0"))

    def kg_for(self, carrier: Carrier) -> Decimal:
        for row in self.by_carrier:
            if row.carrier == carrier:
                return row.kg_co2e
        return Decimal("0")


def check_factors(carriers: Iterable[Carrier], factors: FactorTable) -> None:
    missing = [carrier for carrier in carriers if carrier not in factors]
    if missing:
        raise MissingFactorsError(missing)


def check_energy_factors(carriers: Iterable[Carrier], factors: FactorTable) -> None:
    check_factors((c for c in carriers if c not in NON_ENERGY_CARRIERS), factors)


def counted_emissions(
    quantities: Mapping[Carrier, Decimal], factors: FactorTable
) -> EmissionsResult:
    """Refuses an energy carrier without a factor; leaves water and waste without one out."""
    check_energy_factors(quantities, factors)
    return factored_emissions(quantities, factors)


def emissions(quantities: Mapping[Carrier, Decimal], factors: FactorTable) -> EmissionsResult:
    """CO2e of canonical quantities per carrier. Refuses when any carrier lacks a factor."""
    check_factors(quantities, factors)
    return factored_emissions(quantities, factors)


def factored_emissions(
    quantities: Mapping[Carrier, Decimal], factors: FactorTable
) -> EmissionsResult:
    """CO2e of every carrier that has a factor; the others are named in `without_factor`."""
    rows: list[CarrierEmissions] = []
    by_scope: dict[int, Decimal] = {}
    for carrier in Carrier:
        if carrier not in quantities or carrier not in factors:
            continue
        factor = factors[carrier]
        kg = round_kg(quantities[carrier] * factor.kg_co2e_per_unit)
        rows.append(
            CarrierEmissions(
                carrier=carrier,
                canonical_unit=canonical_unit(carrier),
                canonical_quantity=quantities[carrier],
                kg_co2e_per_unit=factor.kg_co2e_per_unit,
                scope=factor.scope,
                kg_co2e=kg,
            )
        )
        by_scope[factor.scope] = by_scope.get(factor.scope, Decimal("0")) + kg
    return EmissionsResult(
        by_carrier=tuple(rows),
        by_scope=dict(sorted(by_scope.items())),
        without_factor=tuple(
            carrier for carrier in Carrier if carrier in quantities and carrier not in factors
        ),
    )
