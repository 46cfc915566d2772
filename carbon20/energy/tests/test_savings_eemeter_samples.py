"""The engine on eemeter's published sample meters (fixtures/eemeter/README.md): as close to
the known 10 % saving as eemeter's own estimate, or closer."""

from datetime import date
from pathlib import Path

import pytest

from carbon20.energy.calc.savings import estimate_savings
from carbon20.energy.savings_files import read_readings, read_temperatures

FIXTURES = Path(__file__).parent / "fixtures" / "eemeter"
TRUE_SAVING = 10.0
BASELINE = (date(2015, 12, 27), date(2016, 12, 25))
REPORTING = (date(2017, 1, 4), date(2018, 1, 3))
# eemeter 4.1.1's estimates on the same meters and windows, as in the README: the samples read
# with `eemeter.samples`, the rows whose start lies in each window handed to DailyModel
# (daily samples) or BillingModel (billing samples; eemeter takes a window's last bill as the
# marker of its end and leaves it out), fitted on the baseline and predicted over the
# reporting period, savings % = 100 × (predicted − observed) / predicted over the reporting
# days with meter data; eemeter 4.1.1 with pandas 2.3 in a throw-away environment, never a
# dependency of the project.
EEMETER = {
    "il-electricity-cdd-hdd-billing_bimonthly": 12.28,
    "il-electricity-cdd-hdd-billing_monthly": 12.96,
    "il-electricity-cdd-hdd-daily": 8.70,
    "il-electricity-cdd-only-billing_bimonthly": 7.42,
    "il-electricity-cdd-only-billing_monthly": 8.29,
    "il-electricity-cdd-only-daily": 3.09,
    "il-gas-hdd-only-billing_bimonthly": 9.88,
    "il-gas-hdd-only-billing_monthly": 9.05,
    "il-gas-hdd-only-daily": 8.27,
    "il-gas-intercept-only-billing_bimonthly": 9.97,
    "il-gas-intercept-only-billing_monthly": 10.32,
    "il-gas-intercept-only-daily": 10.38,
}
# Where eemeter is still closer (decision 0011, "eemeter's sample meters"): strict, so that
# the day the engine gets there the mark must go. On the weather-sensitive bills even the
# samples' true model (hourly degree hours at the stated 65 °F or 60 °F) lands at 6.3 %, 6.2 %
# and 8.0 %, and no function of the daily mean fitted to the daily sample's baseline gets
# past 4.8 % on the cooling meter (test_savings_daily_mean_limit.py shows why); eemeter lands
# nearer 10 % with a model further from the samples' own (a cooling balance point of
# 55–57 °F, heating up to 74 °F). The two flat meters are the reporting period's own bills
# against the baseline's: the bill across the blackout, whose days used as the baseline's,
# is left out, and eemeter's nearer figure is a different cut of the same noise.
NOT_YET = {
    "il-electricity-cdd-only-billing_bimonthly": "5.39 %: the true model itself 6.25 %; "
    "eemeter's 7.42 % from a cooling balance point 8 °F below the samples' own",
    "il-electricity-cdd-only-billing_monthly": "5.39 %: the true model itself 6.19 %; "
    "eemeter's 8.29 % from a cooling balance point 10 °F below the samples' own",
    "il-gas-hdd-only-billing_bimonthly": "6.25 %: six bills, heating and cooling fitted "
    "almost exactly; the true model itself 7.99 %, eemeter 4.2–9.9 % by how the bills are cut",
    "il-gas-intercept-only-billing_bimonthly": "10.53 %: a flat meter's reporting bills "
    "against its baseline bills; eemeter's 9.97 % leaves out other bills (10.41 % with its "
    "last bill kept)",
    "il-gas-intercept-only-billing_monthly": "10.38 %: a flat meter's reporting bills against "
    "its baseline bills; eemeter's 10.32 % leaves out other bills (10.77 % with its last bill "
    "kept)",
}


def _estimate(sample):
    return estimate_savings(
        consumption=read_readings(FIXTURES / f"{sample}.csv"),
        temperatures=read_temperatures(FIXTURES / "il-temperature-daily.csv"),
        baseline=BASELINE,
        reporting=REPORTING,
    )


@pytest.mark.parametrize(
    "sample",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=NOT_YET[name]))
        if name in NOT_YET
        else name
        for name in sorted(EEMETER)
    ],
)
def test_no_further_from_the_truth_than_eemeter(sample):
    result = _estimate(sample)
    assert result.sufficient, result.reasons
    error = abs(result.savings_percent - TRUE_SAVING)
    # The recorded figures are rounded to two decimals; 0.05 points is the acceptance margin.
    assert error <= abs(EEMETER[sample] - TRUE_SAVING) + 0.05, result.savings_percent


def test_the_noisy_cooling_only_day_sample_is_estimated_with_its_warning():
    # CV(RMSE) above 30 %, but the saving stands out from the scatter: used, and said so.
    result = _estimate("il-electricity-cdd-only-daily")
    assert result.sufficient
    assert result.model.cv_rmse > 30
    assert [w.code for w in result.warnings] == ["model_quality_accepted"]


@pytest.mark.parametrize(
    "sample,kind",
    [("il-gas-hdd-only-billing_monthly", "hdd"), ("il-gas-intercept-only-daily", "intercept_only")],
)
def test_the_samples_model_families_are_found(sample, kind):
    result = estimate_savings(
        consumption=read_readings(FIXTURES / f"{sample}.csv"),
        temperatures=read_temperatures(FIXTURES / "il-temperature-daily.csv"),
        baseline=BASELINE,
        reporting=REPORTING,
    )
    assert result.model.kind == kind
    assert result.savings_percent == pytest.approx(TRUE_SAVING, abs=1.0)
