"""The dashboard's KPI tables as CSV, XLSX and a PDF programme report. Each export writes
exactly the tables the page shows, so the figures agree everywhere."""

import csv
import io
import re
from decimal import Decimal

from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Font

from carbon20.core.documents import render_pdf
from carbon20.core.spreadsheets import append_safe, safe_cell, safe_row
from carbon20.reports.dashboard import Dashboard


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


def as_csv(dashboard: Dashboard) -> str:
    """All tables in one file: a title line, the header, the rows, a blank line between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for table in dashboard.tables:
        writer.writerow(safe_row([table.title]))
        writer.writerow(safe_row(table.headers))
        for row in table.rows:
            # Only text is neutralised: a negative figure stays the number a spreadsheet reads.
            writer.writerow([safe_cell(v) if isinstance(v, str) else _csv_cell(v) for v in row])
        if table.note:
            writer.writerow(safe_row([table.note]))
        writer.writerow([])
    return buffer.getvalue()


def as_xlsx(dashboard: Dashboard) -> bytes:
    """One sheet per table, numbers as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in dashboard.tables:
        sheet = workbook.create_sheet(title=_sheet_name(table.key, table.title))
        append_safe(sheet, [table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        append_safe(sheet, table.headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            append_safe(sheet, [_cell(v) for v in row])
        if table.note:
            sheet.append([])
            append_safe(sheet, [table.note])
        for column in sheet.columns:
            width = max(len(str(c.value or "")) for c in list(column)[1:] or column)
            sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 10), 60)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_pdf(dashboard: Dashboard, context: dict, base_url: str) -> bytes:
    return render_pdf(
        "reports/programme_report.html", {**context, "dashboard": dashboard}, base_url=base_url
    )
