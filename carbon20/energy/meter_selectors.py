"""Reads of meter data, shared by the pages, the API, the results and the savings engine.

Who may see a metering point: whoever may see its company (organisations' selectors), as
with consumption. Interval data comes out as daily readings (one per local day, the shape
the savings engine reads) or as an hourly series; both read the per-day rows and never an
hour at a time.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from django.db.models import Count, Max, Min, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from carbon20.energy import meter_services, selectors
from carbon20.energy.calc import hourly
from carbon20.energy.meter_models import (
    AllocationMethod,
    GridEmissionDay,
    MeterDay,
    MeteringPoint,
    PowerOfAttorney,
)
from carbon20.energy.models import Carrier, FactorMethod, FactorSet
from carbon20.organisations.models import Company
from carbon20.organisations.selectors import companies_sharing_data_with


@dataclass(frozen=True)
class DailyReading:
    """Consumption of one local day: ``start`` and ``end`` are that day, ``quantity`` kWh."""

    start: date
    end: date
    quantity: Decimal
    missing_hours: int


def metering_points_for_user(user) -> QuerySet[MeteringPoint]:
    return MeteringPoint.objects.filter(
        company__in=companies_sharing_data_with(user)
    ).select_related("company")


def get_metering_point_for_user(user, point_uuid: UUID | str) -> MeteringPoint:
    try:
        return metering_points_for_user(user).get(uuid=point_uuid)
    except (MeteringPoint.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def metering_points_with_coverage(points: QuerySet[MeteringPoint]) -> QuerySet[MeteringPoint]:
    """Each with its first and last stored day, days stored and hours missing inside them."""
    return points.annotate(
        first_day=Min("days__day"),
        last_day=Max("days__day"),
        stored_days=Count("days"),
        missing_hours_total=Sum("days__missing_hours"),
    ).order_by("gsrn")


def daily_readings(
    points: QuerySet[MeteringPoint] | list[MeteringPoint], start: date, end: date
) -> list[DailyReading]:
    """One reading per day from ``start`` to ``end`` (both included) that any of the points
    has data for, the points added up; a day no point has is absent (a gap)."""
    rows = (
        MeterDay.objects.filter(metering_point__in=points, day__range=(start, end))
        .values("day")
        .annotate(total=Sum("total_wh"), missing=Sum("missing_hours"))
        .order_by("day")
    )
    return [
        DailyReading(
            start=row["day"],
            end=row["day"],
            quantity=hourly.wh_to_kwh(row["total"]),
            missing_hours=row["missing"],
        )
        for row in rows
    ]


def hourly_series(
    point: MeteringPoint, start: date, end: date
) -> Iterator[tuple[datetime, Decimal | None]]:
    """(UTC start of the hour, kWh or None) for every hour of the stored days in the range."""
    for day, wh in (
        point.days.filter(day__range=(start, end)).order_by("day").values_list("day", "wh")
    ):
        for instant, value in zip(hourly.hour_starts_utc(day), wh, strict=True):
            yield instant, None if value is None else hourly.wh_to_kwh(value)


# --- The company's connected data --------------------------------------------------------------


@dataclass
class PowerStatus:
    power: PowerOfAttorney
    ended: bool
    not_begun: bool


@dataclass
class MeterStatus:
    point: MeteringPoint
    missing_days: int
    missing_hours: int


@dataclass
class MethodFigure:
    method: str
    label: str
    result: hourly.HourlyScope2


@dataclass
class YearlyFigure:
    """The year's kWh times one factor set's electricity factor."""

    factor_set: FactorSet
    kg_co2e: Decimal
    g_per_kwh: Decimal
    pinned: bool


@dataclass
class Scope2Comparison:
    """A year of hourly consumption: its hourly location-based scope 2 under each allocation
    method with data, and beside it the figures of yearly factor sets: the one the
    partnership's agreement pins, the yearly means derived from the same hourly data, and a
    market-based set (the supplier's declaration) when the agreement pins one."""

    year: int
    kwh: Decimal
    hourly: list[MethodFigure]
    yearly: list[YearlyFigure]
    market: YearlyFigure | None


@dataclass
class ConnectedData:
    eloverblik_configured: bool
    powers: list[PowerStatus] = field(default_factory=list)
    meters: list[MeterStatus] = field(default_factory=list)
    comparison: Scope2Comparison | None = None

    @property
    def has_data(self) -> bool:
        return bool(self.powers or self.meters)


def _meter_status(point: MeteringPoint) -> MeterStatus:
    first = getattr(point, "first_day", None)
    last = getattr(point, "last_day", None)
    if first is None or last is None:
        return MeterStatus(point=point, missing_days=0, missing_hours=0)
    span = (last - first).days + 1
    return MeterStatus(
        point=point,
        missing_days=span - point.stored_days,  # type: ignore[attr-defined]
        missing_hours=point.missing_hours_total or 0,  # type: ignore[attr-defined]
    )


def _year_with_data(points: list[MeteringPoint], today: date) -> int | None:
    """The latest calendar year before this one that the meters cover entirely."""
    lasts = [getattr(p, "last_day", None) for p in points]
    firsts = [getattr(p, "first_day", None) for p in points]
    candidates = [
        year
        for year in range(today.year - 1, today.year - 6, -1)
        if any(
            first is not None
            and last is not None
            and first <= date(year, 1, 1)
            and last >= date(year, 12, 31)
            for first, last in zip(firsts, lasts, strict=True)
        )
    ]
    return candidates[0] if candidates else None


def _figure(factor_set: FactorSet, kwh: Decimal, pinned: bool) -> YearlyFigure | None:
    factor = next(
        (f.kg_co2e_per_unit for f in factor_set.factors.all() if f.carrier == Carrier.ELECTRICITY),
        None,
    )
    if factor is None:
        return None
    return YearlyFigure(
        factor_set=factor_set,
        kg_co2e=(kwh * factor).quantize(Decimal("0.001")),
        g_per_kwh=factor * 1000,
        pinned=pinned,
    )


def scope2_comparison(company: Company, points: list[MeteringPoint], year: int) -> Scope2Comparison:
    """Hourly scope 2 of the company's meters in ``year``, each meter with its price area's
    hourly intensity, under each allocation method; and the yearly figures beside it."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    areas = {p.pk: p.price_area for p in points}
    meter_days = list(
        MeterDay.objects.filter(metering_point__in=points, day__range=(first, last)).values_list(
            "metering_point_id", "day", "wh"
        )
    )
    grid: dict[tuple[str, str, date], list[int | None]] = {
        (area, method, day): mg
        for area, method, day, mg in GridEmissionDay.objects.filter(
            price_area__in=set(areas.values()), day__range=(first, last)
        ).values_list("price_area", "method", "day", "mg_per_kwh")
    }
    figures = [
        MethodFigure(
            method=method,
            label=str(AllocationMethod(method).label),
            result=hourly.scope2(
                (wh, grid.get((areas[point_id], method, day))) for point_id, day, wh in meter_days
            ),
        )
        for method in sorted({key[1] for key in grid})
    ]
    kwh = hourly.wh_to_kwh(sum(hourly.day_total(wh) for _p, _d, wh in meter_days))
    pinned = selectors.pinned_factor_set_for_company(company)
    market = None
    yearly: list[YearlyFigure] = []
    if pinned is not None:
        figure = _figure(pinned, kwh, pinned=True)
        if pinned.method in (FactorMethod.MARKET_BASED, FactorMethod.SUPPLIER):
            market = figure
        elif figure is not None:
            yearly.append(figure)
    derived = FactorSet.objects.filter(
        name__in=[
            meter_services.derived_set_name(area, method)
            for area in set(areas.values())
            for method in AllocationMethod.values
        ],
        year=year,
    ).prefetch_related("factors")
    yearly += [f for f in (_figure(s, kwh, pinned=False) for s in derived.order_by("name")) if f]
    return Scope2Comparison(year=year, kwh=kwh, hourly=figures, yearly=yearly, market=market)


def connected_data(company: Company, today: date | None = None) -> ConnectedData:
    today = today or timezone.localdate()
    data = ConnectedData(eloverblik_configured=meter_services.eloverblik_configured())
    for power in company.powers_of_attorney.prefetch_related("metering_points").order_by(
        "-valid_from"
    ):
        data.powers.append(
            PowerStatus(
                power=power,
                ended=meter_services.power_has_ended(power, today),
                not_begun=power.valid_from > today,
            )
        )
    points = list(metering_points_with_coverage(company.metering_points.all()))
    data.meters = [_meter_status(point) for point in points]
    year = _year_with_data(points, today)
    if year is not None:
        data.comparison = scope2_comparison(company, points, year)
    return data
