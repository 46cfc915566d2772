"""Measures from a table (the XLSX template, or CSV) on the one import framework
(``carbon20.core.imports``): all rows or none, every rejected row reported with its row
number (as Excel shows it) and the column at fault; and the template itself."""

from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from carbon20.core.imports import (
    Column,
    ColumnType,
    ImportKind,
    ImportReport,
    Row,
    choice_lookup,
    max_rows,
    run_import,
)
from carbon20.core.spreadsheets import append_safe
from carbon20.energy.models import Carrier
from carbon20.organisations.models import Partner, PartnerType
from carbon20.partnerships.focus import FocusArea
from carbon20.partnerships.workflow import TransitionRefused
from carbon20.screening import services
from carbon20.screening.figures import unit_label
from carbon20.screening.forms import SAVING_PREFIX, MeasureForm
from carbon20.screening.models import Measure, MeasureType

CHOICE_COLUMNS = {"focus_area": FocusArea, "type": MeasureType}
MODEL_COLUMNS = (
    "focus_area",
    "description",
    "type",
    "dkk_saved_per_year",
    "investment",
    "lifetime_years",
    "other_benefits",
)
COLUMN_TYPES = {
    "dkk_saved_per_year": ColumnType.DECIMAL,
    "investment": ColumnType.DECIMAL,
    "lifetime_years": ColumnType.INTEGER,
    "obligation_date": ColumnType.DATE,
}


def columns() -> list[str]:
    return [
        "focus_area",
        "description",
        "type",
        *(f"{SAVING_PREFIX}{carrier}" for carrier, _label in Carrier.choices),
        "dkk_saved_per_year",
        "investment",
        "lifetime_years",
        "other_benefits",
        "obligation_company",
        "obligation_date",
    ]


def _column_help() -> dict[str, str]:
    meta = Measure._meta
    help_text = {name: str(meta.get_field(name).verbose_name) for name in MODEL_COLUMNS}
    help_text["obligation_company"] = _(
        "Energy company whose savings obligation the saving is assigned to (its name), or empty"
    )
    help_text["obligation_date"] = _("Date of the assignment (yyyy-mm-dd), or empty")
    for carrier, label in Carrier.choices:
        help_text[f"{SAVING_PREFIX}{carrier}"] = _("%(carrier)s saved per year (%(unit)s)") % {
            "carrier": label,
            "unit": unit_label(carrier),
        }
    return help_text


def column_titles() -> dict[str, str]:
    """The header of each column as the template writes it: in the active language."""
    titles = {name: text[:1].upper() + text[1:] for name, text in _column_help().items()}
    titles["obligation_company"] = _("Savings obligation: energy company")
    titles["obligation_date"] = _("Savings obligation: date")
    return titles


def measure_columns() -> tuple[Column, ...]:
    """The template writes each column's title in the user's language; the codes, and the
    titles and column meanings in Danish and English, are all accepted as headers (a
    template downloaded in Danish may be filled in by someone working in English)."""
    labels: dict[str, list[str]] = {name: [] for name in columns()}
    for language, _label in settings.LANGUAGES:
        with override(language):
            titles = column_titles()
            for name, text in _column_help().items():
                labels[name] += [titles[name], text]
    return tuple(
        Column(
            name,
            (name, *labels[name]),
            type=ColumnType.DECIMAL
            if name.startswith(SAVING_PREFIX)
            else COLUMN_TYPES.get(name, ColumnType.TEXT),
        )
        for name in columns()
    )


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Measures")
    titles = column_titles()
    append_safe(sheet, [titles[name] for name in columns()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, name in enumerate(columns(), start=1):
        width = min(max(14, len(titles[name]) + 2), 40)
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
        if name in CHOICE_COLUMNS:
            values = ",".join(CHOICE_COLUMNS[name].values)
            validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=False)
            letter = sheet.cell(1, index).column_letter
            validation.add(f"{letter}2:{letter}{max_rows() + 1}")
            sheet.add_data_validation(validation)

    guide = workbook.create_sheet(_("Guide"))
    append_safe(guide, [_("Column"), _("Meaning"), _("Allowed values")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    help_text = _column_help()
    for name in columns():
        allowed = ""
        if name in CHOICE_COLUMNS:
            allowed = "; ".join(f"{v} = {label}" for v, label in CHOICE_COLUMNS[name].choices)
        append_safe(guide, [titles[name], help_text[name], allowed])
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 60
    guide.column_dimensions["C"].width = 80
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class MeasureRowForm(MeasureForm):
    """The page's measure form for one row: choices by code or by label in Danish or
    English, the energy company by its name, numbers already read by the framework."""

    def __init__(self, *, data: dict, partners: dict[str, int]):
        data = dict(data)
        for name, choices in CHOICE_COLUMNS.items():
            if name in data:
                data[name] = choice_lookup(choices.choices).get(data[name].lower(), data[name])
        self.unknown_company = ""
        company = data.pop("obligation_company", "")
        # The template's column answers the guidelines' question: a name is yes, empty is no.
        data["obligation_assigned"] = "true" if company else "false"
        if company:
            if company.casefold() in partners:
                data["obligation_company"] = partners[company.casefold()]
            else:
                self.unknown_company = company
        super().__init__(data=data, localized=False)

    def clean(self):
        cleaned = super().clean()
        if self.unknown_company:
            self.add_error(
                "obligation_company",
                _("No energy company is called “%(name)s”.") % {"name": self.unknown_company},
            )
        return cleaned


class MeasureImport(ImportKind):
    form_class = MeasureRowForm
    # A misspelt saving column would otherwise drop its savings without a word.
    refuse_unknown_columns = True

    def __init__(self, review) -> None:
        self.review = review
        self.columns = measure_columns()

    def form_kwargs(self) -> dict:
        partners = Partner.objects.filter(type=PartnerType.ENERGY_COMPANY)
        return {"partners": {partner.name.casefold(): partner.pk for partner in partners}}

    def save(self, rows: list[Row]) -> int:
        # Each row form has built its measure (savings included) from the parsed cells.
        measures = [row.form.instance for row in rows]
        try:
            return services.import_measures(review=self.review, measures=measures)
        except TransitionRefused as refused:
            # The import's report shows a refusal of the whole file as its file error.
            raise ValidationError(refused.reason, code="transition_refused") from refused


def import_measures(review, upload) -> ImportReport:
    """Every row of the file as a new measure of the review, or none."""
    return run_import(MeasureImport(review), upload)
