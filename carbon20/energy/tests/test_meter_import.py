"""Import of eloverblik.dk downloads: all or nothing, each rejected row named, Danish local
time with the 23- and 25-hour days."""

from datetime import date, datetime, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from carbon20.energy import meter_imports
from carbon20.energy.calc import hourly
from carbon20.energy.meter_models import MeterDay, MeteringPoint
from carbon20.integrations.tests.transport import RECORDED

HEADER = "MålepunktsID;Fra_dato;Til_dato;Mængde;Måleenhed;Kvalitet;Type"
GSRN = "571313161100187650"


@pytest.fixture(autouse=True)
def _english():
    # Errors are recorded in the language active when the fetch or import runs; these tests
    # read them in English.
    with translation.override("en"):
        yield


def local_rows(day: date, quantity="0,25") -> list[str]:
    """The portal's rows of one local day: wall-clock times, the autumn 02:00 twice, and on
    the spring day the hour from 01:00 ending at a wall-clock 02:00."""
    rows = []
    for start in hourly.hour_starts_utc(day):
        local = start.astimezone(hourly.COPENHAGEN)
        wall_end = local.replace(tzinfo=None) + timedelta(hours=1)
        times = f"{local:%d-%m-%Y %H:%M:%S};{wall_end:%d-%m-%Y %H:%M:%S}"
        rows.append(f"{GSRN};{times};{quantity};KWH;Målt;Tidsserie")
    return rows


def upload(lines: list[str], name="eloverblik.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + "\r\n".join([HEADER, *lines]) + "\r\n").encode())


def test_csv_with_the_autumn_day_of_25_hours(company_a):
    lines = (
        local_rows(date(2025, 10, 25))
        + local_rows(date(2025, 10, 26))
        + local_rows(date(2025, 10, 27))
    )
    report = meter_imports.import_meter_file(company=company_a, upload=upload(lines))
    assert report.ok, report.errors
    assert report.imported == 24 + 25 + 24
    point = MeteringPoint.objects.get(gsrn=GSRN)
    assert point.company == company_a
    assert point.source == "file"
    autumn = point.days.get(day=date(2025, 10, 26))
    assert len(autumn.wh) == 25 and autumn.missing_hours == 0
    assert autumn.total_wh == 25 * 250
    assert point.days.count() == 3


def test_csv_with_the_spring_day_of_23_hours(company_a):
    lines = local_rows(date(2025, 3, 30), "1,5")
    report = meter_imports.import_meter_file(company=company_a, upload=upload(lines))
    assert report.ok, report.errors
    day = MeterDay.objects.get(day=date(2025, 3, 30))
    assert len(day.wh) == 23 and day.total_wh == 23 * 1500


def test_a_time_the_clock_skips_is_refused_and_nothing_is_saved(company_a):
    lines = local_rows(date(2025, 3, 29))
    lines.append(f"{GSRN};30-03-2025 02:00:00;30-03-2025 03:00:00;0,25;KWH;Målt;Tidsserie")
    report = meter_imports.import_meter_file(company=company_a, upload=upload(lines))
    assert not report.ok
    ((row, column, message),) = [(e.row, e.column, e.message) for e in report.errors]
    assert row == 26 and column == "Fra_dato"
    assert "does not exist" in message
    assert not MeterDay.objects.exists()
    assert not MeteringPoint.objects.exists()


def test_every_bad_row_is_named(company_a):
    lines = local_rows(date(2025, 6, 1))
    lines[0] = lines[0].replace(GSRN, "12345")
    lines[1] = lines[1].replace("0,25", "-1")
    lines[2] = lines[2].replace("KWH", "MWH")
    lines[3] = lines[3].replace(
        "01-06-2025 03:00:00;01-06-2025 04", "01-06-2025 03:00:00;01-06-2025 06"
    )
    lines[4] = lines[4].replace("01-06-2025 04:00:00;", "2025/06/01 4;")
    lines.append(lines[10])
    report = meter_imports.import_meter_file(company=company_a, upload=upload(lines))
    by_row = {(e.row, e.column) for e in report.errors}
    assert by_row == {
        (2, "MålepunktsID"),
        (3, "Mængde"),
        (4, "Måleenhed"),
        (5, "Til_dato"),
        (6, "Fra_dato"),
        (26, "Fra_dato"),
    }
    assert not MeterDay.objects.exists()


def test_quarter_hours_add_up_and_an_incomplete_hour_is_a_gap(company_a):
    start = datetime(2025, 6, 1, 0, 0, tzinfo=hourly.COPENHAGEN)
    lines = []
    for quarter in range(7):  # the second hour lacks its last quarter
        t = start + timedelta(minutes=15 * quarter)
        end = t + timedelta(minutes=15)
        lines.append(f"{GSRN};{t:%d-%m-%Y %H:%M:%S};{end:%d-%m-%Y %H:%M:%S};0,1;KWH;Målt;Tidsserie")
    report = meter_imports.import_meter_file(company=company_a, upload=upload(lines))
    assert report.ok, report.errors
    day = MeterDay.objects.get(day=date(2025, 6, 1))
    assert day.wh[0] == 400
    assert day.wh[1] is None
    assert day.missing_hours == 23


def test_reimport_replaces_the_days(company_a):
    lines = local_rows(date(2025, 6, 1))
    meter_imports.import_meter_file(company=company_a, upload=upload(lines))
    meter_imports.import_meter_file(
        company=company_a, upload=upload(local_rows(date(2025, 6, 1), "0,5"))
    )
    assert MeterDay.objects.get().total_wh == 24 * 500


def test_metering_point_of_another_company_refuses_the_file(company_a, company_b):
    meter_imports.import_meter_file(company=company_b, upload=upload(local_rows(date(2025, 6, 1))))
    report = meter_imports.import_meter_file(
        company=company_a, upload=upload(local_rows(date(2025, 6, 2)))
    )
    assert "another company" in report.file_error
    assert MeterDay.objects.count() == 1


def test_json_answer_of_the_api_is_imported(company_a):
    content = (RECORDED / "eloverblik" / "timeseries_hour_spring.json").read_bytes()
    report = meter_imports.import_meter_file(
        company=company_a, upload=SimpleUploadedFile("meterdata.json", content)
    )
    assert report.ok, report.errors
    assert report.imported == 24 + 23 + 24 + 24
    point = MeteringPoint.objects.get()
    assert point.gsrn == "571313174100000017"
    assert len(point.days.get(day=date(2025, 3, 30)).wh) == 23


def test_json_that_is_not_meter_data(company_a):
    report = meter_imports.import_meter_file(
        company=company_a, upload=SimpleUploadedFile("x.json", b'{"records": []}')
    )
    assert "not a meter data answer" in report.file_error


def test_json_too_large_or_too_long(company_a, settings):
    content = (RECORDED / "eloverblik" / "timeseries_hour_spring.json").read_bytes()
    settings.IMPORT_MAX_ROWS = 10
    report = meter_imports.import_meter_file(
        company=company_a, upload=SimpleUploadedFile("m.json", content)
    )
    assert "more than 10 rows" in report.file_error
    settings.MAX_UPLOAD_BYTES = 100
    report = meter_imports.import_meter_file(
        company=company_a, upload=SimpleUploadedFile("m.json", content)
    )
    assert report.file_error
