"""Figures of a technical review's measures, computed from what the consultant enters.

Plain typed Python with no ORM, so that the figures a page, a PDF and the action plan show
come from one place and can be tested on their own.

Definitions (they are also printed in the method section of the screening report):

* **CO2e saved per year** (kg): for each energy carrier, the yearly saving in the carrier's
  canonical unit times the factor (kg CO2e per canonical unit) of the factor set that the
  partnership's agreement pins, summed over the carriers.
* **Simple payback** (years): investment / DKK saved per year. None when the measure saves
  no money; 0 when it costs nothing and saves money.
* **Cost per tonne** (DKK per tonne CO2e): the net yearly cost of the measure per tonne it
  saves, undiscounted, with the investment spread evenly over the lifetime:

      (investment / lifetime − DKK saved per year) / tonnes CO2e saved per year

  A negative value means the measure pays for itself within its lifetime: the usual reading
  of a marginal abatement cost curve. None when the measure saves no CO2e.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.calc.emissions import FactorTable, MissingFactorsError

KG_PER_TONNE = Decimal(1000)


@dataclass(frozen=True)
class MeasureFigures:
    co2e_kg_per_year: Decimal
    simple_payback_years: Decimal | None
    cost_per_tonne: Decimal | None

    @property
    def co2e_tonnes_per_year(self) -> Decimal:
        return self.co2e_kg_per_year / KG_PER_TONNE


def co2e_saved_kg(savings: Mapping[str, Decimal], factors: FactorTable) -> Decimal:
    """kg CO2e saved per year; raises MissingFactorsError naming every carrier without a
    factor, so that the page can say which ones to add."""
    saved = {Carrier(code): amount for code, amount in savings.items() if amount}
    missing = [carrier for carrier in saved if carrier not in factors]
    if missing:
        raise MissingFactorsError(missing)
    return sum(
        (amount * factors[carrier].kg_co2e_per_unit for carrier, amount in saved.items()),
        Decimal(0),
    )


def simple_payback_years(investment: Decimal, dkk_saved_per_year: Decimal) -> Decimal | None:
    """The one payback rule (the action plan and the programme KPIs use it too): exact, not
    rounded; None when nothing is saved."""
    if dkk_saved_per_year <= 0:
        return None
    return investment / dkk_saved_per_year


def cost_per_tonne(
    investment: Decimal,
    dkk_saved_per_year: Decimal,
    co2e_kg_per_year: Decimal,
    lifetime_years: int,
) -> Decimal | None:
    if lifetime_years <= 0:
        raise ValueError("lifetime_years must be positive")
    if co2e_kg_per_year <= 0:
        return None
    tonnes_per_year = co2e_kg_per_year / KG_PER_TONNE
    return (investment / lifetime_years - dkk_saved_per_year) / tonnes_per_year


def measure_figures(
    savings: Mapping[str, Decimal],
    factors: FactorTable,
    dkk_saved_per_year: Decimal,
    investment: Decimal,
    lifetime_years: int,
) -> MeasureFigures:
    co2e = co2e_saved_kg(savings, factors)
    return MeasureFigures(
        co2e_kg_per_year=co2e,
        simple_payback_years=simple_payback_years(investment, dkk_saved_per_year),
        cost_per_tonne=cost_per_tonne(investment, dkk_saved_per_year, co2e, lifetime_years),
    )


def intensity(total: Decimal, per: Decimal | int | None) -> Decimal | None:
    """A key figure such as kWh per m² or per employee; None when the divisor is unknown."""
    if not per or per <= 0:
        return None
    return (total / Decimal(per)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
