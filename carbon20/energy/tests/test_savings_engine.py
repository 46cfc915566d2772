"""The savings engine on meters whose truth is known: each model family, daily, monthly,
irregular and hourly input, noise-free (exact) and noisy (within one percentage point)."""

from datetime import date, datetime, timedelta

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon20.energy.calc.savings import (
    EngineOptions,
    InsufficientDataError,
    Period,
    aggregate_hourly,
    estimate_savings,
    fit_baseline,
    predict,
)
from carbon20.energy.calc.savings.synthetic import (
    BASELINE,
    REPORTING,
    TrueModel,
    bills,
    danish_temperatures,
    meter,
    monthly_bills,
    production_per_day,
    production_periods,
)
from carbon20.energy.tests.conftest import relaxed

TEMPERATURES = danish_temperatures()
exact = settings(relaxed, max_examples=15)
bases = st.integers(20, 500).map(float)
slopes = st.integers(5, 200).map(lambda n: n / 10)
savings = st.integers(0, 40).map(lambda n: n / 100)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def tenths(low: int, high: int) -> st.SearchStrategy[float]:
    return st.integers(low * 10, high * 10).map(lambda n: n / 10)


def assert_exact(estimate, truth: TrueModel, saving: float) -> None:
    assert estimate.sufficient, estimate.reasons
    model = estimate.model
    assert model.coefficients["intercept"] == pytest.approx(truth.base, rel=1e-7)
    if truth.heating:
        assert model.heating_balance_point_c == truth.heating_bp
        assert model.coefficients["hdd"] == pytest.approx(truth.heating, rel=1e-7)
    else:
        assert model.heating_balance_point_c is None
    if truth.cooling:
        assert model.cooling_balance_point_c == truth.cooling_bp
        assert model.coefficients["cdd"] == pytest.approx(truth.cooling, rel=1e-7)
    else:
        assert model.cooling_balance_point_c is None
    assert model.r2 == pytest.approx(1.0)
    assert model.cv_rmse == pytest.approx(0.0, abs=1e-6)
    assert estimate.savings_percent == pytest.approx(100 * saving, abs=1e-7)
    assert estimate.savings == pytest.approx(estimate.predicted - estimate.observed)


def estimate(readings, **kwargs):
    return estimate_savings(
        consumption=readings,
        temperatures=kwargs.pop("temperatures", TEMPERATURES),
        baseline=kwargs.pop("baseline", BASELINE),
        reporting=kwargs.pop("reporting", REPORTING),
        **kwargs,
    )


@exact
@given(base=bases, saving=savings)
def test_a_flat_load_comes_back_exactly(base, saving):
    truth = TrueModel(base=base)
    result = estimate(meter(truth, TEMPERATURES, saving=saving))
    assert result.model.kind == "intercept_only"
    assert_exact(result, truth, saving)


@exact
@given(base=bases, slope=slopes, balance_point=tenths(12, 18), saving=savings)
def test_a_heating_load_comes_back_exactly(base, slope, balance_point, saving):
    truth = TrueModel(base=base, heating=slope, heating_bp=balance_point)
    result = estimate(meter(truth, TEMPERATURES, saving=saving))
    assert result.model.kind == "hdd"
    assert_exact(result, truth, saving)


@exact
@given(base=bases, slope=slopes, balance_point=tenths(14, 18), saving=savings)
def test_a_cooling_load_comes_back_exactly(base, slope, balance_point, saving):
    truth = TrueModel(base=base, cooling=slope, cooling_bp=balance_point)
    result = estimate(meter(truth, TEMPERATURES, saving=saving))
    assert result.model.kind == "cdd"
    assert_exact(result, truth, saving)


@exact
@given(
    base=bases,
    heating=slopes,
    cooling=slopes,
    heating_bp=tenths(10, 14),
    cooling_bp=tenths(15, 18),
    saving=savings,
)
def test_heating_and_cooling_come_back_exactly(
    base, heating, cooling, heating_bp, cooling_bp, saving
):
    truth = TrueModel(
        base=base, heating=heating, heating_bp=heating_bp, cooling=cooling, cooling_bp=cooling_bp
    )
    result = estimate(meter(truth, TEMPERATURES, saving=saving))
    assert result.model.kind == "hdd_cdd"
    assert_exact(result, truth, saving)


@exact
@given(base=bases, weekend=st.integers(-80, 80).filter(bool).map(float), saving=savings)
def test_a_weekend_difference_comes_back_exactly(base, weekend, saving):
    truth = TrueModel(base=base + 100, heating=3.0, heating_bp=15.5, weekend=weekend)
    result = estimate(meter(truth, TEMPERATURES, saving=saving))
    assert result.model.weekday_weekend
    assert result.model.coefficients["weekend"] == pytest.approx(weekend, rel=1e-7)
    assert_exact(result, truth, saving)


@exact
@given(
    base=bases,
    per_unit=st.integers(1, 50).map(lambda n: n / 10),
    growth=st.integers(-30, 60).map(lambda n: n / 100),
    saving=savings,
)
def test_a_factory_whose_production_changes_comes_back_exactly(base, per_unit, growth, saving):
    # The adjusted baseline uses the reporting period's production: a factory that makes 60 %
    # more and uses less per unit has saved, though its meter reads more.
    produced = production_per_day(list(TEMPERATURES), growth=growth)
    truth = TrueModel(base=base, heating=2.0, heating_bp=14.0, per_unit=per_unit)
    readings = meter(truth, TEMPERATURES, saving=saving, production=produced)
    result = estimate(readings, production=production_periods(produced))
    assert result.model.production
    assert result.model.coefficients["production"] == pytest.approx(per_unit, rel=1e-7)
    assert_exact(result, truth, saving)


@exact
@given(base=bases, slope=slopes, balance_point=tenths(12, 18), saving=savings)
def test_monthly_bills_come_back_exactly(base, slope, balance_point, saving):
    truth = TrueModel(base=base, heating=slope, heating_bp=balance_point)
    bills_ = monthly_bills(meter(truth, TEMPERATURES, saving=saving))
    result = estimate(bills_)
    assert result.model.granularity == "billing"
    assert result.model.n == 12
    assert_exact(result, truth, saving)


@exact
@given(
    base=bases,
    heating=slopes,
    cooling=slopes,
    saving=savings,
    reading_day=st.integers(1, 28),
    length=st.integers(25, 36),
)
def test_irregular_bills_come_back_exactly(base, heating, cooling, saving, reading_day, length):
    truth = TrueModel(base=base, heating=heating, heating_bp=13.0, cooling=cooling, cooling_bp=17)
    # Bills across the windows' edges belong to the window that holds most of their days, so
    # the saving starts between the windows: every reporting bill is wholly after it.
    daily = meter(truth, TEMPERATURES, saving=saving, reporting_from=date(2023, 3, 1))
    epoch = date(2020, 12, reading_day)
    irregular = bills(daily, lambda day: (day - epoch).days % length == 0)
    result = estimate(irregular)
    assert result.model.granularity == "billing"
    assert_exact(result, truth, saving)


def test_hourly_readings_are_summed_to_days():
    truth = TrueModel(base=48.0, heating=4.8, heating_bp=16.0)
    daily = meter(truth, TEMPERATURES, saving=0.15)
    hourly = [
        (datetime(d.start.year, d.start.month, d.start.day, hour), d.quantity / 24)  # noqa: DTZ001
        for d in daily
        for hour in range(24)
    ]
    readings = aggregate_hourly(hourly)
    assert readings[0] == Period(daily[0].start, daily[0].start, pytest.approx(daily[0].quantity))
    assert_exact(estimate(readings), truth, 0.15)


def test_an_hourly_day_with_missing_hours_is_left_out():
    day = datetime(2022, 3, 27)  # noqa: DTZ001 - local time, as the meter reports it
    summer_time_change = [(day + timedelta(hours=h), 1.0) for h in range(23)]
    short = [(day + timedelta(days=1, hours=h), 1.0) for h in range(20)]
    assert aggregate_hourly(summer_time_change + short) == [Period(day.date(), day.date(), 23.0)]


NOISY = [
    ("flat", TrueModel(base=120.0), 0.10, 0.08),
    ("heating", TrueModel(base=40.0, heating=6.0, heating_bp=15.5), 0.12, 0.10),
    ("cooling", TrueModel(base=80.0, cooling=9.0, cooling_bp=16.0), 0.07, 0.08),
    (
        "both",
        TrueModel(base=60.0, heating=3.0, heating_bp=12.0, cooling=5.0, cooling_bp=17.0),
        0.20,
        0.10,
    ),
    ("weekend", TrueModel(base=200.0, heating=5.0, heating_bp=15.0, weekend=-120.0), 0.15, 0.08),
]


@pytest.mark.parametrize("name,truth,saving,noise", NOISY, ids=[case[0] for case in NOISY])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_noisy_daily_meters_are_within_one_point(name, truth, saving, noise, seed):
    result = estimate(meter(truth, TEMPERATURES, saving=saving, noise=noise, seed=seed))
    assert result.sufficient, result.reasons
    assert result.savings_percent == pytest.approx(100 * saving, abs=1.0)
    # The truth lies within the 90 % band, which ASHRAE's formula makes generous.
    assert abs(result.savings - 100 * saving / 100 * result.predicted) <= (
        result.savings_uncertainty_90
    )


@pytest.mark.parametrize("name,truth,saving,noise", NOISY, ids=[case[0] for case in NOISY])
@pytest.mark.parametrize("seed", [1, 2])
def test_noisy_monthly_bills_are_within_one_point(name, truth, saving, noise, seed):
    daily = meter(truth, TEMPERATURES, saving=saving, noise=noise, seed=seed)
    result = estimate(monthly_bills(daily))
    assert result.sufficient, result.reasons
    assert result.savings_percent == pytest.approx(100 * saving, abs=1.0)


@pytest.mark.parametrize("granularity", ["daily", "monthly"])
def test_noisy_factories_that_grow_are_within_one_point(granularity):
    # The production slope is estimated from twelve monthly levels and extrapolated 40 %
    # beyond them, so single meters scatter (about ±0.4 points, one standard deviation, on
    # these); eight meters show that the estimate is unbiased and each is within the point.
    errors = []
    for seed in range(1, 9):
        produced = production_per_day(list(TEMPERATURES), growth=0.4, seed=seed)
        truth = TrueModel(base=300.0, heating=8.0, heating_bp=15.0, per_unit=6.0)
        readings = meter(
            truth, TEMPERATURES, saving=0.12, noise=0.03, seed=seed, production=produced
        )
        if granularity == "monthly":
            readings = monthly_bills(readings)
        result = estimate(readings, production=production_periods(produced))
        assert result.sufficient, result.reasons
        assert result.model.production
        errors.append(result.savings_percent - 12.0)
    assert max(abs(error) for error in errors) <= 1.0, errors
    assert abs(sum(errors) / len(errors)) <= 0.3, errors


# Bills as utilities cut them: on the first of each month or of every other month, or read
# in the middle of every other month. The saving starts between the windows, so that a
# reporting bill across the window's edge holds no day of the old regime.
BILL_CUTS = {
    "monthly": lambda day: day.day == 1,
    "bimonthly": lambda day: day.day == 1 and day.month % 2 == 1,
    "bimonthly-mid": lambda day: day.day == 15 and day.month % 2 == 0,
}
SAVING_FROM = date(2023, 3, 1)
# 3 % daily noise moves a year's saving by about 0.2 points (one standard deviation) on its
# own, so a miss of a point is the model's, not the meter's. At the 8–10 % of NOISY the
# meter's noise alone is about 0.7 points, and the true model itself misses the point on some
# meters.
BILL_NOISE = 0.03


@pytest.mark.parametrize("cut", BILL_CUTS)
@pytest.mark.parametrize("name,truth,saving,noise", NOISY, ids=[case[0] for case in NOISY])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_noisy_bills_of_every_cut_are_within_one_point(name, truth, saving, noise, cut, seed):
    daily = meter(
        truth, TEMPERATURES, saving=saving, noise=BILL_NOISE, seed=seed, reporting_from=SAVING_FROM
    )
    result = estimate(bills(daily, BILL_CUTS[cut]))
    assert result.sufficient, result.reasons
    assert result.model.granularity == "billing"
    assert result.savings_percent == pytest.approx(100 * saving, abs=1.0)


@exact
@given(
    base=bases,
    heating=slopes,
    balance_point=tenths(12, 18),
    per_unit=st.integers(1, 50).map(lambda n: n / 10),
    growth=st.integers(-30, 60).map(lambda n: n / 100),
    saving=savings,
    cut=st.sampled_from(["bimonthly", "bimonthly-mid"]),
)
def test_bimonthly_bills_of_a_factory_come_back_exactly(
    base, heating, balance_point, per_unit, growth, saving, cut
):
    # Six or seven bills carry intercept, production, heating and its balance point; without
    # noise the search finds them all.
    produced = production_per_day(list(TEMPERATURES), growth=growth)
    truth = TrueModel(base=base, heating=heating, heating_bp=balance_point, per_unit=per_unit)
    daily = meter(
        truth, TEMPERATURES, saving=saving, production=produced, reporting_from=SAVING_FROM
    )
    result = estimate(bills(daily, BILL_CUTS[cut]), production=production_periods(produced))
    assert result.model.n in (6, 7)
    assert result.model.coefficients["production"] == pytest.approx(per_unit, rel=1e-7)
    assert_exact(result, truth, saving)


@pytest.mark.parametrize("cut", ["bimonthly", "bimonthly-mid"])
def test_noisy_bimonthly_bills_of_factories_that_grow(cut):
    # Six bimonthly production levels fix the production slope loosely, and 40 % growth
    # extrapolates it: single meters miss the true saving by up to 1.6 points, the true model
    # fitted to the same bills as much (decision 0011). What the engine adds by searching
    # the model is checked against that true model; the errors are unbiased.
    truth = TrueModel(base=300.0, heating=8.0, heating_bp=15.0, per_unit=6.0)
    true_form = EngineOptions(
        heating_range_c=(15.0, 15.0), cooling_range_c=(28.0, 28.0), degree_day_spreads_c=(0.0,)
    )
    errors, added = [], []
    for seed in range(1, 9):
        produced = production_per_day(list(TEMPERATURES), growth=0.4, seed=seed)
        daily = meter(
            truth,
            TEMPERATURES,
            saving=0.12,
            noise=BILL_NOISE,
            seed=seed,
            production=produced,
            reporting_from=SAVING_FROM,
        )
        readings = bills(daily, BILL_CUTS[cut])
        result = estimate(readings, production=production_periods(produced))
        assert result.sufficient, result.reasons
        assert result.model.production
        known = estimate(readings, production=production_periods(produced), options=true_form)
        errors.append(result.savings_percent - 12.0)
        added.append(result.savings_percent - known.savings_percent)
    assert abs(sum(errors) / len(errors)) <= 0.3, errors
    assert max(abs(difference) for difference in added) <= 1.0, added
    assert abs(sum(added) / len(added)) <= 0.3, added


def test_a_baseline_that_is_not_a_calendar_year():
    truth = TrueModel(base=40.0, heating=6.0, heating_bp=15.5)
    result = estimate(
        meter(truth, TEMPERATURES, saving=0.1),
        baseline=(date(2022, 4, 1), date(2023, 3, 31)),
    )
    assert_exact(result, truth, 0.1)


def test_only_days_with_readings_are_predicted():
    truth = TrueModel(base=40.0, heating=6.0, heating_bp=15.5)
    readings = [
        r
        for r in meter(truth, TEMPERATURES, saving=0.1)
        if not date(2024, 2, 1) <= r.start <= date(2024, 2, 20)
    ]
    result = estimate(readings)
    assert result.sufficient
    assert len(result.reporting_periods) == 366 - 20
    assert result.savings_percent == pytest.approx(10.0)


def test_the_periods_compare_observed_with_predicted():
    truth = TrueModel(base=40.0, heating=6.0, heating_bp=15.5)
    result = estimate(monthly_bills(meter(truth, TEMPERATURES, saving=0.25)))
    january = result.reporting_periods[0]
    assert (january.start, january.end) == (date(2024, 1, 1), date(2024, 1, 31))
    assert january.observed == pytest.approx(0.75 * january.predicted)
    assert sum(p.predicted for p in result.reporting_periods) == pytest.approx(result.predicted)
    assert [p.observed for p in result.baseline_periods] == pytest.approx(
        [p.predicted for p in result.baseline_periods]
    )
    shape = result.as_dict()
    assert shape["reporting_periods"][0] == {
        "start": "2024-01-01",
        "end": "2024-01-31",
        "observed": january.observed,
        "predicted": january.predicted,
    }


def test_fit_baseline_and_predict_alone():
    truth = TrueModel(base=40.0, heating=6.0, heating_bp=15.5, weekend=-10.0)
    readings = meter(truth, TEMPERATURES, saving=0.0)
    model = fit_baseline(consumption=readings, temperatures=TEMPERATURES, baseline=BASELINE)
    week = (date(2024, 3, 4), date(2024, 3, 10))
    [predicted] = predict(model, periods=[week], temperatures=TEMPERATURES)
    assert predicted == pytest.approx(
        sum(truth.day(d, TEMPERATURES[d]) for d in (week[0] + timedelta(n) for n in range(7)))
    )
    assert predict(model, periods=[], temperatures=TEMPERATURES) == ()


def test_fit_baseline_refuses_with_the_reasons():
    readings = meter(TrueModel(base=40.0), TEMPERATURES, saving=0.0)[:500]
    with pytest.raises(InsufficientDataError) as refused:
        fit_baseline(consumption=readings, temperatures=TEMPERATURES, baseline=BASELINE)
    assert refused.value.reasons[0].code == "baseline_too_short"


def test_predict_names_the_days_without_a_temperature():
    readings = meter(TrueModel(base=40.0, heating=2.0), TEMPERATURES, saving=0.0)
    model = fit_baseline(consumption=readings, temperatures=TEMPERATURES, baseline=BASELINE)
    with pytest.raises(InsufficientDataError) as refused:
        predict(model, periods=[(date(2030, 1, 1), date(2030, 1, 2))], temperatures=TEMPERATURES)
    assert str(refused.value) == "no temperature for 01.01.2030–02.01.2030"


def test_a_model_needs_its_production():
    produced = production_per_day(list(TEMPERATURES))
    truth = TrueModel(base=30.0, per_unit=2.0)
    readings = meter(truth, TEMPERATURES, saving=0.0, production=produced)
    model = fit_baseline(
        consumption=readings,
        temperatures=TEMPERATURES,
        baseline=BASELINE,
        production=production_periods(produced),
    )
    with pytest.raises(InsufficientDataError, match=r"no production for 01\.01\.2024–02\.01\.2024"):
        predict(model, periods=[(date(2024, 1, 1), date(2024, 1, 2))], temperatures=TEMPERATURES)


def test_smoothed_degree_days_on_the_tenth_degree_lattice_are_computed_ones():
    # Temperatures to a tenth of a degree (DMI's) lie on the balance points' grid: the engine
    # looks their smoothed degree days up on that lattice instead of computing each one.
    from carbon20.energy.calc.savings.estimate import _design
    from carbon20.energy.calc.savings.fit import _Readings, degree_days

    year = meter(TrueModel(base=10.0), TEMPERATURES, saving=0.0)[:365]
    shared = _Readings(_design(year, TEMPERATURES, None), EngineOptions())
    assert shared.lattice is not None
    heating, cooling = shared.degree_days(4.0)
    points = np.union1d(shared.heating_grid, shared.cooling_grid)
    excess = points[:, None] - np.array([TEMPERATURES[day.start] for day in year])[None, :]
    assert heating == pytest.approx(degree_days(excess, 4.0)[shared.heating_rows], abs=1e-12)
    assert cooling == pytest.approx(degree_days(-excess, 4.0)[shared.cooling_rows], abs=1e-12)
    off_lattice = {day: value + 0.01 for day, value in TEMPERATURES.items()}
    assert _Readings(_design(year, off_lattice, None), EngineOptions()).lattice is None


def test_the_options_narrow_the_search():
    truth = TrueModel(base=40.0, heating=6.0, heating_bp=15.5, weekend=-10.0)
    options = EngineOptions(weekday_weekend=False, heating_range_c=(15.0, 16.0))
    result = estimate(meter(truth, TEMPERATURES, saving=0.1), options=options)
    assert not result.model.weekday_weekend
    assert 15.0 <= result.model.heating_balance_point_c <= 16.0


def test_the_bench_prints_its_figures(monkeypatch, capsys):
    from carbon20.energy import bench_savings

    monkeypatch.setattr(bench_savings, "RUNS", 3)
    bench_savings.main()
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "  savings engine, fit and predict, 3 runs each (true saving 12 %):"
    assert lines[1].split()[:3] == ["daily", "meter-year", "median"]
    assert lines[2].split()[:3] == ["monthly", "meter-year", "median"]
