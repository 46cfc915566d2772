"""The exports speak Danish to Danish users: sheet names, the key-figure header, and the
decimal comma of a semicolon-separated file."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from carbon20.reports.dashboard import Dashboard, KpiTable
from carbon20.reports.exports import as_csv
from carbon20.reports.tests.conftest import generate
from testsupport.fixtures import client_for


def _dashboard(rows) -> Dashboard:
    return Dashboard(
        partnerships=0,
        reductions=None,
        investments=None,
        follow_ups_held=0,
        tables=[KpiTable("economics", "Økonomi", ["Nøgletal", "Værdi"], rows)],
    )


def test_semicolon_csv_writes_the_decimal_comma():
    text = as_csv(_dashboard([["Gennemsnit", Decimal("12.50")], ["Andel", 0.25], ["Antal", 3]]))
    assert "Gennemsnit;12,50" in text
    assert "Andel;0,25" in text
    assert "Antal;3" in text


def test_workbook_sheets_and_key_figure_header_are_danish(wide_programme, muni_a, coordinator):
    generate(wide_programme, [muni_a], 5)
    client = client_for(coordinator)
    response = client.get(reverse("reports:export_xlsx", args=[wide_programme.slug]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(workbook.sheetnames) == sorted(
        [
            "Trin",
            "Tilmeldinger",
            "Reduktioner",
            "Opfølgninger",
            "Barrierer",
            "Handlinger",
            "Økonomi",
            "Resultater",
            "Evidens",
        ]
    )
    assert workbook["Reduktioner"]["A2"].value == "Nøgletal"
    page = client.get(reverse("reports:dashboard", args=[wide_programme.slug])).content.decode()
    assert '<th scope="col">Nøgletal</th>' in page
    assert "Tiltag" not in page


def test_english_workbook_has_english_sheets(wide_programme, muni_a, coordinator):
    generate(wide_programme, [muni_a], 3)
    client = client_for(coordinator)
    client.cookies["carbon20_language"] = "en"
    response = client.get(reverse("reports:export_xlsx", args=[wide_programme.slug]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert {"Steps", "Sign-ups", "Reductions"} <= set(workbook.sheetnames)
    assert workbook["Reductions"]["A2"].value == "Key figure"


def test_the_company_user_gets_no_export(wide_programme, company_user):
    response = client_for(company_user).get(
        reverse("reports:export_xlsx", args=[wide_programme.slug])
    )
    assert response.status_code == 404
