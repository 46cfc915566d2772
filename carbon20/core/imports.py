"""One way to import a table: every row or none, and a report of every rejected row.

A kind of import (consumption records, factor sets, degree days, measures; next production
data and meter readings) is a subclass of ``ImportKind`` that says three things:

``columns``
    ``Column(key, aliases, required=True, type=ColumnType.TEXT)`` for each column: the
    headers a file may use for it (Danish and English, matched case and spacing aside; the
    first is the title that templates and the report print), whether the header must be
    there, and how a cell is read (``TEXT``, ``DECIMAL`` with a decimal comma, ``INTEGER``,
    ``DATE`` as dd-mm-yyyy). A cell that cannot be read is reported at its column and the
    row form never sees it.
``form_class``
    One Django form per kind (``RowForm`` or any form) with a field per column key. It is
    bound to one row's typed values (plus ``form_kwargs()``) and holds every rule of a row;
    its field errors are reported at their column, its other errors for the whole row.
``save(rows)``
    Called once, in one transaction, with every ``Row`` (number, cleaned data, form) when
    no row was rejected; returns how many rows were saved. Nothing is saved otherwise.

Optional: ``row_key(cleaned)`` and ``duplicate_error(cleaned, first_row)`` refuse a row that
repeats an earlier one; ``refuse_unknown_columns`` refuses headers the kind does not know.

A new kind is a handful of lines, e.g. monthly production::

    class ProductionForm(RowForm):
        month = forms.DateField()
        tonnes = forms.DecimalField(min_value=0)

    class ProductionImport(ImportKind):
        columns = (
            Column("month", ("Måned", "month"), type=ColumnType.DATE),
            Column("tonnes", ("Tons", "tonnes"), type=ColumnType.DECIMAL),
        )
        form_class = ProductionForm

        def __init__(self, company):
            self.company = company

        def save(self, rows):
            Production.objects.bulk_create(
                Production(company=self.company, **row.cleaned) for row in rows
            )
            return len(rows)

    report = run_import(ProductionImport(company), upload)   # report.ok, .errors, .imported

The reader (``read_table``) takes what Danish spreadsheets write: CSV in UTF-8 with or
without a byte-order mark (Excel writes one) or Windows-1252 from older Excel, separated by
semicolons (commas when the header has no semicolon), decimal comma with an optional dot
between thousands, dates as dd-mm-yyyy (also with dots or slashes) or ISO yyyy-mm-dd; and
XLSX (the first sheet, numbers and dates as Excel stores them), told apart by content and
extension. Limits: ``settings.IMPORT_MAX_ROWS`` data rows, ``settings.MAX_UPLOAD_BYTES`` per
file; an XLSX may unpack to at most ``settings.IMPORT_MAX_UNPACKED_BYTES`` with no part packed
more than ``settings.IMPORT_MAX_XLSX_RATIO`` times (checked from the zip directory before any
XML is parsed), and is read row by row up to ``settings.IMPORT_MAX_CELLS`` cells. A CSV cell
beyond the csv module's field limit refuses the file at its row.

This module is the ground: it imports nothing from the apps.
"""

import abc
import csv
import enum
import io
import re
import zipfile
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from carbon20.core.periods import Span, find_clashes
from carbon20.core.spreadsheets import safe_row

ZIP_MAGIC = b"PK\x03\x04"
TABLE_EXTENSIONS = (".csv", ".txt", ".xlsx")

_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


# --- The report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    """What an import did: ``imported`` rows, or why nothing was: ``file_error`` for the
    file as a whole, ``errors`` for every rejected row (row number as the spreadsheet
    shows it, column title, translated message)."""

    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""
    # Every row is already stored exactly as in the file: nothing was imported, nothing is
    # wrong (importing the same file twice changes nothing).
    unchanged: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    def add(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=column, message=message))


# --- The reader ---------------------------------------------------------------------------


class TableError(ValueError):
    """The file as a whole cannot be read; nothing in it is imported."""


@dataclass(frozen=True)
class Table:
    """Header cells (normalised) and data rows; each row keeps its line number."""

    header: list[str]
    rows: list[tuple[int, list[object]]]


def normalise_header(cell: object) -> str:
    return re.sub(r"\s+", " ", str(cell or "")).strip().lower()


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def read_table(upload) -> Table:
    """The first sheet of an XLSX or the rows of a CSV; TableError for a file that is too
    large, of another type, unreadable, empty or longer than the row limit."""
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise TableError(_("The file is too large."))
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    content = upload.read()
    if content.startswith(ZIP_MAGIC) or name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith((".csv", ".txt")):
        return _read_csv(content)
    raise TableError(_("Upload a CSV or XLSX file."))


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252")


def _read_csv(content: bytes) -> Table:
    text = _decode(content)
    if not text.strip():
        raise TableError(_("The file is empty."))
    first_line = text.splitlines()[0]
    delimiter = ";" if ";" in first_line or "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines: list[tuple[int, list[object]]] = []
    try:
        for number, cells in enumerate(reader, 1):
            lines.append((number, list(cells)))
    except csv.Error as exc:
        # The csv module refuses a cell longer than its field limit (131,072 characters).
        raise TableError(
            _("Row %(row)s cannot be read: a cell is too long or badly quoted.")
            % {"row": str(len(lines) + 1)}
        ) from exc
    return _table_from_lines(lines)


def check_xlsx_archive(content: bytes) -> None:
    """Refuse a decompression bomb before any XML is parsed: the unpacked size of the whole
    archive, and how much each part is packed, read from the zip directory alone."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    unpacked = sum(info.file_size for info in entries)
    if unpacked > settings.IMPORT_MAX_UNPACKED_BYTES:
        raise TableError(_("The file unpacks to more data than a workbook can hold here."))
    for info in entries:
        # Small parts of repeated XML pack well; only a large part can hurt.
        if info.file_size > 1024 * 1024 and (
            info.file_size > settings.IMPORT_MAX_XLSX_RATIO * max(info.compress_size, 1)
        ):
            raise TableError(_("The file unpacks to more data than a workbook can hold here."))


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    check_xlsx_archive(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    limit = max_rows()
    cell_limit = settings.IMPORT_MAX_CELLS
    try:
        sheet = workbook.worksheets[0]
        lines: list[tuple[int, list[object]]] = []
        filled = 0
        cells_read = 0
        # Row by row (read-only mode streams the sheet's XML), stopping at the first limit:
        # a sheet can declare a million rows or sixteen thousand columns.
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            row = list(cells)
            cells_read += len(row)
            if cells_read > cell_limit:
                raise TableError(
                    _("The file has more than %(max)s cells.") % {"max": str(cell_limit)}
                )
            if not _is_blank(row):
                filled += 1
                if filled > limit + 1:
                    raise TableError(too_many_rows_message(limit))
            lines.append((number, row))
    except TableError:
        raise
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    finally:
        workbook.close()
    return _table_from_lines(lines)


def too_many_rows_message(limit: int) -> str:
    return _("The file has more than %(max)d rows.") % {"max": limit}


def _is_blank(cells: list[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _table_from_lines(lines: list[tuple[int, list[object]]]) -> Table:
    lines = [(number, cells) for number, cells in lines if not _is_blank(cells)]
    if not lines:
        raise TableError(_("The file is empty."))
    limit = max_rows()
    if len(lines) > limit + 1:
        raise TableError(too_many_rows_message(limit))
    return Table(header=[normalise_header(cell) for cell in lines[0][1]], rows=lines[1:])


def cell(cells: list[object], index: int | None) -> object:
    """The cell's value, None when empty (blank text included)."""
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def parse_decimal(value: object) -> Decimal:
    """A number as Danish spreadsheets write it: 1.234,5 or 1234,5 (or an XLSX number)."""
    if isinstance(value, bool):
        raise ValueError(_("Enter a number."))
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = str(value).replace("\u00a0", "").replace(" ", "")
    if _THOUSANDS_DOT.match(text):
        text = text.replace(".", "")
    elif not _PLAIN_COMMA.match(text):
        if re.fullmatch(r"[+-]?\d+\.\d+", text):
            raise ValueError(
                _("“%(value)s”: write decimals with a comma, e.g. 12,5.") % {"value": value}
            )
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value})
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation as exc:
        raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from exc


def parse_integer(value: object) -> int:
    number = parse_decimal(value)
    if number != number.to_integral_value():
        raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value})
    return int(number)


def parse_date(value: object) -> date:
    """dd-mm-yyyy (or with dots or slashes), ISO yyyy-mm-dd, or an XLSX date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        match = _DANISH_DATE.match(text)
        if match:
            day, month, year = (int(part) for part in match.groups())
            return date(year, month, day)
        match = _ISO_DATE.match(text)
        if match:
            year, month, day = (int(part) for part in match.groups())
            return date(year, month, day)
    except ValueError as exc:
        raise ValueError(_("“%(value)s” is not a valid date.") % {"value": value}) from exc
    raise ValueError(_("“%(value)s” is not a date in the form dd-mm-yyyy.") % {"value": value})


def parse_text(value: object) -> str:
    """Text as typed; a whole XLSX number without its “.0” (P-numbers, scopes)."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    return str(value).strip()


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """A CSV that Danish Excel opens correctly: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(safe_row(header))
    writer.writerows(safe_row(row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


# --- Column specs, row forms and kinds ------------------------------------------------------


class ColumnType(enum.Enum):
    TEXT = "text"
    DECIMAL = "decimal"
    INTEGER = "integer"
    DATE = "date"


PARSERS = {
    ColumnType.TEXT: parse_text,
    ColumnType.DECIMAL: parse_decimal,
    ColumnType.INTEGER: parse_integer,
    ColumnType.DATE: parse_date,
}


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]
    required: bool = True
    type: ColumnType = ColumnType.TEXT

    @property
    def title(self) -> str:
        """The column's name as the template and the report print it."""
        return self.aliases[0]


def choice_lookup(choices: Iterable[tuple[str, Any]], extra: dict[str, str] | None = None):
    """Code, English label and Danish label (and ``extra`` aliases), case aside, → code."""
    lookup = {alias.lower(): code for alias, code in (extra or {}).items()}
    for code, label in choices:
        lookup[str(code).lower()] = code
        for language in ("en", "da"):
            with override(language):
                lookup[str(label).lower()] = code
    return lookup


class RowForm(forms.Form):
    """A row form whose empty required cells read “This value is missing.”"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            form_field.error_messages["required"] = _("This value is missing.")


@dataclass(frozen=True)
class Row:
    number: int
    cleaned: dict[str, Any]
    form: forms.BaseForm


class ImportKind(abc.ABC):
    columns: tuple[Column, ...] = ()
    form_class: ClassVar[type[forms.BaseForm]]
    refuse_unknown_columns: ClassVar[bool] = False

    def form_kwargs(self) -> dict[str, Any]:
        return {}

    def row_key(self, cleaned: dict[str, Any]) -> Hashable | None:
        """What two rows may not share (None: nothing, or not known for this row)."""
        return None

    def duplicate_error(self, cleaned: dict[str, Any], first_row: int) -> tuple[str, str]:
        """(column key, message) for a row whose key an earlier row already had; a kind names
        the column at fault, the default names the whole row."""
        return "", _("This row repeats row %(row)s.") % {"row": first_row}

    def row_span(self, row: Row) -> Span | None:
        """The period the row covers under its key (see `core.periods`), when rows of this
        kind may not overlap each other or what is stored; None: no such rule."""
        return None

    def stored_spans(self) -> Sequence[Span]:
        """The stored periods a row may not overlap; their `ref` is the stored object."""
        return ()

    def clash_error(self, row: Row, clash: Span) -> tuple[str, str]:
        """(column key, message) for a row that overlaps `clash`: a stored span, or the span
        of another row (its `ref` the row number). A kind names the column and the stored
        record; the default names the whole row and the period."""
        if isinstance(clash.ref, int):
            return "", _("The period overlaps the period of row %(row)s.") % {"row": clash.ref}
        return "", _("The period overlaps %(start)s–%(end)s, already stored.") % {
            "start": clash.start.strftime("%d.%m.%Y"),
            "end": clash.end.strftime("%d.%m.%Y"),
        }

    def is_stored(self, row: Row) -> bool:
        """Whether exactly this row is stored already (a re-import of the same data)."""
        return False

    @abc.abstractmethod
    def save(self, rows: list[Row]) -> int:
        """Store the checked rows (inside the import's transaction); returns how many."""

    @classmethod
    def template_header(cls) -> list[str]:
        return [column.title for column in cls.columns]

    @classmethod
    def template_csv(cls) -> bytes:
        return csv_bytes(cls.template_header(), [])


def _column_indexes(kind: ImportKind, table: Table) -> tuple[dict[str, int | None], str]:
    indexes: dict[str, int | None] = {}
    for column in kind.columns:
        indexes[column.key] = next(
            (
                table.header.index(normalise_header(alias))
                for alias in column.aliases
                if normalise_header(alias) in table.header
            ),
            None,
        )
    problems = []
    missing = [c.title for c in kind.columns if c.required and indexes[c.key] is None]
    if missing:
        problems.append(
            _("The file lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if kind.refuse_unknown_columns:
        known = {normalise_header(alias) for c in kind.columns for alias in c.aliases}
        unknown = [name for name in table.header if name and name not in known]
        if unknown:
            problems.append(
                _("The file has column(s) this import does not know: %(columns)s.")
                % {"columns": ", ".join(unknown)}
            )
    return indexes, " ".join(problems)


WHOLE_ROW = gettext_lazy("(whole row)")


def _read_cells(
    kind: ImportKind, cells: list[object], indexes: dict[str, int | None]
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """One row's cells parsed per column type, and the cells that could not be read."""
    data: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for column in kind.columns:
        value = cell(cells, indexes[column.key])
        if value is None:
            continue
        try:
            data[column.key] = PARSERS[column.type](value)
        except ValueError as exc:
            errors[column.key] = [str(exc)]
    return data, errors


def check_rows(kind: ImportKind, table: Table, report: ImportReport) -> list[Row]:
    """Every row through its form; each problem goes into the report."""
    indexes, problem = _column_indexes(kind, table)
    if problem:
        report.file_error = problem
        return []
    if not table.rows:
        report.file_error = _("The file has no rows below the header.")
        return []
    order = {column.key: position for position, column in enumerate(kind.columns)}
    titles = {column.key: column.title for column in kind.columns}
    form_kwargs = kind.form_kwargs()
    rows: list[Row] = []
    seen: dict[Hashable, int] = {}
    for number, cells in table.rows:
        data, errors = _read_cells(kind, cells, indexes)
        form = kind.form_class(data=data, **form_kwargs)
        form.is_valid()
        for name, messages in form.errors.items():
            # A cell that could not be read is reported once, as unreadable.
            if name not in errors:
                errors[name] = list(messages)
        key = kind.row_key(form.cleaned_data)
        if key is not None:
            if key in seen:
                name, message = kind.duplicate_error(form.cleaned_data, seen[key])
                errors.setdefault(name, [message])
            else:
                seen[key] = number
        for name in sorted(errors, key=lambda name: order.get(name, len(order))):
            column_title = titles.get(name, str(WHOLE_ROW))
            for message in errors[name]:
                report.add(number, column_title, message)
        if not errors:
            rows.append(Row(number=number, cleaned=form.cleaned_data, form=form))
    return rows


def check_periods(kind: ImportKind, rows: list[Row], report: ImportReport) -> None:
    """Rows whose periods overlap another row's or a stored one's are refused, each named
    (two identical rows included): saving both would count the same quantity twice."""
    spanned = [(row, span) for row in rows if (span := kind.row_span(row)) is not None]
    if not spanned:
        return
    titles = {column.key: column.title for column in kind.columns}
    new = [Span(span.key, span.start, span.end, row.number) for row, span in spanned]
    clashes = find_clashes(new, kind.stored_spans())
    for position, clash in sorted(clashes.items()):
        row = spanned[position][0]
        name, message = kind.clash_error(row, clash)
        report.add(row.number, titles.get(name, str(WHOLE_ROW)), message)
    report.errors.sort(key=lambda error: error.row)


def run_import(kind: ImportKind, upload) -> ImportReport:
    """Read, check every row, and save them all in one transaction, or save nothing."""
    try:
        table = read_table(upload)
    except TableError as exc:
        return ImportReport(file_error=str(exc))
    return run_import_table(kind, table)


def run_import_table(kind: ImportKind, table: Table) -> ImportReport:
    """``run_import`` of a table already read, e.g. from a format that is not a spreadsheet
    (a JSON export laid out as rows): the same checks, the same one transaction."""
    report = ImportReport()
    rows = check_rows(kind, table, report)
    if report.file_error:
        return report
    if report.ok and rows and all(kind.is_stored(row) for row in rows):
        report.unchanged = True
        return report
    check_periods(kind, rows, report)
    if not report.ok:
        return report
    try:
        with transaction.atomic():
            report.imported = kind.save(rows)
    except ValidationError as exc:
        report.file_error = " ".join(exc.messages)
    return report


class ImportFileForm(forms.Form):
    """The upload of a table to import: a CSV or XLSX file (``read_table`` checks the rest)."""

    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (semicolon, decimal comma, dates dd-mm-yyyy) or XLSX."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(TABLE_EXTENSIONS):
            raise ValidationError(_("Upload a CSV or XLSX file."), code="file_type")
        return upload
