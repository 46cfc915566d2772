"""Energy imports on the one framework (``carbon20.core.imports``): consumption records,
emission factor sets, degree days, daily temperatures and production, each all rows or none
with a report of every rejected row; DMI's GeoJSON answers; and the templates that users fill
in. Rows are saved through ``services``."""

import functools
import io
import json
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from carbon20.core.imports import (
    Column,
    ColumnType,
    ImportKind,
    ImportReport,
    Row,
    RowForm,
    choice_lookup,
    run_import,
)
from carbon20.core.periods import Span
from carbon20.energy import services
from carbon20.energy.calc import carriers as calc_carriers
from carbon20.energy.calc import units as calc_units
from carbon20.energy.models import (
    Carrier,
    ConsumptionRecord,
    FactorSet,
    ProductionRecord,
    RecordSource,
    Unit,
    WeatherSeries,
    WeatherSource,
)
from carbon20.integrations import dmi
from carbon20.organisations.models import Company, Programme

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


# Both languages' labels are in each lookup, so one per process serves every request.
@functools.cache
def lookups() -> dict[str, dict[str, str]]:
    return {
        "carrier": choice_lookup(Carrier.choices, CARRIER_EXTRA_ALIASES),
        "unit": choice_lookup(Unit.choices, UNIT_EXTRA_ALIASES),
        "source": choice_lookup(RecordSource.choices, SOURCE_EXTRA_ALIASES),
    }


def match_choice(value: str, kind: str) -> str | None:
    return lookups()[kind].get(value.strip().lower())


def clean_carrier(value: str) -> str:
    carrier = match_choice(value, "carrier")
    if carrier is None:
        raise ValidationError(_("“%(value)s” is not an energy carrier.") % {"value": value})
    return carrier


# --- Consumption --------------------------------------------------------------------------


class SiteRowForm(RowForm):
    """A row form whose optional P-number names one of the company's sites (`self.sites`,
    P-number → Site); an empty cell is the whole company."""

    sites: dict

    def clean_p_number(self):
        p_number = self.cleaned_data["p_number"].replace(" ", "")
        if not p_number:
            return None
        site = self.sites.get(p_number)
        if site is None:
            raise ValidationError(
                _("P-number %(value)s is not a site of this company.") % {"value": p_number}
            )
        return site


class ConsumptionRowForm(SiteRowForm):
    carrier = forms.CharField()
    period_start = forms.DateField()
    period_end = forms.DateField()
    quantity = forms.DecimalField()
    unit = forms.CharField()
    source = forms.CharField()
    heated_share_percent = forms.DecimalField(required=False)
    p_number = forms.CharField(required=False)
    note = forms.CharField(required=False)

    def __init__(
        self, *args, company: Company, user: AbstractBaseUser | None, sites: dict, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.company = company
        self.user = user
        self.sites = sites
        self.record: ConsumptionRecord | None = None

    def clean_carrier(self) -> str:
        return clean_carrier(self.cleaned_data["carrier"])

    def clean_unit(self) -> str:
        value = self.cleaned_data["unit"]
        unit = match_choice(value, "unit")
        if unit is None:
            raise ValidationError(_("“%(value)s” is not a unit.") % {"value": value})
        return unit

    def clean_source(self) -> str:
        value = self.cleaned_data["source"]
        source = match_choice(value, "source")
        if source is None:
            raise ValidationError(
                _(
                    "“%(value)s” is not a source; use bill, meter reading, supplier statement "
                    "or estimate."
                )
                % {"value": value}
            )
        return source

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.record = services.build_record(
                company=self.company,
                user=self.user,
                site=cleaned.get("p_number"),
                carrier=cleaned["carrier"],
                period_start=cleaned["period_start"],
                period_end=cleaned["period_end"],
                quantity=cleaned["quantity"],
                unit=cleaned["unit"],
                source=cleaned["source"],
                heated_share_percent=cleaned.get("heated_share_percent"),
                note=cleaned.get("note", "")[:500],
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                self.add_error("p_number" if key == "site" else key, " ".join(messages))
        return cleaned


class ConsumptionImport(ImportKind):
    columns = (
        Column("carrier", ("Energiart", "carrier", "energy carrier")),
        Column(
            "period_start", ("Fra", "from", "period_start", "period from"), type=ColumnType.DATE
        ),
        Column("period_end", ("Til", "to", "period_end", "period to"), type=ColumnType.DATE),
        Column("quantity", ("Mængde", "quantity", "amount"), type=ColumnType.DECIMAL),
        Column("unit", ("Enhed", "unit")),
        Column("source", ("Kilde", "source")),
        Column(
            "heated_share_percent",
            (
                "Opvarmningsandel (%)",
                "opvarmningsandel",
                "heated share (%)",
                "heated_share_percent",
            ),
            required=False,
            type=ColumnType.DECIMAL,
        ),
        Column("p_number", ("P-nummer", "p-number", "p_number", "site"), required=False),
        Column("note", ("Note", "bemærkning", "comment"), required=False),
    )
    form_class = ConsumptionRowForm

    def __init__(self, *, company: Company, user: AbstractBaseUser | None) -> None:
        self.company = company
        self.user = user

    def form_kwargs(self) -> dict:
        sites = {site.p_number: site for site in self.company.sites.all()}
        return {"company": self.company, "user": self.user, "sites": sites}

    def row_span(self, row: Row) -> Span | None:
        return services.consumption_span(row.form.record, ref=row.number)

    def stored_spans(self) -> list[Span]:
        if not hasattr(self, "_stored"):
            self._stored = services.stored_consumption_spans(self.company)
        return self._stored

    def clash_error(self, row: Row, clash: Span) -> tuple[str, str]:
        if isinstance(clash.ref, ConsumptionRecord):
            return "period_start", services.overlap_message(clash.ref)
        return "period_start", _(
            "The period overlaps row %(row)s for the same carrier and site."
        ) % {"row": str(clash.ref)}

    def is_stored(self, row: Row) -> bool:
        if not hasattr(self, "_fingerprints"):
            self._fingerprints = {
                services.record_fingerprint(span.ref) for span in self.stored_spans()
            }
        return services.record_fingerprint(row.form.record) in self._fingerprints

    def save(self, rows: list[Row]) -> int:
        return services.save_consumption_records(records=[row.form.record for row in rows])


def import_consumption(company: Company, upload, user: AbstractBaseUser | None) -> ImportReport:
    """Import every row or none: the report lists each rejected row with its column."""
    return run_import(ConsumptionImport(company=company, user=user), upload)


def consumption_template_rows() -> tuple[list[str], list[list[str]]]:
    """Header and the rows of the allowed values, for the template's guide."""
    guide = [
        [str(Carrier(carrier.value).label), ", ".join(str(Unit(u).label) for u in units)]
        for carrier, units in (
            (carrier, calc_units.allowed_units(carrier)) for carrier in calc_carriers.Carrier
        )
    ]
    return ConsumptionImport.template_header(), guide


def consumption_template_csv() -> bytes:
    return ConsumptionImport.template_csv()


def consumption_template_xlsx() -> bytes:
    from openpyxl import Workbook

    from carbon20.core.spreadsheets import append_safe

    header, guide = consumption_template_rows()
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Consumption")
    append_safe(sheet, header)
    for letter in "ABCDEFGHI":
        sheet.column_dimensions[letter].width = 20
    help_sheet = workbook.create_sheet(_("Guide"))
    append_safe(help_sheet, [_("Energy carrier"), _("Units")])
    for row in guide:
        append_safe(help_sheet, row)
    help_sheet.append([])
    append_safe(
        help_sheet,
        [_("Source"), ", ".join(str(label) for _code, label in RecordSource.choices)],
    )
    append_safe(help_sheet, [_("Dates"), _("dd-mm-yyyy, e.g. 31-01-2025")])
    append_safe(help_sheet, [_("Numbers"), _("Decimal comma, e.g. 1234,5")])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- Factor sets --------------------------------------------------------------------------


class FactorRowForm(RowForm):
    carrier = forms.CharField()
    kg_co2e_per_unit = forms.DecimalField()
    scope = forms.CharField()
    source = forms.CharField()
    note = forms.CharField(required=False)

    def clean_carrier(self) -> str:
        return clean_carrier(self.cleaned_data["carrier"])

    def clean_kg_co2e_per_unit(self) -> Decimal:
        value = self.cleaned_data["kg_co2e_per_unit"]
        if value < 0:
            raise ValidationError(_("An emission factor cannot be negative."))
        if value != value.quantize(Decimal("0.0000001")) or value >= Decimal("10000000"):
            raise ValidationError(
                _("Give the factor with at most 7 decimals and below 10,000,000.")
            )
        return value

    def clean_scope(self) -> int:
        text = self.cleaned_data["scope"]
        if text.endswith(".0"):
            text = text[:-2]
        if text not in {"1", "2", "3"}:
            raise ValidationError(_("The scope is 1, 2 or 3."))
        return int(text)

    def clean_source(self) -> str:
        return self.cleaned_data["source"][:500]

    def clean_note(self) -> str:
        return self.cleaned_data["note"][:500]


class FactorSetImport(ImportKind):
    columns = (
        Column("carrier", ("Energiart", "carrier")),
        Column(
            "kg_co2e_per_unit",
            ("kg CO2e pr. enhed", "kg co2e per unit", "kg_co2e_per_unit", "faktor", "factor"),
            type=ColumnType.DECIMAL,
        ),
        Column("scope", ("Scope",)),
        Column("source", ("Kilde", "source")),
        Column("note", ("Note", "bemærkning"), required=False),
    )
    form_class = FactorRowForm

    def __init__(self, **set_fields) -> None:
        self.set_fields = set_fields
        self.factor_set: FactorSet | None = None

    def row_key(self, cleaned: dict) -> str | None:
        return cleaned.get("carrier")

    def duplicate_error(self, cleaned: dict, first_row: int) -> tuple[str, str]:
        return "carrier", _("%(carrier)s is already given in row %(row)d.") % {
            "carrier": Carrier(cleaned["carrier"]).label,
            "row": first_row,
        }

    def save(self, rows: list[Row]) -> int:
        self.factor_set = services.create_factor_set(
            **self.set_fields, factors=[row.cleaned for row in rows]
        )
        return len(rows)


def factor_template_csv() -> bytes:
    return FactorSetImport.template_csv()


def import_factor_set(
    *,
    user: AbstractBaseUser | None,
    programme: Programme | None,
    name: str,
    year: int,
    method: str,
    source_url: str,
    reliability: str,
    reliability_note: str,
    upload,
) -> tuple[FactorSet | None, ImportReport]:
    """A draft set from a table of factors (kg CO2e per kWh, m³ water or tonne waste)."""
    kind = FactorSetImport(
        user=user,
        programme=programme,
        name=name,
        year=year,
        method=method,
        source_url=source_url,
        reliability=reliability,
        reliability_note=reliability_note,
    )
    report = run_import(kind, upload)
    return (kind.factor_set if report.ok else None), report


# --- Degree days --------------------------------------------------------------------------


class DegreeDayRowForm(RowForm):
    year = forms.DecimalField()
    month = forms.DecimalField()
    degree_days = forms.DecimalField()

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year != year.to_integral_value() or not 1900 <= year <= 2100:
            raise ValidationError(_("The year is a whole number from 1900 to 2100."))
        return int(year)

    def clean_month(self) -> int:
        month = self.cleaned_data["month"]
        if month != month.to_integral_value() or not 1 <= month <= 12:
            raise ValidationError(_("The month is a whole number from 1 to 12."))
        return int(month)

    def clean_degree_days(self) -> Decimal:
        value = self.cleaned_data["degree_days"]
        if value < 0 or value >= 10000:
            raise ValidationError(_("Degree days are between 0 and 9999.9."))
        return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


class DegreeDayImport(ImportKind):
    columns = (
        Column("year", ("År", "year"), type=ColumnType.DECIMAL),
        Column("month", ("Måned", "month"), type=ColumnType.DECIMAL),
        Column("degree_days", ("Graddage", "degree days", "degree_days"), type=ColumnType.DECIMAL),
    )
    form_class = DegreeDayRowForm

    def __init__(self, *, series: str, source_url: str, note: str) -> None:
        self.series = series
        self.source_url = source_url
        self.note = note

    def row_key(self, cleaned: dict) -> tuple[int, int] | None:
        if {"year", "month", "degree_days"} <= cleaned.keys():
            return cleaned["year"], cleaned["month"]
        return None

    def duplicate_error(self, cleaned: dict, first_row: int) -> tuple[str, str]:
        return "month", _("%(month)02d-%(year)d is already given in row %(row)d.") % {
            "month": cleaned["month"],
            "year": cleaned["year"],
            "row": first_row,
        }

    def save(self, rows: list[Row]) -> int:
        return services.save_degree_days(
            series=self.series,
            source_url=self.source_url,
            note=self.note,
            values={
                (row.cleaned["year"], row.cleaned["month"]): row.cleaned["degree_days"]
                for row in rows
            },
        )


def degree_day_template_csv() -> bytes:
    return DegreeDayImport.template_csv()


def import_degree_days(*, series: str, source_url: str, note: str, upload) -> ImportReport:
    """Monthly degree days of one series, all rows or none; a month already imported for
    the series is replaced."""
    return run_import(DegreeDayImport(series=series, source_url=source_url, note=note), upload)


# --- Daily temperatures -------------------------------------------------------------------


class WeatherRowForm(RowForm):
    day = forms.DateField()
    mean_temperature_c = forms.DecimalField(required=False)
    heating_degree_days = forms.DecimalField(required=False)

    def clean_mean_temperature_c(self) -> Decimal | None:
        value = self.cleaned_data["mean_temperature_c"]
        if value is not None and not Decimal("-60") <= value <= Decimal("60"):
            raise ValidationError(_("A daily mean temperature lies between -60 and 60 °C."))
        return value

    def clean_heating_degree_days(self) -> Decimal | None:
        value = self.cleaned_data["heating_degree_days"]
        if value is not None and not Decimal("0") <= value <= Decimal("99"):
            raise ValidationError(_("A day's degree days lie between 0 and 99."))
        return value

    def clean(self):
        cleaned = super().clean()
        if (
            not self.errors
            and cleaned.get("mean_temperature_c") is None
            and cleaned.get("heating_degree_days") is None
        ):
            raise ValidationError(_("Give the mean temperature or the degree days of the day."))
        return cleaned


class WeatherImport(ImportKind):
    columns = (
        Column("day", ("date", "dato", "dag", "day"), type=ColumnType.DATE),
        Column(
            "mean_temperature_c",
            (
                "mean_temperature_c",
                "middeltemperatur",
                "middeltemperatur (°c)",
                "temperatur",
                "mean temperature",
            ),
            required=False,
            type=ColumnType.DECIMAL,
        ),
        Column(
            "heating_degree_days",
            ("heating_degree_days", "graddage", "degree days", "degree_days"),
            required=False,
            type=ColumnType.DECIMAL,
        ),
    )
    form_class = WeatherRowForm
    # A column the import does not know is most often a misspelt one, whose values would
    # otherwise be dropped without a word.
    refuse_unknown_columns = True

    def __init__(self, *, series: WeatherSeries) -> None:
        self.series = series

    def row_key(self, cleaned: dict) -> date | None:
        return cleaned.get("day")

    def duplicate_error(self, cleaned: dict, first_row: int) -> tuple[str, str]:
        return "day", _("%(day)s is already given in row %(row)d.") % {
            "day": cleaned["day"].strftime("%d-%m-%Y"),
            "row": first_row,
        }

    def save(self, rows: list[Row]) -> int:
        services.save_weather_days(
            series=self.series,
            values={
                row.cleaned["day"]: services.DayValues(
                    row.cleaned.get("mean_temperature_c"), row.cleaned.get("heating_degree_days")
                )
                for row in rows
            },
            source=WeatherSource.CSV,
        )
        return len(rows)


def import_weather(*, series: WeatherSeries, upload) -> ImportReport:
    """Daily temperatures (and degree days) of one series, all rows or none; a day already
    stored is corrected, an identical one left alone."""
    return run_import(WeatherImport(series=series), upload)


def weather_template_csv() -> bytes:
    return WeatherImport.template_csv()


def import_dmi_answer(*, series: WeatherSeries, upload) -> ImportReport:
    """A GeoJSON answer saved from DMI's climate data API (``mean_temp`` or
    ``acc_heating_degree_days_17``, by day or month), all values or none."""
    report = ImportReport()
    try:
        data = json.loads(upload.read().decode("utf-8-sig"))
        values, _next = dmi.parse_page(data)
    except (UnicodeDecodeError, ValueError, dmi.DmiError) as error:
        report.file_error = _("The file is not an answer of DMI's climate data API: %(error)s") % {
            "error": error
        }
        return report
    known = {dmi.MEAN_TEMPERATURE, dmi.HEATING_DEGREE_DAYS}
    for number, value in enumerate(values, start=1):
        if value.parameter not in known:
            report.add(
                number,
                "parameterId",
                _("“%(value)s” is not a parameter this import reads.") % {"value": value.parameter},
            )
        elif (
            value.resolution == dmi.Resolution.MONTH and value.parameter != dmi.HEATING_DEGREE_DAYS
        ):
            report.add(number, "parameterId", _("Monthly values are read for degree days only."))
        elif value.resolution not in {dmi.Resolution.DAY, dmi.Resolution.MONTH}:
            report.add(number, "timeResolution", _("Only daily and monthly values are read."))
    if not values:
        report.file_error = _("The answer holds no values.")
    if not report.ok:
        return report
    days: dict[date, services.DayValues] = {}
    months: dict[date, Decimal] = {}
    for value in values:
        if value.resolution == dmi.Resolution.MONTH:
            months[value.first_day.replace(day=1)] = value.value
            continue
        before = days.get(value.first_day, services.DayValues())
        if value.parameter == dmi.MEAN_TEMPERATURE:
            days[value.first_day] = services.DayValues(value.value, before.heating_degree_days)
        else:
            days[value.first_day] = services.DayValues(before.mean_temperature_c, value.value)
    try:
        with transaction.atomic():
            services.save_weather_days(series=series, values=days, source=WeatherSource.DMI)
            services.save_weather_months(series=series, values=months, source=WeatherSource.DMI)
    except ValidationError as error:
        report.file_error = " ".join(error.messages)
        return report
    report.imported = len(values)
    return report


# --- Production ---------------------------------------------------------------------------


class ProductionRowForm(SiteRowForm):
    period_start = forms.DateField()
    period_end = forms.DateField()
    quantity = forms.DecimalField()
    unit = forms.CharField()
    product = forms.CharField()
    p_number = forms.CharField(required=False)

    def __init__(
        self,
        *args,
        company: Company,
        user: AbstractBaseUser | None,
        sites: dict,
        required_unit: str | None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.company = company
        self.user = user
        self.sites = sites
        self.required_unit = required_unit
        self.record: ProductionRecord | None = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.record = services.build_production(
                company=self.company,
                user=self.user,
                site=cleaned.get("p_number"),
                period_start=cleaned["period_start"],
                period_end=cleaned["period_end"],
                quantity=cleaned["quantity"],
                unit=cleaned["unit"],
                product=cleaned["product"][:200],
                required_unit=self.required_unit,
            )
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                self.add_error("p_number" if key == "site" else key, " ".join(messages))
        return cleaned


class ProductionImport(ImportKind):
    columns = (
        Column(
            "period_start", ("Fra", "from", "period_start", "period from"), type=ColumnType.DATE
        ),
        Column("period_end", ("Til", "to", "period_end", "period to"), type=ColumnType.DATE),
        Column("quantity", ("Mængde", "quantity", "amount"), type=ColumnType.DECIMAL),
        Column("unit", ("Enhed", "unit")),
        Column("product", ("Produkt", "product", "what is produced")),
        Column("p_number", ("P-nummer", "p-number", "p_number", "site"), required=False),
    )
    form_class = ProductionRowForm
    refuse_unknown_columns = True

    def __init__(
        self, *, company: Company, user: AbstractBaseUser | None, required_unit: str | None
    ) -> None:
        self.company = company
        self.user = user
        self.required_unit = required_unit

    def form_kwargs(self) -> dict:
        sites = {site.p_number: site for site in self.company.sites.all()}
        return {
            "company": self.company,
            "user": self.user,
            "sites": sites,
            "required_unit": self.required_unit,
        }

    def save(self, rows: list[Row]) -> int:
        return services.save_production_records(records=[row.form.record for row in rows])


def import_production(
    company: Company, upload, user: AbstractBaseUser | None, *, required_unit: str | None
) -> ImportReport:
    """Production records of a company, every row or none."""
    return run_import(
        ProductionImport(company=company, user=user, required_unit=required_unit), upload
    )


def production_template_csv() -> bytes:
    return ProductionImport.template_csv()
