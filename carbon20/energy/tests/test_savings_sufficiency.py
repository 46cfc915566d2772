"""Each data sufficiency rule of the savings engine refuses with its reason named."""

import math
import re
from datetime import date

import pytest
from django.utils import translation

from carbon20.energy.calc.savings import (
    EngineOptions,
    Insufficiency,
    Period,
    estimate_savings,
    fit_baseline,
)
from carbon20.energy.calc.savings.estimate import model_quality
from carbon20.energy.calc.savings.synthetic import (
    BASELINE,
    REPORTING,
    TrueModel,
    bills,
    danish_temperatures,
    meter,
    monthly_bills,
)

TEMPERATURES = danish_temperatures()
TRUTH = TrueModel(base=50.0, heating=5.0, heating_bp=15.0)
READINGS = meter(TRUTH, TEMPERATURES, saving=0.1, noise=0.02, seed=7)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(readings=READINGS, **kwargs):
    result = estimate_savings(
        consumption=readings,
        temperatures=kwargs.pop("temperatures", TEMPERATURES),
        baseline=kwargs.pop("baseline", BASELINE),
        reporting=kwargs.pop("reporting", REPORTING),
        **kwargs,
    )
    assert not result.sufficient
    assert result.savings is None
    return [reason.message for reason in result.reasons]


def summed(first, last):
    """One bill for the days of READINGS from `first` to `last`."""
    return Period(first, last, sum(r.quantity for r in READINGS if first <= r.start <= last))


def without(readings, first, last):
    return [r for r in readings if not (first <= r.start <= last)]


def test_a_short_baseline_is_refused_with_its_days_and_gap():
    readings = without(READINGS, date(2022, 1, 1), date(2022, 6, 14))
    assert refusal(readings) == [
        "the baseline covers 200 days; at least 329 are needed",
        "no consumption for 01.01.2022–14.06.2022",
    ]


def test_a_baseline_window_shorter_than_329_days_is_refused():
    assert refusal(baseline=(date(2022, 1, 1), date(2022, 7, 19))) == [
        "the baseline covers 200 days; at least 329 are needed"
    ]


def test_a_gap_in_the_baseline_is_named():
    readings = without(READINGS, date(2022, 3, 1), date(2022, 5, 14))
    assert refusal(readings) == [
        "the baseline covers 290 days; at least 329 are needed",
        "no consumption for 01.03.2022–14.05.2022",
    ]


def test_a_small_gap_is_within_the_tolerance():
    # CalTRACK asks 90 % of the days: a meter that missed a fortnight still makes a baseline.
    readings = without(READINGS, date(2022, 3, 1), date(2022, 3, 14))
    readings = without(readings, date(2024, 8, 8), date(2024, 8, 8))
    result = estimate_savings(
        consumption=readings, temperatures=TEMPERATURES, baseline=BASELINE, reporting=REPORTING
    )
    assert result.sufficient
    # Named all the same, beside the estimate.
    assert result.as_dict()["warnings"] == [
        "no consumption for 01.03.2022–14.03.2022",
        "no consumption for 08.08.2024",
    ]


def test_a_baseline_longer_than_366_days_is_refused():
    assert refusal(baseline=(date(2021, 6, 1), date(2022, 12, 31)))[0] == (
        "the baseline spans 579 days; at most 366 are allowed"
    )


def test_a_reporting_period_before_the_baseline_ends_is_refused():
    assert refusal(reporting=(date(2021, 1, 1), date(2021, 12, 31))) == [
        "the reporting period begins on 01.01.2021, before the baseline ends on 31.12.2022"
    ]


def test_windows_that_end_before_they_start_are_refused():
    assert refusal(baseline=(date(2022, 12, 31), date(2022, 1, 1)))[0] == (
        "the baseline ends on 01.01.2022, before it starts on 31.12.2022"
    )
    assert refusal(reporting=(date(2024, 12, 31), date(2024, 1, 1))) == [
        "the reporting period ends on 01.01.2024, before it starts on 31.12.2024"
    ]


def test_a_thin_reporting_period_is_refused_with_its_gaps():
    readings = without(READINGS, date(2024, 7, 1), date(2024, 12, 31))
    assert refusal(readings) == [
        "the reporting period has consumption for 182 of its 366 days; at least 330 are needed",
        "no consumption for 01.07.2024–31.12.2024",
    ]


def test_temperatures_must_cover_the_periods():
    temperatures = {
        day: value
        for day, value in TEMPERATURES.items()
        if not date(2022, 2, 1) <= day <= date(2022, 2, 3) and day != date(2024, 5, 5)
    }
    temperatures[date(2024, 6, 6)] = math.nan
    assert refusal(temperatures=temperatures) == [
        "no temperature for 01.02.2022–03.02.2022",
        "no temperature for 05.05.2024",
        "no temperature for 06.06.2024",
    ]


def test_production_must_cover_the_periods():
    production = [Period(date(2022, 1, 1), date(2022, 12, 20), 1000.0)]
    messages = refusal(production=production)
    assert messages == [
        "no production for 21.12.2022–31.12.2022",
        "no production for 01.01.2024–31.12.2024",
    ]


def test_negative_and_non_numeric_quantities_are_refused():
    readings = [*READINGS]
    readings[10] = Period(date(2021, 1, 11), date(2021, 1, 11), -5.0)
    readings[11] = Period(date(2021, 1, 12), date(2021, 1, 12), math.nan)
    production = [Period(date(2022, 1, 1), date(2022, 1, 31), -1.5)]
    assert refusal(readings, production=production) == [
        "the consumption for 11.01.2021–11.01.2021 is negative (-5.0)",
        "the consumption for 12.01.2021–12.01.2021 is not a number",
        "the production for 01.01.2022–31.01.2022 is negative (-1.5)",
    ]


def test_overlapping_and_reversed_readings_are_refused():
    bills = monthly_bills(READINGS)
    bills.append(Period(date(2022, 3, 20), date(2022, 4, 10), 1.0))
    bills.append(Period(date(2022, 6, 2), date(2022, 6, 1), 1.0))
    messages = refusal(bills)
    assert "the consumption period 02.06.2022–01.06.2022 ends before it starts" in messages
    assert (
        "the consumption readings 01.03.2022–31.03.2022 and 20.03.2022–10.04.2022 overlap"
        in messages
    )


def test_many_gaps_are_listed_up_to_ten():
    readings = [r for r in READINGS if r.start.day % 2 or r.start.year != 2022]
    messages = refusal(readings)
    assert messages[0] == "the baseline covers 186 days; at least 329 are needed"
    assert messages[1:4] == [
        "no consumption for 02.01.2022",
        "no consumption for 04.01.2022",
        "no consumption for 06.01.2022",
    ]
    assert len(messages) == 12
    assert messages[-1] == f"and {365 - 186 - 10} more gaps"


def noisy(noise, saving, seed=3):
    return [
        Period(r.start, r.end, abs(r.quantity))
        for r in meter(TRUTH, TEMPERATURES, saving=saving, noise=noise, seed=seed)
    ]


def test_a_model_of_too_poor_quality_is_refused_with_its_figures():
    result = estimate_savings(
        # A slight increase (3 %) under heavy scatter: the saving cannot stand out.
        consumption=noisy(0.6, -0.03),
        temperatures=TEMPERATURES,
        baseline=BASELINE,
        reporting=REPORTING,
    )
    assert not result.sufficient
    assert result.model is not None
    [reason] = result.reasons
    assert reason.code == "model_quality"
    shown = re.fullmatch(
        r"the best model's CV\(RMSE\) is (\d+\.\d) %, above the 30\.0 % accepted for daily "
        r"data \(ASHRAE Guideline 14\), and its savings uncertainty, (\d+\.\d) % at 68 % "
        r"confidence, is not below 100 %: the saving does not stand out from the model's scatter",
        reason.message,
    )
    assert shown is not None, reason.message
    assert float(shown.group(1)) == pytest.approx(result.model.cv_rmse, abs=0.051)
    assert float(shown.group(2)) >= 100
    assert result.as_dict()["model"]["cv_rmse"] == result.model.cv_rmse


def test_a_noisy_model_is_used_when_its_savings_are_certain_enough():
    # ASHRAE Guideline 14's performance path: a year of noisy days still pins a 20 % saving.
    result = estimate_savings(
        consumption=noisy(0.35, 0.2),
        temperatures=TEMPERATURES,
        baseline=BASELINE,
        reporting=REPORTING,
    )
    assert result.sufficient
    assert result.model.cv_rmse > 30
    assert result.fsu_68_percent < 50
    [warning] = result.warnings
    assert warning.code == "model_quality_accepted"
    assert result.as_dict()["warnings"] == [warning.message]
    assert "it is used because its savings uncertainty" in warning.message


def test_a_noisy_model_without_a_saving_is_refused():
    model = fit_baseline(consumption=noisy(0.6, 0.0), temperatures=TEMPERATURES, baseline=BASELINE)
    reason = model_quality(model, None, EngineOptions())
    assert reason.code == "model_quality_no_saving"
    assert reason.message.endswith(
        "and there is no saving to weigh its uncertainty against (ASHRAE Guideline 14)"
    )
    assert model_quality(model, 99.0, EngineOptions()).code == "model_quality_accepted"
    assert model_quality(model, 100.0, EngineOptions()).code == "model_quality"
    assert model_quality(model, 100.0, EngineOptions(max_cv_rmse_daily_percent=100)) is None


def test_monthly_data_are_held_to_the_billing_threshold():
    bills = monthly_bills(meter(TRUTH, TEMPERATURES, saving=0.1, noise=0.3, seed=3))
    result = estimate_savings(
        consumption=bills,
        temperatures=TEMPERATURES,
        baseline=BASELINE,
        reporting=REPORTING,
        options=EngineOptions(max_cv_rmse_billing_percent=1.0),
    )
    assert [w.code for w in result.warnings] == ["model_quality_accepted"]
    assert "above the 1.0 % accepted for billing period data" in result.warnings[0].message


def test_a_model_that_predicts_nothing_is_refused():
    zero = [Period(r.start, r.end, 0.0) for r in READINGS]
    assert refusal(zero) == ["the baseline model predicts no consumption for the reporting period"]


def test_reasons_are_translated():
    reason = Insufficiency("baseline_too_short", {"days": 200, "minimum": 329})
    with translation.override("da"):
        assert reason.message == "baselinen dækker 200 dage; mindst 329 er nødvendige"
    with translation.override("en"):
        assert reason.as_dict() == {
            "code": "baseline_too_short",
            "params": {"days": 200, "minimum": 329},
            "message": "the baseline covers 200 days; at least 329 are needed",
        }
    gap = Insufficiency("consumption_gap", {"start": date(2022, 3, 1), "end": date(2022, 5, 14)})
    assert gap.as_dict()["params"] == {"start": "2022-03-01", "end": "2022-05-14"}
    with translation.override("da"):
        assert str(gap) == "intet forbrug for 01.03.2022–14.05.2022"


@pytest.mark.parametrize("confidence", [0.68, 0.90])
def test_the_uncertainty_follows_ashrae_guideline_14(confidence):
    from scipy import stats

    from carbon20.energy.calc.savings.uncertainty import savings_uncertainty

    # Hand computation: n = 365 daily points, p = 2, ρ = 0.5 ⇒ n′ = 365 × 0.5 / 1.5;
    # CV 10 %, m = 366, projected baseline 20,000.
    n_effective = 365 * 0.5 / 1.5
    t = stats.t.ppf(0.5 + confidence / 2, 363)
    expected = t * 1.26 * 0.10 * 20_000 * math.sqrt(365 / n_effective * (1 + 2 / n_effective) / 366)
    assert savings_uncertainty(
        confidence=confidence,
        cv_rmse_percent=10.0,
        n=365,
        p=2,
        m=366,
        autocorrelation=0.5,
        predicted=20_000.0,
    ) == pytest.approx(expected)


def test_nil_savings_have_no_fractional_uncertainty():
    exact = [Period(r.start, r.end, 50.0) for r in READINGS]
    result = estimate_savings(
        consumption=exact, temperatures=TEMPERATURES, baseline=BASELINE, reporting=REPORTING
    )
    assert result.savings == pytest.approx(0.0, abs=1e-6)
    assert result.fsu_90_percent is None
    assert result.as_dict()["fsu_percent"] is None


def test_a_bill_across_the_baselines_first_day_is_kept_whole():
    # The days before the baseline are before the measures too: they only widen the data.
    bill = summed(date(2021, 12, 1), date(2022, 1, 14))
    readings = [bill] + [r for r in READINGS if r.start > date(2022, 1, 14)]
    result = estimate_savings(
        consumption=readings, temperatures=TEMPERATURES, baseline=BASELINE, reporting=REPORTING
    )
    assert result.sufficient
    assert result.baseline_periods[0].start == bill.start
    assert result.model.n == 352


def test_a_bill_mostly_after_the_baseline_is_left_out():
    # Across the last day, which faces the measures' installation, a bill must lie mostly inside.
    bill = summed(date(2022, 12, 20), date(2023, 1, 31))
    readings = [r for r in READINGS if not date(2022, 12, 20) <= r.start <= date(2023, 1, 31)]
    result = estimate_savings(
        consumption=[*readings, bill],
        temperatures=TEMPERATURES,
        baseline=BASELINE,
        reporting=REPORTING,
    )
    assert result.baseline_periods[-1].end == date(2022, 12, 19)


def test_a_bill_mostly_inside_the_baseline_counts_with_its_days_inside():
    # 24 of its 31 days lie in the baseline: it is fitted whole, and covers those 24 days.
    bill = Period(date(2021, 12, 25), date(2022, 1, 24), 1500.0)
    readings = [bill] + [r for r in READINGS if date(2022, 9, 5) > r.start > date(2022, 1, 24)]
    assert refusal(readings)[:2] == [
        "the baseline covers 247 days; at least 329 are needed",
        "no consumption for 05.09.2022–31.12.2022",
    ]
    readings += [r for r in READINGS if r.start >= date(2022, 9, 5)]
    result = estimate_savings(
        consumption=readings, temperatures=TEMPERATURES, baseline=BASELINE, reporting=REPORTING
    )
    assert result.baseline_periods[0].start == bill.start


def test_a_bill_across_the_gap_is_left_out_of_the_fit_and_split_in_the_comparison():
    start, end = date(2022, 12, 20), date(2023, 1, 10)
    bill = summed(start, end)
    readings = without(READINGS, date(2022, 12, 1), end)
    result = estimate_savings(
        consumption=[*readings, bill],
        temperatures=TEMPERATURES,
        baseline=BASELINE,
        reporting=(date(2023, 1, 1), date(2023, 12, 31)),
    )
    assert result.sufficient
    # The baseline's readings end where the December gap begins: the bill is in no fit.
    assert result.baseline_periods[-1].end == date(2022, 11, 30)
    assert all(p.start != start for p in result.baseline_periods)
    # The comparison takes its 10 reporting days: the bill less what the model says its 12
    # baseline days used, which is what those 10 days used up to the model's scatter.
    first = result.reporting_periods[0]
    assert (first.start, first.end) == (date(2023, 1, 1), bill.end)
    used = summed(date(2023, 1, 1), end).quantity
    assert first.observed == pytest.approx(used, rel=0.02)


def test_a_bill_across_the_gap_counts_towards_the_baselines_coverage():
    # Without the bill's 12 baseline days the baseline would hold 317 days; with them, 329.
    bill = summed(date(2022, 12, 20), date(2023, 1, 10))
    readings = [*without(READINGS, date(2022, 11, 14), date(2023, 1, 10)), bill]
    result = estimate_savings(
        consumption=readings,
        temperatures=TEMPERATURES,
        baseline=BASELINE,
        reporting=(date(2023, 1, 1), date(2023, 12, 31)),
    )
    assert result.sufficient, [reason.message for reason in result.reasons]
    assert [w.message for w in result.warnings] == ["no consumption for 14.11.2022–19.12.2022"]
    shorter = [*without(READINGS, date(2022, 11, 13), date(2023, 1, 10)), bill]
    assert "the baseline covers 328 days; at least 329 are needed" in refusal(
        shorter, reporting=(date(2023, 1, 1), date(2023, 12, 31))
    )


def test_a_bill_across_the_gap_does_not_bend_the_model():
    # A factory's production and the weather differ between the bill's December and January
    # days: spread evenly into the baseline, the bill would misstate both. Noise-free
    # data keep an exact fit and the true saving.
    production = {day: 100.0 * (1 + (day.month % 3)) for day in TEMPERATURES}
    factory = TrueModel(base=40.0, heating=3.0, heating_bp=15.0, per_unit=1.0)
    daily = meter(
        factory,
        TEMPERATURES,
        saving=0.1,
        production=production,
        reporting_from=date(2023, 1, 1),
    )
    bills = [
        bill
        for bill in monthly_bills(daily)
        if not date(2022, 12, 1) <= bill.start <= date(2023, 1, 1)
    ]
    across = Period(
        date(2022, 12, 16),
        date(2023, 1, 15),
        sum(r.quantity for r in daily if date(2022, 12, 16) <= r.start <= date(2023, 1, 15)),
    )
    before = Period(
        date(2022, 12, 1),
        date(2022, 12, 15),
        sum(r.quantity for r in daily if date(2022, 12, 1) <= r.start <= date(2022, 12, 15)),
    )
    after = Period(
        date(2023, 1, 16),
        date(2023, 1, 31),
        sum(r.quantity for r in daily if date(2023, 1, 16) <= r.start <= date(2023, 1, 31)),
    )
    result = estimate_savings(
        consumption=[*bills, before, across, after],
        temperatures=TEMPERATURES,
        production=[Period(day, day, value) for day, value in sorted(production.items())],
        baseline=BASELINE,
        reporting=(date(2023, 1, 1), date(2023, 12, 31)),
    )
    assert result.sufficient
    assert result.model.cv_rmse < 1e-9
    assert result.model.heating_balance_point_c == 15.0
    # The bill's 15 reporting days get what the model does not give its 16 baseline days.
    assert result.savings_percent == pytest.approx(10.0, abs=1e-9)


GAP_FAMILIES = {
    "flat": TrueModel(base=100.0),
    "heating": TrueModel(base=50.0, heating=8.0, heating_bp=15.5),
    "heating and cooling": TrueModel(
        base=60.0, heating=6.0, heating_bp=14.0, cooling=12.0, cooling_bp=16.0
    ),
    "factory": TrueModel(base=40.0, heating=3.0, heating_bp=15.0, per_unit=1.0),
}
BILL_STARTS = {
    "from the 15th": lambda day: day.day == 15,
    "bimonthly from the 10th": lambda day: day.day == 10 and day.month % 2 == 0,
}
SHORT_GAP_BASELINE = (date(2022, 1, 1), date(2022, 12, 24))
SHORT_GAP_REPORTING = (date(2023, 1, 1), date(2023, 12, 31))


def _across_a_short_gap(family, starts, saving_from):
    production = {
        day: 100.0 * (1 + (day.month % 3)) * (1.3 if day.year >= 2023 else 1.0)
        for day in TEMPERATURES
    }
    model = GAP_FAMILIES[family]
    daily = meter(
        model,
        TEMPERATURES,
        saving=0.1,
        production=production if model.per_unit else None,
        reporting_from=saving_from,
    )
    return estimate_savings(
        consumption=bills(daily, BILL_STARTS[starts]),
        temperatures=TEMPERATURES,
        production=(
            [Period(day, day, value) for day, value in sorted(production.items())]
            if model.per_unit
            else None
        ),
        baseline=SHORT_GAP_BASELINE,
        reporting=SHORT_GAP_REPORTING,
    )


@pytest.mark.parametrize("starts", BILL_STARTS)
@pytest.mark.parametrize("family", GAP_FAMILIES)
def test_bills_across_a_gap_shorter_than_a_bill_give_the_true_saving(family, starts):
    # The measures in place from the gap's first day: the bill across it is shared exactly.
    result = _across_a_short_gap(family, starts, saving_from=date(2022, 12, 25))
    assert result.sufficient, [reason.message for reason in result.reasons]
    assert result.model.cv_rmse < 1e-9
    assert result.savings_percent == pytest.approx(10.0, abs=1e-6)


@pytest.mark.parametrize("family", GAP_FAMILIES)
def test_a_bill_across_a_gap_without_the_measures_is_left_out(family):
    # The measures in place only from the reporting period, whose own bills (from 15.01.)
    # cover 351 of its 365 days: the bill across the gap is left out, so the gap's days,
    # which used as the baseline did, take nothing off the saving.
    result = _across_a_short_gap(family, "from the 15th", saving_from=SHORT_GAP_REPORTING[0])
    assert result.sufficient, [reason.message for reason in result.reasons]
    assert result.savings_percent == pytest.approx(10.0, abs=1e-6)
    assert result.reporting_periods[0].start == date(2023, 1, 15)
    assert [w.message for w in result.warnings] == [
        "the reading 15.12.2022–14.01.2023 runs from the baseline across the gap into the "
        "reporting period and is left out of the comparison: the gap's days may have used as "
        "much as the baseline's or as little as the reporting period's"
    ]


@pytest.mark.parametrize("family", GAP_FAMILIES)
def test_a_bill_across_a_gap_is_shared_when_the_reporting_period_needs_its_days(family):
    # Bimonthly bills: without the bill across the gap the reporting period would hold 325
    # days, so its days are shared; the gap's days used more than the share they are given,
    # so the estimate is a little below the truth, never above.
    result = _across_a_short_gap(
        family, "bimonthly from the 10th", saving_from=SHORT_GAP_REPORTING[0]
    )
    assert result.sufficient, [reason.message for reason in result.reasons]
    assert result.reporting_periods[0].start == SHORT_GAP_REPORTING[0]
    assert 9.5 <= result.savings_percent <= 10.0 + 1e-9
    assert result.warnings == ()


def test_a_bill_left_out_is_named_in_danish():
    with translation.override("da"):
        warning = Insufficiency(
            "bill_across_gap_left_out", {"start": date(2022, 12, 15), "end": date(2023, 1, 14)}
        )
        assert warning.message.startswith("aflæsningen 15.12.2022–14.01.2023 løber fra baselinen")
