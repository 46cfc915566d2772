"""Reading uploaded CSV and XLSX tables the way Danish spreadsheets write them.

CSV: UTF-8 with or without a byte-order mark (Excel writes one), or Windows-1252 from older
Excel; semicolon as separator (a comma is accepted when the header has no semicolon);
decimal comma with an optional dot between thousands; dates as dd-mm-yyyy (also with dots or
slashes) or ISO yyyy-mm-dd. XLSX: the first sheet, numbers and dates as Excel stores them.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

MAX_ROWS = 10_000

_THOUSANDS_DOT = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")
_PLAIN_COMMA = re.compile(r"^[+-]?\d+(,\d+)?$")
_DANISH_DATE = re.compile(r"^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


class TableError(ValueError):
    """The file as a whole cannot be read; nothing in it is imported."""


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportReport:
    imported: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    def add(self, row: int, column: str, message: str) -> None:
        self.errors.append(RowError(row=row, column=column, message=message))


@dataclass(frozen=True)
class Table:
    """Header cells and data rows; each row keeps its line number in the spreadsheet."""

    header: list[str]
    rows: list[tuple[int, list[object]]]


def normalise_header(cell: object) -> str:
    return re.sub(r"\s+", " ", str(cell or "")).strip().lower()


def read_table(upload) -> Table:
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise TableError(_("The file is too large."))
    name = (getattr(upload, "name", "") or "").lower()
    upload.seek(0)
    content = upload.read()
    if name.endswith(".xlsx"):
        return _read_xlsx(content)
    if name.endswith(".csv") or name.endswith(".txt"):
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
    lines = list(reader)
    return _table_from_lines([(number, list(cells)) for number, cells in enumerate(lines, 1)])


def _read_xlsx(content: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(_("The file is not a readable XLSX workbook.")) from exc
    try:
        sheet = workbook.worksheets[0]
        lines: list[tuple[int, list[object]]] = []
        for number, cells in enumerate(sheet.iter_rows(values_only=True), 1):
            if number > MAX_ROWS + 1:
                raise TableError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
            lines.append((number, list(cells)))
    finally:
        workbook.close()
    return _table_from_lines(lines)


def _is_blank(cells: list[object]) -> bool:
    return all(cell is None or str(cell).strip() == "" for cell in cells)


def _table_from_lines(lines: list[tuple[int, list[object]]]) -> Table:
    lines = [(number, cells) for number, cells in lines if not _is_blank(cells)]
    if not lines:
        raise TableError(_("The file is empty."))
    if len(lines) > MAX_ROWS + 1:
        raise TableError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    header_number, header = lines[0]
    del header_number
    return Table(header=[normalise_header(cell) for cell in header], rows=lines[1:])


def column_index(table: Table, aliases: tuple[str, ...]) -> int | None:
    for alias in aliases:
        normalised = normalise_header(alias)
        if normalised in table.header:
            return table.header.index(normalised)
    return None


def cell(cells: list[object], index: int | None) -> object:
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


def parse_date(value: object) -> date:
    """dd-mm-yyyy (or with dots or slashes), ISO yyyy-mm-dd, or an XLSX date."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    match = _DANISH_DATE.match(text)
    try:
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


def csv_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    """A CSV that Danish Excel opens correctly: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")
