"""The dashboard's KPI tables as CSV, XLSX and a PDF programme report. Each export writes
exactly the tables the page shows, so the figures agree everywhere.

The rows of a paged table (one per company) are not in the built dashboard: each export takes
`rows_of`, which gives a table's rows (`dashboard.rows_reader`: read in chunks), so that a
whole programme is written without holding all of it in memory.
"""

import csv
import itertools
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import IO

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from carbon20.core.documents import render_pdf
from carbon20.core.spreadsheets import safe_cell, safe_row
from carbon20.reports.dashboard import Dashboard, KpiTable

RowsOf = Callable[[KpiTable], Iterable[list[object]]]


def _own_rows(table: KpiTable) -> Iterable[list[object]]:
    return table.rows


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def _csv_cell(value: object) -> str:
    """A semicolon-separated file is the Danish spreadsheet convention, so its numbers carry
    the decimal comma that such a spreadsheet reads as a number."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal | float):
        return format(value, "f").replace(".", ",")
    return str(value)


# Sheet names the reader understands, in the active language; Excel allows 31 characters.
def _sheet_names() -> dict[str, str]:
    return {
        "funnel": pgettext("spreadsheet sheet", "Steps"),
        "signups": pgettext("spreadsheet sheet", "Sign-ups"),
        "reductions": pgettext("spreadsheet sheet", "Reductions"),
        "follow_ups": pgettext("spreadsheet sheet", "Follow-ups"),
        "barriers": pgettext("spreadsheet sheet", "Barriers"),
        "actions": pgettext("spreadsheet sheet", "Actions"),
        "economics": pgettext("spreadsheet sheet", "Economics"),
        "results": pgettext("spreadsheet sheet", "Results"),
        "evidence": pgettext("spreadsheet sheet", "Evidence"),
    }


# Excel refuses these characters in a sheet name.
_SHEET_NAME_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")


def _sheet_name(key: str, title: str) -> str:
    """A table's sheet: its short name, or for a table without one its title cut to fit."""
    name = _sheet_names().get(key) or title
    return _SHEET_NAME_FORBIDDEN.sub(" ", str(name)).strip()[:31]


class _Line:
    """A file-like object that hands back what the csv writer writes, one line at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(dashboard: Dashboard, rows_of: RowsOf = _own_rows) -> Iterator[str]:
    """All tables in one file, line by line for a streamed answer: a title line, the header,
    the rows, a blank line between."""
    writer = csv.writer(_Line(), delimiter=";")
    for table in dashboard.tables:
        yield writer.writerow(safe_row([table.title]))
        yield writer.writerow(safe_row(table.headers))
        for row in rows_of(table):
            # Only text is neutralised: a negative figure stays the number a spreadsheet reads.
            yield writer.writerow(
                [safe_cell(v) if isinstance(v, str) else _csv_cell(v) for v in row]
            )
        if table.note:
            yield writer.writerow(safe_row([table.note]))
        yield writer.writerow([])


def as_csv(dashboard: Dashboard, rows_of: RowsOf = _own_rows) -> str:
    return "".join(csv_lines(dashboard, rows_of))


def _bold(sheet, value: object, size: float | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=safe_cell(value))
    cell.font = Font(bold=True, size=size)
    return cell


# Column widths are measured on this many rows of a table: its widest values are
# found early, and a paged table is not read twice.
WIDTH_SAMPLE = 500


def write_xlsx(dashboard: Dashboard, file: IO[bytes], rows_of: RowsOf = _own_rows) -> None:
    """One sheet per table, numbers as numbers. Written in openpyxl's write-only mode, which
    streams the rows to the file instead of keeping a cell object for each."""
    workbook = Workbook(write_only=True)
    for table in dashboard.tables:
        sheet = workbook.create_sheet(title=_sheet_name(table.key, table.title))
        # Every text cell is neutralised (`safe_row`), so a name never becomes a formula.
        rows = (safe_row([_cell(v) for v in row]) for row in rows_of(table))
        # Widths come before the rows in the file: measured from the header and the first rows.
        sample = list(itertools.islice(rows, WIDTH_SAMPLE))
        values = [table.headers, *sample]
        for index in range(max((len(v) for v in values), default=0)):
            width = max(len(str(row[index] or "")) for row in values if index < len(row))
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(
                max(width + 2, 10), 60
            )
        sheet.append([_bold(sheet, table.title, size=13)])
        sheet.append([_bold(sheet, header) for header in table.headers])
        for row in itertools.chain(sample, rows):
            sheet.append(row)
        if table.note:
            sheet.append([])
            sheet.append(safe_row([table.note]))
    workbook.save(file)


def xlsx_file(dashboard: Dashboard, rows_of: RowsOf = _own_rows) -> IO[bytes]:
    """The workbook in an anonymous temporary file, at its start: the answer streams it from
    the disk, and the file is gone once closed."""
    file = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 (the response closes it)
    write_xlsx(dashboard, file, rows_of)
    file.seek(0)
    return file


def as_xlsx(dashboard: Dashboard, rows_of: RowsOf = _own_rows) -> bytes:
    with xlsx_file(dashboard, rows_of) as file:
        return file.read()


def as_pdf(dashboard: Dashboard, context: dict, rows_of: RowsOf = _own_rows) -> bytes:
    """The programme report: every table whole, the paged ones too. The document embeds
    everything it shows, so it is rendered without a base URL."""
    tables = [
        KpiTable(t.key, t.title, t.headers, list(rows_of(t)), t.chart, t.note)
        for t in dashboard.tables
    ]
    return render_pdf(
        "reports/programme_report.html", {**context, "dashboard": dashboard, "tables": tables}
    )
