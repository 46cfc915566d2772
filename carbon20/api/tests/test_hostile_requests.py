"""Hostile requests to the API answer its JSON error shape, never a server error or an HTML
page: every route with a format suffix, malformed UUIDs, oversized and deeply nested bodies,
unknown fields, and the Danish message for too many bulk records."""

import json
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from carbon20.api.energy import MAX_BULK_RECORDS
from carbon20.api.tests.conftest import token_client

pytestmark = pytest.mark.django_db

UUID = "3f1c2d4e-0000-4000-8000-000000000000"


def _api_routes():
    """Every router route under /api/v1/ with its placeholders filled, with a .json suffix."""
    resolver = get_resolver()
    routes = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            regex = str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + regex)
            elif isinstance(pattern, URLPattern):
                routes.add(prefix + regex)

    walk(resolver.url_patterns, "")
    filled = set()
    for route in routes:
        if "api/v1/" not in route or "format" not in route:
            continue
        path = re.sub(r"\(\?P<uuid>[^)]*\)", UUID, route)
        path = re.sub(r"\(\?P<format>[^)]*\)", "json", path)
        path = path.replace("^", "").replace("$", "").replace("\\.", ".").replace("/?", "/")
        filled.add("/" + path.lstrip("/"))
    return sorted(filled)


ROUTES = _api_routes()


def test_the_walk_finds_the_actions():
    joined = " ".join(ROUTES)
    for action in [
        "pause",
        "resume",
        "select-for-visit",
        "withdraw",
        "timeline",
        "pdf",
        "status",
        "issue",
        "adopt",
        "bulk",
    ]:
        assert f"/{action}.json" in joined, action


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_route_with_a_format_suffix_answers_json(officer_a, path, method):
    client = token_client(officer_a)
    response = getattr(client, method)(path, {}, format="json")
    assert response.status_code < 500, (path, response.status_code)
    assert response["Content-Type"].startswith("application/json"), path


def test_an_action_with_a_suffix_works(officer_a, company_a, muni_a):
    response = token_client(officer_a).post(
        "/api/v1/companies/adopt.json/",
        {"cvr": company_a.cvr, "portfolio_municipality": muni_a.slug},
        format="json",
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/companies/not-a-uuid/",
        "/api/v1/partnerships/12345/pause/",
        "/api/v1/nothing-here/",
        "/api/v1/consumption-records/?company=not-a-uuid",
    ],
)
def test_malformed_uuids_and_unknown_paths_answer_json(officer_a, path):
    response = token_client(officer_a).get(path)
    assert response.status_code in (400, 404)
    assert response.json()["code"]


def test_a_malformed_uuid_in_the_body_is_a_field_error(officer_a):
    response = token_client(officer_a).post(
        "/api/v1/consumption-records/",
        {
            "company": "not-a-uuid",
            "carrier": "electricity",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "quantity": "1",
            "unit": "MWh",
            "source": "bill",
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "company"


def test_a_body_over_the_limit_answers_413_json(officer_a, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = token_client(officer_a).post(
        "/api/v1/consumption-records/bulk/",
        json.dumps({"records": [{"note": "x" * 2000}]}),
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"


def test_json_nested_ten_thousand_levels_answers_400(officer_a):
    body = "[" * 10_000 + "]" * 10_000
    response = token_client(officer_a).post(
        "/api/v1/consumption-records/bulk/", body, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_unknown_fields_are_refused(officer_a, company_a):
    client = token_client(officer_a)
    response = client.patch(
        f"/api/v1/companies/{company_a.uuid}/", {"nmae": "Typo ApS"}, format="json"
    )
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == ("nmae", "unknown_field")
    bulk = client.post(
        "/api/v1/consumption-records/bulk/",
        {"records": [{"company": str(company_a.uuid), "surprise": 1}]},
        format="json",
    )
    assert bulk.status_code == 400
    assert "records.0.surprise" in [error["field"] for error in bulk.json()["errors"]]


def test_too_many_bulk_records_are_refused_in_danish(officer_a, company_a):
    record = {"company": str(company_a.uuid)}
    response = token_client(officer_a).post(
        "/api/v1/consumption-records/bulk/",
        {"records": [record] * (MAX_BULK_RECORDS + 1)},
        format="json",
        HTTP_ACCEPT_LANGUAGE="da",
    )
    assert response.status_code == 400
    assert (
        response.json()["detail"] == f"Sørg for, at feltet højst har {MAX_BULK_RECORDS} elementer."
    )
