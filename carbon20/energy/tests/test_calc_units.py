from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon20.energy.calc.carriers import Carrier, Unit, canonical_unit
from carbon20.energy.calc.units import (
    UnitNotAllowedError,
    all_conversions,
    allowed_units,
    conversion_for,
    from_canonical,
    to_canonical,
)
from carbon20.energy.tests.conftest import relaxed

quantities = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("1000000000"), places=3, allow_nan=False
)
carrier_units = st.sampled_from([(c.carrier, c.unit) for c in all_conversions()])


@pytest.mark.parametrize(
    ("carrier", "quantity", "unit", "expected"),
    [
        # SI: 1 MWh = 1000 kWh; 1 GJ = 1000/3.6 kWh.
        (Carrier.ELECTRICITY, "2.5", Unit.MWH, Decimal("2500")),
        (Carrier.DISTRICT_HEATING, "3.6", Unit.GJ, Decimal("1000")),
        # HB2016: natural gas 11.00 kWh/m³, heating gas oil 10.10 kWh/litre.
        (Carrier.NATURAL_GAS, "1000", Unit.M3, Decimal("11000")),
        (Carrier.HEATING_OIL, "2000", Unit.LITRE, Decimal("20200")),
        # HB2016: wood pellets 4,861 kWh/tonne; wood chips 2,600 kWh/tonne; LPG 12,800.
        (Carrier.WOOD_PELLETS, "2", Unit.TONNE, Decimal("9722")),
        (Carrier.WOOD_CHIPS, "500", Unit.KG, Decimal("1300")),
        (Carrier.LPG, "100", Unit.KG, Decimal("1280")),
        # stat.gl: diesel 42.90 GJ/t at 0.82 t/m³ → 1 litre = 0.82 × 42.90 / 3.6 kWh.
        (Carrier.DIESEL, "3.6", Unit.LITRE, Decimal("35.178")),
        # stat.gl: petrol 43.80 GJ/t at 0.74 t/m³.
        (Carrier.PETROL, "36", Unit.LITRE, Decimal("324.12")),
        (Carrier.WATER, "1500", Unit.LITRE, Decimal("1.5")),
        (Carrier.WASTE, "250", Unit.KG, Decimal("0.25")),
    ],
)
def test_hand_computed_conversions(carrier, quantity, unit, expected):
    result = to_canonical(Decimal(quantity), carrier, unit)
    assert result.quantize(Decimal("0.000001")) == expected


def test_canonical_units():
    assert canonical_unit(Carrier.ELECTRICITY) == Unit.KWH
    assert canonical_unit(Carrier.WATER) == Unit.M3
    assert canonical_unit(Carrier.WASTE) == Unit.TONNE


@pytest.mark.parametrize(
    ("carrier", "unit"),
    [
        (Carrier.ELECTRICITY, Unit.LITRE),
        (Carrier.DISTRICT_HEATING, Unit.M3),
        (Carrier.WATER, Unit.KWH),
        (Carrier.WASTE, Unit.M3),
        (Carrier.WOOD_CHIPS, Unit.LITRE),
    ],
)
def test_unit_that_does_not_fit_the_carrier_is_refused(carrier, unit):
    assert unit not in allowed_units(carrier)
    with pytest.raises(UnitNotAllowedError):
        to_canonical(Decimal("1"), carrier, unit)


def test_every_conversion_names_its_source():
    for conversion in all_conversions():
        assert conversion.source
        assert conversion.canonical_per_unit > 0


@relaxed
@given(carrier_units, quantities)
def test_there_and_back_changes_nothing(carrier_unit, quantity):
    carrier, unit = carrier_unit
    back = from_canonical(to_canonical(quantity, carrier, unit), carrier, unit)
    assert back.quantize(Decimal("0.001")) == quantity


@relaxed
@given(carrier_units, quantities, st.integers(min_value=1, max_value=1000))
def test_conversion_scales_linearly(carrier_unit, quantity, multiple):
    carrier, unit = carrier_unit
    single = to_canonical(quantity, carrier, unit)
    # 28 significant digits: the products may differ in the last one, never at a micro-kWh.
    micro = Decimal("0.000001")
    assert to_canonical(quantity * multiple, carrier, unit).quantize(micro) == (
        single * multiple
    ).quantize(micro)


@relaxed
@given(quantities)
def test_units_agree_with_each_other(quantity):
    """A quantity in MWh equals the same quantity × 1000 in kWh, for every energy carrier."""
    for carrier in Carrier:
        if Unit.MWH in allowed_units(carrier):
            assert to_canonical(quantity, carrier, Unit.MWH) == to_canonical(
                quantity * 1000, carrier, Unit.KWH
            )


def test_conversion_for_reports_source():
    conversion = conversion_for(Carrier.NATURAL_GAS, Unit.M3)
    assert conversion.canonical_per_unit == Decimal("11.00")
    assert "HB2016" in conversion.source
