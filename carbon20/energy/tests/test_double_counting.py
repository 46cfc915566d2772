"""Nothing is counted twice: identical rows, overlapping periods of one carrier at one site
in a file or against what is stored, and a file imported again. The rule lives in the
service and the import framework, so the page, the import and the API share it."""

from datetime import date

import pytest
from django.urls import reverse

from carbon20.energy import imports
from carbon20.energy.models import ConsumptionRecord
from carbon20.energy.tests.conftest import add_record
from carbon20.energy.tests.test_consumption_import import HEADER, csv_upload, xlsx_upload
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

JANUARY = "El;01-01-2024;31-01-2024;100;kWh;Regning;;;"
FEBRUARY = "El;01-02-2024;29-02-2024;90;kWh;Regning;;;"


def test_two_identical_rows_are_refused_with_both_named(officer_a, company_a):
    report = imports.import_consumption(
        company_a, csv_upload([HEADER, JANUARY, FEBRUARY, JANUARY]), officer_a
    )
    assert [(error.row, error.column) for error in report.errors] == [(4, "Fra")]
    assert "række 2" in report.errors[0].message
    assert not ConsumptionRecord.objects.exists()


def test_overlapping_periods_of_one_carrier_and_site_are_refused(officer_a, company_a):
    overlapping = "El;15-01-2024;14-02-2024;50;kWh;Regning;;;"
    gas = "Naturgas;01-01-2024;31-01-2024;10;m³;Regning;;;"
    report = imports.import_consumption(
        company_a, csv_upload([HEADER, JANUARY, gas, overlapping]), officer_a
    )
    assert [error.row for error in report.errors] == [4]
    assert not ConsumptionRecord.objects.exists()


def test_a_row_overlapping_a_stored_record_names_it(officer_a, company_a):
    add_record(company_a, "electricity", date(2022, 1, 1), date(2022, 12, 31), "1000", "kWh")
    rows = [
        ["Energiart", "Fra", "Til", "Mængde", "Enhed", "Kilde"],
        ["El", date(2023, 1, 1), date(2023, 1, 31), 10, "kWh", "Regning"],
        ["El", date(2022, 6, 1), date(2022, 6, 30), 10, "kWh", "Regning"],
    ]
    report = imports.import_consumption(company_a, xlsx_upload(rows), officer_a)
    assert [error.row for error in report.errors] == [3]
    assert report.errors[0].message == (
        "Perioden overlapper registreringen 01.01.2022–31.12.2022 (el), der allerede er gemt."
    )
    assert ConsumptionRecord.objects.count() == 1


def test_importing_the_same_file_again_changes_nothing(officer_a, company_a):
    lines = [HEADER, JANUARY, FEBRUARY]
    first = imports.import_consumption(company_a, csv_upload(lines), officer_a)
    assert first.ok and first.imported == 2
    again = imports.import_consumption(company_a, csv_upload(lines), officer_a)
    assert again.ok and again.unchanged and again.imported == 0
    assert ConsumptionRecord.objects.count() == 2
    response = client_for(officer_a).post(
        reverse("energy:consumption_import", args=[company_a.uuid]),
        {"file": csv_upload(lines)},
        follow=True,
    )
    assert "allerede importeret" in response.text
    assert ConsumptionRecord.objects.count() == 2


def test_a_changed_figure_for_a_stored_period_is_refused_not_added(officer_a, company_a):
    imports.import_consumption(company_a, csv_upload([HEADER, JANUARY]), officer_a)
    changed = JANUARY.replace(";100;", ";120;")
    report = imports.import_consumption(company_a, csv_upload([HEADER, changed]), officer_a)
    assert not report.ok and not report.unchanged
    assert ConsumptionRecord.objects.count() == 1


def test_the_company_level_and_a_site_are_kept_apart(officer_a, company_a):
    site = company_a.sites.get()
    at_site = f"El;01-01-2024;31-01-2024;40;kWh;Regning;;{site.p_number};"
    report = imports.import_consumption(
        company_a, csv_upload([HEADER, JANUARY, at_site]), officer_a
    )
    assert report.ok, report.errors
    assert ConsumptionRecord.objects.count() == 2


def test_the_form_refuses_an_overlap_at_the_period(officer_a, company_a):
    add_record(company_a, "electricity", date(2024, 1, 1), date(2024, 12, 31), "1000", "kWh")
    response = client_for(officer_a).post(
        reverse("energy:consumption_add", args=[company_a.uuid]),
        {
            "carrier": "electricity",
            "period_start": "01-06-2024",
            "period_end": "30-06-2024",
            "quantity": "10",
            "unit": "kWh",
            "source": "bill",
        },
    )
    assert response.status_code == 200
    assert "01.01.2024–31.12.2024" in response.context["form"].errors["period_start"][0]
    assert ConsumptionRecord.objects.count() == 1


def test_a_bulk_call_refuses_the_same_record_twice_by_index(officer_a, company_a):
    from carbon20.api.tests.conftest import token_client

    item = {
        "company": str(company_a.uuid),
        "carrier": "electricity",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "quantity": "1",
        "unit": "MWh",
        "source": "bill",
    }
    response = token_client(officer_a).post(
        "/api/v1/consumption-records/bulk/", {"records": [item, item]}, format="json"
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["records.1.period_start"]
    assert not ConsumptionRecord.objects.exists()
