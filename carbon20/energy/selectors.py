"""The only way views, exports and the API fetch energy objects for a user.

Consumption is the company's own data, shared per partnership (decision 0017): its users and
the municipalities that registered the company or work with it in a partnership read it
(`tenancy.company_data_reach`); of those the officers write, coordinators read. A
municipality that only adopted the company sees its register data and none of this: 404.
Factor sets and degree days are method data: every user with a role reads the installation's
reference sets and those of their programmes; coordinators write their programmes' sets.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from carbon20.core import tenancy
from carbon20.energy import pinning
from carbon20.energy.calc import baseline as calc_baseline
from carbon20.energy.calc import carriers as calc_carriers
from carbon20.energy.calc import district_heating
from carbon20.energy.calc import weather as calc_weather
from carbon20.energy.calc.degree_days import MissingDegreeDaysError
from carbon20.energy.calc.district_heating import HeatFactor
from carbon20.energy.calc.emissions import (
    EmissionsResult,
    Factor,
    MissingFactorsError,
    counted_emissions,
)
from carbon20.energy.calc.periods import PeriodError, days_inclusive, twelve_month_end
from carbon20.energy.heat_selectors import HeatBasis
from carbon20.energy.models import (
    Carrier,
    ConsumptionRecord,
    DegreeDayMonth,
    DegreeDayYear,
    FactorSet,
    ProductionRecord,
    WeatherDay,
    WeatherMonth,
    WeatherSeries,
)
from carbon20.organisations.models import Company, Programme, Site
from carbon20.organisations.selectors import companies_sharing_data_with

has_any_role = tenancy.has_any_role


def factor_sets_for_user(user) -> QuerySet[FactorSet]:
    """Published reference sets and published sets of the user's programmes; coordinators
    also see their programmes' drafts."""
    return FactorSet.objects.filter(
        tenancy.factor_set_reach(tenancy.roles_of(user), programmes=Programme.objects.all())
    )


def get_factor_set_for_user(user, factor_set_uuid: UUID | str) -> FactorSet:
    try:
        return factor_sets_for_user(user).select_related("programme").get(uuid=factor_set_uuid)
    except (FactorSet.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


can_manage_factor_sets = tenancy.may_manage_factor_sets


def programmes_managed_by(user) -> QuerySet[Programme]:
    return Programme.objects.filter(tenancy.programme_edit_reach(tenancy.roles_of(user)))


def get_editable_factor_set_for_user(user, factor_set_uuid: UUID | str) -> FactorSet:
    """A set the user may change: one of their programmes' sets (any set for an admin).

    A reference set is visible to a coordinator but not theirs to change: 403, not 404.
    """
    factor_set = get_factor_set_for_user(user, factor_set_uuid)
    if not tenancy.may_edit_factor_set(user, factor_set):
        raise PermissionDenied
    return factor_set


def pinned_ids_among(factor_sets) -> set[int]:
    return pinning.answerer().pinned_factor_set_ids([factor_set.pk for factor_set in factor_sets])


def factor_sets_with_counts(user) -> QuerySet[FactorSet]:
    return (
        factor_sets_for_user(user)
        .select_related("programme")
        .annotate(factor_count=Count("factors"))
        .order_by("-year", "name")
    )


def consumption_for_user(user) -> QuerySet[ConsumptionRecord]:
    return ConsumptionRecord.objects.filter(
        company__in=companies_sharing_data_with(user)
    ).select_related("company", "site")


def get_consumption_record_for_user(user, record_uuid: UUID | str) -> ConsumptionRecord:
    try:
        return consumption_for_user(user).get(uuid=record_uuid)
    except (ConsumptionRecord.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def consumption_for_company(company: Company) -> QuerySet[ConsumptionRecord]:
    return company.consumption_records.select_related("site").order_by(
        "-period_start", "carrier", "id"
    )


def get_company_for_consumption(user, company_uuid: UUID | str) -> Company:
    try:
        return (
            companies_sharing_data_with(user).select_related("municipality").get(uuid=company_uuid)
        )
    except (Company.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


can_write_consumption = tenancy.may_write_consumption


def get_company_for_consumption_entry(user, company_uuid: UUID | str) -> Company:
    """A company whose consumption the user may enter. Readable but not writable (a
    coordinator): 403, since the company is visibly one the user works with."""
    company = get_company_for_consumption(user, company_uuid)
    if not can_write_consumption(user, company):
        raise PermissionDenied
    return company


def companies_with_consumption(user) -> QuerySet[Company]:
    """The companies whose consumption the user reads, by name; `count_records` gives the
    shown ones their number of records."""
    return companies_sharing_data_with(user).select_related("municipality").order_by("name", "cvr")


def count_records(companies: Iterable[Company]) -> list[Company]:
    """The companies, each with `record_count`. Counted for these companies only: joined to
    the whole list, the count read every record of every company the user reaches (1.2
    million for a national coordinator) before the page took 25 of them."""
    companies = list(companies)
    counts = dict(
        ConsumptionRecord.objects.filter(company__in=[company.pk for company in companies])
        .order_by()
        .values("company")
        .annotate(count=Count("pk"))
        .values_list("company", "count")
    )
    for company in companies:
        company.record_count = counts.get(company.pk, 0)  # type: ignore[attr-defined]
    return companies


def degree_day_years_for_user(user) -> QuerySet[DegreeDayYear]:
    if not has_any_role(user):
        return DegreeDayYear.objects.none()
    return DegreeDayYear.objects.prefetch_related("months").order_by("series", "-year")


can_import_degree_days = tenancy.may_import_degree_days


def degree_day_series_names() -> list[str]:
    return list(
        DegreeDayYear.objects.order_by("series").values_list("series", flat=True).distinct()
    )


def consumption_years(company: Company) -> list[int]:
    """Every calendar year the company's records touch, in order."""
    bounds = company.consumption_records.aggregate(
        first=Min("period_start"), last=Max("period_end")
    )
    if bounds["first"] is None:
        return []
    return list(range(bounds["first"].year, bounds["last"].year + 1))


def pinned_factor_set_for_company(company: Company) -> FactorSet | None:
    """The set of the company's most recently signed partnership agreement, if any."""
    return pinning.answerer().pinned_factor_set_for_company(company)


def degree_day_rows(years) -> list[tuple[DegreeDayYear, list[Decimal | None], Decimal]]:
    """Each year with its twelve monthly values (None where missing) and their sum."""
    rows = []
    for degree_year in years:
        by_month = {month.month: month.degree_days for month in degree_year.months.all()}
        values = [by_month.get(month) for month in range(1, 13)]
        rows.append((degree_year, values, sum(by_month.values(), Decimal("0"))))
    return rows


# --- Energy and CO2e reads (moved from services: no side effects; the ORM feeds the pure
# functions in carbon20.energy.calc) ---------------------------------------------------------
#
# factor_table(factor_set) -> dict[Carrier, Factor]: the set's factors as plain values
#     (prefetch ``factors`` to save a query).
# co2e_by_carrier(records, factor_set) -> EmissionsResult: CO2e of whole records per carrier
#     and scope, rounded to whole kg per carrier.
# baseline_for(company_or_site, start, end, factor_set, *, degree_days=None) -> WindowResult:
#     consumption and CO2e inside [start, end] (at most 366 days), records straddling the
#     window counted by their share of days; twelve_month_baseline_for over 12 months.
# results_for_years(company_or_site, years, pinned_set, *, degree_day_series=None,
#     baseline_year=None, records=None) -> YearResults: each calendar year with the pinned
#     set and beside it that year's own published set of the same method; `records` replaces
#     the subject's own (a P-unit without records is measured by the whole company's).
# Every read raises FactorSetIncompleteError (naming the carriers) when the set lacks a factor
# for an energy carrier in use; water and waste without a factor are left out of CO2e and
# named in EmissionsResult.without_factor. Reads raise DegreeDaysMissingError (naming the
# months) when a correction lacks degree days.


class FactorSetIncompleteError(ValidationError):
    def __init__(self, factor_set: FactorSet, carriers: Iterable[str]) -> None:
        self.carriers = tuple(carriers)
        super().__init__(
            _("The factor set “%(name)s” has no emission factor for: %(carriers)s.")
            % {"name": factor_set, "carriers": carrier_labels(self.carriers)},
            code="factor_missing",
        )


class DegreeDaysMissingError(ValidationError):
    def __init__(self, series: str, months: list[tuple[int, int]]) -> None:
        listed = ", ".join(f"{month:02d}-{year}" for year, month in months)
        super().__init__(
            _("The degree-day series “%(series)s” has no values for %(months)s.")
            % {"series": series, "months": listed},
            code="degree_days_missing",
        )


def carrier_labels(codes: Iterable[str]) -> str:
    return ", ".join(str(Carrier(code).label) for code in codes)


def factor_table(factor_set: FactorSet) -> dict[calc_carriers.Carrier, Factor]:
    return {
        calc_carriers.Carrier(factor.carrier): Factor(
            carrier=calc_carriers.Carrier(factor.carrier),
            kg_co2e_per_unit=factor.kg_co2e_per_unit,
            scope=factor.scope,
        )
        for factor in factor_set.factors.all()
    }


def lacking_energy_factors(
    carriers: Iterable[calc_carriers.Carrier], table: dict[calc_carriers.Carrier, Factor]
) -> list[calc_carriers.Carrier]:
    """Energy carriers in use without a factor; water and waste without one simply do not
    count in CO2e."""
    return sorted(
        c for c in set(carriers) - set(table) if c not in calc_carriers.NON_ENERGY_CARRIERS
    )


def to_calc(record: ConsumptionRecord) -> calc_baseline.Consumption:
    return calc_baseline.Consumption(
        carrier=calc_carriers.Carrier(record.carrier),
        period_start=record.period_start,
        period_end=record.period_end,
        canonical_quantity=record.canonical_quantity,
        heated_share_percent=record.heated_share_percent,
    )


def records_for(company_or_site: Company | Site) -> QuerySet[ConsumptionRecord]:
    if isinstance(company_or_site, Site):
        return ConsumptionRecord.objects.filter(site=company_or_site)
    return ConsumptionRecord.objects.filter(company=company_or_site)


def co2e_by_carrier(records: Iterable[ConsumptionRecord], factor_set: FactorSet) -> EmissionsResult:
    quantities: dict[calc_carriers.Carrier, Decimal] = {}
    for record in records:
        carrier = calc_carriers.Carrier(record.carrier)
        quantities[carrier] = quantities.get(carrier, Decimal("0")) + record.canonical_quantity
    try:
        return counted_emissions(quantities, factor_table(factor_set))
    except MissingFactorsError as exc:
        raise FactorSetIncompleteError(factor_set, exc.carriers) from exc


def degree_days_for_series(series: str) -> dict[tuple[int, int], Decimal]:
    return {
        (year, month): value
        for year, month, value in DegreeDayMonth.objects.filter(
            degree_year__series=series
        ).values_list("degree_year__year", "month", "degree_days")
    }


def baseline_for(
    company_or_site: Company | Site,
    start: date,
    end: date,
    factor_set: FactorSet,
    *,
    degree_days: calc_baseline.DegreeDayCorrection | None = None,
) -> calc_baseline.WindowResult:
    records = [to_calc(record) for record in records_for(company_or_site)]
    try:
        return calc_baseline.window_result(
            records, start, end, factor_table(factor_set), degree_days
        )
    except MissingFactorsError as exc:
        raise FactorSetIncompleteError(factor_set, exc.carriers) from exc
    except PeriodError as exc:
        raise ValidationError(period_message(exc, start, end), code=exc.code) from exc


def twelve_month_baseline_for(
    company_or_site: Company | Site, start: date, factor_set: FactorSet
) -> calc_baseline.WindowResult:
    return baseline_for(company_or_site, start, twelve_month_end(start), factor_set)


def factor_sets_by_year(
    years: Iterable[int], *, method: str, programme: Programme | None = None
) -> dict[int, FactorSet]:
    """Each year's published set of the given method: the programme's own set when it has
    one, else the installation's reference set (the newest if several)."""
    owners = Q(programme__isnull=True)
    if programme is not None:
        owners |= Q(programme=programme)
    candidates = (
        FactorSet.objects.filter(owners, is_published=True, method=method, year__in=list(years))
        .prefetch_related("factors")
        .order_by("year", "created_at")
    )
    chosen: dict[int, FactorSet] = {}
    for factor_set in sorted(
        candidates, key=lambda fs: (fs.programme_id is not None, fs.created_at)
    ):
        chosen[factor_set.year] = factor_set
    return chosen


@dataclass
class YearResults:
    rows: list[calc_baseline.YearResult]
    own_sets: dict[int, FactorSet] = field(default_factory=dict)
    unusable_own_sets: dict[int, str] = field(default_factory=dict)
    # The district heating factor the pinned figures used (None: the set's, no supplier asked).
    heat_pinned: HeatFactor | None = None


def results_for_years(
    company_or_site: Company | Site,
    years: Iterable[int],
    pinned_set: FactorSet,
    *,
    degree_day_series: str | None = None,
    baseline_year: int | None = None,
    records: Iterable[ConsumptionRecord] | None = None,
    heat: HeatBasis | None = None,
) -> YearResults:
    """`heat` puts the supplier's district heating declarations in place of the sets' national
    averages (see `heat_selectors.HeatBasis`)."""
    year_list = list(years)
    chosen = records_for(company_or_site) if records is None else records
    consumption = [to_calc(record) for record in chosen]
    in_use = {record.carrier for record in consumption}
    pinned = factor_table(pinned_set)
    heat_pinned = heat.pinned(pinned) if heat is not None else None
    if heat_pinned is not None:
        pinned = district_heating.apply(pinned, heat_pinned)
    missing = lacking_energy_factors(in_use, pinned)
    if missing:
        raise FactorSetIncompleteError(pinned_set, missing)
    own_sets = factor_sets_by_year(
        year_list, method=pinned_set.method, programme=pinned_set.programme
    )
    usable: dict[int, dict[calc_carriers.Carrier, Factor]] = {}
    unusable: dict[int, str] = {}
    for year, factor_set in own_sets.items():
        table = factor_table(factor_set)
        lacking = lacking_energy_factors(in_use, table)
        if lacking:
            unusable[year] = carrier_labels(lacking)
        elif heat is not None:
            usable[year] = district_heating.apply(table, heat.own_year(year, table))
        else:
            usable[year] = table
    monthly = degree_days_for_series(degree_day_series) if degree_day_series else None
    try:
        rows = calc_baseline.results_for_years(
            consumption, year_list, pinned, usable, monthly, baseline_year
        )
    except MissingDegreeDaysError as exc:
        raise DegreeDaysMissingError(degree_day_series or "", exc.months) from exc
    return YearResults(
        rows=rows, own_sets=own_sets, unusable_own_sets=unusable, heat_pinned=heat_pinned
    )


def period_message(error: PeriodError, start: date, end: date) -> str:
    if error.code == "end_before_start":
        return _("The period ends before it starts.")
    return _("A period can be at most 366 days; this one is %(days)d days.") % {
        "days": days_inclusive(start, end)
    }


# --- Weather ------------------------------------------------------------------------------

can_read_weather = tenancy.may_read_weather
can_keep_weather = tenancy.may_keep_weather


def weather_series_for_user(user) -> QuerySet[WeatherSeries]:
    if not can_read_weather(user):
        return WeatherSeries.objects.none()
    return WeatherSeries.objects.order_by("name", "code")


def get_weather_series_for_user(user, series_uuid: UUID | str) -> WeatherSeries:
    try:
        return weather_series_for_user(user).get(uuid=series_uuid)
    except (WeatherSeries.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Coverage:
    """Which days a series covers: its first and last day, how many days it has, and the
    runs of days missing between them."""

    first_day: date | None
    last_day: date | None
    days: int
    gaps: list[calc_weather.Gap]
    months_only: int = 0


def weather_coverage(series_list: Iterable[WeatherSeries]) -> dict[int, Coverage]:
    """Coverage of each series, from two queries whatever the number of series."""
    ids = [series.pk for series in series_list]
    by_series: dict[int, list[date]] = {pk: [] for pk in ids}
    for series_id, day in (
        WeatherDay.objects.filter(series_id__in=ids).order_by("day").values_list("series_id", "day")
    ):
        by_series[series_id].append(day)
    months = dict(
        WeatherMonth.objects.filter(series_id__in=ids)
        .values("series_id")
        .annotate(n=Count("id"))
        .values_list("series_id", "n")
    )
    coverage = {}
    for pk, days in by_series.items():
        first, last = (days[0], days[-1]) if days else (None, None)
        found = calc_weather.gaps(days, first, last) if first and last else []
        coverage[pk] = Coverage(first, last, len(days), found, months.get(pk, 0))
    return coverage


def temperatures(series: WeatherSeries, first_day: date, last_day: date) -> dict[date, float]:
    """Daily mean temperatures over the days, for the savings engine."""
    rows = series.days.filter(
        day__range=(first_day, last_day), mean_temperature_c__isnull=False
    ).values_list("day", "mean_temperature_c")
    return {day: float(value) for day, value in rows if value is not None}


def monthly_degree_days(series: WeatherSeries) -> dict[tuple[int, int], Decimal]:
    """Heating degree days per (year, month): summed from the days for every complete month,
    else the monthly figure where only that exists."""
    daily = dict(series.days.values_list("day", "heating_degree_days"))
    monthly = {
        (month.year, month.month): value
        for month, value in series.months.values_list("month", "heating_degree_days")
    }
    monthly.update(calc_weather.monthly_sums(daily))
    return monthly


# --- Production ---------------------------------------------------------------------------


def production_for_user(user) -> QuerySet[ProductionRecord]:
    return ProductionRecord.objects.filter(
        company__in=companies_sharing_data_with(user)
    ).select_related("company", "site")


def get_production_record_for_user(user, record_uuid: UUID | str) -> ProductionRecord:
    try:
        return production_for_user(user).get(uuid=record_uuid)
    except (ProductionRecord.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def production_for_company(company: Company) -> QuerySet[ProductionRecord]:
    return company.production_records.select_related("site").order_by("-period_start", "id")


def production_unit_for_company(company: Company) -> str | None:
    """The production unit of the company's signed agreement, when it names one."""
    return pinning.answerer().production_unit_for_company(company)
