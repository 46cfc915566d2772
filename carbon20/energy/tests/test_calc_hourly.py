"""Local days of 23/24/25 hours, meter periods in hours, and hourly scope 2 (pure)."""

import itertools
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon20.energy.calc import hourly
from carbon20.energy.tests.conftest import relaxed


@pytest.mark.parametrize(
    ("day", "hours"),
    [
        (date(2025, 3, 30), 23),  # last Sunday of March
        (date(2025, 10, 26), 25),  # last Sunday of October
        (date(2025, 6, 1), 24),
        (date(2024, 3, 31), 23),
        (date(2024, 10, 27), 25),
    ],
)
def test_hours_in_day(day, hours):
    assert hourly.hours_in_day(day) == hours
    starts = hourly.hour_starts_utc(day)
    assert len(starts) == hours
    assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(starts))


def test_autumn_day_has_two_hours_at_two_oclock():
    local = [
        s.astimezone(hourly.COPENHAGEN).hour for s in hourly.hour_starts_utc(date(2025, 10, 26))
    ]
    assert local[:5] == [0, 1, 2, 2, 3]
    assert hourly.day_start_utc(date(2025, 10, 26)) == datetime(2025, 10, 25, 22, tzinfo=UTC)


@pytest.mark.parametrize(
    ("postcode", "area"),
    [
        ("2620", "DK2"),
        ("0800", "DK2"),
        ("1000", "DK2"),
        ("3700", "DK2"),  # Rønne, Bornholm
        ("3790", "DK2"),
        ("4999", "DK2"),
        ("5000", "DK1"),  # Odense: west of the Great Belt
        ("7400", "DK1"),
        ("9990", "DK1"),
    ],
)
def test_price_area_for_postcode(postcode, area):
    assert hourly.price_area_for_postcode(postcode) == area


@pytest.mark.parametrize("postcode", ["", "abcd", "0799", "9999", "12345"])
def test_price_area_refuses_non_postcodes(postcode):
    with pytest.raises(ValueError):
        hourly.price_area_for_postcode(postcode)


def test_hourly_wh_adds_quarters_and_leaves_incomplete_hours_out():
    start = datetime(2025, 3, 31, 22, tzinfo=UTC)
    points = [(1, Decimal("0.25")), (2, Decimal("0.25")), (3, Decimal("0.5")), (4, Decimal("1"))]
    points += [(5, Decimal("1")), (6, Decimal("1"))]  # the second hour lacks two quarters
    values = hourly.hourly_wh(start, "PT15M", points)
    assert values == {start: 2000}


def test_hourly_wh_refuses_bad_input():
    start = datetime(2025, 1, 1, tzinfo=UTC)
    with pytest.raises(hourly.SeriesError):
        hourly.hourly_wh(start, "P1D", [])
    with pytest.raises(hourly.SeriesError):
        hourly.hourly_wh(datetime(2025, 1, 1), "PT1H", [])  # noqa: DTZ001 (naive on purpose)
    with pytest.raises(hourly.SeriesError):
        hourly.hourly_wh(start, "PT1H", [(0, Decimal(1))])


def test_hours_by_local_day_marks_missing_hours():
    day = date(2025, 3, 30)
    starts = hourly.hour_starts_utc(day)
    values = {start: 1000 for start in starts if start != starts[4]}
    laid_out = hourly.hours_by_local_day(values, day, day)
    assert len(laid_out[day]) == 23
    assert laid_out[day][4] is None
    assert hourly.missing_hours(laid_out[day]) == 1
    assert hourly.day_total(laid_out[day]) == 22_000


def test_scope2_hand_computed():
    # 2 hours: 1.5 kWh at 100 g/kWh and 2.5 kWh at 40 g/kWh → 150 + 100 g = 0.250 kg.
    # A third hour is metered without a grid figure; a fourth has no meter value.
    result = hourly.scope2([([1500, 2500, 1000, None], [100_000, 40_000, None, 50_000])])
    assert result.kwh == Decimal("5")
    assert result.counted_kwh == Decimal("4")
    assert result.kg_co2e == Decimal("0.250")
    assert result.g_per_kwh == Decimal("62.5")
    assert result.hours_without_intensity == 1
    assert result.hours_without_data == 1
    assert result.metered_hours == 3


def test_scope2_of_a_day_without_grid_figures():
    result = hourly.scope2([([1000, 1000], None)])
    assert result.kg_co2e == 0
    assert result.g_per_kwh is None
    assert result.hours_without_intensity == 2


day_values = st.lists(st.one_of(st.none(), st.integers(0, 10_000_000)), min_size=23, max_size=25)


@relaxed
@given(
    st.lists(
        st.tuples(day_values, st.lists(st.integers(0, 900_000), min_size=25, max_size=25)),
        max_size=6,
    )
)
def test_scope2_adds_up_over_days(days):
    """The year's figure is the sum of the days' figures (to the rounding of each)."""
    whole = hourly.scope2(days)
    parts = [hourly.scope2([day]) for day in days]
    assert whole.kwh == sum((p.kwh for p in parts), Decimal(0))
    assert abs(whole.kg_co2e - sum((p.kg_co2e for p in parts), Decimal(0))) <= Decimal(
        "0.001"
    ) * len(days)
    assert whole.hours_without_data == sum(p.hours_without_data for p in parts)


@relaxed
@given(st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False))
def test_kwh_wh_round_trip(quantity):
    assert hourly.wh_to_kwh(hourly.kwh_to_wh(quantity)) == quantity
    assert hourly.mg_to_g(hourly.g_to_mg(quantity)) == quantity


def test_yearly_intensity_is_the_unweighted_mean():
    result = hourly.yearly_intensity([[40_000, 60_000, None], [20_000]])
    assert result.kg_per_kwh == Decimal("0.0400000")
    assert result.hours == 3 and result.missing_hours == 1
    with pytest.raises(ValueError):
        hourly.yearly_intensity([[None, None]])


def test_days_between_and_local_day_of():
    assert hourly.days_between(date(2025, 12, 30), date(2026, 1, 1)) == [
        date(2025, 12, 30),
        date(2025, 12, 31),
        date(2026, 1, 1),
    ]
    assert hourly.local_day_of(datetime(2025, 12, 31, 23, tzinfo=UTC)) == date(2026, 1, 1)
