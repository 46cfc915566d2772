"""Unit conversion per carrier. Calorific values and densities are data, each with its source
(see /work/shared/reference-data/REFERENCE.md §1.1); the arithmetic keeps full Decimal
precision and leaves rounding to whoever stores or shows the result."""

from dataclasses import dataclass
from decimal import Decimal

from carbon20.energy.calc.carriers import Carrier, Unit, canonical_unit

SI = "SI definition: 1 kWh = 3.6 MJ"
HB2016 = (
    "HB2016 energy-labelling handbook, Brændværdier og CO2-emissionsfaktorer "
    "(https://hbemo.dk/haandbog-for-energikonsulenter-hb2016-2018/vejledende-tekniske-"
    "anvisninger-i-tabelform/braendsel/braendvaerdier-og-co2-emissionsfaktorer), reliability B"
)
STAT_GL = (
    "Grønlands Statistik, Metode og beregningsfaktorer 2020, citing Energistyrelsen "
    "(https://stat.gl/publ/da/EN/202202/metoder/Metode%20og%20beregningsfaktorer.htm), "
    "reliability B"
)
METRIC = "Metric definition"

KWH_PER_GJ = Decimal("1000") / Decimal("3.6")


class UnitNotAllowedError(ValueError):
    def __init__(self, carrier: Carrier, unit: Unit) -> None:
        super().__init__(f"{unit} is not a unit of {carrier}")
        self.carrier = carrier
        self.unit = unit


@dataclass(frozen=True)
class Conversion:
    """How many canonical units one entered unit holds, and where that number comes from."""

    carrier: Carrier
    unit: Unit
    canonical_per_unit: Decimal
    source: str


def _gj_per_tonne_to_kwh_per_kg(gj_per_tonne: str) -> Decimal:
    return Decimal(gj_per_tonne) * KWH_PER_GJ / Decimal("1000")


_ENERGY_UNITS: dict[Unit, tuple[Decimal, str]] = {
    Unit.KWH: (Decimal("1"), SI),
    Unit.MWH: (Decimal("1000"), SI),
    Unit.GJ: (KWH_PER_GJ, SI),
}

# Diesel and petrol: net calorific value (GJ/t) and density (t/m³ = kg/l) from stat.gl.
_DIESEL_KWH_PER_KG = _gj_per_tonne_to_kwh_per_kg("42.90")
_DIESEL_KG_PER_LITRE = Decimal("0.82")
_PETROL_KWH_PER_KG = _gj_per_tonne_to_kwh_per_kg("43.80")
_PETROL_KG_PER_LITRE = Decimal("0.74")
# LPG: HB2016 gives 12,800 kWh per tonne; HB2016 gives no density, stat.gl gives 0.54 t/m³.
_LPG_KWH_PER_KG = Decimal("12.8")
_LPG_KG_PER_LITRE = Decimal("0.54")

_FUEL_UNITS: dict[Carrier, dict[Unit, tuple[Decimal, str]]] = {
    Carrier.NATURAL_GAS: {Unit.M3: (Decimal("11.00"), f"Naturgas 11.00 kWh/m³: {HB2016}")},
    Carrier.HEATING_OIL: {
        Unit.LITRE: (Decimal("10.10"), f"Fyringsgasolie 10.10 kWh/litre: {HB2016}"),
        Unit.KG: (Decimal("11.90"), f"Fyringsgasolie 11.90 kWh/kg: {HB2016}"),
        Unit.TONNE: (Decimal("11900"), f"Fyringsgasolie 11.90 kWh/kg: {HB2016}"),
    },
    Carrier.LPG: {
        Unit.KG: (_LPG_KWH_PER_KG, f"LPG 12,800 kWh/tonne: {HB2016}"),
        Unit.TONNE: (_LPG_KWH_PER_KG * 1000, f"LPG 12,800 kWh/tonne: {HB2016}"),
        Unit.LITRE: (
            _LPG_KWH_PER_KG * _LPG_KG_PER_LITRE,
            f"LPG 12,800 kWh/tonne: {HB2016}; density 0.54 t/m³: {STAT_GL}",
        ),
    },
    Carrier.DIESEL: {
        Unit.KG: (_DIESEL_KWH_PER_KG, f"Gas-/dieselolie 42.90 GJ/t: {STAT_GL}"),
        Unit.TONNE: (_DIESEL_KWH_PER_KG * 1000, f"Gas-/dieselolie 42.90 GJ/t: {STAT_GL}"),
        Unit.LITRE: (
            _DIESEL_KWH_PER_KG * _DIESEL_KG_PER_LITRE,
            f"Gas-/dieselolie 42.90 GJ/t, density 0.82 t/m³: {STAT_GL}",
        ),
    },
    Carrier.PETROL: {
        Unit.KG: (_PETROL_KWH_PER_KG, f"Motorbenzin 43.80 GJ/t: {STAT_GL}"),
        Unit.TONNE: (_PETROL_KWH_PER_KG * 1000, f"Motorbenzin 43.80 GJ/t: {STAT_GL}"),
        Unit.LITRE: (
            _PETROL_KWH_PER_KG * _PETROL_KG_PER_LITRE,
            f"Motorbenzin 43.80 GJ/t, density 0.74 t/m³: {STAT_GL}",
        ),
    },
    Carrier.WOOD_PELLETS: {
        Unit.KG: (Decimal("4.861"), f"Træpiller 4,861 kWh/tonne: {HB2016}"),
        Unit.TONNE: (Decimal("4861"), f"Træpiller 4,861 kWh/tonne: {HB2016}"),
    },
    Carrier.WOOD_CHIPS: {
        Unit.KG: (Decimal("2.600"), f"Træflis 2,600 kWh/tonne: {HB2016}"),
        Unit.TONNE: (Decimal("2600"), f"Træflis 2,600 kWh/tonne: {HB2016}"),
    },
}

_RESOURCE_UNITS: dict[Carrier, dict[Unit, tuple[Decimal, str]]] = {
    Carrier.WATER: {Unit.M3: (Decimal("1"), METRIC), Unit.LITRE: (Decimal("0.001"), METRIC)},
    Carrier.WASTE: {Unit.TONNE: (Decimal("1"), METRIC), Unit.KG: (Decimal("0.001"), METRIC)},
}


def _table(carrier: Carrier) -> dict[Unit, tuple[Decimal, str]]:
    if carrier in _RESOURCE_UNITS:
        return _RESOURCE_UNITS[carrier]
    return {**_ENERGY_UNITS, **_FUEL_UNITS.get(carrier, {})}


def allowed_units(carrier: Carrier) -> tuple[Unit, ...]:
    """The units a quantity of this carrier may be entered in, in a stable order."""
    table = _table(carrier)
    return tuple(unit for unit in Unit if unit in table)


def conversion_for(carrier: Carrier, unit: Unit) -> Conversion:
    table = _table(carrier)
    if unit not in table:
        raise UnitNotAllowedError(carrier, unit)
    factor, source = table[unit]
    return Conversion(carrier=carrier, unit=unit, canonical_per_unit=factor, source=source)


def to_canonical(quantity: Decimal, carrier: Carrier, unit: Unit) -> Decimal:
    """The quantity in the carrier's canonical unit (kWh, m³ or tonnes)."""
    return quantity * conversion_for(carrier, unit).canonical_per_unit


def from_canonical(canonical: Decimal, carrier: Carrier, unit: Unit) -> Decimal:
    return canonical / conversion_for(carrier, unit).canonical_per_unit


def all_conversions() -> list[Conversion]:
    """Every conversion the platform knows, for the method page and the tests."""
    return [conversion_for(carrier, unit) for carrier in Carrier for unit in allowed_units(carrier)]


__all__ = [
    "Conversion",
    "UnitNotAllowedError",
    "all_conversions",
    "allowed_units",
    "canonical_unit",
    "conversion_for",
    "from_canonical",
    "to_canonical",
]
