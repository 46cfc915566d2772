"""Carriers and units as plain codes, shared by the calculations and the models' choices."""

from decimal import Decimal
from enum import StrEnum


class Carrier(StrEnum):
    ELECTRICITY = "electricity"
    DISTRICT_HEATING = "district_heating"
    NATURAL_GAS = "natural_gas"
    HEATING_OIL = "heating_oil"
    LPG = "lpg"
    DIESEL = "diesel"
    PETROL = "petrol"
    WOOD_PELLETS = "wood_pellets"
    WOOD_CHIPS = "wood_chips"
    WATER = "water"
    WASTE = "waste"


class Unit(StrEnum):
    KWH = "kWh"
    MWH = "MWh"
    GJ = "GJ"
    M3 = "m3"
    LITRE = "litre"
    KG = "kg"
    TONNE = "tonne"


NON_ENERGY_CARRIERS: frozenset[Carrier] = frozenset({Carrier.WATER, Carrier.WASTE})


def canonical_unit(carrier: Carrier) -> Unit:
    """kWh for energy carriers, m³ for water, tonnes for waste."""
    if carrier is Carrier.WATER:
        return Unit.M3
    if carrier is Carrier.WASTE:
        return Unit.TONNE
    return Unit.KWH


# Carriers bought mainly for space heating. The issue names district heating and natural
# gas; heating oil and wood fuels are burnt in the same boilers, so they default the same way.
# Electricity, LPG and transport fuels mostly serve processes and vehicles.
SPACE_HEATING_CARRIERS: frozenset[Carrier] = frozenset(
    {
        Carrier.DISTRICT_HEATING,
        Carrier.NATURAL_GAS,
        Carrier.HEATING_OIL,
        Carrier.WOOD_PELLETS,
        Carrier.WOOD_CHIPS,
    }
)


def default_heated_share_percent(carrier: Carrier) -> Decimal:
    return Decimal("100") if carrier in SPACE_HEATING_CARRIERS else Decimal("0")
