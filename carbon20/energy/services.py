"""Energy writes: the one door that pages, the API, imports and demo data use.

Each write runs in one transaction, takes typed keyword-only arguments, validates the
objects it saves (``full_clean``), and on bad input raises ValidationError with the field
named and saves nothing. Reads live in ``selectors``, imports of files in ``imports``.

``record_consumption`` saves one record (``build_record`` gives the validated, converted
record unsaved) and ``save_consumption_records`` many at once; ``create_factor_set``,
``save_factor``, ``publish_factor_set`` and ``copy_factor_set`` refuse to change a set a
signed agreement pins (``FactorSetLockedError``); ``save_degree_days`` adds or replaces
monthly degree days of a series. Weather: ``create_weather_series``, ``save_weather_days``
and ``save_weather_months`` (idempotent: a day already stored with the same values is left
alone), ``fetch_dmi_series`` (one transaction per series). Production: ``build_production``,
``record_production`` and ``save_production_records``.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from carbon20.accounts.models import User
from carbon20.core.periods import Span, find_clashes
from carbon20.core.read_cache import PARTNERSHIP_RESULTS
from carbon20.energy.calc import carriers as calc_carriers
from carbon20.energy.calc import units as calc_units
from carbon20.energy.calc import weather as calc_weather
from carbon20.energy.calc.periods import PeriodError
from carbon20.energy.calc.periods import validate_period as calc_validate_period
from carbon20.energy.models import (
    Carrier,
    ConsumptionRecord,
    DegreeDayMonth,
    DegreeDayYear,
    EmissionFactor,
    FactorSet,
    ProductionRecord,
    Unit,
    WeatherDay,
    WeatherMonth,
    WeatherSeries,
    WeatherSource,
)
from carbon20.energy.selectors import period_message
from carbon20.integrations import dmi
from carbon20.organisations.models import Company, Programme, Site

ONE_DECIMAL = Decimal("0.1")

CANONICAL_PLACES = Decimal("0.000001")
FACTOR_PLACES = Decimal("0.000000000001")
# ConsumptionRecord.quantity holds 16 digits, 3 of them decimals.
MAX_QUANTITY = Decimal("10000000000000")
# Converted by the service, so not the caller's to give.
CONVERTED_FIELDS = ["canonical_quantity", "conversion_factor", "conversion_source"]


def unit_message(carrier: str, unit: str) -> str:
    allowed = calc_units.allowed_units(calc_carriers.Carrier(carrier))
    return _("%(unit)s is not a unit for %(carrier)s. Use one of: %(units)s.") % {
        "unit": Unit(unit).label,
        "carrier": str(Carrier(carrier).label).lower(),
        "units": ", ".join(str(Unit(code).label) for code in allowed),
    }


def consumption_errors(
    *,
    carrier: str,
    unit: str,
    period_start: date,
    period_end: date,
    quantity: Decimal,
    heated_share_percent: Decimal | None,
) -> dict[str, str]:
    """Field → message for every rule the record breaks (empty when it is fine)."""
    errors: dict[str, str] = {}
    if quantity < 0:
        errors["quantity"] = _("The quantity cannot be negative.")
    # The bound first: quantizing a number of more than 28 digits raises.
    elif quantity >= MAX_QUANTITY or quantity != quantity.quantize(Decimal("0.001")):
        errors["quantity"] = _("Give the quantity with at most 3 decimals and below 10¹³.")
    if calc_carriers.Unit(unit) not in calc_units.allowed_units(calc_carriers.Carrier(carrier)):
        errors["unit"] = unit_message(carrier, unit)
    try:
        calc_validate_period(period_start, period_end)
    except PeriodError as exc:
        errors["period_end"] = period_message(exc, period_start, period_end)
    if heated_share_percent is not None and not (
        Decimal("0") <= heated_share_percent <= Decimal("100")
    ):
        errors["heated_share_percent"] = _("The heated share is a percentage from 0 to 100.")
    elif heated_share_percent is not None and heated_share_percent != (
        heated_share_percent.quantize(Decimal("0.01"))
    ):
        # A spreadsheet's 1e-30 is within the range but not storable in two decimals.
        errors["heated_share_percent"] = _("Give the heated share with at most 2 decimals.")
    return errors


def conversion(carrier: str, unit: str, quantity: Decimal) -> tuple[Decimal, Decimal, str]:
    """(canonical quantity, conversion factor, its source) as stored on a record."""
    found = calc_units.conversion_for(calc_carriers.Carrier(carrier), calc_carriers.Unit(unit))
    canonical = (quantity * found.canonical_per_unit).quantize(
        CANONICAL_PLACES, rounding=ROUND_HALF_UP
    )
    factor = found.canonical_per_unit.quantize(FACTOR_PLACES, rounding=ROUND_HALF_UP)
    return canonical, factor, found.source


def build_record(
    *,
    company: Company,
    user: User | None,
    site: Site | None,
    carrier: str,
    period_start: date,
    period_end: date,
    quantity: Decimal,
    unit: str,
    source: str,
    heated_share_percent: Decimal | None,
    evidence: "File[bytes] | None" = None,
    note: str = "",
) -> ConsumptionRecord:
    """A validated, converted, unsaved record (for bulk saving by imports and demo data).
    Raises ValidationError keyed by field."""
    errors = consumption_errors(
        carrier=carrier,
        unit=unit,
        period_start=period_start,
        period_end=period_end,
        quantity=quantity,
        heated_share_percent=heated_share_percent,
    )
    if site is not None and site.company_id != company.id:
        errors["site"] = _("The site does not belong to this company.")
    if errors:
        raise ValidationError(errors)
    if heated_share_percent is None:
        heated_share_percent = calc_carriers.default_heated_share_percent(
            calc_carriers.Carrier(carrier)
        )
    canonical, factor, conversion_source = conversion(carrier, unit, quantity)
    return ConsumptionRecord(
        company=company,
        site=site,
        carrier=carrier,
        period_start=period_start,
        period_end=period_end,
        quantity=quantity,
        unit=unit,
        canonical_quantity=canonical,
        conversion_factor=factor,
        conversion_source=conversion_source,
        source=source,
        heated_share_percent=heated_share_percent,
        evidence=evidence or "",
        note=note,
        created_by=user,
    )


@transaction.atomic
def consumption_span(record: ConsumptionRecord, ref: object = None) -> Span:
    """Consumption of one carrier at one site (or the company as a whole) over a period:
    two records under the same key that share a day would count that day twice."""
    return Span(
        key=(record.carrier, record.site_id),
        start=record.period_start,
        end=record.period_end,
        ref=record if ref is None else ref,
    )


def stored_consumption_spans(company: Company) -> list[Span]:
    records = ConsumptionRecord.objects.filter(company=company).only(
        "id", "carrier", "site_id", "period_start", "period_end", "quantity", "unit"
    )
    return [consumption_span(record) for record in records]


def overlap_message(stored: ConsumptionRecord) -> str:
    return _("The period overlaps the record %(start)s–%(end)s (%(carrier)s) already stored.") % {
        "start": formats.date_format(stored.period_start, "SHORT_DATE_FORMAT"),
        "end": formats.date_format(stored.period_end, "SHORT_DATE_FORMAT"),
        "carrier": str(Carrier(stored.carrier).label).lower(),
    }


def record_fingerprint(record: ConsumptionRecord) -> tuple[object, ...]:
    """What makes two records the same figure: key, period, quantity and unit."""
    return (
        record.carrier,
        record.site_id,
        record.period_start,
        record.period_end,
        Decimal(record.quantity).quantize(Decimal("0.001")),
        record.unit,
    )


def refuse_overlaps(record: ConsumptionRecord) -> None:
    """The one rule for every door (form, API, bulk): a new record may not overlap a stored
    one of the same carrier and site."""
    clashes = find_clashes([consumption_span(record)], stored_consumption_spans(record.company))
    if clashes:
        raise ValidationError({"period_start": overlap_message(clashes[0].ref)})


def record_consumption(
    *,
    company: Company,
    user: User | None,
    site: Site | None,
    carrier: str,
    period_start: date,
    period_end: date,
    quantity: Decimal,
    unit: str,
    source: str,
    heated_share_percent: Decimal | None,
    evidence: "File[bytes] | None" = None,
    note: str = "",
) -> ConsumptionRecord:
    """Save one consumption record; ``heated_share_percent`` None: the carrier's default."""
    record = build_record(
        company=company,
        user=user,
        site=site,
        carrier=carrier,
        period_start=period_start,
        period_end=period_end,
        quantity=quantity,
        unit=unit,
        source=source,
        heated_share_percent=heated_share_percent,
        evidence=evidence,
        note=note,
    )
    record.full_clean(exclude=CONVERTED_FIELDS)
    with transaction.atomic():
        # The company's row lock makes two requests that record the same period one after
        # the other, so the second sees the first and is refused.
        Company.objects.select_for_update().filter(pk=company.pk).first()
        refuse_overlaps(record)
        record.save()
    return record


@transaction.atomic
def save_consumption_records(*, records: Sequence[ConsumptionRecord]) -> int:
    """Save records made by ``build_record`` all together (an import, demo data)."""
    for record in records:
        # The company, site and user were checked by build_record; asking the database
        # again for each of 10,000 rows would only slow an import down.
        record.full_clean(
            exclude=[*CONVERTED_FIELDS, "company", "site", "created_by"], validate_unique=False
        )
    ConsumptionRecord.objects.bulk_create(records)
    # `bulk_create` sends no signal: the results made from consumption are replaced here.
    PARTNERSHIP_RESULTS.replace_after_write()
    return len(records)


# --- Factor sets --------------------------------------------------------------------------


class FactorSetLockedError(ValidationError):
    def __init__(self, factor_set: FactorSet) -> None:
        super().__init__(
            _(
                "“%(name)s” is pinned by a signed partnership agreement and cannot be changed. "
                "Copy it and publish a new set instead."
            )
            % {"name": factor_set},
            code="factor_set_pinned",
        )


def ensure_unpinned(factor_set: FactorSet) -> None:
    if factor_set.is_pinned:
        raise FactorSetLockedError(factor_set)


@transaction.atomic
def create_factor_set(
    *,
    user: User,
    programme: Programme | None,
    name: str,
    year: int,
    method: str,
    source_url: str,
    reliability: str,
    reliability_note: str,
    factors: Sequence[Mapping[str, object]],
) -> FactorSet:
    """A draft set with its factors (each: carrier, kg_co2e_per_unit, scope, source, note)."""
    factor_set = FactorSet(
        name=name,
        year=year,
        method=method,
        source_url=source_url,
        reliability=reliability,
        reliability_note=reliability_note,
        programme=programme,
        created_by=user,
    )
    factor_set.full_clean()
    factor_set.save()
    rows = [EmissionFactor(factor_set=factor_set, **values) for values in factors]
    for row in rows:
        row.full_clean(exclude=["factor_set"])
    EmissionFactor.objects.bulk_create(rows)
    PARTNERSHIP_RESULTS.replace_after_write()
    return factor_set


@transaction.atomic
def save_factor(
    *,
    factor_set: FactorSet,
    carrier: str,
    kg_co2e_per_unit: Decimal,
    scope: int,
    source: str,
    note: str = "",
) -> EmissionFactor:
    """Add or change one factor of a set that no signed agreement pins."""
    locked = FactorSet.objects.select_for_update().get(pk=factor_set.pk)
    ensure_unpinned(locked)
    factor = EmissionFactor.objects.filter(factor_set=locked, carrier=carrier).first()
    if factor is None:
        factor = EmissionFactor(factor_set=locked, carrier=carrier)
    factor.kg_co2e_per_unit = kg_co2e_per_unit
    factor.scope = scope
    factor.source = source
    factor.note = note
    factor.full_clean()
    factor.save()
    return factor


@transaction.atomic
def publish_factor_set(*, factor_set: FactorSet) -> FactorSet:
    if not factor_set.factors.exists():
        raise ValidationError(_("A set without factors cannot be published."), code="empty")
    factor_set.is_published = True
    factor_set.published_at = timezone.now()
    factor_set.save(update_fields=["is_published", "published_at", "updated_at"])
    return factor_set


@transaction.atomic
def copy_factor_set(
    *,
    factor_set: FactorSet,
    user: User,
    programme: Programme | None,
    name: str,
    year: int,
) -> FactorSet:
    """A new draft with the same factors: how a pinned set is revised."""
    return create_factor_set(
        user=user,
        programme=programme,
        name=name,
        year=year,
        method=factor_set.method,
        source_url=factor_set.source_url,
        reliability=factor_set.reliability,
        reliability_note=factor_set.reliability_note,
        factors=[
            {
                "carrier": factor.carrier,
                "kg_co2e_per_unit": factor.kg_co2e_per_unit,
                "scope": factor.scope,
                "source": factor.source,
                "note": factor.note,
            }
            for factor in factor_set.factors.all()
        ],
    )


# --- Degree days --------------------------------------------------------------------------


@transaction.atomic
def save_degree_days(
    *, series: str, source_url: str, note: str, values: Mapping[tuple[int, int], Decimal]
) -> int:
    """Monthly degree days ((year, month) → value) of one series. A month already saved for
    the series is replaced: publishers correct their figures."""
    for year in sorted({year for year, _month in values}):
        degree_year = DegreeDayYear.objects.filter(series=series, year=year).first()
        if degree_year is None:
            degree_year = DegreeDayYear(series=series, year=year)
        degree_year.source_url = source_url
        degree_year.note = note
        degree_year.full_clean()
        degree_year.save()
        for (row_year, month), value in sorted(values.items()):
            if row_year != year:
                continue
            degree_month = DegreeDayMonth.objects.filter(
                degree_year=degree_year, month=month
            ).first()
            if degree_month is None:
                degree_month = DegreeDayMonth(degree_year=degree_year, month=month)
            degree_month.degree_days = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            degree_month.full_clean()
            degree_month.save()
    return len(values)


# --- Weather ------------------------------------------------------------------------------


@transaction.atomic
def create_weather_series(*, area: str, code: str, name: str) -> WeatherSeries:
    series = WeatherSeries(area=area, code=code.strip(), name=name.strip())
    series.full_clean()
    series.save()
    return series


@dataclass(frozen=True)
class DayValues:
    """What one source says of one day; either may be missing."""

    mean_temperature_c: Decimal | None = None
    heating_degree_days: Decimal | None = None


@transaction.atomic
def save_weather_days(
    *, series: WeatherSeries, values: Mapping[date, DayValues], source: str
) -> int:
    """Add or correct days of a series; returns how many days changed. Degree days are
    derived from the temperature where the source gives none. A day whose stored values
    equal the new ones is left alone, so that a repeated import or fetch changes nothing."""
    existing = {day.day: day for day in series.days.filter(day__in=list(values))}
    changed: list[WeatherDay] = []
    for day, given in sorted(values.items()):
        stored = existing.get(day) or WeatherDay(series=series, day=day)
        temperature = (
            given.mean_temperature_c
            if given.mean_temperature_c is not None
            else stored.mean_temperature_c
        )
        if given.heating_degree_days is not None:
            degree_days, degree_source = given.heating_degree_days, source
        elif temperature is not None and (
            stored.pk is None or stored.degree_days_source == WeatherSource.DERIVED
        ):
            degree_days = calc_weather.heating_degree_days(temperature)
            degree_source = WeatherSource.DERIVED
        elif stored.pk is not None:
            degree_days, degree_source = stored.heating_degree_days, stored.degree_days_source
        else:
            continue
        new = (temperature, degree_days.quantize(ONE_DECIMAL), degree_source)
        old = (stored.mean_temperature_c, stored.heating_degree_days, stored.degree_days_source)
        if stored.pk is not None and new == old:
            continue
        stored.mean_temperature_c, stored.heating_degree_days, stored.degree_days_source = new
        if given.mean_temperature_c is not None or stored.pk is None:
            stored.source = source
        stored.full_clean(exclude=["series"], validate_unique=False)
        changed.append(stored)
    WeatherDay.objects.bulk_create([day for day in changed if day.pk is None])
    WeatherDay.objects.bulk_update(
        [day for day in changed if day.pk is not None],
        ["mean_temperature_c", "heating_degree_days", "source", "degree_days_source"],
    )
    return len(changed)


@transaction.atomic
def save_weather_months(
    *, series: WeatherSeries, values: Mapping[date, Decimal], source: str
) -> int:
    """Monthly heating degree days (first day of the month → value); returns how many changed."""
    changed = 0
    for month, value in sorted(values.items()):
        rounded = value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)
        stored = series.months.filter(month=month).first()
        if stored is not None and stored.heating_degree_days == rounded:
            continue
        stored = stored or WeatherMonth(series=series, month=month)
        stored.heating_degree_days = rounded
        stored.source = source
        stored.full_clean(exclude=["series"], validate_unique=False)
        stored.save()
        changed += 1
    return changed


def fetch_dmi_series(
    *, series: WeatherSeries, client: dmi.DmiClient, first_day: date, last_day: date
) -> int:
    """Fetch the days of one series from DMI and store them in one transaction: a fetch that
    fails halfway stores nothing. Returns how many days changed."""
    area = dmi.Area(series.area)
    temperatures, degree_days = (
        client.fetch(
            area=area,
            code=series.code,
            resolution=dmi.Resolution.DAY,
            parameter=parameter,
            first_day=first_day,
            last_day=last_day,
        )
        for parameter in (dmi.MEAN_TEMPERATURE, dmi.HEATING_DEGREE_DAYS)
    )
    values: dict[date, DayValues] = {}
    for value in temperatures:
        values[value.first_day] = DayValues(mean_temperature_c=value.value)
    for value in degree_days:
        before = values.get(value.first_day, DayValues())
        values[value.first_day] = DayValues(before.mean_temperature_c, value.value)
    with transaction.atomic():
        return save_weather_days(series=series, values=values, source=WeatherSource.DMI)


# --- Production ---------------------------------------------------------------------------


def build_production(
    *,
    company: Company,
    user: User | None,
    site: Site | None,
    period_start: date,
    period_end: date,
    quantity: Decimal,
    unit: str,
    product: str,
    required_unit: str | None = None,
    evidence: "File[bytes] | None" = None,
) -> ProductionRecord:
    """A validated, unsaved production record. `required_unit` is the agreement's
    production unit, when the partnership has one: another unit is refused, since the
    model's coefficient is per that unit."""
    errors: dict[str, str] = {}
    try:
        calc_validate_period(period_start, period_end)
    except PeriodError as error:
        errors["period_end"] = period_message(error, period_start, period_end)
    if quantity < 0:
        errors["quantity"] = _("A quantity cannot be negative.")
    unit = unit.strip()
    if required_unit and unit.lower() != required_unit.strip().lower():
        errors["unit"] = _("The agreement records production in %(required)s, not in %(unit)s.") % {
            "required": required_unit,
            "unit": unit,
        }
    if site is not None and site.company_id != company.id:
        errors["site"] = _("The site does not belong to this company.")
    if errors:
        raise ValidationError(errors)
    record = ProductionRecord(
        company=company,
        site=site,
        period_start=period_start,
        period_end=period_end,
        quantity=quantity,
        unit=required_unit.strip() if required_unit else unit,
        product=product.strip(),
        evidence=evidence or "",
        created_by=user,
    )
    record.full_clean(exclude=["company", "site", "created_by"], validate_unique=False)
    return record


@transaction.atomic
def record_production(
    *,
    company: Company,
    user: User | None,
    site: Site | None,
    period_start: date,
    period_end: date,
    quantity: Decimal,
    unit: str,
    product: str,
    required_unit: str | None = None,
    evidence: "File[bytes] | None" = None,
) -> ProductionRecord:
    record = build_production(
        company=company,
        user=user,
        site=site,
        period_start=period_start,
        period_end=period_end,
        quantity=quantity,
        unit=unit,
        product=product,
        required_unit=required_unit,
        evidence=evidence,
    )
    record.save()
    return record


@transaction.atomic
def save_production_records(*, records: Sequence[ProductionRecord]) -> int:
    """Save records made by ``build_production`` all together (an import)."""
    ProductionRecord.objects.bulk_create(records)
    return len(records)
