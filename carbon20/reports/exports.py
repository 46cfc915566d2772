"""The dashboard's KPI tables as CSV, XLSX and a PDF programme report. Each export writes
exactly the tables the page shows, so the figures agree everywhere."""

import csv
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from carbon20.core.documents import render_pdf
from carbon20.reports.dashboard import Dashboard


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def as_csv(dashboard: Dashboard) -> str:
    """All tables in one file: a title line, the header, the rows, a blank line between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    for table in dashboard.tables:
        writer.writerow([table.title])
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow(["" if v is None else str(v) for v in row])
        if table.note:
            writer.writerow([table.note])
        writer.writerow([])
    return buffer.getvalue()


def as_xlsx(dashboard: Dashboard) -> bytes:
    """One sheet per table, numbers as numbers."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in dashboard.tables:
        sheet = workbook.create_sheet(title=table.key)
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(table.headers)
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_cell(v) for v in row])
        if table.note:
            sheet.append([])
            sheet.append([table.note])
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
