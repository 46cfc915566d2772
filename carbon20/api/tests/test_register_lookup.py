"""GET /api/v1/companies/lookup/?cvr=…: the CVR register's answer, as the company form uses it."""

import httpx
import pytest

from carbon20.api.tests.conftest import token_client
from testsupport.cvr import connect
from testsupport.fixtures import make_company

pytestmark = pytest.mark.django_db

URL = "/api/v1/companies/lookup/"


@pytest.fixture
def register(settings):
    connect(settings)
    return settings


def test_a_company_comes_with_its_fields_and_p_units(officer_a, register):
    response = token_client(officer_a).get(URL, {"cvr": "DK 0000 9008"})
    assert response.status_code == 200
    data = response.json()
    assert data["cvr"] == "00009008"
    assert data["name"] == "Fjordglimt Keramik ApS"
    assert (data["address"], data["postcode"], data["city"]) == (
        "Keramikervej 12B",
        "5000",
        "Odense C",
    )
    assert data["municipality"] == "odense"
    assert data["industry_code"] == "234100"
    assert data["employee_band"] == "10-49"
    assert data["advertising_protected"] is False
    assert data["register_status"] == "NORMAL"
    assert [unit["p_number"] for unit in data["p_units"]] == ["1900000011", "1900000029"]
    assert data["p_units"][1]["municipality"] == "odense"


def test_unknown_and_ceased_cvrs_are_errors_at_the_field(officer_a, register):
    client = token_client(officer_a)
    unknown = client.get(URL, {"cvr": "00009032"}, HTTP_ACCEPT_LANGUAGE="en").json()
    assert (unknown["code"], unknown["field"]) == ("cvr_not_found", "cvr")
    assert "has no company with CVR number 00009032" in unknown["detail"]
    ceased = client.get(URL, {"cvr": "00009016"})
    assert ceased.status_code == 400
    assert ceased.json()["code"] == "cvr_ceased"
    invalid = client.get(URL, {"cvr": "00009009"})
    assert (invalid.status_code, invalid.json()["code"]) == (400, "cvr_checksum")


def test_without_a_connection_the_answer_says_so(officer_a):
    response = token_client(officer_a).get(URL, {"cvr": "00009008"})
    assert response.status_code == 424
    assert response.json()["code"] == "cvr_not_configured"


def slow_transport() -> httpx.MockTransport:
    def slow(request):
        raise httpx.ConnectTimeout("slow", request=request)

    return httpx.MockTransport(slow)


def test_a_timeout_is_a_424_with_its_code(officer_a, register):
    register.CVR_TRANSPORT = f"{__name__}.slow_transport"
    response = token_client(officer_a).get(URL, {"cvr": "00009008"})
    assert response.status_code == 424
    assert (response.json()["code"], response.json()["field"]) == ("cvr_unavailable", "cvr")


@pytest.mark.parametrize("persona", ["company_user", "consultant"])
def test_only_those_who_manage_companies_may_look_up(persona, request, register):
    response = token_client(request.getfixturevalue(persona)).get(URL, {"cvr": "00009008"})
    assert response.status_code == 403


def test_a_p_unit_abroad_has_no_municipality(officer_a, register):
    register.CVR_TRANSPORT = "carbon20.organisations.tests.test_cvr_autofill.abroad_transport"
    data = token_client(officer_a).get(URL, {"cvr": "00009008"}).json()
    assert [unit["municipality"] for unit in data["p_units"]] == [None, None]
    assert data["industry_code"] == ""


def test_the_registers_flags_are_read_only_in_the_company_api(officer_a, muni_a):
    company = make_company(muni_a, "Stille Smedie ApS", advertising_protected=True)
    client = token_client(officer_a)
    url = f"/api/v1/companies/{company.uuid}/"
    assert client.get(url).json()["advertising_protected"] is True
    client.patch(url, {"advertising_protected": False}, format="json")
    company.refresh_from_db()
    assert company.advertising_protected is True
