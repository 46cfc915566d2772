import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from carbon20.energy import imports
from carbon20.energy.models import ConsumptionRecord
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

HEADER = "Energiart;Fra;Til;Mængde;Enhed;Kilde;Opvarmningsandel (%);P-nummer;Note"


def csv_upload(lines, name="forbrug.csv", bom=True):
    text = "\r\n".join(lines) + "\r\n"
    data = text.encode("utf-8-sig" if bom else "utf-8")
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_upload(rows, name="forbrug.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def import_url(company):
    return reverse("energy:consumption_import", args=[company.uuid])


def test_good_danish_csv_is_imported(officer_a, company_a):
    site = company_a.sites.get()
    upload = csv_upload(
        [
            HEADER,
            "El;01-01-2024;31-01-2024;12.345,6;kWh;Regning;;;Januar",
            f"Fjernvarme;01-01-2024;31-01-2024;45,5;MWh;Måleraflæsning;80;{site.p_number};",
            "naturgas;1.2.2024;29/2/2024;1000;m³;leverandøropgørelse;;;",
        ]
    )
    response = client_for(officer_a).post(import_url(company_a), {"file": upload})
    assert response.status_code == 302
    records = {r.carrier: r for r in ConsumptionRecord.objects.filter(company=company_a)}
    assert records["electricity"].quantity == Decimal("12345.6")
    assert records["electricity"].period_end == date(2024, 1, 31)
    assert records["electricity"].note == "Januar"
    assert records["district_heating"].canonical_quantity == Decimal("45500")
    assert records["district_heating"].heated_share_percent == Decimal("80")
    assert records["district_heating"].site == site
    assert records["natural_gas"].canonical_quantity == Decimal("11000")
    assert records["natural_gas"].period_start == date(2024, 2, 1)
    assert records["natural_gas"].source == "supplier_statement"


def test_csv_without_bom_and_in_windows_1252_is_read(officer_a, company_a):
    text = f"{HEADER}\r\nEl;01-03-2024;31-03-2024;100;kWh;Skøn;;;Målt\r\n"
    upload = SimpleUploadedFile("forbrug.csv", text.encode("cp1252"))
    report = imports.import_consumption(company_a, upload, officer_a)
    assert report.ok, report.errors
    assert ConsumptionRecord.objects.get().note == "Målt"


def test_every_bad_row_is_reported_and_nothing_is_saved(officer_a, company_a, company_b):
    foreign_p_number = company_b.sites.get().p_number if company_b.sites.exists() else "1234567890"
    upload = csv_upload(
        [
            HEADER,
            "El;01-01-2024;31-01-2024;100;kWh;Regning;;;",  # row 2: fine
            "El;01-01-2024;31-01-2024;-5;kWh;Regning;;;",  # 3: negative
            "Fjernvarme;01-01-2024;31-01-2024;10;liter;Regning;;;",  # 4: unit
            "El;01-02-2024;31-01-2024;10;kWh;Regning;;;",  # 5: end before start
            "El;01-01-2023;31-12-2024;10;kWh;Regning;;;",  # 6: longer than 366 days
            "Kul;01-01-2024;31-01-2024;10;tonne;Regning;;;",  # 7: unknown carrier
            "El;2024/01/01;31-01-2024;10;kWh;Regning;;;",  # 8: bad date
            "El;01-01-2024;31-01-2024;10.5;kWh;Regning;;;",  # 9: decimal point
            "El;01-01-2024;31-01-2024;10;kWh;Gæt;;;",  # 10: unknown source
            f"El;01-01-2024;31-01-2024;10;kWh;Regning;;{foreign_p_number};",  # 11: foreign site
            "El;01-01-2024;31-01-2024;;kWh;Regning;;;",  # 12: missing quantity
            "Naturgas;01-01-2024;31-01-2024;10;m3;Regning;150;;",  # 13: share over 100
            "El;01-01-2024;31-01-2024;1,23456;kWh;Regning;;;",  # 14: too many decimals
        ]
    )
    response = client_for(officer_a).post(import_url(company_a), {"file": upload})
    assert response.status_code == 200
    report = response.context["report"]
    problems = {(error.row, error.column) for error in report.errors}
    assert problems == {
        (3, "Mængde"),
        (4, "Enhed"),
        (5, "Til"),
        (6, "Til"),
        (7, "Energiart"),
        (8, "Fra"),
        (9, "Mængde"),
        (10, "Kilde"),
        (11, "P-nummer"),
        (12, "Mængde"),
        (13, "Opvarmningsandel (%)"),
        (14, "Mængde"),
    }
    messages = {(error.row, error.column): error.message for error in report.errors}
    assert messages[(3, "Mængde")] == "Mængden kan ikke være negativ."
    assert "liter er ikke en enhed for fjernvarme" in messages[(4, "Enhed")]
    assert "366 dage; denne er 731 dage" in messages[(6, "Til")]
    assert "decimaler med komma" in messages[(9, "Mængde")]
    assert "Række" in response.text and "Intet blev importeret" in response.text
    assert not ConsumptionRecord.objects.exists()


def test_xlsx_with_native_dates_and_numbers(officer_a, company_a):
    upload = xlsx_upload(
        [
            ["Energiart", "Fra", "Til", "Mængde", "Enhed", "Kilde"],
            # An Excel cell holds no time zone; openpyxl refuses aware datetimes.
            ["El", datetime(2024, 1, 1), datetime(2024, 1, 31), 1500.25, "kWh", "Regning"],  # noqa: DTZ001
            ["Diesel", "01-01-2024", "31-03-2024", 250, "liter", "Regning"],
        ]
    )
    report = imports.import_consumption(company_a, upload, officer_a)
    assert report.ok, report.errors
    assert report.imported == 2
    diesel = ConsumptionRecord.objects.get(carrier="diesel")
    # 250 l × 0.82 kg/l × 42.90 GJ/t / 3.6 = 2,442.916667 kWh.
    assert diesel.canonical_quantity == Decimal("2442.916667")


def test_xlsx_missing_column_and_wrong_type_in_row_17(officer_a, company_a):
    rows = [["Energiart", "Fra", "Til", "Enhed", "Kilde"]]
    report = imports.import_consumption(company_a, xlsx_upload(rows), officer_a)
    assert report.file_error == "Filen mangler kolonnen/kolonnerne: Mængde."
    rows = [["Energiart", "Fra", "Til", "Mængde", "Enhed", "Kilde"]]
    for month in range(1, 16):
        rows.append(
            [
                "El",
                date(2020 + month // 12, month % 12 + 1, 1),
                date(2020 + month // 12, month % 12 + 1, 28),
                10,
                "kWh",
                "Regning",
            ]
        )
    rows.append(["El", date(2024, 1, 1), date(2024, 1, 28), "ti", "kWh", "Regning"])
    report = imports.import_consumption(company_a, xlsx_upload(rows), officer_a)
    assert [(e.row, e.column) for e in report.errors] == [(17, "Mængde")]
    assert not ConsumptionRecord.objects.exists()


def test_not_a_table_is_refused(officer_a, company_a):
    bad = SimpleUploadedFile("forbrug.xlsx", b"not a zip")
    response = client_for(officer_a).post(import_url(company_a), {"file": bad})
    assert "ikke en læsbar XLSX" in response.text
    pdf = SimpleUploadedFile("forbrug.pdf", b"%PDF")
    response = client_for(officer_a).post(import_url(company_a), {"file": pdf})
    assert response.context["form"].errors["file"]
    empty = csv_upload([HEADER])
    report = imports.import_consumption(company_a, empty, officer_a)
    assert report.file_error
    assert not ConsumptionRecord.objects.exists()


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_template_downloads_and_imports_back(officer_a, company_a, file_format):
    response = client_for(officer_a).get(reverse("energy:consumption_template", args=[file_format]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    if file_format == "csv":
        assert response.content.startswith(b"\xef\xbb\xbf")
        header = response.content.decode("utf-8-sig").splitlines()[0]
        assert header == HEADER
        filled = csv_upload([header, "El;01-01-2024;31-01-2024;5;kWh;Regning;;;"])
    else:
        workbook = load_workbook(io.BytesIO(response.content))
        header = [cell.value for cell in workbook.worksheets[0][1]]
        assert header == HEADER.split(";")
        assert workbook.worksheets[1]["A2"].value == "El"
        filled = xlsx_upload([header, ["El", "01-01-2024", "31-01-2024", 5, "kWh", "Regning"]])
    assert imports.import_consumption(company_a, filled, officer_a).ok


def test_template_needs_a_role(no_role_user):
    url = reverse("energy:consumption_template", args=["csv"])
    assert client_for(no_role_user).get(url).status_code == 404


def test_other_municipality_cannot_import(officer_b, company_a):
    upload = csv_upload([HEADER, "El;01-01-2024;31-01-2024;5;kWh;Regning;;;"])
    assert client_for(officer_b).post(import_url(company_a), {"file": upload}).status_code == 404
    assert not ConsumptionRecord.objects.exists()
