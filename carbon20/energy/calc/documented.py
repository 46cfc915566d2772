"""Documented savings of one data kind by the agreement's method, before and after, and the
programme's total with its uncertainty.

* bills: the consumption of the baseline period against that of the latest whole reporting
  period of the same length (12 months from the same day of the year), never a part year;
* degree-day normalised: the same, with the heated share of each reporting record corrected to
  the degree days of the same months of the baseline period (``degree_days.correct_to_year``);
* regression: ``energy.calc.savings`` (its uncertainty at 90 % is carried as given);
* deemed: the measures' estimates, never added to a measured figure.

The programme total adds measured savings and their uncertainties in quadrature,
u = √(Σ uᵢ²) (JCGM 100:2008 §5.1.2 for uncorrelated inputs; ASHRAE Guideline 14 §B.2.5 for
savings of independent buildings); deemed savings are a total of their own.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from carbon20.energy.calc.baseline import Consumption, quantities_in_window
from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.calc.degree_days import MonthlyDegreeDays, correct_to_year
from carbon20.energy.calc.periods import add_months, days_inclusive

ZERO = Decimal("0")


def window_after(baseline_start: date, years: int) -> tuple[date, date]:
    """The 12 months starting `years` years after the baseline's first day."""
    start = add_months(baseline_start, 12 * years)
    return start, add_months(start, 12) - timedelta(days=1)


def reference_year(record_start: date, baseline_start: date) -> int:
    """The year of the baseline period that holds the same day of the year as the record."""
    before = (record_start.month, record_start.day) < (baseline_start.month, baseline_start.day)
    return baseline_start.year + (1 if before else 0)


def normalise(
    records: Iterable[Consumption], monthly: MonthlyDegreeDays, baseline_start: date
) -> list[Consumption]:
    """Each record with its heated share corrected to the baseline period's degree days.
    Raises MissingDegreeDaysError naming the months without degree days."""
    return [
        Consumption(
            carrier=record.carrier,
            period_start=record.period_start,
            period_end=record.period_end,
            canonical_quantity=correct_to_year(
                record.canonical_quantity,
                record.heated_share_percent,
                record.period_start,
                record.period_end,
                monthly,
                reference_year(record.period_start, baseline_start),
            ),
        )
        for record in records
    ]


@dataclass(frozen=True)
class BeforeAfter:
    """Consumption per carrier in the baseline period and in a whole reporting period."""

    baseline_start: date
    baseline_end: date
    reporting_start: date
    reporting_end: date
    baseline: dict[Carrier, Decimal]
    reporting: dict[Carrier, Decimal]

    @property
    def baseline_total(self) -> Decimal:
        return sum(self.baseline.values(), ZERO)

    @property
    def reporting_total(self) -> Decimal:
        return sum(self.reporting.values(), ZERO)


class NoWholePeriodError(ValueError):
    """The baseline period is not covered, or no reporting period after it is."""

    def __init__(self, code: str, carriers: Sequence[Carrier] = ()) -> None:
        super().__init__(code)
        self.code = code
        self.carriers = tuple(carriers)


def before_after(
    records: Sequence[Consumption],
    baseline_start: date,
    baseline_records: Sequence[Consumption] | None = None,
) -> BeforeAfter:
    """The baseline period beside the latest reporting period that every carrier of the
    baseline covers day by day. `baseline_records` replaces `records` for the baseline (the
    degree-day method compares corrected reporting records with measured baseline ones)."""
    base = baseline_records if baseline_records is not None else records
    baseline_start, baseline_end = window_after(baseline_start, 0)
    days = days_inclusive(baseline_start, baseline_end)
    quantities, covered = quantities_in_window(base, baseline_start, baseline_end)
    uncovered = [carrier for carrier, n in covered.items() if n < days]
    if not quantities or uncovered:
        raise NoWholePeriodError("baseline_not_covered", uncovered)
    last_day = max(record.period_end for record in records)
    years = 1
    chosen: BeforeAfter | None = None
    while window_after(baseline_start, years)[1] <= last_day:
        start, end = window_after(baseline_start, years)
        reporting, reporting_covered = quantities_in_window(records, start, end)
        whole = days_inclusive(start, end)
        if all(reporting_covered.get(carrier, 0) == whole for carrier in quantities):
            chosen = BeforeAfter(baseline_start, baseline_end, start, end, quantities, reporting)
        years += 1
    if chosen is None:
        raise NoWholePeriodError("no_reporting_period")
    return chosen


def quadrature(uncertainties: Iterable[Decimal]) -> Decimal:
    """√(Σ u²) of independent uncertainties."""
    return sum((u * u for u in uncertainties), ZERO).sqrt()
