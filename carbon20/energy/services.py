"""Energy and CO2e: what pages, imports and the other apps call.

Interface for the screening, action plan and report apps
--------------------------------------------------------
Reads (no side effects; the ORM feeds the pure functions in ``carbon20.energy.calc``):

``factor_table(factor_set) -> dict[Carrier, Factor]``
    The set's factors as plain values (prefetch ``factors`` to save a query).
``co2e_by_carrier(records, factor_set) -> EmissionsResult``
    CO2e of whole records (an iterable of ConsumptionRecord) per carrier and scope, rounded
    to whole kg per carrier; ``.total_kg``, ``.by_scope``, ``.kg_for(carrier)``.
``baseline_for(company_or_site, start, end, factor_set, *, degree_days=None) -> WindowResult``
    Consumption and CO2e inside [start, end] (at most 366 days), records straddling the
    window counted by their share of days. ``.quantities`` (canonical units),
    ``.covered_days``, ``.incomplete_carriers``, ``.emissions``.
``twelve_month_baseline_for(company_or_site, start, factor_set) -> WindowResult``
    The same over the 12 months that begin on ``start``.
``results_for_years(company_or_site, years, pinned_set, *, degree_day_series=None,
baseline_year=None) -> YearResults``
    Each calendar year with the pinned set and, beside it, with that year's own published
    set of the same method (``.rows``: calc ``YearResult``; ``.own_sets``: year → FactorSet;
    ``.unusable_own_sets``: year → carriers that year's set lacks). With a degree-day
    series and a baseline year, heat is corrected to the baseline year's degree days.
``factor_sets_by_year(years, *, method, programme=None) -> dict[int, FactorSet]``
``degree_days_for_series(series) -> dict[(year, month), Decimal]``

Every read raises ``FactorSetIncompleteError`` (a ValidationError naming the carriers) when
the set lacks a factor for an energy carrier in use; water and waste without a factor are
left out of CO2e and named in ``EmissionsResult.without_factor``. Reads raise
``DegreeDaysMissingError`` (naming the months) when a correction lacks degree days.

Writes (each in one transaction; bad input raises ValidationError with the field named and
saves nothing): ``record_consumption`` (``build_record`` gives the validated, converted
record unsaved, for bulk saving), ``import_consumption`` (all or nothing, returns an
``ImportReport`` listing every rejected row), ``import_factor_set``, ``save_factor``,
``publish_factor_set``, ``copy_factor_set`` (refusing to change a set a signed agreement
pins: ``FactorSetLockedError``) and ``import_degree_days``.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from carbon20.energy import tabular
from carbon20.energy.calc import baseline as calc_baseline
from carbon20.energy.calc import carriers as calc_carriers
from carbon20.energy.calc import units as calc_units
from carbon20.energy.calc.degree_days import MissingDegreeDaysError
from carbon20.energy.calc.emissions import (
    EmissionsResult,
    Factor,
    MissingFactorsError,
    counted_emissions,
)
from carbon20.energy.calc.periods import PeriodError, days_inclusive, twelve_month_end
from carbon20.energy.calc.periods import validate_period as calc_validate_period
from carbon20.energy.models import (
    Carrier,
    ConsumptionRecord,
    DegreeDayMonth,
    DegreeDayYear,
    EmissionFactor,
    FactorSet,
    RecordSource,
    Unit,
)
from carbon20.organisations.models import Company, Programme, Site

CANONICAL_PLACES = Decimal("0.000001")
FACTOR_PLACES = Decimal("0.000000000001")
# ConsumptionRecord.quantity holds 16 digits, 3 of them decimals.
MAX_QUANTITY = Decimal("10000000000000")


class FactorSetIncompleteError(ValidationError):
    def __init__(self, factor_set: FactorSet, carriers: Iterable[str]) -> None:
        self.carriers = tuple(carriers)
        super().__init__(
            _("The factor set “%(name)s” has no emission factor for: %(carriers)s.")
            % {"name": factor_set, "carriers": carrier_labels(self.carriers)},
            code="factor_missing",
        )


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


# --- Reads --------------------------------------------------------------------------------


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


def results_for_years(
    company_or_site: Company | Site,
    years: Iterable[int],
    pinned_set: FactorSet,
    *,
    degree_day_series: str | None = None,
    baseline_year: int | None = None,
) -> YearResults:
    year_list = list(years)
    records = [to_calc(record) for record in records_for(company_or_site)]
    in_use = {record.carrier for record in records}
    pinned = factor_table(pinned_set)
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
        else:
            usable[year] = table
    monthly = degree_days_for_series(degree_day_series) if degree_day_series else None
    try:
        rows = calc_baseline.results_for_years(
            records, year_list, pinned, usable, monthly, baseline_year
        )
    except MissingDegreeDaysError as exc:
        raise DegreeDaysMissingError(degree_day_series or "", exc.months) from exc
    return YearResults(rows=rows, own_sets=own_sets, unusable_own_sets=unusable)


# --- Consumption --------------------------------------------------------------------------


def period_message(error: PeriodError, start: date, end: date) -> str:
    if error.code == "end_before_start":
        return _("The period ends before it starts.")
    return _("A period can be at most 366 days; this one is %(days)d days.") % {
        "days": days_inclusive(start, end)
    }


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
    elif quantity != quantity.quantize(Decimal("0.001")) or quantity >= MAX_QUANTITY:
        errors["quantity"] = _("Give the quantity with at most 3 decimals and below 10¹³.")
    if calc_units.Unit(unit) not in calc_units.allowed_units(calc_carriers.Carrier(carrier)):
        errors["unit"] = unit_message(carrier, unit)
    try:
        calc_validate_period(period_start, period_end)
    except PeriodError as exc:
        errors["period_end"] = period_message(exc, period_start, period_end)
    if heated_share_percent is not None and not (
        Decimal("0") <= heated_share_percent <= Decimal("100")
    ):
        errors["heated_share_percent"] = _("The heated share is a percentage from 0 to 100.")
    return errors


def conversion(carrier: str, unit: str, quantity: Decimal) -> tuple[Decimal, Decimal, str]:
    """(canonical quantity, conversion factor, its source) as stored on a record."""
    found = calc_units.conversion_for(calc_carriers.Carrier(carrier), calc_units.Unit(unit))
    canonical = (quantity * found.canonical_per_unit).quantize(
        CANONICAL_PLACES, rounding=ROUND_HALF_UP
    )
    factor = found.canonical_per_unit.quantize(FACTOR_PLACES, rounding=ROUND_HALF_UP)
    return canonical, factor, found.source


def build_record(
    *,
    company: Company,
    user,
    site: Site | None,
    carrier: str,
    period_start: date,
    period_end: date,
    quantity: Decimal,
    unit: str,
    source: str,
    heated_share_percent: Decimal | None,
    evidence=None,
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
def record_consumption(**fields) -> ConsumptionRecord:
    """Save one consumption record. Keyword arguments: company, user, site, carrier,
    period_start, period_end, quantity, unit, source, heated_share_percent (None: the
    carrier's default), evidence, note."""
    record = build_record(**fields)
    record.full_clean(exclude=["canonical_quantity", "conversion_factor", "conversion_source"])
    record.save()
    return record


def _choice_aliases(choices, extra: dict[str, str]) -> dict[str, str]:
    """Code, English label and Danish label, lower-cased, → code."""
    aliases = {alias.lower(): code for alias, code in extra.items()}
    for code, label in choices:
        aliases[code.lower()] = code
        for language in ("en", "da"):
            with override(language):
                aliases[str(label).lower()] = code
    return aliases


CARRIER_EXTRA_ALIASES = {
    "el": Carrier.ELECTRICITY,
    "elektricitet": Carrier.ELECTRICITY,
    "fjernvarme": Carrier.DISTRICT_HEATING,
    "naturgas": Carrier.NATURAL_GAS,
    "gas": Carrier.NATURAL_GAS,
    "fyringsolie": Carrier.HEATING_OIL,
    "olie": Carrier.HEATING_OIL,
    "lpg": Carrier.LPG,
    "flaskegas": Carrier.LPG,
    "benzin": Carrier.PETROL,
    "træpiller": Carrier.WOOD_PELLETS,
    "træflis": Carrier.WOOD_CHIPS,
    "vand": Carrier.WATER,
    "affald": Carrier.WASTE,
}
UNIT_EXTRA_ALIASES = {
    "m³": Unit.M3,
    "l": Unit.LITRE,
    "liter": Unit.LITRE,
    "t": Unit.TONNE,
    "ton": Unit.TONNE,
    "tons": Unit.TONNE,
}
SOURCE_EXTRA_ALIASES = {
    "regning": RecordSource.BILL,
    "faktura": RecordSource.BILL,
    "måler": RecordSource.METER_READING,
    "aflæsning": RecordSource.METER_READING,
    "skøn": RecordSource.ESTIMATE,
}


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]
    required: bool = True


CONSUMPTION_COLUMNS = (
    Column("carrier", ("Energiart", "carrier", "energy carrier")),
    Column("period_start", ("Fra", "from", "period_start", "period from")),
    Column("period_end", ("Til", "to", "period_end", "period to")),
    Column("quantity", ("Mængde", "quantity", "amount")),
    Column("unit", ("Enhed", "unit")),
    Column("source", ("Kilde", "source")),
    Column(
        "heated_share_percent",
        ("Opvarmningsandel (%)", "opvarmningsandel", "heated share (%)", "heated_share_percent"),
        required=False,
    ),
    Column("p_number", ("P-nummer", "p-number", "p_number", "site"), required=False),
    Column("note", ("Note", "bemærkning", "comment"), required=False),
)


def column_title(column: Column) -> str:
    """The column's name as the template and the error report print it."""
    return column.aliases[0]


def consumption_template_rows() -> tuple[list[str], list[list[str]]]:
    """Header and the rows of the allowed values, for the template's guide."""
    header = [column_title(column) for column in CONSUMPTION_COLUMNS]
    guide = [
        [str(Carrier(code).label), ", ".join(str(Unit(u).label) for u in units)]
        for code, units in (
            (carrier.value, calc_units.allowed_units(carrier)) for carrier in calc_carriers.Carrier
        )
    ]
    return header, guide


def consumption_template_csv() -> bytes:
    header, _guide = consumption_template_rows()
    return tabular.csv_bytes(header, [])


def consumption_template_xlsx() -> bytes:
    import io

    from openpyxl import Workbook

    header, guide = consumption_template_rows()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Consumption")
    sheet.append(header)
    for letter in "ABCDEFGHI":
        sheet.column_dimensions[letter].width = 20
    help_sheet = workbook.create_sheet(_("Guide"))
    help_sheet.append([_("Energy carrier"), _("Units")])
    for row in guide:
        help_sheet.append(row)
    help_sheet.append([])
    help_sheet.append([_("Source"), ", ".join(str(label) for _code, label in RecordSource.choices)])
    help_sheet.append([_("Dates"), _("dd-mm-yyyy, e.g. 31-01-2025")])
    help_sheet.append([_("Numbers"), _("Decimal comma, e.g. 1234,5")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _match_choice(value: object, aliases: dict[str, str]) -> str | None:
    if value is None:
        return None
    return aliases.get(str(value).strip().lower())


def import_consumption(company: Company, upload, user) -> tabular.ImportReport:
    """Import every row or none: the report lists each rejected row with its column."""
    report = tabular.ImportReport()
    try:
        table = tabular.read_table(upload)
    except tabular.TableError as exc:
        report.file_error = str(exc)
        return report
    indexes = {
        column.key: tabular.column_index(table, column.aliases) for column in CONSUMPTION_COLUMNS
    }
    missing = [
        column_title(c) for c in CONSUMPTION_COLUMNS if c.required and indexes[c.key] is None
    ]
    if missing:
        report.file_error = _("The file lacks the column(s): %(columns)s.") % {
            "columns": ", ".join(missing)
        }
        return report
    if not table.rows:
        report.file_error = _("The file has no rows below the header.")
        return report
    titles = {column.key: column_title(column) for column in CONSUMPTION_COLUMNS}
    carrier_aliases = _choice_aliases(Carrier.choices, CARRIER_EXTRA_ALIASES)
    unit_aliases = _choice_aliases(Unit.choices, UNIT_EXTRA_ALIASES)
    source_aliases = _choice_aliases(RecordSource.choices, SOURCE_EXTRA_ALIASES)
    sites = {site.p_number: site for site in company.sites.all()}
    records: list[ConsumptionRecord] = []
    for number, cells in table.rows:
        values = {key: tabular.cell(cells, index) for key, index in indexes.items()}
        row_errors: dict[str, str] = {}
        parsed: dict[str, object] = {}
        for key in ("carrier", "period_start", "period_end", "quantity", "unit", "source"):
            if values[key] is None:
                row_errors[key] = _("This value is missing.")
        if "carrier" not in row_errors:
            parsed["carrier"] = _match_choice(values["carrier"], carrier_aliases)
            if parsed["carrier"] is None:
                row_errors["carrier"] = _("“%(value)s” is not an energy carrier.") % {
                    "value": values["carrier"]
                }
        if "unit" not in row_errors:
            parsed["unit"] = _match_choice(values["unit"], unit_aliases)
            if parsed["unit"] is None:
                row_errors["unit"] = _("“%(value)s” is not a unit.") % {"value": values["unit"]}
        if "source" not in row_errors:
            parsed["source"] = _match_choice(values["source"], source_aliases)
            if parsed["source"] is None:
                row_errors["source"] = _(
                    "“%(value)s” is not a source; use bill, meter reading, supplier statement "
                    "or estimate."
                ) % {"value": values["source"]}
        for key in ("period_start", "period_end"):
            if key not in row_errors:
                try:
                    parsed[key] = tabular.parse_date(values[key])
                except ValueError as exc:
                    row_errors[key] = str(exc)
        for key in ("quantity", "heated_share_percent"):
            if key in row_errors or values.get(key) is None:
                continue
            try:
                parsed[key] = tabular.parse_decimal(values[key])
            except ValueError as exc:
                row_errors[key] = str(exc)
        site = None
        if values["p_number"] is not None:
            p_number = str(values["p_number"]).replace(" ", "")
            site = sites.get(p_number)
            if site is None:
                row_errors["p_number"] = _("P-number %(value)s is not a site of this company.") % {
                    "value": p_number
                }
        if not row_errors:
            try:
                records.append(
                    build_record(
                        company=company,
                        user=user,
                        site=site,
                        carrier=str(parsed["carrier"]),
                        period_start=parsed["period_start"],
                        period_end=parsed["period_end"],
                        quantity=parsed["quantity"],
                        unit=str(parsed["unit"]),
                        source=str(parsed["source"]),
                        heated_share_percent=parsed.get("heated_share_percent"),
                        note=str(values["note"] or "")[:500],
                    )
                )
            except ValidationError as exc:
                row_errors.update(
                    {key: " ".join(messages) for key, messages in exc.message_dict.items()}
                )
        for key, message in row_errors.items():
            report.add(number, titles.get(key, key), message)
    if report.errors:
        return report
    with transaction.atomic():
        ConsumptionRecord.objects.bulk_create(records)
    report.imported = len(records)
    return report


# --- Factor sets --------------------------------------------------------------------------


def ensure_unpinned(factor_set: FactorSet) -> None:
    if factor_set.is_pinned:
        raise FactorSetLockedError(factor_set)


FACTOR_COLUMNS = (
    Column("carrier", ("Energiart", "carrier")),
    Column(
        "kg_co2e_per_unit",
        ("kg CO2e pr. enhed", "kg co2e per unit", "kg_co2e_per_unit", "faktor", "factor"),
    ),
    Column("scope", ("Scope",)),
    Column("source", ("Kilde", "source")),
    Column("note", ("Note", "bemærkning"), required=False),
)


def factor_template_csv() -> bytes:
    return tabular.csv_bytes([column_title(column) for column in FACTOR_COLUMNS], [])


@transaction.atomic
def import_factor_set(
    *,
    user,
    programme: Programme | None,
    name: str,
    year: int,
    method: str,
    source_url: str,
    reliability: str,
    reliability_note: str,
    upload,
) -> tuple[FactorSet | None, tabular.ImportReport]:
    """Create a draft set from a CSV of factors (kg CO2e per kWh, m³ water or tonne waste)."""
    report = tabular.ImportReport()
    try:
        table = tabular.read_table(upload)
    except tabular.TableError as exc:
        report.file_error = str(exc)
        return None, report
    indexes = {column.key: tabular.column_index(table, column.aliases) for column in FACTOR_COLUMNS}
    missing = [column_title(c) for c in FACTOR_COLUMNS if c.required and indexes[c.key] is None]
    if missing:
        report.file_error = _("The file lacks the column(s): %(columns)s.") % {
            "columns": ", ".join(missing)
        }
        return None, report
    titles = {column.key: column_title(column) for column in FACTOR_COLUMNS}
    carrier_aliases = _choice_aliases(Carrier.choices, CARRIER_EXTRA_ALIASES)
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        values = {key: tabular.cell(cells, index) for key, index in indexes.items()}
        row_errors: dict[str, str] = {}
        for key in ("carrier", "kg_co2e_per_unit", "scope", "source"):
            if values[key] is None:
                row_errors[key] = _("This value is missing.")
        carrier = _match_choice(values["carrier"], carrier_aliases)
        if "carrier" not in row_errors:
            if carrier is None:
                row_errors["carrier"] = _("“%(value)s” is not an energy carrier.") % {
                    "value": values["carrier"]
                }
            elif carrier in seen:
                row_errors["carrier"] = _("%(carrier)s is already given in row %(row)d.") % {
                    "carrier": Carrier(carrier).label,
                    "row": seen[carrier],
                }
            else:
                seen[carrier] = number
        value = None
        if "kg_co2e_per_unit" not in row_errors:
            try:
                value = tabular.parse_decimal(values["kg_co2e_per_unit"])
            except ValueError as exc:
                row_errors["kg_co2e_per_unit"] = str(exc)
            else:
                if value < 0:
                    row_errors["kg_co2e_per_unit"] = _("An emission factor cannot be negative.")
                elif value != value.quantize(Decimal("0.0000001")) or value >= Decimal("10000000"):
                    row_errors["kg_co2e_per_unit"] = _(
                        "Give the factor with at most 7 decimals and below 10,000,000."
                    )
        scope = None
        if "scope" not in row_errors:
            scope_text = str(values["scope"]).strip()
            if scope_text.endswith(".0"):
                scope_text = scope_text[:-2]
            if scope_text not in {"1", "2", "3"}:
                row_errors["scope"] = _("The scope is 1, 2 or 3.")
            else:
                scope = int(scope_text)
        for key, message in row_errors.items():
            report.add(number, titles[key], message)
        if not row_errors:
            rows.append(
                {
                    "carrier": carrier,
                    "kg_co2e_per_unit": value,
                    "scope": scope,
                    "source": str(values["source"])[:500],
                    "note": str(values["note"] or "")[:500],
                }
            )
    if not rows and not report.errors:
        report.file_error = _("The file has no rows below the header.")
    if not report.ok:
        return None, report
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
    EmissionFactor.objects.bulk_create(EmissionFactor(factor_set=factor_set, **row) for row in rows)
    report.imported = len(rows)
    return factor_set, report


@transaction.atomic
def save_factor(
    factor_set: FactorSet,
    *,
    carrier: str,
    kg_co2e_per_unit: Decimal,
    scope: int,
    source: str,
    note: str = "",
) -> EmissionFactor:
    """Add or change one factor of a set that no signed agreement pins."""
    locked = FactorSet.objects.select_for_update().get(pk=factor_set.pk)
    ensure_unpinned(locked)
    factor, _created = EmissionFactor.objects.update_or_create(
        factor_set=locked,
        carrier=carrier,
        defaults={
            "kg_co2e_per_unit": kg_co2e_per_unit,
            "scope": scope,
            "source": source,
            "note": note,
        },
    )
    return factor


@transaction.atomic
def publish_factor_set(factor_set: FactorSet) -> FactorSet:
    if not factor_set.factors.exists():
        raise ValidationError(_("A set without factors cannot be published."), code="empty")
    factor_set.is_published = True
    factor_set.published_at = timezone.now()
    factor_set.save(update_fields=["is_published", "published_at", "updated_at"])
    return factor_set


@transaction.atomic
def copy_factor_set(
    factor_set: FactorSet, *, user, programme: Programme | None, name: str, year: int
) -> FactorSet:
    """A new draft with the same factors: how a pinned set is revised."""
    copy = FactorSet(
        name=name,
        year=year,
        method=factor_set.method,
        source_url=factor_set.source_url,
        reliability=factor_set.reliability,
        reliability_note=factor_set.reliability_note,
        programme=programme,
        created_by=user,
    )
    copy.full_clean()
    copy.save()
    EmissionFactor.objects.bulk_create(
        EmissionFactor(
            factor_set=copy,
            carrier=factor.carrier,
            kg_co2e_per_unit=factor.kg_co2e_per_unit,
            scope=factor.scope,
            source=factor.source,
            note=factor.note,
        )
        for factor in factor_set.factors.all()
    )
    return copy


# --- Degree days --------------------------------------------------------------------------

DEGREE_DAY_COLUMNS = (
    Column("year", ("År", "year")),
    Column("month", ("Måned", "month")),
    Column("degree_days", ("Graddage", "degree days", "degree_days")),
)


def degree_day_template_csv() -> bytes:
    return tabular.csv_bytes([column_title(column) for column in DEGREE_DAY_COLUMNS], [])


def import_degree_days(*, series: str, source_url: str, note: str, upload) -> tabular.ImportReport:
    """Monthly degree days of one series, all rows or none. A month already imported for
    the series is replaced: publishers correct their figures."""
    report = tabular.ImportReport()
    try:
        table = tabular.read_table(upload)
    except tabular.TableError as exc:
        report.file_error = str(exc)
        return report
    indexes = {c.key: tabular.column_index(table, c.aliases) for c in DEGREE_DAY_COLUMNS}
    missing = [column_title(c) for c in DEGREE_DAY_COLUMNS if indexes[c.key] is None]
    if missing:
        report.file_error = _("The file lacks the column(s): %(columns)s.") % {
            "columns": ", ".join(missing)
        }
        return report
    titles = {column.key: column_title(column) for column in DEGREE_DAY_COLUMNS}
    parsed: dict[tuple[int, int], Decimal] = {}
    seen: dict[tuple[int, int], int] = {}
    for number, cells in table.rows:
        values = {key: tabular.cell(cells, index) for key, index in indexes.items()}
        row_errors: dict[str, str] = {}
        numbers: dict[str, Decimal] = {}
        for key in ("year", "month", "degree_days"):
            if values[key] is None:
                row_errors[key] = _("This value is missing.")
                continue
            try:
                numbers[key] = tabular.parse_decimal(values[key])
            except ValueError as exc:
                row_errors[key] = str(exc)
        year = numbers.get("year")
        if year is not None and (year != year.to_integral_value() or not 1900 <= year <= 2100):
            row_errors["year"] = _("The year is a whole number from 1900 to 2100.")
        month = numbers.get("month")
        if month is not None and (month != month.to_integral_value() or not 1 <= month <= 12):
            row_errors["month"] = _("The month is a whole number from 1 to 12.")
        value = numbers.get("degree_days")
        if value is not None and (value < 0 or value >= 10000):
            row_errors["degree_days"] = _("Degree days are between 0 and 9999.9.")
        if not row_errors and year is not None and month is not None and value is not None:
            key = (int(year), int(month))
            if key in seen:
                row_errors["month"] = _("%(month)02d-%(year)d is already given in row %(row)d.") % {
                    "month": key[1],
                    "year": key[0],
                    "row": seen[key],
                }
            else:
                seen[key] = number
                parsed[key] = value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        for key, message in row_errors.items():
            report.add(number, titles[key], message)
    if not parsed and not report.errors:
        report.file_error = _("The file has no rows below the header.")
    if not report.ok:
        return report
    with transaction.atomic():
        for year in sorted({key[0] for key in parsed}):
            degree_year, _created = DegreeDayYear.objects.update_or_create(
                series=series, year=year, defaults={"source_url": source_url, "note": note}
            )
            for (row_year, month), value in parsed.items():
                if row_year == year:
                    DegreeDayMonth.objects.update_or_create(
                        degree_year=degree_year, month=month, defaults={"degree_days": value}
                    )
    report.imported = len(parsed)
    return report
