"""Measure figures worked out by hand with the factors of REFERENCE.md §1.1 (electricity
0.197 kg CO2e/kWh, district heating 0.065 kg/kWh, natural gas 2.245 kg/m³)."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.calc.emissions import Factor, MissingFactorsError
from carbon20.screening.calc import (
    co2e_saved_kg,
    cost_per_tonne,
    intensity,
    measure_figures,
    simple_payback_years,
)


def table(**factors: str) -> dict[Carrier, Factor]:
    return {Carrier(code): Factor(Carrier(code), Decimal(kg), 2) for code, kg in factors.items()}


FACTORS = table(electricity="0.197", district_heating="0.065", natural_gas="2.245")


def test_led_lighting_by_hand():
    # 20 000 kWh × 0.197 = 3 940 kg; 120 000 / 30 000 = 4 years;
    # (120 000 / 15 − 30 000) / 3.94 t = −22 000 / 3.94 = −5 583.76 DKK/t.
    figures = measure_figures(
        {"electricity": Decimal("20000")},
        FACTORS,
        dkk_saved_per_year=Decimal("30000"),
        investment=Decimal("120000"),
        lifetime_years=15,
    )
    assert figures.co2e_kg_per_year == Decimal("3940")
    assert figures.co2e_tonnes_per_year == Decimal("3.94")
    assert figures.simple_payback_years == Decimal("4")
    assert figures.cost_per_tonne.quantize(Decimal("0.01")) == Decimal("-5583.76")


def test_two_carriers_add_up():
    # 50 000 kWh district heat × 0.065 = 3 250 kg; 1 000 m³ gas × 2.245 = 2 245 kg.
    kg = co2e_saved_kg(
        {"district_heating": Decimal("50000"), "natural_gas": Decimal("1000")}, FACTORS
    )
    assert kg == Decimal("5495")


def test_expensive_insulation_costs_per_tonne():
    # 400 000 DKK over 40 years = 10 000 DKK a year, saving 6 000 DKK: net 4 000 DKK a year
    # for 3.25 t → 1 230.77 DKK/t; payback 400 000 / 6 000 = 66.67 years.
    figures = measure_figures(
        {"district_heating": Decimal("50000")},
        FACTORS,
        dkk_saved_per_year=Decimal("6000"),
        investment=Decimal("400000"),
        lifetime_years=40,
    )
    assert figures.co2e_kg_per_year == Decimal("3250")
    assert figures.cost_per_tonne.quantize(Decimal("0.01")) == Decimal("1230.77")
    assert figures.simple_payback_years.quantize(Decimal("0.01")) == Decimal("66.67")


def test_no_money_saved_has_no_payback():
    assert simple_payback_years(Decimal("1000"), Decimal("0")) is None
    assert simple_payback_years(Decimal("0"), Decimal("500")) == 0


def test_no_co2e_saved_has_no_cost_per_tonne():
    assert cost_per_tonne(Decimal("1000"), Decimal("10"), Decimal("0"), 10) is None


def test_zero_lifetime_is_refused():
    with pytest.raises(ValueError, match="lifetime"):
        cost_per_tonne(Decimal("1000"), Decimal("10"), Decimal("100"), 0)


def test_missing_factor_names_the_carrier():
    with pytest.raises(MissingFactorsError) as error:
        co2e_saved_kg({"heating_oil": Decimal("10"), "electricity": Decimal("5")}, FACTORS)
    assert error.value.carriers == (Carrier.HEATING_OIL,)


def test_a_zero_saving_needs_no_factor():
    assert co2e_saved_kg({"heating_oil": Decimal("0")}, FACTORS) == 0


def test_intensity():
    assert intensity(Decimal("250000"), 1200) == Decimal("208.3")
    assert intensity(Decimal("250000"), None) is None
    assert intensity(Decimal("250000"), 0) is None


@given(st.decimals(min_value=0, max_value=10**7, places=1), st.integers(1, 1000))
def test_co2e_scales_linearly(kwh, factor):
    factors = table(electricity=str(factor))
    assert co2e_saved_kg({"electricity": kwh * 2}, factors) == 2 * (
        co2e_saved_kg({"electricity": kwh}, factors)
    )
