"""Property-based tests of the pure KPI functions, checked against exact fractions."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carbon20.reports import kpis

tonnes = st.decimals(min_value="0.001", max_value="100000", places=3)
targets = st.decimals(min_value="1", max_value="100", places=2)
# The suite runs beside other work on shared machines: judge the properties, not the speed.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def figures(draw) -> kpis.PartnershipFigures:
    baseline = draw(tonnes)
    current = draw(st.decimals(min_value="0", max_value=baseline * 2, places=3))
    return kpis.PartnershipFigures(baseline, current, draw(targets))


def close(a: Decimal | None, b: Fraction) -> bool:
    assert a is not None
    return abs(Fraction(a) - b) < Fraction(1, 10**12)


@relaxed
@given(st.lists(figures(), min_size=1, max_size=40))
def test_average_and_median_match_exact_arithmetic(results):
    exact = sorted(
        (Fraction(r.baseline_t) - Fraction(r.current_t)) / Fraction(r.baseline_t) * 100
        for r in results
    )
    assert close(kpis.average_reduction(results), sum(exact) / len(exact))
    middle = len(exact) // 2
    median = exact[middle] if len(exact) % 2 else (exact[middle - 1] + exact[middle]) / 2
    assert close(kpis.median_reduction(results), median)


@relaxed
@given(st.lists(figures(), min_size=1, max_size=40))
def test_weighted_reduction_is_total_saved_over_total_baseline(results):
    baseline = sum(Fraction(r.baseline_t) for r in results)
    current = sum(Fraction(r.current_t) for r in results)
    assert close(kpis.weighted_reduction(results), (baseline - current) / baseline * 100)
    assert Fraction(kpis.tonnes_saved(results)) == baseline - current


@relaxed
@given(st.lists(figures(), min_size=1, max_size=40))
def test_weighted_lies_between_smallest_and_largest_reduction(results):
    reductions = [r.reduction_percent for r in results]
    weighted = kpis.weighted_reduction(results)
    assert weighted is not None
    assert min(reductions) - Decimal("1e-9") <= weighted <= max(reductions) + Decimal("1e-9")


@relaxed
@given(st.lists(figures(), min_size=1, max_size=40))
def test_share_reaching_target_counts_each_companys_own_target(results):
    reached = [
        (Fraction(r.baseline_t) - Fraction(r.current_t)) / Fraction(r.baseline_t) * 100
        >= Fraction(r.target_percent)
        for r in results
    ]
    share = kpis.share_reaching_target(results)
    assert close(share, Fraction(sum(reached), len(reached)) * 100)
    assert 0 <= share <= 100


def test_no_measured_company_gives_no_average_rather_than_zero():
    assert kpis.average_reduction([]) is None
    assert kpis.median_reduction([]) is None
    assert kpis.weighted_reduction([]) is None
    assert kpis.share_reaching_target([]) is None
    assert kpis.tonnes_saved([]) == 0


def test_a_zero_baseline_is_left_out_not_divided_by():
    results = [
        kpis.PartnershipFigures(Decimal(0), Decimal(0), Decimal(20)),
        kpis.PartnershipFigures(Decimal(100), Decimal(75), Decimal(20)),
    ]
    summary = kpis.summarise_reductions(results)
    assert summary.companies == 1
    assert summary.average_percent == Decimal(25)
    assert summary.share_reaching_target_percent == Decimal(100)
    with pytest.raises(ValueError):
        kpis.reduction_percent(Decimal(0), Decimal(1))


money = st.decimals(min_value="0", max_value="10000000", places=2)


@relaxed
@given(st.lists(st.builds(kpis.Investment, money, money), max_size=40))
def test_investment_summary(investments):
    summary = kpis.summarise_investments(investments)
    assert summary.investment_dkk == sum(i.investment_dkk for i in investments)
    assert summary.annual_saving_dkk == sum(i.annual_saving_dkk for i in investments)
    paybacks = [
        Fraction(i.investment_dkk) / Fraction(i.annual_saving_dkk)
        for i in investments
        if i.annual_saving_dkk > 0
    ]
    if paybacks:
        assert close(summary.average_payback_years, sum(paybacks) / len(paybacks))
    else:
        assert summary.average_payback_years is None
    if summary.annual_saving_dkk > 0:
        assert close(
            summary.portfolio_payback_years,
            Fraction(summary.investment_dkk) / Fraction(summary.annual_saving_dkk),
        )
    else:
        assert summary.portfolio_payback_years is None


rows = st.lists(
    st.tuples(
        st.sampled_from(["Albertslund", "Herning", "Kolding"]), st.integers(1, 6), st.booleans()
    ),
    max_size=60,
)


@relaxed
@given(rows)
def test_funnel_narrows_and_counts_every_partnership_once_at_step_one(data):
    table = kpis.funnel(data)
    for group, counts in table.items():
        in_group = [(s, c) for g, s, c in data if g == group]
        assert counts["1"] == len(in_group)
        for step in range(1, 7):
            assert counts[str(step)] == sum(1 for s, _ in in_group if s >= step)
        assert counts["completed"] == sum(1 for _, c in in_group if c)
        narrowing = [counts[str(step)] for step in range(1, 7)]
        assert narrowing == sorted(narrowing, reverse=True)
    assert set(table) == {g for g, _, _ in data}


def test_funnel_refuses_an_unknown_step():
    with pytest.raises(ValueError):
        kpis.funnel([("Albertslund", 7, False)])


@relaxed
@given(
    st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)), max_size=80),
    st.one_of(st.none(), st.integers(1, 500)),
)
def test_signups_over_time_accumulates_to_all_signed_until_the_end(signed, goal):
    start, end = date(2025, 1, 15), date(2026, 12, 31)
    points = kpis.signups_over_time(signed, goal, start, end)
    assert len(points) == 24
    assert points[0].month == date(2025, 1, 1)
    assert points[-1].cumulative == sum(1 for d in signed if d <= end)
    assert [p.cumulative for p in points] == sorted(p.cumulative for p in points)
    if goal is not None:
        assert points[-1].goal == goal
    else:
        assert all(p.goal is None for p in points)


def test_the_signup_period_widens_to_every_agreement_actually_signed():
    start, end = date(2025, 1, 1), date(2025, 12, 31)
    assert kpis.signup_period(start, end, []) == (start, end)
    later = [date(2026, 3, 4), date(2026, 8, 9)]
    assert kpis.signup_period(start, end, later) == (start, date(2026, 8, 9))
    assert kpis.signup_period(start, end, [date(2024, 11, 2)]) == (date(2024, 11, 2), end)


def test_the_goal_pace_spreads_over_the_goal_period_only():
    signed = [date(2026, 3, 4), date(2026, 3, 20)]
    points = kpis.signups_over_time(
        signed,
        12,
        date(2024, 12, 1),
        date(2026, 3, 31),
        goal_start=date(2025, 1, 1),
        goal_end=date(2025, 12, 31),
    )
    by_month = {p.month: p for p in points}
    assert by_month[date(2024, 12, 1)].goal == 0
    assert by_month[date(2025, 6, 1)].goal == 6
    assert by_month[date(2025, 12, 1)].goal == 12
    assert by_month[date(2026, 3, 1)].goal == 12
    assert (by_month[date(2026, 3, 1)].new, points[-1].cumulative) == (2, 2)


def test_count_by_and_cross_count():
    assert kpis.count_by(["time", "finance", "time"]) == {"finance": 1, "time": 2}
    assert kpis.cross_count(
        [("heat", "done"), ("heat", "planned"), ("el", "done"), ("heat", "done")]
    ) == {
        "el": {"done": 1},
        "heat": {"done": 2, "planned": 1},
    }
    assert kpis.at_step([1, 1, 6]) == {1: 2, 2: 0, 3: 0, 4: 0, 5: 0, 6: 1}
