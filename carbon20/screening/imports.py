"""The XLSX template for measures and its import: all rows or none, every rejected row
reported with its row number (as Excel shows it) and the column at fault."""

import datetime
from decimal import Decimal
from io import BytesIO

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from carbon20.energy.models import Carrier
from carbon20.organisations.models import Partner, PartnerType
from carbon20.partnerships.focus import FocusArea
from carbon20.screening.figures import unit_label
from carbon20.screening.forms import SAVING_PREFIX, MeasureForm
from carbon20.screening.models import Measure, MeasureType

MAX_ROWS = 500
CHOICE_COLUMNS = {"focus_area": FocusArea, "type": MeasureType}


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
    help_text = {
        name: str(meta.get_field(name).verbose_name)
        for name in (
            "focus_area",
            "description",
            "type",
            "dkk_saved_per_year",
            "investment",
            "lifetime_years",
            "other_benefits",
        )
    }
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


def _header_names() -> dict[str, str]:
    """Every header the import accepts for a column: its code, or its title in either language
    (a template downloaded in Danish may be filled in by someone working in English)."""
    accepted = {name.casefold(): name for name in columns()}
    for language, _label in settings.LANGUAGES:
        with translation.override(language):
            accepted.update({title.casefold(): name for name, title in column_titles().items()})
    return accepted


def template_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Measures")
    titles = column_titles()
    sheet.append([titles[name] for name in columns()])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, name in enumerate(columns(), start=1):
        width = min(max(14, len(titles[name]) + 2), 40)
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
        if name in CHOICE_COLUMNS:
            values = ",".join(CHOICE_COLUMNS[name].values)
            validation = DataValidation(type="list", formula1=f'"{values}"', allow_blank=False)
            letter = sheet.cell(1, index).column_letter
            validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
            sheet.add_data_validation(validation)

    guide = workbook.create_sheet(_("Guide"))
    guide.append([_("Column"), _("Meaning"), _("Allowed values")])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    help_text = _column_help()
    for name in columns():
        allowed = ""
        if name in CHOICE_COLUMNS:
            allowed = "; ".join(f"{v} = {label}" for v, label in CHOICE_COLUMNS[name].choices)
        guide.append([titles[name], help_text[name], allowed])
    guide.column_dimensions["A"].width = 26
    guide.column_dimensions["B"].width = 60
    guide.column_dimensions["C"].width = 80
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(Decimal(repr(value)))
    return str(value).strip()


def _choice_value(text: str, choices) -> str:
    """Accept the code or the label in the user's language, case aside."""
    lowered = text.casefold()
    for value, label in choices.choices:
        if lowered in (value.casefold(), str(label).casefold()):
            return value
    return text


class ImportRefused(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


def parse_measures(upload) -> list[tuple[int, MeasureForm]]:
    """Valid, unsaved forms for every filled row, or ImportRefused listing every problem."""
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not XLSX
        raise ImportRefused([_("The file could not be read as XLSX.")]) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    accepted = _header_names()
    header = [
        accepted.get(text.casefold(), text)
        for text in (_cell_text(value) for value in next(rows, ()))
    ]
    expected = columns()
    missing = [name for name in expected if name not in header]
    unknown = [name for name in header if name and name not in expected]
    errors = [_("The column “%(column)s” is missing.") % {"column": name} for name in missing]
    errors += [_("Unknown column “%(column)s”.") % {"column": name} for name in unknown]
    if errors:
        raise ImportRefused(errors)

    partners = {
        p.name.casefold(): p.pk for p in Partner.objects.filter(type=PartnerType.ENERGY_COMPANY)
    }
    position = {name: header.index(name) for name in expected}
    parsed: list[tuple[int, MeasureForm]] = []
    for row_number, values in enumerate(rows, start=2):
        cells = {
            name: _cell_text(values[i]) if i < len(values) else "" for name, i in position.items()
        }
        if not any(cells.values()):
            continue
        if len(parsed) >= MAX_ROWS:
            raise ImportRefused([_("The file has more than %(max)d measures.") % {"max": MAX_ROWS}])
        for name, choices in CHOICE_COLUMNS.items():
            cells[name] = _choice_value(cells[name], choices)
        row_errors: list[str] = []
        company = cells["obligation_company"]
        if company:
            if company.casefold() in partners:
                cells["obligation_company"] = str(partners[company.casefold()])
            else:
                row_errors.append(
                    _("Row %(row)d, obligation_company: no energy company is called “%(name)s”.")
                    % {"row": row_number, "name": company}
                )
                cells["obligation_company"] = ""
        form = MeasureForm(data=cells, localized=False)
        if not form.is_valid():
            for field_name, messages in form.errors.items():
                column = field_name if field_name != "__all__" else _("row")
                for message in messages:
                    row_errors.append(
                        _("Row %(row)d, %(column)s: %(message)s")
                        % {"row": row_number, "column": column, "message": message}
                    )
        errors += row_errors
        parsed.append((row_number, form))
    if errors:
        raise ImportRefused(errors)
    if not parsed:
        raise ImportRefused([_("The file holds no measures.")])
    return parsed
