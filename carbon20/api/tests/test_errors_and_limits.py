import base64

import pytest
from rest_framework.test import APIClient

from carbon20.api import services
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

FEW = {"api": "3/minute"}


@pytest.fixture
def low_rate(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": FEW}


def test_an_unknown_address_under_the_api_is_a_json_404(api_for, officer_a):
    response = api_for(officer_a).get("/api/v1/no-such-thing/at/all")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["code"] == "not_found"


def test_a_malformed_uuid_is_a_json_404_not_a_500(api_for, officer_a):
    response = api_for(officer_a).get("/api/v1/companies/not-a-uuid/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_malformed_json_is_a_400_parse_error(api_for, officer_a):
    response = api_for(officer_a).generic(
        "POST", "/api/v1/companies/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "parse_error"
    assert body["field"] is None
    assert body["errors"] == [{"code": "parse_error", "field": None, "detail": body["detail"]}]


def test_a_form_encoded_body_is_a_415(api_for, officer_a):
    response = api_for(officer_a).post(
        "/api/v1/companies/", "name=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"


def test_a_body_that_is_not_an_object_is_a_400(api_for, officer_a):
    response = api_for(officer_a).post("/api/v1/companies/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json()["field"] is None


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "not-base64!",
        base64.b64encode(b"p=not-a-uuid").decode(),
        base64.b64encode(b"o=many").decode(),
    ],
)
def test_a_cursor_the_api_did_not_write_is_refused(api_for, officer_a, cursor):
    response = api_for(officer_a).get("/api/v1/companies/", {"cursor": cursor})
    assert (response.status_code, response.json()["field"]) == (400, "cursor")
    assert response.json()["code"] == "invalid"


def test_the_page_number_of_the_former_paging_is_an_unknown_parameter(api_for, officer_a):
    response = api_for(officer_a).get("/api/v1/companies/", {"page": "2"})
    assert (response.status_code, response.json()["code"]) == (400, "unknown_parameter")


def test_messages_follow_the_requested_language(api_for, officer_a):
    client = api_for(officer_a)
    english = client.get("/api/v1/companies/x/", HTTP_ACCEPT_LANGUAGE="en").json()["detail"]
    danish = client.get("/api/v1/companies/x/", HTTP_ACCEPT_LANGUAGE="da").json()["detail"]
    assert english != danish


def test_each_token_has_its_own_rate_limit(low_rate, officer_a):
    first = APIClient()
    second = APIClient()
    first.credentials(
        HTTP_AUTHORIZATION=f"Bearer {services.create_token(user=officer_a, name='1')[1]}"
    )
    second.credentials(
        HTTP_AUTHORIZATION=f"Bearer {services.create_token(user=officer_a, name='2')[1]}"
    )
    statuses = [first.get("/api/v1/municipalities/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = first.get("/api/v1/municipalities/")
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    assert second.get("/api/v1/municipalities/").status_code == 200


def test_a_session_is_limited_apart_from_the_users_tokens(low_rate, officer_a, api_for):
    token = api_for(officer_a)
    for _ in range(3):
        token.get("/api/v1/municipalities/")
    assert token.get("/api/v1/municipalities/").status_code == 429
    assert client_for(officer_a).get("/api/v1/municipalities/").status_code == 200


def test_the_schema_is_openapi_3_and_documents_the_error_format(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    company_create = schema["paths"]["/api/v1/companies/"]["post"]["responses"]
    assert {"201", "400", "401", "403", "409", "429"} <= set(company_create)
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {
        "code",
        "field",
        "detail",
        "errors",
    }


def test_the_docs_use_vendored_assets_only(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn" not in html.lower()
    assert "//unpkg" not in html and "jsdelivr" not in html


def test_an_unknown_query_parameter_is_refused_not_ignored(api_for, officer_a):
    response = api_for(officer_a).get("/api/v1/companies/", {"municipalty": "albertslund"})
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == (
        "municipalty",
        "unknown_parameter",
    )


def test_a_malformed_page_size_is_refused(api_for, officer_a):
    response = api_for(officer_a).get("/api/v1/companies/", {"page_size": "many"})
    assert (response.status_code, response.json()["field"]) == (400, "page_size")


def test_a_number_where_text_belongs_is_refused(api_for, officer_a, company_a):
    response = api_for(officer_a).patch(f"/api/v1/companies/{company_a.uuid}/", {"city": 2620})
    assert (response.status_code, response.json()["field"]) == (400, "city")
    assert response.json()["code"] == "invalid"


@pytest.mark.parametrize("page", ["", "0", "first"])
def test_a_malformed_page_number_is_refused(api_for, officer_a, page):
    response = api_for(officer_a).get("/api/v1/companies/", {"page": page})
    assert (response.status_code, response.json()["field"]) == (400, "page")
