"""The district heating factor of a result: the supplier's declared kg CO2e per GJ when the
supplier has one for the year, else the national average of the factor set, marked as the
fallback so that every page can say which was used.

1 GJ = 10⁹ J and 1 kWh = 3.6 × 10⁶ J, so 1 kWh = 0.0036 GJ and kg/kWh = kg/GJ × 0.0036 (exact).
Fjernvarme Fyn's 15.82 kg/GJ for 2023 is 0.056952 kg/kWh, the 56.95 kg/MWh it publishes.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.calc.emissions import Factor, FactorTable

GJ_PER_KWH = Decimal("0.0036")


def kg_per_kwh(kg_per_gj: Decimal) -> Decimal:
    return kg_per_gj * GJ_PER_KWH


@dataclass(frozen=True)
class Declaration:
    """The declaration in force for one year, as plain values."""

    supplier: str
    year: int
    version: int
    kg_co2e_per_gj: Decimal
    method: str


@dataclass(frozen=True)
class HeatFactor:
    """The district heating factor used: the declaration, or (declaration None) the fallback."""

    year: int
    declaration: Declaration | None
    kg_co2e_per_kwh: Decimal | None

    @property
    def is_fallback(self) -> bool:
        return self.declaration is None


def choose(year: int, declarations: Mapping[int, Declaration], factors: FactorTable) -> HeatFactor:
    """The supplier's declaration for `year` if there is one, else the table's own factor."""
    declaration = declarations.get(year)
    if declaration is not None:
        return HeatFactor(year, declaration, kg_per_kwh(declaration.kg_co2e_per_gj))
    national = factors.get(Carrier.DISTRICT_HEATING)
    return HeatFactor(year, None, national.kg_co2e_per_unit if national else None)


def apply(factors: FactorTable, heat: HeatFactor) -> dict[Carrier, Factor]:
    """A copy of the table with district heating at the chosen factor; the scope stays the
    table's (2, purchased energy) and a fallback keeps the table's own factor."""
    replaced = dict(factors)
    if heat.declaration is None or heat.kg_co2e_per_kwh is None:
        return replaced
    scope = factors[Carrier.DISTRICT_HEATING].scope if Carrier.DISTRICT_HEATING in factors else 2
    replaced[Carrier.DISTRICT_HEATING] = Factor(
        Carrier.DISTRICT_HEATING, heat.kg_co2e_per_kwh, scope
    )
    return replaced
