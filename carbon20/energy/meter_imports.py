"""Import of the meter data files a company downloads from eloverblik.dk, on the one import
framework (``carbon20.core.imports``): every row or none, each rejected row named.

CSV (REFERENCE.md §4.4): UTF-8 with BOM, semicolons, decimal comma, header
``MålepunktsID;Fra_dato;Til_dato;Mængde;Måleenhed;Kvalitet;Type`` and times as
``DD-MM-YYYY HH:MM:SS`` in Danish local time. On the autumn day the hour from 02:00 comes
twice: the first row of it is summer time, the second winter time. On the spring day there is
no 02:00, and a row that claims one is refused.

JSON: the answer of Eloverblik's ``gettimeseries`` (``result[].MyEnergyData_MarketDocument``),
which the customer API gives; each ``Point`` becomes a row with its UTC times, numbered in the
order of the file.

A row covers one hour or one quarter hour; quarters are added into their hour, and an hour
that lacks a quarter is left as a gap rather than stored short.
"""

import json
import re
from collections.abc import Hashable
from datetime import UTC, datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from carbon20.core.imports import (
    Column,
    ColumnType,
    ImportKind,
    ImportReport,
    Row,
    RowForm,
    Table,
    max_rows,
    normalise_header,
    run_import,
    run_import_table,
    too_many_rows_message,
)
from carbon20.energy import meter_services
from carbon20.energy.calc import hourly
from carbon20.energy.meter_models import validate_gsrn
from carbon20.integrations import eloverblik
from carbon20.organisations.models import Company

_LOCAL = re.compile(r"^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$")


def _parse_local(text: str) -> datetime:
    """dd-mm-yyyy hh:mm:ss as a naive wall-clock time (strptime is slow for 8,760 rows)."""
    match = _LOCAL.match(text.strip())
    if match is None:
        raise ValueError(text)
    day, month, year, hour, minute, second = (int(part) for part in match.groups())
    # Naive on purpose: a wall-clock time, given its zone and fold by the caller.
    return datetime(year, month, day, hour, minute, second)  # noqa: DTZ001


QUARTER = timedelta(minutes=15)


def _local_instant(text: str, fold: int, *, is_start: bool) -> datetime:
    """A Copenhagen wall-clock time as UTC. A start the clock skips is refused; an end of
    02:00 on the spring day is the end of the hour from 01:00, i.e. 03:00 summer time."""
    naive = _parse_local(text)
    aware = naive.replace(tzinfo=hourly.COPENHAGEN, fold=fold)
    instant = aware.astimezone(UTC)
    if is_start and instant.astimezone(hourly.COPENHAGEN).replace(tzinfo=None) != naive:
        raise ValueError(
            _("%(time)s does not exist in Danish time: the clocks skip that hour.") % {"time": text}
        )
    return instant


def _is_ambiguous(text: str) -> bool:
    naive = _parse_local(text)
    first = naive.replace(tzinfo=hourly.COPENHAGEN, fold=0).utcoffset()
    second = naive.replace(tzinfo=hourly.COPENHAGEN, fold=1).utcoffset()
    return first != second


class MeterRowForm(RowForm):
    gsrn = forms.CharField()
    start = forms.CharField()
    end = forms.CharField()
    quantity = forms.DecimalField(min_value=0, max_digits=14, decimal_places=3)
    unit = forms.CharField()

    def __init__(self, *args, seen_local: dict[tuple[str, str], int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Shared by every row of one file: how often a local time has come, per metering
        # point, which tells the two 02:00 hours of the autumn day apart.
        self.seen_local = seen_local

    def clean_gsrn(self) -> str:
        gsrn = self.cleaned_data["gsrn"].replace(" ", "")
        validate_gsrn(gsrn)
        return gsrn

    def clean_unit(self) -> str:
        unit = self.cleaned_data["unit"].strip().upper()
        if unit != "KWH":
            raise ValidationError(_("The unit is %(unit)s; only KWH is read.") % {"unit": unit})
        return unit

    def _instant(self, name: str, fold_key: str | None) -> datetime | None:
        text = self.cleaned_data.get(name, "").strip()
        if "T" in text:
            try:
                instant = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                self.add_error(name, _("“%(value)s” is not a time.") % {"value": text})
                return None
            if instant.tzinfo is None:
                self.add_error(name, _("“%(value)s” has no time zone.") % {"value": text})
                return None
            return instant.astimezone(UTC)
        try:
            fold = 0
            if fold_key is not None and _is_ambiguous(text):
                key = (fold_key, text)
                fold = self.seen_local.get(key, 0)
                self.seen_local[key] = fold + 1
                if fold > 1:
                    raise ValueError(_("%(time)s comes more than twice.") % {"time": text})
            return _local_instant(text, fold, is_start=name == "start")
        except ValueError as exc:
            message = str(exc)
            if message == text or "out of range" in message or "must be in" in message:
                message = _("“%(value)s” is not a time in the form dd-mm-yyyy hh:mm:ss.") % {
                    "value": text
                }
            self.add_error(name, message)
            return None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if "gsrn" not in cleaned or "start" not in cleaned or "end" not in cleaned:
            return cleaned
        start = self._instant("start", cleaned["gsrn"])
        end = self._instant("end", None)
        if start is None or end is None:
            return cleaned
        # Around the clock changes the wall-clock span and the real span of a row differ
        # (02:00–03:00 on the autumn day is two real hours for its first row); either one
        # being an hour or a quarter tells what the row covers.
        wall = _wall_span(cleaned["start"], cleaned["end"])
        step = next((span for span in (end - start, wall) if span in (hourly.HOUR, QUARTER)), None)
        if step is None:
            self.add_error("end", _("A row covers one hour or one quarter hour."))
            return cleaned
        cleaned["start_utc"] = start
        cleaned["step"] = step
        return cleaned


def _wall_span(start: str, end: str) -> timedelta | None:
    try:
        return _parse_local(end) - _parse_local(start)
    except ValueError:
        return None


class EloverblikMeterImport(ImportKind):
    columns = (
        Column("gsrn", ("MålepunktsID", "Målepunkt", "metering point", "gsrn")),
        Column("start", ("Fra_dato", "fra", "from", "start")),
        Column("end", ("Til_dato", "til", "to", "end")),
        Column("quantity", ("Mængde", "quantity"), type=ColumnType.DECIMAL),
        Column("unit", ("Måleenhed", "unit")),
    )
    form_class = MeterRowForm

    def __init__(self, *, company: Company) -> None:
        self.company = company
        self.seen_local: dict[tuple[str, str], int] = {}

    def form_kwargs(self) -> dict[str, Any]:
        return {"seen_local": self.seen_local}

    def row_key(self, cleaned: dict[str, Any]) -> Hashable | None:
        if "start_utc" in cleaned:
            return cleaned["gsrn"], cleaned["start_utc"]
        return None

    def duplicate_error(self, cleaned: dict[str, Any], first_row: int) -> tuple[str, str]:
        return "start", _("The same time is already given in row %(row)d.") % {"row": first_row}

    def save(self, rows: list[Row]) -> int:
        parts: dict[str, dict[datetime, list[tuple[timedelta, int]]]] = {}
        for row in rows:
            start = row.cleaned["start_utc"]
            hour = start.replace(minute=0, second=0, microsecond=0)
            parts.setdefault(row.cleaned["gsrn"], {}).setdefault(hour, []).append(
                (row.cleaned["step"], hourly.kwh_to_wh(row.cleaned["quantity"]))
            )
        series: dict[str, dict[datetime, int]] = {}
        for gsrn, hours in parts.items():
            values: dict[datetime, int] = {}
            for hour, pieces in hours.items():
                steps = [step for step, _wh in pieces]
                if steps == [hourly.HOUR] or steps == [QUARTER] * 4:
                    values[hour] = sum(wh for _step, wh in pieces)
            series[gsrn] = values
        instants = [hour for hours in parts.values() for hour in hours]
        meter_services.import_meter_hours(
            company=self.company,
            series=series,
            first=hourly.local_day_of(min(instants)),
            last=hourly.local_day_of(max(instants)),
        )
        return len(rows)


def json_table(content: bytes) -> Table:
    """The rows of a ``gettimeseries`` answer, one per point, with UTC times."""
    try:
        answer = json.loads(content.decode("utf-8-sig"))
        items = answer["result"]
        series = [eloverblik.parse_market_document(item) for item in items]
    except (ValueError, KeyError, TypeError, eloverblik.EloverblikError) as exc:
        raise ValidationError(
            _("The file is not a meter data answer from Eloverblik (JSON).")
        ) from exc
    header = [normalise_header(column.aliases[0]) for column in EloverblikMeterImport.columns]
    rows: list[tuple[int, list[object]]] = []
    number = 1
    for item in series:
        for period in item.periods:
            step = hourly.RESOLUTIONS.get(period.resolution, hourly.HOUR)
            for point in period.points:
                number += 1
                start = period.start.astimezone(UTC) + (point.position - 1) * step
                rows.append(
                    (
                        number,
                        [
                            item.gsrn,
                            start.isoformat(),
                            (start + step).isoformat(),
                            str(point.quantity).replace(".", ","),
                            item.unit,
                        ],
                    )
                )
    if len(rows) > max_rows():
        raise ValidationError(too_many_rows_message(max_rows()))
    return Table(header=header, rows=rows)


def import_meter_file(*, company: Company, upload) -> ImportReport:
    """A CSV or JSON file from eloverblik.dk: every row or none."""
    kind = EloverblikMeterImport(company=company)
    if (getattr(upload, "name", "") or "").lower().endswith(".json"):
        if upload.size > settings.MAX_UPLOAD_BYTES:
            return ImportReport(file_error=_("The file is too large."))
        upload.seek(0)
        try:
            table = json_table(upload.read())
        except ValidationError as exc:
            return ImportReport(file_error=" ".join(exc.messages))
        return run_import_table(kind, table)
    return run_import(kind, upload)
