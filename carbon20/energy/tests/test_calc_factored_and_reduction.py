"""A carrier without a factor leaves the others counted; one reduction rule, one rounding."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.calc.emissions import (
    Factor,
    MissingFactorsError,
    emissions,
    factored_emissions,
)
from carbon20.energy.calc.reduction import reduction_percent, round_percent
from carbon20.energy.tests.conftest import relaxed

ELECTRICITY_ONLY = {Carrier.ELECTRICITY: Factor(Carrier.ELECTRICITY, Decimal("0.197"), 2)}
quantities = st.decimals(min_value=Decimal("0"), max_value=Decimal("100000000"), places=3)


def test_water_without_a_factor_is_left_out_and_named():
    amounts = {Carrier.ELECTRICITY: Decimal("10000"), Carrier.WATER: Decimal("500")}
    result = factored_emissions(amounts, ELECTRICITY_ONLY)
    assert result.total_kg == Decimal("1970")
    assert result.without_factor == (Carrier.WATER,)
    with pytest.raises(MissingFactorsError) as caught:
        emissions(amounts, ELECTRICITY_ONLY)
    assert caught.value.carriers == (Carrier.WATER,)


@relaxed
@given(st.dictionaries(st.sampled_from(list(Carrier)), quantities, min_size=1))
def test_factored_carriers_count_as_if_alone(amounts):
    """Adding carriers without a factor never changes the figure of those that have one."""
    factored = {c: q for c, q in amounts.items() if c in ELECTRICITY_ONLY}
    result = factored_emissions(amounts, ELECTRICITY_ONLY)
    assert result.total_kg == factored_emissions(factored, ELECTRICITY_ONLY).total_kg
    assert set(result.without_factor) == set(amounts) - set(ELECTRICITY_ONLY)
    assert {row.carrier for row in result.by_carrier} == set(factored)


def test_reduction_by_hand_and_the_one_rounding():
    assert reduction_percent(Decimal("100"), Decimal("80")) == Decimal("20")
    # 1/3 less: 33.333… % exactly, printed 33.33; a tie rounds half up.
    assert round_percent(reduction_percent(Decimal("3"), Decimal("2"))) == Decimal("33.33")
    assert round_percent(Decimal("12.345")) == Decimal("12.35")
    with pytest.raises(ValueError):
        reduction_percent(Decimal("0"), Decimal("1"))


positive = st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1000000"), places=3)


@relaxed
@given(positive, quantities)
def test_rounding_moves_a_reduction_by_at_most_half_a_hundredth(baseline, current):
    exact = reduction_percent(baseline, current)
    assert abs(round_percent(exact) - exact) <= Decimal("0.005")
    assert (exact > 0) == (current < baseline)
