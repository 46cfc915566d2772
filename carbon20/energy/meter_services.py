"""Writes of meter data: powers of attorney, metering points, meter days, the grid's hourly
CO2e, the nightly fetches and the yearly factor sets derived from the hourly data.

Never half a fetch: every metering point × requested chunk is stored in one transaction,
and a day is replaced whole (upsert on metering point and day), so a rerun of the same
fetch changes nothing and adds no row. Errors are recorded where the page shows them: a
refused token on the power of attorney, a vanished metering point or an unreadable answer on
the metering point. A service that times out is raised for the task to retry with back-off.
"""

import gzip
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from carbon20.accounts.models import User
from carbon20.energy import services
from carbon20.energy.calc import hourly
from carbon20.energy.meter_models import (
    AllocationMethod,
    GridEmissionDay,
    MeterDay,
    MeteringPoint,
    MeterSource,
    PowerOfAttorney,
    PriceArea,
)
from carbon20.energy.models import Carrier, FactorMethod, FactorSet, Reliability, Scope
from carbon20.integrations import eloverblik, energidataservice
from carbon20.organisations.models import Company

METHOD_TO_FACTOR_METHOD = {
    AllocationMethod.M125: FactorMethod.ENERGINET_125,
    AllocationMethod.M200: FactorMethod.ENERGINET_200,
}


# --- Power of attorney and metering points ----------------------------------------------------


@transaction.atomic
def record_power_of_attorney(
    *,
    company: Company,
    user: User | None,
    granted_by_name: str,
    granted_by_role: str,
    valid_from: date,
    valid_to: date | None,
    authorization_id: str = "",
    metering_points: Sequence[MeteringPoint] = (),
) -> PowerOfAttorney:
    power = PowerOfAttorney(
        company=company,
        created_by=user,
        granted_by_name=granted_by_name,
        granted_by_role=granted_by_role,
        valid_from=valid_from,
        valid_to=valid_to,
        authorization_id=authorization_id,
    )
    power.full_clean()
    if valid_to is not None and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The power of attorney cannot end before it begins.")})
    foreign = [point.gsrn for point in metering_points if point.company_id != company.id]
    if foreign:
        raise ValidationError(
            {
                "metering_points": _("Not metering points of this company: %(gsrns)s.")
                % {"gsrns": ", ".join(foreign)}
            }
        )
    power.save()
    power.metering_points.set(metering_points)
    return power


def price_area_for(postcode: str, company: Company) -> str:
    """The metering point's own postcode decides; the company's address when it has none."""
    for candidate in (postcode, company.postcode):
        try:
            return str(hourly.price_area_for_postcode(candidate))
        except ValueError:
            continue
    return PriceArea.DK2


def register_metering_point(
    *,
    company: Company,
    gsrn: str,
    source: str,
    type_of_mp: str = "",
    address: str = "",
    postcode: str = "",
) -> MeteringPoint:
    """The company's metering point with this GSRN, created when new; a metering point that
    Eloverblik lists again is no longer marked as gone."""
    point = MeteringPoint.objects.filter(gsrn=gsrn).first()
    if point is not None:
        if point.company_id != company.id:
            raise ValidationError(
                {"gsrn": _("Metering point %(gsrn)s belongs to another company.") % {"gsrn": gsrn}}
            )
        if point.disappeared_at is not None:
            point.disappeared_at = None
            point.save(update_fields=["disappeared_at", "updated_at"])
        return point
    point = MeteringPoint(
        company=company,
        gsrn=gsrn,
        source=source,
        type_of_mp=type_of_mp,
        address=address[:200],
        postcode=postcode[:4],
        price_area=price_area_for(postcode, company),
    )
    point.full_clean()
    point.save()
    return point


# --- Meter days -------------------------------------------------------------------------------


def store_meter_days(*, metering_point: MeteringPoint, days: dict[date, list[int | None]]) -> int:
    """Replace the metering point's days with these (each whole), in one transaction; returns
    how many days were written. A day whose length is not the local day's (23/24/25) is
    refused, as it would misplace every later hour."""
    rows = []
    for day, hours in sorted(days.items()):
        if len(hours) != hourly.hours_in_day(day):
            raise ValidationError(
                _("%(day)s has %(count)d hours; the day has %(expected)d.")
                % {
                    "day": day.isoformat(),
                    "count": len(hours),
                    "expected": hourly.hours_in_day(day),
                }
            )
        rows.append(
            MeterDay(
                metering_point=metering_point,
                day=day,
                wh=list(hours),
                total_wh=hourly.day_total(hours),
                missing_hours=hourly.missing_hours(hours),
            )
        )
    with transaction.atomic():
        MeterDay.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["metering_point", "day"],
            update_fields=["wh", "total_wh", "missing_hours"],
        )
    return len(rows)


# --- The nightly fetch from Eloverblik --------------------------------------------------------


def eloverblik_configured() -> bool:
    return bool(settings.ELOVERBLIK_REFRESH_TOKEN)


def eloverblik_client() -> eloverblik.EloverblikClient:
    return eloverblik.EloverblikClient(
        refresh_token=settings.ELOVERBLIK_REFRESH_TOKEN,
        base_url=settings.ELOVERBLIK_BASE_URL,
        timeout=settings.ELOVERBLIK_TIMEOUT_SECONDS,
    )


@dataclass
class FetchReport:
    powers: int = 0
    metering_points: int = 0
    days_written: int = 0
    errors: int = 0


def _record_error(obj: PowerOfAttorney | MeteringPoint, message: str) -> None:
    obj.last_error = message[:500]
    obj.last_error_at = timezone.now()
    obj.save(update_fields=["last_error", "last_error_at", "updated_at"])


def _clear_error(obj: PowerOfAttorney | MeteringPoint) -> None:
    if obj.last_error:
        obj.last_error = ""
        obj.last_error_at = None
        obj.save(update_fields=["last_error", "last_error_at", "updated_at"])


def days_from_series(
    series: eloverblik.MeterSeries, first: date, last: date
) -> dict[date, list[int | None]]:
    """A metering point's answer as local days from ``first`` to ``last``."""
    values: dict[datetime, int] = {}
    for period in series.periods:
        values.update(
            hourly.hourly_wh(
                period.start,
                period.resolution,
                ((point.position, point.quantity) for point in period.points),
            )
        )
    return hourly.hours_by_local_day(values, first, last)


def active_powers(today: date) -> Iterable[PowerOfAttorney]:
    return PowerOfAttorney.objects.filter(valid_from__lte=today).select_related("company")


def power_has_ended(power: PowerOfAttorney, today: date) -> bool:
    return power.valid_to is not None and power.valid_to < today


def _fetch_start(point: MeteringPoint, power: PowerOfAttorney, today: date) -> date:
    """From the last stored day (which may have been incomplete) or, the first time, as far
    back as the history setting and the power of attorney allow."""
    last = point.days.order_by("-day").values_list("day", flat=True).first()
    history = today - timedelta(days=settings.ELOVERBLIK_HISTORY_DAYS)
    start = last if last is not None else history
    return max(start, power.valid_from)


TOKEN_REFUSED = _lazy("Eloverblik refused the platform's token (expired or revoked).")


def _listed_points(
    power: PowerOfAttorney, client: eloverblik.EloverblikClient
) -> tuple[list[MeteringPoint], set[str]]:
    """The power's metering points as the platform knows them, after registering those
    Eloverblik lists now; and the GSRNs it lists."""
    company = power.company
    try:
        listed = client.metering_points(company.cvr)
    except eloverblik.TokenRefused:
        _record_error(power, str(TOKEN_REFUSED))
        raise
    covered = {point.gsrn for point in power.metering_points.all()}
    for info in listed:
        if not covered or info.gsrn in covered:
            register_metering_point(
                company=company,
                gsrn=info.gsrn,
                source=MeterSource.ELOVERBLIK,
                type_of_mp=info.type_of_mp,
                address=info.address,
                postcode=info.postcode,
            )
    points = company.metering_points.filter(source=MeterSource.ELOVERBLIK)
    if covered:
        points = points.filter(gsrn__in=covered)
    return list(points), {info.gsrn for info in listed}


def _fetch_point(
    point: MeteringPoint, client: eloverblik.EloverblikClient, start: date, end: date
) -> int:
    """[start, end) of one metering point, each chunk stored whole; returns days written."""
    written = 0
    for chunk_start, chunk_end, series in client.time_series_chunks(point.gsrn, start, end):
        if not series.success:
            raise eloverblik.EloverblikError(
                _("Eloverblik: %(code)s %(text)s")
                % {"code": series.error_code, "text": series.error_text}
            )
        days = days_from_series(series, chunk_start, chunk_end - timedelta(days=1))
        written += store_meter_days(metering_point=point, days=days)
    return written


def fetch_power(
    power: PowerOfAttorney,
    client: eloverblik.EloverblikClient,
    today: date,
    authorization_ids: set[str] | None = None,
) -> FetchReport:
    """Fetch one power of attorney's metering points up to yesterday. Raises TokenRefused
    (recorded on the power first) and ServiceUnavailable (for the task to retry).

    ``authorization_ids``: the authorisations Eloverblik lists now; a power whose
    authorisation is no longer among them has been revoked there and is not fetched."""
    report = FetchReport(powers=1)
    if (
        authorization_ids is not None
        and power.authorization_id
        and power.authorization_id not in authorization_ids
    ):
        _record_error(
            power,
            _(
                "Eloverblik no longer lists the authorisation %(id)s: "
                "it has been revoked or has expired there."
            )
            % {"id": power.authorization_id},
        )
        return report
    # The night after its last day still fetches that day, which DataHub has now settled.
    if power.valid_to is not None and power.valid_to + timedelta(days=1) < today:
        _record_error(
            power,
            _("The power of attorney ended on %(day)s; nothing is fetched.")
            % {"day": power.valid_to.strftime("%d-%m-%Y")},
        )
        return report
    points, listed = _listed_points(power, client)
    for point in points:
        if point.gsrn not in listed:
            if point.disappeared_at is None:
                point.disappeared_at = timezone.now()
                point.save(update_fields=["disappeared_at", "updated_at"])
            _record_error(
                point, _("Eloverblik no longer lists this metering point under the company.")
            )
            report.errors += 1
            continue
        report.metering_points += 1
        start = _fetch_start(point, power, today)
        if start >= today:
            continue
        try:
            report.days_written += _fetch_point(point, client, start, today)
        except eloverblik.TokenRefused:
            _record_error(power, str(TOKEN_REFUSED))
            raise
        except eloverblik.ServiceUnavailable:
            raise
        except (eloverblik.EloverblikError, hourly.SeriesError, ValidationError) as exc:
            _record_error(point, str(exc))
            report.errors += 1
            continue
        point.last_fetched_at = timezone.now()
        point.last_error = ""
        point.last_error_at = None
        point.save(update_fields=["last_fetched_at", "last_error", "last_error_at", "updated_at"])
    _clear_error(power)
    return report


def fetch_all_meter_data(
    client: eloverblik.EloverblikClient, today: date | None = None
) -> FetchReport:
    """Every power of attorney that has begun; ended ones are marked and skipped."""
    today = today or timezone.localdate()
    total = FetchReport()
    powers = list(active_powers(today))
    if not powers:
        return total
    try:
        authorization_ids = {authorization.id for authorization in client.authorizations()}
    except eloverblik.TokenRefused:
        for power in powers:
            _record_error(power, str(TOKEN_REFUSED))
        raise
    for power in powers:
        report = fetch_power(power, client, today, authorization_ids)
        total.powers += report.powers
        total.metering_points += report.metering_points
        total.days_written += report.days_written
        total.errors += report.errors
    return total


# --- Imports of eloverblik.dk files -----------------------------------------------------------


def import_meter_hours(
    *, company: Company, series: dict[str, dict[datetime, int]], first: date, last: date
) -> int:
    """Hourly values of an imported file (per GSRN, Wh per UTC hour) as whole local days."""
    written = 0
    for gsrn, values in series.items():
        point = register_metering_point(company=company, gsrn=gsrn, source=MeterSource.FILE)
        days = hourly.hours_by_local_day(values, first, last)
        # Days of the file's span the meter has no hour of are not stored: they are gaps.
        kept = {
            day: hours for day, hours in days.items() if hourly.missing_hours(hours) < len(hours)
        }
        written += store_meter_days(metering_point=point, days=kept)
    return written


# --- Grid emissions ---------------------------------------------------------------------------


def store_grid_emissions(
    *, hours: Iterable[energidataservice.GridEmissionHour], source: str
) -> int:
    """Hourly intensities laid out as local days and merged into the stored days (a day that
    two fetches each cover partly ends up whole). Returns the days written."""
    by_key: dict[tuple[str, str, date], dict[datetime, int | None]] = {}
    for hour in hours:
        if hour.price_area not in PriceArea.values or hour.method not in AllocationMethod.values:
            continue
        key = (hour.price_area, hour.method, hourly.local_day_of(hour.hour_utc))
        value = None if hour.co2_g_per_kwh is None else hourly.g_to_mg(hour.co2_g_per_kwh)
        by_key.setdefault(key, {})[hour.hour_utc] = value
    if not by_key:
        return 0
    days = {key[2] for key in by_key}
    existing = {
        (row.price_area, row.method, row.day): row
        for row in GridEmissionDay.objects.filter(day__in=days)
    }
    rows = []
    for (area, method, day), values in by_key.items():
        old = existing.get((area, method, day))
        starts = hourly.hour_starts_utc(day)
        merged: list[int | None] = []
        for index, start in enumerate(starts):
            value = values.get(start)
            if value is None and old is not None and index < len(old.mg_per_kwh):
                value = old.mg_per_kwh[index]
            merged.append(value)
        rows.append(
            GridEmissionDay(
                price_area=area, method=method, day=day, mg_per_kwh=merged, source=source[:300]
            )
        )
    with transaction.atomic():
        GridEmissionDay.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["price_area", "method", "day"],
            update_fields=["mg_per_kwh", "source"],
        )
    return len(rows)


BUNDLED_GRID_EMISSIONS = Path(__file__).resolve().parent / "data" / "energinet_dk2_125_2025.csv.gz"


def load_grid_emission_file(path: Path, *, price_area: str, method: str) -> tuple[int, int]:
    """A CSV (optionally gzipped) of hourly intensities; returns (hours read, days written)."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        hours = energidataservice.read_hourly_csv(
            stream.read(), price_area=price_area, method=method
        )
    days = store_grid_emissions(hours=hours, source=f"{path.name} ({energidataservice.SOURCE_URL})")
    return len(hours), days


def energidataservice_enabled() -> bool:
    return bool(settings.ENERGIDATASERVICE_ENABLED)


def energidataservice_client() -> energidataservice.EnergiDataServiceClient:
    return energidataservice.EnergiDataServiceClient(
        base_url=settings.ENERGIDATASERVICE_BASE_URL,
        timeout=settings.ENERGIDATASERVICE_TIMEOUT_SECONDS,
    )


def fetch_grid_emissions(
    client: energidataservice.EnergiDataServiceClient, today: date, days: int = 7
) -> int:
    """The last ``days`` local days up to today (Energinet revises recent hours)."""
    start = hourly.day_start_utc(today - timedelta(days=days))
    end = hourly.day_start_utc(today + timedelta(days=1))
    return store_grid_emissions(
        hours=client.grid_emissions(start, end), source=energidataservice.SOURCE_URL
    )


# --- Yearly factor sets derived from the hourly data -------------------------------------------


def derived_set_name(price_area: str, method: str) -> str:
    return f"Energinet timedata {price_area} {method} (tidsgennemsnit)"


def derive_yearly_factor_set(
    *, year: int, price_area: str, method: str, user: User | None = None
) -> FactorSet:
    """A reference factor set of the year's mean hourly intensity (electricity, scope 2),
    named by area and method, for companies without hourly meter data. Made once per year,
    area and method; a set that exists is returned as it is (it may be pinned)."""
    name = derived_set_name(price_area, method)
    existing = FactorSet.objects.filter(name=name, year=year).first()
    if existing is not None:
        return existing
    first, last = date(year, 1, 1), date(year, 12, 31)
    stored = {
        row.day: row.mg_per_kwh
        for row in GridEmissionDay.objects.filter(
            price_area=price_area, method=method, day__range=(first, last)
        )
    }
    days = [
        stored.get(day) or [None] * hourly.hours_in_day(day)
        for day in hourly.days_between(first, last)
    ]
    try:
        intensity = hourly.yearly_intensity(days)
    except ValueError as exc:
        raise ValidationError(
            _("No hourly CO2 of %(area)s (%(method)s) is stored for %(year)d.")
            % {"area": price_area, "method": method, "year": year}
        ) from exc
    note = (
        f"Unweighted mean of {intensity.hours} hourly values of Energi Data Service's "
        f"DeclarationGridEmission ({price_area}, {method}); {intensity.missing_hours} hours "
        "missing. A time average, not Energinet's consumption-weighted yearly declaration."
    )
    return services.create_factor_set(
        user=user,  # type: ignore[arg-type]  # None: made by the system, not by a person
        programme=None,
        name=name,
        year=year,
        method=METHOD_TO_FACTOR_METHOD[AllocationMethod(method)],
        source_url=energidataservice.SOURCE_URL,
        reliability=Reliability.B,
        reliability_note=note,
        factors=[
            {
                "carrier": Carrier.ELECTRICITY,
                "kg_co2e_per_unit": intensity.kg_per_kwh,
                "scope": Scope.SCOPE_2,
                "source": (
                    f"Energi Data Service, DeclarationGridEmission {price_area} {method} {year}"
                ),
                "note": note[:500],
            }
        ],
    )
