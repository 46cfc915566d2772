"""The CVR client against the recorded answers of the distribution service."""

import json
from datetime import date

import httpx
import pytest

from carbon20.integrations import cvr
from testsupport.cvr import TEST_SETTINGS, handler, recorded

CONFIG = cvr.CvrSettings(
    base_url="http://distribution.virk.dk",
    username="carbon20-test",
    password="not-a-secret",
    timeout_seconds=2,
)


def make_client(answer=handler) -> cvr.CvrClient:
    return cvr.CvrClient(CONFIG, transport=httpx.MockTransport(answer))


def test_a_registered_company_is_read_from_the_newest_values():
    with make_client() as client:
        record = client.company("00009008")
    assert record.cvr == "00009008"
    assert record.name == "Fjordglimt Keramik ApS"
    assert record.address == cvr.Address(
        street="Keramikervej 12B",
        postcode="5000",
        city="Odense C",
        municipality_code=461,
        municipality_name="Odense",
    )
    assert (record.industry_code, record.industry_text) == (
        "234100",
        "Fremstilling af keramiske husholdningsartikler og dekorationsgenstande",
    )
    assert record.employees == cvr.EmployeeInterval("ANTAL_10_19", 10, 19)
    assert record.advertising_protected is False
    assert (record.status, record.ceased, record.ceased_on) == ("NORMAL", False, None)
    # The P-unit whose link to the company ended in 2018 is not the company's any more.
    assert record.p_numbers == ("1900000011", "1900000029")


def test_the_request_is_the_documented_search_with_basic_auth():
    seen: list[httpx.Request] = []

    def spy(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    with make_client(spy) as client:
        client.company("00009008")
    request = seen[0]
    assert request.method == "POST"
    assert str(request.url) == "http://distribution.virk.dk/cvr-permanent/virksomhed/_search"
    assert (
        request.headers["Authorization"]
        == httpx.BasicAuth("carbon20-test", "not-a-secret")._auth_header
    )
    assert json.loads(request.content) == {
        "query": {"term": {"Vrvirksomhed.cvrNummer": 9008}},
        "size": 1,
    }


def test_a_cvr_the_register_does_not_know_is_not_found():
    with make_client() as client, pytest.raises(cvr.CvrNotFound):
        client.company("00009032")


def test_a_ceased_company_says_so_with_its_last_day():
    with make_client() as client:
        record = client.company("00009016")
    assert record.ceased is True
    assert record.status == "OPHØRT"
    assert record.ceased_on == date(2025, 3, 31)
    assert record.p_numbers == ()


def test_advertising_protection_floor_and_an_interval_across_bands_are_read():
    with make_client() as client:
        record = client.company("00009024")
    assert record.advertising_protected is True
    assert record.address.street == "Havnegade 40, 2"
    assert record.employees == cvr.EmployeeInterval("ANTAL_200_499", 200, 499)


def test_production_units_come_with_their_addresses():
    with make_client() as client:
        units = client.production_units(["1900000029", "1900000011"])
    assert [unit.p_number for unit in units] == ["1900000011", "1900000029"]
    store = units[1]
    assert store.name == "Fjordglimt Keramik, lager"
    assert store.cvr == "00009008"
    assert store.address == cvr.Address("Lagervej 3", "5220", "Odense SØ", 461, "Odense")


def test_no_units_asked_is_no_request():
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError("no request expected")

    with make_client(refuse) as client:
        assert client.production_units([]) == []


def test_a_timeout_is_unavailable():
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("the register did not answer", request=request)

    with make_client(slow) as client, pytest.raises(cvr.CvrUnavailable):
        client.company("00009008")


def test_a_refused_connection_and_a_server_error_are_unavailable():
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with make_client(refused) as client, pytest.raises(cvr.CvrUnavailable):
        client.company("00009008")
    unavailable = make_client(lambda request: httpx.Response(503))
    with unavailable as client, pytest.raises(cvr.CvrUnavailable):
        client.company("00009008")


def test_refused_credentials_answer_401():
    def wrong_password(request: httpx.Request) -> httpx.Response:
        return httpx.Response(401, json=recorded("error_401.json"))

    with make_client(wrong_password) as client, pytest.raises(cvr.CvrAccessRefused) as error:
        client.company("00009008")
    assert error.value.code == "cvr_access_refused"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(200, text="<html>maintenance</html>"),
        httpx.Response(200, json={"hits": {"hits": [{"_source": {}}]}}),
        httpx.Response(200, json={"hits": {"hits": "none"}}),
        httpx.Response(200, json={"hits": {"hits": [{"_source": {"Vrvirksomhed": []}}]}}),
        httpx.Response(200, json={"hits": {"hits": [{"_source": {"Vrvirksomhed": {}}}]}}),
        httpx.Response(400, json={"error": "bad query"}),
    ],
)
def test_an_answer_not_in_the_documented_shape_is_refused(answer):
    with make_client(lambda request: answer) as client, pytest.raises(cvr.CvrBadAnswer):
        client.company("00009008")


def test_a_unit_without_p_number_is_refused():
    answer = {"hits": {"hits": [{"_source": {"VrproduktionsEnhed": {"navne": []}}}]}}
    odd = make_client(lambda request: httpx.Response(200, json=answer))
    with odd as client, pytest.raises(cvr.CvrBadAnswer):
        client.production_units(["1900000011"])


def test_an_address_without_a_postcode_or_municipality_keeps_what_it_has():
    address = cvr.parse_address({"vejnavn": "Ukendt vej", "postnummer": None})
    assert address == cvr.Address("Ukendt vej", "", "", None, "")


def test_employees_fall_back_to_the_quarterly_count_and_ignore_odd_codes():
    quarterly = {"nyesteKvartalsbeskaeftigelse": {"intervalKodeAntalAnsatte": "ANTAL_5_9"}}
    assert cvr.parse_employees(quarterly) == cvr.EmployeeInterval("ANTAL_5_9", 5, 9)
    odd = {"nyesteAarsbeskaeftigelse": {"intervalKodeAntalAnsatte": "UOPLYST"}}
    assert cvr.parse_employees(odd) is None


def test_a_ceased_status_without_a_readable_end_date_has_no_date():
    document = recorded("virksomhed_00009016.json")["hits"]["hits"][0]["_source"]["Vrvirksomhed"]
    document["livsforloeb"][-1]["periode"]["gyldigTil"] = "ukendt"
    assert cvr.parse_company(document).ceased_on is None
    document["livsforloeb"] = []
    assert cvr.parse_company(document).ceased_on is None


def test_without_credentials_the_client_is_not_configured(settings):
    settings.CVR_USERNAME = ""
    settings.CVR_PASSWORD = ""
    assert cvr.is_configured() is False
    with pytest.raises(cvr.CvrNotConfigured):
        cvr.client()


def test_with_credentials_the_settings_build_the_client(settings):
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
    assert cvr.is_configured() is True
    with cvr.client() as client:
        assert client.company("00009008").name == "Fjordglimt Keramik ApS"
