from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon20.energy.calc.baseline import (
    Consumption,
    DegreeDayCorrection,
    quantities_in_window,
    results_for_years,
    window_result,
)
from carbon20.energy.calc.carriers import Carrier, default_heated_share_percent
from carbon20.energy.calc.emissions import Factor, MissingFactorsError, emissions, round_kg
from carbon20.energy.calc.periods import (
    PeriodError,
    months_in_period,
    twelve_month_end,
    validate_period,
)
from carbon20.energy.tests.conftest import relaxed

# HB2016 (REFERENCE.md §1.1), kg CO2 per kWh.
HB2016 = {
    Carrier.ELECTRICITY: Factor(Carrier.ELECTRICITY, Decimal("0.197"), 2),
    Carrier.DISTRICT_HEATING: Factor(Carrier.DISTRICT_HEATING, Decimal("0.065"), 2),
    Carrier.NATURAL_GAS: Factor(Carrier.NATURAL_GAS, Decimal("0.204"), 1),
    Carrier.HEATING_OIL: Factor(Carrier.HEATING_OIL, Decimal("0.266"), 1),
}

quantities = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000000"), places=3)
carriers = st.sampled_from(list(HB2016))


def test_hand_computed_example_to_the_kg():
    # 10,000 kWh el × 0.197 = 1,970; 11,000 kWh gas (1,000 m³ × 11.00) × 0.204 = 2,244;
    # 20,200 kWh oil (2,000 l × 10.10) × 0.266 = 5,373.2 → 5,373; 50,000 kWh DH × 0.065
    # = 3,250. Scope 1: 7,617; scope 2: 5,220; total 12,837 kg.
    result = emissions(
        {
            Carrier.ELECTRICITY: Decimal("10000"),
            Carrier.NATURAL_GAS: Decimal("11000"),
            Carrier.HEATING_OIL: Decimal("20200"),
            Carrier.DISTRICT_HEATING: Decimal("50000"),
        },
        HB2016,
    )
    assert result.kg_for(Carrier.ELECTRICITY) == Decimal("1970")
    assert result.kg_for(Carrier.NATURAL_GAS) == Decimal("2244")
    assert result.kg_for(Carrier.HEATING_OIL) == Decimal("5373")
    assert result.kg_for(Carrier.DISTRICT_HEATING) == Decimal("3250")
    assert result.by_scope == {1: Decimal("7617"), 2: Decimal("5220")}
    assert result.total_kg == Decimal("12837")


def test_missing_factor_names_the_carrier():
    with pytest.raises(MissingFactorsError) as caught:
        emissions({Carrier.DIESEL: Decimal("1"), Carrier.ELECTRICITY: Decimal("1")}, HB2016)
    assert caught.value.carriers == (Carrier.DIESEL,)


def test_kg_rounding_is_half_up():
    assert round_kg(Decimal("0.5")) == 1
    assert round_kg(Decimal("1.4999")) == 1


@relaxed
@given(carriers, quantities)
def test_doubling_consumption_doubles_co2e(carrier, quantity):
    """Exactly, before rounding; after rounding to the kg, within the rounding of one kg."""
    single = quantity * HB2016[carrier].kg_co2e_per_unit
    double = (quantity * 2) * HB2016[carrier].kg_co2e_per_unit
    assert double == single * 2
    rounded_single = emissions({carrier: quantity}, HB2016).total_kg
    rounded_double = emissions({carrier: quantity * 2}, HB2016).total_kg
    assert abs(rounded_double - 2 * rounded_single) <= 1


@relaxed
@given(st.dictionaries(carriers, quantities, min_size=1), st.integers(min_value=1, max_value=50))
def test_scaling_every_carrier_scales_every_scope(amounts, factor):
    base = emissions(amounts, HB2016)
    scaled = emissions({c: q * factor for c, q in amounts.items()}, HB2016)
    for scope, kg in base.by_scope.items():
        # Each carrier rounds once, so each may move by at most half a kg times the factor.
        assert abs(scaled.by_scope[scope] - kg * factor) <= Decimal(factor) * len(amounts)


@relaxed
@given(st.dictionaries(carriers, quantities, min_size=1))
def test_scopes_add_up_to_the_total(amounts):
    result = emissions(amounts, HB2016)
    assert sum(result.by_scope.values()) == result.total_kg


def test_period_rules():
    with pytest.raises(PeriodError) as caught:
        validate_period(date(2024, 2, 1), date(2024, 1, 31))
    assert caught.value.code == "end_before_start"
    validate_period(date(2024, 1, 1), date(2024, 12, 31))  # 366 days: a leap year is fine
    with pytest.raises(PeriodError) as caught:
        validate_period(date(2023, 1, 1), date(2024, 1, 2))  # 367 days
    assert caught.value.code == "too_long"


def test_twelve_month_end_and_months():
    assert twelve_month_end(date(2024, 7, 1)) == date(2025, 6, 30)
    assert twelve_month_end(date(2024, 1, 1)) == date(2024, 12, 31)
    assert months_in_period(date(2024, 1, 15), date(2024, 3, 10)) == [
        (2024, 1, 17),
        (2024, 2, 29),
        (2024, 3, 10),
    ]


def test_record_straddling_the_window_counts_by_days():
    # 1,000 kWh over Dec 2023–Jan 2024 (62 days); 31 of them in 2024 → 500 kWh.
    record = Consumption(Carrier.ELECTRICITY, date(2023, 12, 1), date(2024, 1, 31), Decimal(1000))
    totals, covered = quantities_in_window([record], date(2024, 1, 1), date(2024, 12, 31))
    assert totals == {Carrier.ELECTRICITY: Decimal("500")}
    assert covered == {Carrier.ELECTRICITY: 31}


def test_window_result_reports_incomplete_carriers():
    records = [
        Consumption(Carrier.ELECTRICITY, date(2024, 1, 1), date(2024, 12, 31), Decimal(1000)),
        Consumption(Carrier.NATURAL_GAS, date(2024, 1, 1), date(2024, 6, 30), Decimal(1000)),
    ]
    result = window_result(records, date(2024, 1, 1), date(2024, 12, 31), HB2016)
    assert result.incomplete_carriers == (Carrier.NATURAL_GAS,)
    assert result.emissions.total_kg == Decimal("197") + Decimal("204")


def test_results_for_years_with_pinned_and_own_factors():
    records = [
        Consumption(Carrier.ELECTRICITY, date(2023, 1, 1), date(2023, 12, 31), Decimal(10000)),
        Consumption(Carrier.ELECTRICITY, date(2024, 1, 1), date(2024, 12, 31), Decimal(8000)),
    ]
    own_2024 = {Carrier.ELECTRICITY: Factor(Carrier.ELECTRICITY, Decimal("0.0407"), 2)}
    rows = results_for_years(records, [2023, 2024], HB2016, {2024: own_2024})
    assert [row.pinned.emissions.total_kg for row in rows] == [Decimal(1970), Decimal(1576)]
    assert rows[0].own_year is None
    assert rows[1].own_year is not None
    assert rows[1].own_year.emissions.total_kg == Decimal("326")  # 8000 × 0.0407 = 325.6


def test_default_heated_share():
    assert default_heated_share_percent(Carrier.DISTRICT_HEATING) == 100
    assert default_heated_share_percent(Carrier.NATURAL_GAS) == 100
    assert default_heated_share_percent(Carrier.ELECTRICITY) == 0


def test_correction_in_results_uses_the_baseline_year():
    # Kredsløb (REFERENCE.md §2): January 2020 357, January 2021 507 degree days.
    monthly = {(2020, 1): Decimal("357"), (2021, 1): Decimal("507")}
    records = [
        Consumption(
            Carrier.DISTRICT_HEATING,
            date(2021, 1, 1),
            date(2021, 1, 31),
            Decimal(10000),
            Decimal(100),
        )
    ]
    result = window_result(
        records,
        date(2021, 1, 1),
        date(2021, 12, 31),
        HB2016,
        DegreeDayCorrection(monthly, 2020),
    )
    # 10,000 × 357 / 507 = 7,041.42 kWh; × 0.065 = 457.69 → 458 kg.
    assert result.quantities[Carrier.DISTRICT_HEATING].quantize(Decimal("0.01")) == Decimal(
        "7041.42"
    )
    assert result.emissions.total_kg == Decimal("458")
