"""Figures for the savings engine: fit-and-predict time of one meter-year, daily and monthly.

Called by `make bench` (carbon20/home/bench.py). A synthetic heating meter with a weekend
difference and 5 % noise: one baseline year and one reporting year, each estimate a whole
`estimate_savings` (sufficiency checks, model search, prediction, uncertainty). Prints figures
and asserts no timing, since those depend on the machine.
"""

import statistics
import time
from collections.abc import Callable

from carbon20.energy.calc.savings import SavingsEstimate, estimate_savings
from carbon20.energy.calc.savings.synthetic import (
    BASELINE,
    REPORTING,
    TrueModel,
    danish_temperatures,
    meter,
    monthly_bills,
)

RUNS = 50


def _timed(run: Callable[[], SavingsEstimate]) -> tuple[float, float, SavingsEstimate]:
    result = run()  # warm: imports, numpy's first calls
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, statistics.quantiles(times, n=20)[-1] * 1000, result


def main() -> None:
    temperatures = danish_temperatures()
    truth = TrueModel(base=40.0, heating=6.0, heating_bp=15.5, weekend=-8.0)
    daily = [
        reading
        for reading in meter(truth, temperatures, saving=0.12, noise=0.05, seed=1)
        if BASELINE[0] <= reading.start <= BASELINE[1]
        or REPORTING[0] <= reading.start <= REPORTING[1]
    ]
    cases = {"daily meter-year": daily, "monthly meter-year": monthly_bills(daily)}
    print(f"  savings engine, fit and predict, {RUNS} runs each (true saving 12 %):")
    for label, readings in cases.items():
        median, p95, result = _timed(
            lambda readings=readings: estimate_savings(
                consumption=readings,
                temperatures=temperatures,
                baseline=BASELINE,
                reporting=REPORTING,
            )
        )
        model = result.model
        assert model is not None and result.savings_percent is not None
        print(
            f"    {label:<20} median {median:6.1f} ms  p95 {p95:6.1f} ms  "
            f"model {model.kind}{' + weekend' if model.weekday_weekend else ''}  "
            f"saving {result.savings_percent:5.2f} %"
        )
