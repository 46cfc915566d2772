"""A failure the app cannot help (the database gone mid-request) answers the Danish error
page, never a traceback; under /api/ the API's JSON error. Import row numbers print without
a thousands dot."""

import pytest
from django.db import OperationalError
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from carbon20.core.imports import ImportReport
from carbon20.organisations import views as organisation_views
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def _database_gone(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


def test_a_page_whose_database_fails_answers_the_danish_error_page(officer_a, monkeypatch):
    monkeypatch.setattr(organisation_views.selectors, "companies_for_user", _database_gone)
    client: Client = client_for(officer_a)
    client.raise_request_exception = False
    response = client.get("/companies/")
    assert response.status_code == 500
    assert "Siden kunne ikke vises" in response.text
    assert "OperationalError" not in response.text


def test_the_api_answers_json_for_the_same_failure(officer_a, monkeypatch):
    from carbon20.api.tests.conftest import token_client

    monkeypatch.setattr("carbon20.organisations.selectors.companies_for_user", _database_gone)
    client = token_client(officer_a)
    client.raise_request_exception = False
    response = client.get("/api/v1/companies/")
    assert response.status_code == 500
    assert response.json()["code"] == "server_error"


def test_import_row_numbers_have_no_thousands_dot():
    report = ImportReport()
    report.add(10_000, "Mængde", "Angiv et tal.")
    with translation.override("da"):
        html = render_to_string("includes/import_report.html", {"report": report})
    assert "<td>10000</td>" in html
    assert "10.000" not in html
