"""The one import framework, on a kind defined here only: monthly meter readings.

It stands for what comes next (production data, meter data): a kind is columns, a row form
and a save, and the reader, the report, the limits and all-or-nothing come with it. The
readings are saved as auth groups only because core has no model of its own to write.
"""

import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import override
from openpyxl import Workbook

from carbon20.core.imports import (
    Column,
    ColumnType,
    ImportFileForm,
    ImportKind,
    RowForm,
    parse_decimal,
    read_table,
    run_import,
)

pytestmark = pytest.mark.django_db


class ReadingForm(RowForm):
    meter = forms.CharField()
    read_on = forms.DateField()
    kwh = forms.DecimalField(min_value=0)
    readings = forms.IntegerField(required=False, min_value=1)

    def clean_meter(self):
        meter = self.cleaned_data["meter"]
        if not meter.startswith("M"):
            raise ValidationError("A meter number starts with M.")
        return meter


class ReadingImport(ImportKind):
    columns = (
        Column("meter", ("Måler", "meter")),
        Column("read_on", ("Aflæst", "read on"), type=ColumnType.DATE),
        Column("kwh", ("kWh",), type=ColumnType.DECIMAL),
        Column("readings", ("Antal", "count"), required=False, type=ColumnType.INTEGER),
    )
    form_class = ReadingForm

    def __init__(self, *, fail_after: int | None = None) -> None:
        self.fail_after = fail_after
        self.saved: list[dict] = []

    def row_key(self, cleaned):
        if "meter" in cleaned and "read_on" in cleaned:
            return cleaned["meter"], cleaned["read_on"]
        return None

    def duplicate_error(self, cleaned, first_row):
        return "read_on", f"Already read in row {first_row}."

    def save(self, rows):
        for index, row in enumerate(rows):
            if self.fail_after is not None and index == self.fail_after:
                raise ValidationError("The meter register refused the reading.")
            Group.objects.create(name=f"{row.cleaned['meter']} {row.cleaned['read_on']}")
            self.saved.append(row.cleaned)
        return len(rows)


def csv_file(text: str, name: str = "readings.csv", encoding: str = "utf-8-sig"):
    return SimpleUploadedFile(name, text.replace("\n", "\r\n").encode(encoding))


def xlsx_file(rows: list[list], name: str = "readings.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


# --- The reader ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Måler;Aflæst;kWh\nM1;31-01-2025;1.234,5\n",
        'meter,read on,kWh\nM1,31-01-2025,"1.234,5"\n',
        "  MÅLER ; aflæst ;KWH\nM1;31.01.2025;1234,5\n",
        "Måler;Aflæst;kWh\nM1;2025-01-31;1234,5\n",
    ],
    ids=["semicolon", "comma", "header-case-and-spaces", "iso-date"],
)
def test_csv_separators_headers_dates_and_decimal_comma(text):
    kind = ReadingImport()
    report = run_import(kind, csv_file(text))
    assert report.ok, report
    assert kind.saved == [
        {"meter": "M1", "read_on": date(2025, 1, 31), "kwh": Decimal("1234.5"), "readings": None}
    ]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_bom_and_encodings(encoding):
    table = read_table(csv_file("Måler;Aflæst;kWh\nMø;01-01-2025;1\n", encoding=encoding))
    assert table.header == ["måler", "aflæst", "kwh"]
    assert table.rows == [(2, ["Mø", "01-01-2025", "1"])]


def test_xlsx_numbers_and_dates_as_excel_stores_them():
    kind = ReadingImport()
    upload = xlsx_file(
        # An Excel cell holds no time zone; openpyxl refuses aware datetimes.
        [["Måler", "Aflæst", "kWh", "Antal"], ["M7", datetime(2025, 2, 28), 12.75, 3.0]]  # noqa: DTZ001
    )
    report = run_import(kind, upload)
    assert report.ok, report
    assert kind.saved == [
        {"meter": "M7", "read_on": date(2025, 2, 28), "kwh": Decimal("12.75"), "readings": 3}
    ]


def test_xlsx_is_told_by_its_content_and_a_broken_one_is_refused():
    workbook = xlsx_file([["Måler", "Aflæst", "kWh"], ["M1", "01-01-2025", 5]], name="readings.csv")
    assert run_import(ReadingImport(), workbook).ok
    with override("en"):
        report = run_import(ReadingImport(), SimpleUploadedFile("readings.xlsx", b"not a zip"))
    assert report.file_error == "The file is not a readable XLSX workbook."


def test_decimal_comma_rules():
    assert parse_decimal("1.234.567,89") == Decimal("1234567.89")
    assert parse_decimal("-0,5") == Decimal("-0.5")
    assert parse_decimal(7) == Decimal(7)
    with override("en"), pytest.raises(ValueError, match="write decimals with a comma"):
        parse_decimal("12.5")
    with override("en"), pytest.raises(ValueError, match="is not a number"):
        parse_decimal("twelve")


def test_other_files_and_empty_files_are_refused():
    with override("en"):
        assert run_import(ReadingImport(), SimpleUploadedFile("r.pdf", b"%PDF")).file_error == (
            "Upload a CSV or XLSX file."
        )
        assert run_import(ReadingImport(), csv_file("\n\n")).file_error == "The file is empty."
        assert run_import(ReadingImport(), csv_file("Måler;Aflæst;kWh\n")).file_error == (
            "The file has no rows below the header."
        )
    form = ImportFileForm(files={"file": SimpleUploadedFile("r.exe", b"MZ")})
    assert not form.is_valid()
    assert form.errors["file"]


# --- Header, rows, report -----------------------------------------------------------------


def test_missing_column_is_named_and_an_optional_one_may_be_absent():
    with override("en"):
        report = run_import(ReadingImport(), csv_file("Måler;kWh\nM1;5\n"))
    assert report.file_error == "The file lacks the column(s): Aflæst."
    assert not report.errors


def test_unknown_columns_are_ignored_unless_the_kind_refuses_them():
    text = "Måler;Aflæst;kWh;Kommentar\nM1;01-01-2025;5;x\n"
    assert run_import(ReadingImport(), csv_file(text)).ok

    class StrictReadingImport(ReadingImport):
        refuse_unknown_columns = True

    with override("en"):
        report = run_import(StrictReadingImport(), csv_file(text))
    assert report.file_error == "The file has column(s) this import does not know: kommentar."


def test_every_bad_row_is_reported_with_row_column_and_translated_message():
    text = "\n".join(
        [
            "Måler;Aflæst;kWh;Antal",
            "M1;01-01-2025;5;",  # 2: fine
            "X1;01-01-2025;5;",  # 3: the row form's own rule
            "M1;2025/01/01;5;",  # 4: a date it cannot read
            "M1;01-02-2025;-1;",  # 5: the form field's bound
            ";01-03-2025;;",  # 6: two values missing
            "M1;01-01-2025;7;",  # 7: repeats row 2
            "",  # a blank line keeps the numbering
            "M1;01-04-2025;2,5;1,5",  # 9: not a whole number
        ]
    )
    kind = ReadingImport()
    report = run_import(kind, csv_file(text))
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "Måler"),
        (4, "Aflæst"),
        (5, "kWh"),
        (6, "Måler"),
        (6, "kWh"),
        (7, "Aflæst"),
        (9, "Antal"),
    ]
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert messages[(3, "Måler")] == "A meter number starts with M."
    # Danish is the default language: the framework's own messages come translated.
    assert messages[(4, "Aflæst")] == "“2025/01/01” er ikke en dato på formen dd-mm-åååå."
    assert messages[(6, "Måler")] == "Værdien mangler."
    assert messages[(7, "Aflæst")] == "Already read in row 2."
    assert messages[(9, "Antal")] == "“1,5” er ikke et helt tal."
    assert report.imported == 0
    assert kind.saved == []


def test_row_limit_is_one_setting_for_csv_and_xlsx(settings):
    settings.IMPORT_MAX_ROWS = 3
    rows = [["M1", f"0{day}-01-2025", day] for day in range(1, 5)]
    header = ["Måler", "Aflæst", "kWh"]
    text = "\n".join(";".join(str(cell) for cell in row) for row in [header, *rows])
    with override("en"):
        assert run_import(ReadingImport(), csv_file(text)).file_error == (
            "The file has more than 3 rows."
        )
        assert run_import(ReadingImport(), xlsx_file([header, *rows])).file_error == (
            "The file has more than 3 rows."
        )
    assert run_import(ReadingImport(), xlsx_file([header, *rows[:3]])).imported == 3


def test_size_limit(settings):
    settings.MAX_UPLOAD_BYTES = 20
    with override("en"):
        report = run_import(ReadingImport(), csv_file("Måler;Aflæst;kWh\nM1;01-01-2025;5\n"))
    assert report.file_error == "The file is too large."


def test_nothing_is_saved_when_a_row_is_rejected():
    text = "Måler;Aflæst;kWh\nM1;01-01-2025;5\nM2;01-01-2025;5\nM3;01-01-2025;x\n"
    kind = ReadingImport()
    report = run_import(kind, csv_file(text))
    assert [(e.row, e.column) for e in report.errors] == [(4, "kWh")]
    assert not Group.objects.exists()


def test_nothing_is_saved_when_saving_fails_part_way():
    text = "Måler;Aflæst;kWh\nM1;01-01-2025;5\nM2;01-01-2025;5\nM3;01-01-2025;5\n"
    report = run_import(ReadingImport(fail_after=2), csv_file(text))
    assert not report.ok
    assert report.file_error == "The meter register refused the reading."
    assert report.imported == 0
    assert not Group.objects.exists()


def test_the_template_is_the_header_danish_excel_opens():
    content = ReadingImport.template_csv()
    assert content.startswith(b"\xef\xbb\xbf")
    assert content.decode("utf-8-sig") == "Måler;Aflæst;kWh;Antal\r\n"


class ReadingPeriodImport(ReadingImport):
    """The framework's own messages: no `duplicate_error`, no `clash_error` of its own."""

    def duplicate_error(self, cleaned, first_row):
        return ImportKind.duplicate_error(self, cleaned, first_row)

    def row_span(self, row):
        from carbon20.core.periods import Span

        return Span(row.cleaned["meter"], row.cleaned["read_on"], row.cleaned["read_on"])

    def stored_spans(self):
        from carbon20.core.periods import Span

        return [Span("M9", date(2025, 3, 1), date(2025, 3, 31), "stored")]


def test_a_kind_without_its_own_messages_gets_the_framework_s_for_the_whole_row():
    text = "\n".join(
        [
            "Måler;Aflæst;kWh;Antal",
            "M1;01-01-2025;5;",
            "M1;01-01-2025;7;",  # 3: repeats row 2
            "M9;15-03-2025;1;",  # 4: inside a stored period
        ]
    )
    with override("en"):
        report = run_import(ReadingPeriodImport(), csv_file(text))
    messages = {(e.row, str(e.column)): e.message for e in report.errors}
    assert messages[(3, "(whole row)")] == "This row repeats row 2."
    assert (
        messages[(4, "(whole row)")] == "The period overlaps 01.03.2025–31.03.2025, already stored."
    )
    assert report.imported == 0


def test_a_kind_must_say_how_its_rows_are_saved():
    class Unsaved(ImportKind):
        columns = ReadingImport.columns
        form_class = ReadingForm

    with pytest.raises(TypeError):
        Unsaved()
