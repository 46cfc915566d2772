"""Quantities and CO2e over a window (a 12-month baseline or a reporting year), with the
pinned factors and with each year's own factors.

A record that straddles the window counts with the share of its days inside the window: the
bills do not say how consumption spread over their period, so it is taken as even.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.calc.degree_days import MonthlyDegreeDays, correct_to_year
from carbon20.energy.calc.emissions import EmissionsResult, FactorTable, counted_emissions
from carbon20.energy.calc.periods import days_inclusive, overlap_days, validate_period


@dataclass(frozen=True)
class Consumption:
    """One consumption record, already in its carrier's canonical unit."""

    carrier: Carrier
    period_start: date
    period_end: date
    canonical_quantity: Decimal
    heated_share_percent: Decimal = Decimal("0")


@dataclass(frozen=True)
class DegreeDayCorrection:
    """Correct the heated part of each record to the degree days of `reference_year`."""

    monthly: MonthlyDegreeDays
    reference_year: int


@dataclass(frozen=True)
class WindowResult:
    start: date
    end: date
    quantities: dict[Carrier, Decimal]
    covered_days: dict[Carrier, int]
    emissions: EmissionsResult

    @property
    def window_days(self) -> int:
        return days_inclusive(self.start, self.end)

    @property
    def incomplete_carriers(self) -> tuple[Carrier, ...]:
        """Carriers whose records leave days of the window uncovered."""
        return tuple(c for c, days in self.covered_days.items() if days < self.window_days)


def quantities_in_window(
    records: Iterable[Consumption],
    start: date,
    end: date,
    correction: DegreeDayCorrection | None = None,
) -> tuple[dict[Carrier, Decimal], dict[Carrier, int]]:
    """Canonical quantity per carrier inside the window, and the days each carrier covers."""
    validate_period(start, end)
    totals: dict[Carrier, Decimal] = {}
    covered: dict[Carrier, set[int]] = {}
    for record in records:
        inside = overlap_days(record.period_start, record.period_end, start, end)
        if inside == 0:
            continue
        quantity = record.canonical_quantity
        if correction is not None:
            quantity = correct_to_year(
                quantity,
                record.heated_share_percent,
                record.period_start,
                record.period_end,
                correction.monthly,
                correction.reference_year,
            )
        share = Decimal(inside) / Decimal(days_inclusive(record.period_start, record.period_end))
        totals[record.carrier] = totals.get(record.carrier, Decimal("0")) + quantity * share
        first = max(record.period_start, start).toordinal()
        last = min(record.period_end, end).toordinal()
        covered.setdefault(record.carrier, set()).update(range(first, last + 1))
    ordered = {carrier: totals[carrier] for carrier in Carrier if carrier in totals}
    return ordered, {carrier: len(covered[carrier]) for carrier in ordered}


def window_result(
    records: Iterable[Consumption],
    start: date,
    end: date,
    factors: FactorTable,
    correction: DegreeDayCorrection | None = None,
) -> WindowResult:
    quantities, covered = quantities_in_window(records, start, end, correction)
    return WindowResult(
        start=start,
        end=end,
        quantities=quantities,
        covered_days=covered,
        emissions=counted_emissions(quantities, factors),
    )


@dataclass(frozen=True)
class YearResult:
    """One calendar year: with the pinned factors, and with that year's own factors if a
    set exists for the year (None when it does not)."""

    year: int
    pinned: WindowResult
    own_year: WindowResult | None


def results_for_years(
    records: Iterable[Consumption],
    years: Iterable[int],
    pinned_factors: FactorTable,
    factors_by_year: Mapping[int, FactorTable],
    correction_monthly: MonthlyDegreeDays | None = None,
    baseline_year: int | None = None,
) -> list[YearResult]:
    """Each calendar year's result. When degree days and a baseline year are given, heat is
    corrected to the baseline year's degree days so years compare on equal weather."""
    materialised = list(records)
    correction = None
    if correction_monthly is not None and baseline_year is not None:
        correction = DegreeDayCorrection(correction_monthly, baseline_year)
    results: list[YearResult] = []
    for year in years:
        start, end = date(year, 1, 1), date(year, 12, 31)
        pinned = window_result(materialised, start, end, pinned_factors, correction)
        own_factors = factors_by_year.get(year)
        own_year = None
        if own_factors is not None:
            own_year = window_result(materialised, start, end, own_factors, correction)
        results.append(YearResult(year=year, pinned=pinned, own_year=own_year))
    return results
