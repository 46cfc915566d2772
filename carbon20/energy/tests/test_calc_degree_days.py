from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon20.energy.calc.degree_days import (
    MissingDegreeDaysError,
    correct,
    correct_to_year,
    degree_days_in_period,
)
from carbon20.energy.tests.conftest import relaxed

# Kredsløb (Aarhus) monthly degree days 2020 and 2021, REFERENCE.md §2.
_KREDSLOEB_TEXT = {
    2020: "357 364 396 285 212 42 78 28 108 213 285 397",
    2021: "507 481 404 346 219 37 8 50 91 210 313 466",
}
KREDSLOEB = {
    (year, month): Decimal(value)
    for year, text in _KREDSLOEB_TEXT.items()
    for month, value in enumerate(text.split(), 1)
}

quantities = st.decimals(min_value=Decimal("0"), max_value=Decimal("10000000"), places=3)
shares = st.decimals(min_value=Decimal("0"), max_value=Decimal("100"), places=2)
degree_days = st.decimals(min_value=Decimal("0.1"), max_value=Decimal("1000"), places=1)


def test_whole_year_degree_days_are_the_sum_of_the_months():
    assert degree_days_in_period(date(2020, 1, 1), date(2020, 12, 31), KREDSLOEB) == 2765
    assert degree_days_in_period(date(2021, 1, 1), date(2021, 12, 31), KREDSLOEB) == 3132


def test_part_of_a_month_counts_by_its_share_of_days():
    # 1–15 January 2021: 15/31 of 507.
    value = degree_days_in_period(date(2021, 1, 1), date(2021, 1, 15), KREDSLOEB)
    assert value.quantize(Decimal("0.0001")) == Decimal("245.3226")  # 507 × 15 / 31


def test_hand_computed_correction_of_a_year():
    # 2021's 100,000 kWh of district heating, 80 % heating, corrected to 2020's weather:
    # 20,000 + 80,000 × 2765 / 3132 = 90,625.80 kWh.
    corrected = correct_to_year(
        Decimal(100000),
        Decimal(80),
        date(2021, 1, 1),
        date(2021, 12, 31),
        KREDSLOEB,
        2020,
    )
    assert corrected.quantize(Decimal("0.01")) == Decimal("90625.80")


def test_missing_months_are_named():
    with pytest.raises(MissingDegreeDaysError) as caught:
        correct_to_year(
            Decimal(1), Decimal(100), date(2021, 12, 1), date(2022, 1, 31), KREDSLOEB, 2020
        )
    assert caught.value.months == [(2022, 1)]
    with pytest.raises(MissingDegreeDaysError) as caught:
        degree_days_in_period(date(2022, 1, 1), date(2022, 2, 28), KREDSLOEB)
    assert caught.value.months == [(2022, 1), (2022, 2)]


@relaxed
@given(quantities, shares, degree_days)
def test_equal_degree_days_is_the_identity(quantity, share, days):
    assert correct(quantity, share, days, days) == quantity


@relaxed
@given(quantities, shares)
def test_correcting_a_year_to_itself_is_the_identity(quantity, share):
    assert (
        correct_to_year(quantity, share, date(2021, 3, 1), date(2021, 5, 31), KREDSLOEB, 2021)
        == quantity
    )


@relaxed
@given(quantities, degree_days, degree_days)
def test_no_heated_share_is_never_corrected(quantity, actual, reference):
    assert correct(quantity, Decimal(0), actual, reference) == quantity


@relaxed
@given(quantities, shares, degree_days, degree_days, st.integers(min_value=1, max_value=20))
def test_correction_scales_with_consumption(quantity, share, actual, reference, multiple):
    single = correct(quantity, share, actual, reference)
    scaled = correct(quantity * multiple, share, actual, reference)
    assert abs(scaled - single * multiple) < Decimal("0.000001")


@relaxed
@given(quantities, shares, degree_days, degree_days)
def test_correcting_there_and_back_changes_nothing(quantity, share, actual, reference):
    there = correct(quantity, share, actual, reference)
    # Back: the heated part scales by actual/reference again; the base load is unchanged.
    heated = quantity * share / 100
    back = there - heated * reference / actual + heated
    assert abs(back - quantity) < Decimal("0.000001")


def test_zero_actual_degree_days_leave_the_quantity():
    assert correct(Decimal(500), Decimal(100), Decimal(0), Decimal(10)) == Decimal(500)
