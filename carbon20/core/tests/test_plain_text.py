"""NUL bytes and text-direction overrides are refused at the field, by the pages, the
imports and the API alike, and nothing is saved."""

import pytest
from django.urls import reverse

from carbon20.api.tests.conftest import token_client
from carbon20.energy import imports
from carbon20.energy.models import ConsumptionRecord
from carbon20.energy.tests.test_consumption_import import HEADER, csv_upload
from carbon20.organisations.models import Company
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

UNSAFE = ["Firma\x00ApS", "Firma \u202eSpA", "Firma \u2066x\u2069", "\u202aA", "\u202dB"]


def _company_post(company, name):
    return {
        "cvr": company.cvr,
        "name": name,
        "address": company.address,
        "postcode": company.postcode,
        "city": company.city,
        "municipality": company.municipality_id,
    }


@pytest.mark.parametrize("name", UNSAFE)
def test_the_page_refuses_unsafe_text_at_the_field(officer_a, company_a, name):
    response = client_for(officer_a).post(
        reverse("organisations:company_edit", args=[company_a.uuid]),
        _company_post(company_a, name),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert Company.objects.get(pk=company_a.pk).name == company_a.name


@pytest.mark.parametrize("name", UNSAFE)
def test_the_api_refuses_unsafe_text_at_the_field(officer_a, company_a, name):
    response = token_client(officer_a).patch(
        f"/api/v1/companies/{company_a.uuid}/", {"name": name}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["field"] == "name"
    # DRF's own check names a NUL byte first; the platform's rule the rest.
    assert response.json()["code"] in {"unsafe_characters", "null_characters_not_allowed"}


def test_an_import_refuses_unsafe_text_at_its_row(officer_a, company_a):
    line = "El;01-01-2024;31-01-2024;100;kWh;Regning;;;note \u202e"
    report = imports.import_consumption(company_a, csv_upload([HEADER, line]), officer_a)
    assert [(error.row, error.column) for error in report.errors] == [(2, "Note")]
    assert not ConsumptionRecord.objects.exists()


def test_ordinary_danish_text_passes(officer_a, company_a):
    response = token_client(officer_a).patch(
        f"/api/v1/companies/{company_a.uuid}/", {"name": "Æblegård & Søn ApS"}, format="json"
    )
    assert response.status_code == 200
