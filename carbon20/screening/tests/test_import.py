"""Measures from the XLSX template or a CSV: all rows or none, every bad row named."""

from decimal import Decimal
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from carbon20.organisations.models import Partner, PartnerType
from carbon20.screening.imports import column_titles, columns
from carbon20.screening.models import Measure
from testsupport.fixtures import client_for


def good_row(number: int) -> dict:
    return {
        "focus_area": "electricity",
        "description": f"Tiltag {number}",
        "type": "low_cost",
        "saving_electricity": 1000 + number,
        "dkk_saved_per_year": 1500.5,
        "investment": 8000,
        "lifetime_years": 10,
    }


def workbook_bytes(rows: list[dict], header: list[str] | None = None) -> bytes:
    header = header or columns()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(name) for name in header])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, review, content: bytes):
    return client.post(
        reverse("screening:measure_import", args=[review.uuid]),
        {"file": SimpleUploadedFile("tiltag.xlsx", content)},
    )


def test_template_downloads_with_every_column(review, consultant):
    response = client_for(consultant).get(reverse("screening:measure_template", args=[review.uuid]))
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).worksheets[0]
    # The header is written in Danish, the page's language, and reads back as the columns.
    with translation.override("da"):
        assert [cell.value for cell in sheet[1]] == [column_titles()[n] for n in columns()]
    assert sheet.title == "Tiltag"
    assert sheet["A1"].value == "Fokusområde"
    assert "dkk_saved_per_year" not in [cell.value for cell in sheet[1]]


def test_template_filled_in_imports_with_its_danish_header(review, consultant):
    with translation.override("da"):
        titles = column_titles()
    header = [titles[name] for name in columns()]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    sheet.append([good_row(1).get(name) for name in columns()])
    buffer = BytesIO()
    workbook.save(buffer)
    response = upload(client_for(consultant), review, buffer.getvalue())
    assert response.status_code == 302
    assert review.measures.get().description == "Tiltag 1"


def test_good_file_imports_every_row(review, consultant):
    energy = Partner.objects.create(name="Fjernvarme Syd A/S", type=PartnerType.ENERGY_COMPANY)
    rows = [good_row(n) for n in range(1, 21)]
    rows[0].update(focus_area="Electricity", type="Investment")  # labels are accepted too
    rows[1].update(obligation_company="fjernvarme syd a/s", obligation_date="2026-05-01")
    response = upload(client_for(consultant), review, workbook_bytes(rows))
    assert response.status_code == 302
    measures = list(review.measures.order_by("number"))
    assert len(measures) == 20
    assert measures[0].type == "investment"
    assert measures[1].obligation_company == energy
    assert measures[2].savings == {"electricity": "1003"}
    assert measures[2].dkk_saved_per_year == Decimal("1500.50")


def test_wrong_type_in_row_17_is_named_and_nothing_saved(review, consultant):
    rows = [good_row(n) for n in range(1, 21)]
    rows[15]["investment"] = "mange penge"  # Excel row 17: the header is row 1
    rows[15]["lifetime_years"] = 0
    rows[3]["saving_electricity"] = -50  # Excel row 5
    response = upload(client_for(consultant), review, workbook_bytes(rows))
    assert response.status_code == 400
    errors = response.context["import_report"].errors
    assert {(e.row, e.column) for e in errors} == {
        (17, "investment"),
        (17, "lifetime_years"),
        (5, "saving_electricity"),
    }
    assert len(errors) == 3
    assert not Measure.objects.exists()
    page = response.content.decode()
    assert 'data-testid="import-errors"' in page
    assert "Række" in page and "Intet blev importeret" in page


def test_missing_column_is_named_and_nothing_saved(review, consultant):
    header = [name for name in columns() if name != "lifetime_years"]
    response = upload(client_for(consultant), review, workbook_bytes([good_row(1)], header))
    assert response.status_code == 400
    report = response.context["import_report"]
    assert report.file_error == "Filen mangler kolonnen/kolonnerne: lifetime_years."
    assert not Measure.objects.exists()


def test_not_an_xlsx_file(review, consultant):
    response = upload(client_for(consultant), review, b"cvr;navn\n1;2\n")
    assert response.status_code == 400
    report = response.context["import_report"]
    assert report.file_error == "Filen er ikke en læsbar XLSX-projektmappe."


def test_other_municipality_cannot_import(review, officer_b):
    response = upload(client_for(officer_b), review, workbook_bytes([good_row(1)]))
    assert response.status_code == 404
    assert not Measure.objects.exists()


def test_unknown_column_is_refused(review, consultant):
    header = [*columns(), "saving_electricty"]
    response = upload(client_for(consultant), review, workbook_bytes([good_row(1)], header))
    assert response.status_code == 400
    assert "saving_electricty" in response.context["import_report"].file_error
    assert not Measure.objects.exists()


def test_danish_csv_imports_like_the_template(review, consultant):
    energy = Partner.objects.create(name="Fjernvarme Syd A/S", type=PartnerType.ENERGY_COMPANY)
    header = ";".join(columns())
    cells = {
        **good_row(1),
        "type": "Lav udgift",  # a Danish label is accepted too
        "dkk_saved_per_year": "1.500,5",
        "obligation_company": "Fjernvarme Syd A/S",
        "obligation_date": "01-05-2026",
    }
    line = ";".join(str(cells.get(name, "")) for name in columns())
    content = f"{header}\r\n{line}\r\n".encode("utf-8-sig")
    response = client_for(consultant).post(
        reverse("screening:measure_import", args=[review.uuid]),
        {"file": SimpleUploadedFile("tiltag.csv", content)},
    )
    assert response.status_code == 302
    measure = review.measures.get()
    assert measure.dkk_saved_per_year == Decimal("1500.50")
    assert measure.savings == {"electricity": "1001"}
    assert measure.type == "low_cost"
    assert measure.obligation_company == energy
    assert measure.obligation_date.isoformat() == "2026-05-01"
