"""The least-cost plan against a brute-force search over every subset, and the MAC curve."""

from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon20.actionplans.optimise import (
    Candidate,
    least_cost_plan,
    mac_curve,
    net_cost_per_year,
)


def brute_force(
    kg: list[int], ore: list[int], required_kg: int, net: list[int] | None = None
) -> tuple[int, ...] | None:
    """Every subset as a row of bits; the same order of preference the optimiser promises:
    least net yearly cost, then least investment, then largest reduction, then fewest
    measures, then the first listed. Only measures that save CO2e may be chosen."""
    size = len(kg)
    net = [0] * size if net is None else net
    masks = (np.arange(2**size)[:, None] >> np.arange(size)[None, :]) & 1
    kg_sum = masks @ np.array(kg, dtype=np.int64)
    ore_sum = masks @ np.array(ore, dtype=np.int64)
    net_sum = masks @ np.array(net, dtype=np.int64)
    count = masks.sum(axis=1)
    saving_nothing = masks @ (np.array(kg, dtype=np.int64) <= 0).astype(np.int64)
    feasible = (kg_sum >= required_kg) & (saving_nothing == 0)
    if not feasible.any():
        return None
    tied = feasible & (net_sum == net_sum[feasible].min())
    tied &= ore_sum == ore_sum[tied].min()
    tied &= kg_sum == kg_sum[tied].max()
    tied &= count == count[tied].min()
    subsets = [tuple(np.flatnonzero(masks[row])) for row in np.flatnonzero(tied)]
    return min(subsets)


# Small value ranges on purpose: they make ties in investment and reduction common, which
# is where a solver and a brute force most easily disagree.
instances = st.integers(min_value=0, max_value=15).flatmap(
    lambda size: st.tuples(
        st.lists(st.integers(min_value=0, max_value=40), min_size=size, max_size=size),
        st.lists(st.integers(min_value=0, max_value=30), min_size=size, max_size=size),
        st.integers(min_value=0, max_value=350),
    )
)


@settings(max_examples=150, deadline=None)
@given(instances)
def test_least_cost_plan_equals_brute_force(instance):
    kg, ore, required_kg = instance
    candidates = [
        Candidate(f"m{index}", Decimal(kg[index]) / 1000, Decimal(ore[index]) / 100)
        for index in range(len(kg))
    ]
    plan = least_cost_plan(candidates, Decimal(required_kg) / 1000)
    expected = brute_force(kg, ore, required_kg)

    if expected is None:
        assert not plan.feasible
        assert plan.chosen == ()
        assert plan.achievable_tonnes == Decimal(sum(kg)) / 1000
        assert plan.shortfall_tonnes == Decimal(required_kg - sum(kg)) / 1000
    else:
        assert plan.feasible
        assert plan.chosen == tuple(f"m{index}" for index in expected)
        assert plan.investment == Decimal(sum(ore[i] for i in expected)) / 100
        assert plan.tonnes_per_year == Decimal(sum(kg[i] for i in expected)) / 1000
        assert plan.tonnes_per_year >= plan.required_tonnes


# Net yearly costs from −30 to 30 øre: measures that pay for themselves beside ones that
# cost, with investments independent of them (a cheap investment may save little money).
instances_with_net_cost = st.integers(min_value=0, max_value=13).flatmap(
    lambda size: st.tuples(
        st.lists(st.integers(min_value=0, max_value=40), min_size=size, max_size=size),
        st.lists(st.integers(min_value=0, max_value=30), min_size=size, max_size=size),
        st.integers(min_value=0, max_value=300),
        st.lists(st.integers(min_value=-30, max_value=30), min_size=size, max_size=size),
    )
)


@settings(max_examples=150, deadline=None)
@given(instances_with_net_cost)
def test_least_net_cost_plan_equals_brute_force(instance):
    kg, ore, required_kg, net = instance
    candidates = [
        Candidate(
            f"m{index}",
            Decimal(kg[index]) / 1000,
            Decimal(ore[index]) / 100,
            Decimal(net[index]) / 100,
        )
        for index in range(len(kg))
    ]
    plan = least_cost_plan(candidates, Decimal(required_kg) / 1000)
    expected = brute_force(kg, ore, required_kg, net)
    if expected is None:
        assert not plan.feasible and plan.chosen == ()
        return
    assert plan.chosen == tuple(f"m{index}" for index in expected)
    assert plan.net_cost_per_year == Decimal(sum(net[i] for i in expected)) / 100
    assert plan.investment == Decimal(sum(ore[i] for i in expected)) / 100
    # Every measure that saves CO2e and pays for itself is in the plan.
    assert {f"m{i}" for i in range(len(kg)) if kg[i] > 0 and net[i] < 0} <= set(plan.chosen)


def test_measures_that_pay_for_themselves_are_included_beyond_the_requirement():
    candidates = [
        # 100 000 DKK over 10 years, saving 25 000 DKK a year: −15 000 DKK a year.
        Candidate(
            "led",
            Decimal("4"),
            Decimal("100000"),
            net_cost_per_year(Decimal("100000"), Decimal("25000"), 10),
        ),
        Candidate("behaviour", Decimal("1"), Decimal("0"), Decimal("-2000")),
        Candidate("heat-pump", Decimal("6"), Decimal("300000"), Decimal("12000")),
        Candidate("solar", Decimal("5"), Decimal("250000"), Decimal("9000")),
    ]
    plan = least_cost_plan(candidates, Decimal("3"))
    assert plan.chosen == ("led", "behaviour")
    assert plan.net_cost_per_year == Decimal("-17000")
    assert plan.investment == Decimal("100000")
    # Reaching 8 t needs one more: the solar panels cost less a year than the heat pump.
    assert least_cost_plan(candidates, Decimal("8")).chosen == ("led", "behaviour", "solar")


def test_net_cost_per_year_spreads_the_investment_over_the_lifetime():
    assert net_cost_per_year(Decimal("120000"), Decimal("15000"), 10) == Decimal("-3000")
    with pytest.raises(ValueError):
        net_cost_per_year(Decimal("1"), Decimal("0"), 0)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=5_000_000), min_size=1, max_size=12),
    st.lists(st.integers(min_value=0, max_value=500_000_000), min_size=12, max_size=12),
)
def test_large_figures_stay_exact(kg, ore):
    """Realistic magnitudes (tonnes and millions of DKK) still match the brute force."""
    ore = ore[: len(kg)]
    required_kg = sum(kg) // 2
    candidates = [
        Candidate(f"m{i}", Decimal(kg[i]) / 1000, Decimal(ore[i]) / 100) for i in range(len(kg))
    ]
    plan = least_cost_plan(candidates, Decimal(required_kg) / 1000)
    expected = brute_force(kg, ore, required_kg)
    assert plan.chosen == tuple(f"m{i}" for i in expected)


def test_hand_example_prefers_cheap_pair_over_one_expensive_measure():
    candidates = [
        Candidate("led", Decimal("4.0"), Decimal("20000")),
        Candidate("heat-pump", Decimal("9.0"), Decimal("400000")),
        Candidate("compressed-air", Decimal("5.5"), Decimal("15000")),
        Candidate("behaviour", Decimal("1.0"), Decimal("0")),
    ]
    plan = least_cost_plan(candidates, Decimal("9.5"))
    assert plan.feasible
    assert plan.chosen == ("led", "compressed-air", "behaviour")
    assert plan.investment == Decimal("35000")
    assert plan.tonnes_per_year == Decimal("10.5")


def test_infeasible_reports_what_all_measures_reach():
    candidates = [Candidate("a", Decimal("2"), Decimal("100")), Candidate("b", Decimal("3"), 0)]
    plan = least_cost_plan(candidates, Decimal("7.25"))
    assert not plan.feasible
    assert plan.achievable_tonnes == Decimal("5")
    assert plan.shortfall_tonnes == Decimal("2.25")


def test_no_requirement_proposes_only_the_free_measures():
    candidates = [Candidate("a", Decimal("2"), Decimal("100")), Candidate("b", Decimal("1"), 0)]
    plan = least_cost_plan(candidates, Decimal("0"))
    assert plan.feasible
    assert plan.chosen == ("b",)
    assert plan.investment == 0


def test_negative_investment_is_refused():
    with pytest.raises(ValueError, match="negative"):
        least_cost_plan([Candidate("a", Decimal("2"), Decimal("-1"))], Decimal("1"))


def test_mac_curve_sorts_by_cost_and_accumulates():
    steps = mac_curve(
        [
            ("pump", Decimal("2"), Decimal("500")),
            ("led", Decimal("3"), Decimal("-1200")),
            ("nothing", Decimal("0"), None),
            ("insulation", Decimal("5"), Decimal("500")),
        ]
    )
    assert [step.key for step in steps] == ["led", "insulation", "pump"]
    assert [(s.cumulative_from, s.cumulative_to) for s in steps] == [
        (Decimal(0), Decimal(3)),
        (Decimal(3), Decimal(8)),
        (Decimal(8), Decimal(10)),
    ]
