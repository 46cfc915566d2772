"""Cells that a spreadsheet shows as text, never runs: the one rule for every CSV and XLSX
the platform writes.

A company name such as `=HYPERLINK("http://evil.example","Klik")` or `=cmd|' /C calc'!A0`
becomes a live formula when a file is opened in Excel or LibreOffice (CSV injection, OWASP).
Text that begins with one of the characters a spreadsheet reads as the start of a formula
(`=`, `+`, `-`, `@`, tab, carriage return) is written with a leading apostrophe, the
spreadsheet's own mark for "this is text". Numbers stay numbers, negative ones too: only
strings are touched.
"""

from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in values]


def append_safe(sheet, values: Iterable[object]) -> None:
    """`sheet.append` for an openpyxl worksheet, with every text cell neutralised."""
    sheet.append(safe_row(values))
