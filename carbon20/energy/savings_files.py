"""The savings engine's input files for scripted use (`manage.py estimate_savings`).

Readings: `period_start,period_end,quantity` (the end day included, any period length);
temperatures: `date,mean_temperature_c`. Either as a comma CSV with ISO dates and decimal
points, or in the Danish form the imports take (semicolons, decimal comma, dd-mm-yyyy or
dd.mm.yyyy, UTF-8 with a byte-order mark or Windows-1252), with the Danish headers the
consumption import knows (Fra, Til, Mængde; Dato, Middeltemperatur).

A file is read whole or refused: every bad row is named by its line number (the header is
line 1), as in `carbon20/core/imports.py`, whose cell readers this uses.
"""

import csv
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from carbon20.core.imports import normalise_header, parse_date, parse_decimal
from carbon20.energy.calc.savings import Period

READING_COLUMNS = {
    "period_start": ("period_start", "fra", "from", "period from"),
    "period_end": ("period_end", "til", "to", "period to"),
    "quantity": ("quantity", "mængde", "amount"),
}
TEMPERATURE_COLUMNS = {
    "date": ("date", "dato"),
    "mean_temperature_c": (
        "mean_temperature_c",
        "middeltemperatur",
        "mean_temp",
        "temperatur",
        "temperature",
    ),
}
_POINT_DECIMAL = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


class InputFileError(ValueError):
    """A file that cannot be read; `problems` names each bad row or column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class _Table:
    name: str
    delimiter: str
    columns: dict[str, int]
    rows: list[tuple[int, list[str]]]


def _decode(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252")


def _read(path: Path, expected: dict[str, tuple[str, ...]]) -> _Table:
    name = path.name
    try:
        text = _decode(path.read_bytes())
    except OSError as exc:
        raise InputFileError(
            [_("%(file)s cannot be read: %(error)s") % {"file": name, "error": exc.strerror}]
        ) from exc
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputFileError([_("%(file)s is empty.") % {"file": name}])
    delimiter = ";" if ";" in lines[0] else ","
    parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    numbered = [(n, cells) for n, cells in enumerate(parsed, 1) if any(c.strip() for c in cells)]
    header = numbered[0][1]
    problems: list[str] = []
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        title = normalise_header(cell)
        key = next((k for k, aliases in expected.items() if title in aliases), None)
        if key is None:
            problems.append(
                _("%(file)s: unknown column “%(column)s”; the columns are %(expected)s.")
                % {"file": name, "column": cell.strip(), "expected": ", ".join(expected)}
            )
        elif key in columns:
            problems.append(
                _("%(file)s: the column %(column)s appears twice.") % {"file": name, "column": key}
            )
        else:
            columns[key] = index
    problems += [
        _("%(file)s has no column %(column)s.") % {"file": name, "column": key}
        for key in expected
        if key not in columns
    ]
    if problems:
        raise InputFileError(problems)
    return _Table(name, delimiter, columns, numbered[1:])


def _number(table: _Table, text: str) -> float:
    """A decimal comma in a semicolon file (as the imports read it), a point in a comma file."""
    if table.delimiter == ";":
        return float(parse_decimal(text))
    if not _POINT_DECIMAL.match(text):
        raise ValueError(_("“%(value)s” is not a number.") % {"value": text})
    return float(text)


def _cells(
    table: _Table, number: int, cells: list[str], problems: list[str]
) -> dict[str, str] | None:
    values = {
        key: (cells[index].strip() if index < len(cells) else "")
        for key, index in table.columns.items()
    }
    empty = [key for key, value in values.items() if not value]
    if empty:
        problems.append(
            _("%(file)s, row %(row)s: %(column)s is empty.")
            % {"file": table.name, "row": number, "column": ", ".join(empty)}
        )
        return None
    return values


def _each_row(table: _Table, read_row: Callable[[dict[str, str]], None]) -> list[str]:
    problems: list[str] = []
    if not table.rows:
        problems.append(_("%(file)s has no data rows.") % {"file": table.name})
    for number, cells in table.rows:
        values = _cells(table, number, cells, problems)
        if values is None:
            continue
        try:
            read_row(values)
        except ValueError as exc:
            problems.append(
                _("%(file)s, row %(row)s: %(problem)s")
                % {"file": table.name, "row": number, "problem": exc}
            )
    return problems


def read_readings(path: Path) -> list[Period]:
    """Consumption or production readings; InputFileError names every bad row."""
    table = _read(path, READING_COLUMNS)
    periods: list[Period] = []

    def read_row(values: dict[str, str]) -> None:
        start = parse_date(values["period_start"])
        end = parse_date(values["period_end"])
        quantity = _number(table, values["quantity"])
        if end < start:
            raise ValueError(_("the period ends before it starts."))
        if not math.isfinite(quantity):
            raise ValueError(_("“%(value)s” is not a number.") % {"value": values["quantity"]})
        if quantity < 0:
            raise ValueError(
                _("the quantity %(value)s is negative.") % {"value": values["quantity"]}
            )
        periods.append(Period(start, end, quantity))

    problems = _each_row(table, read_row)
    if problems:
        raise InputFileError(problems)
    return periods


def read_temperatures(path: Path) -> dict[date, float]:
    """Daily mean temperatures (°C); InputFileError names every bad row or repeated date."""
    table = _read(path, TEMPERATURE_COLUMNS)
    temperatures: dict[date, float] = {}

    def read_row(values: dict[str, str]) -> None:
        day = parse_date(values["date"])
        value = _number(table, values["mean_temperature_c"])
        if not math.isfinite(value):
            raise ValueError(
                _("“%(value)s” is not a number.") % {"value": values["mean_temperature_c"]}
            )
        if day in temperatures:
            raise ValueError(
                _("%(date)s appears more than once.") % {"date": day.strftime("%d.%m.%Y")}
            )
        temperatures[day] = value

    problems = _each_row(table, read_row)
    if problems:
        raise InputFileError(problems)
    return temperatures
