"""A stand-in for the CVR register's distribution service that answers from the recorded
files in `carbon20/integrations/tests/recorded/cvr/`, for the client's tests and for a live
server in the browser tests (settings.CVR_TRANSPORT = "testsupport.cvr.recorded_transport").

A company search answers `virksomhed_<cvr>.json` (or the recorded empty answer when no file
exists for the CVR); a production-unit search answers the recorded units whose P-numbers were
asked for. A request without basic auth gets the recorded 401.
"""

import json
from pathlib import Path

import httpx

RECORDED = (
    Path(__file__).resolve().parents[1] / "carbon20" / "integrations" / "tests" / "recorded" / "cvr"
)
TEST_SETTINGS = {
    "CVR_USERNAME": "carbon20-test",
    "CVR_PASSWORD": "not-a-secret",
    "CVR_BASE_URL": "http://distribution.virk.dk",
    "CVR_TIMEOUT_SECONDS": 2,
    "CVR_TRANSPORT": "testsupport.cvr.recorded_transport",
}


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def _company_answer(query: dict) -> dict:
    cvr = int(query["query"]["term"]["Vrvirksomhed.cvrNummer"])
    path = RECORDED / f"virksomhed_{cvr:08d}.json"
    return recorded(path.name) if path.exists() else recorded("virksomhed_not_found.json")


def _unit_answer(query: dict) -> dict:
    wanted = {int(p) for p in query["query"]["terms"]["VrproduktionsEnhed.pNummer"]}
    hits = [
        hit
        for path in sorted(RECORDED.glob("produktionsenhed_*.json"))
        for hit in recorded(path.name)["hits"]["hits"]
        if hit["_source"]["VrproduktionsEnhed"]["pNummer"] in wanted
    ]
    answer = recorded("virksomhed_not_found.json")
    answer["hits"] = {"total": len(hits), "max_score": 12.1 if hits else None, "hits": hits}
    return answer


def handler(request: httpx.Request) -> httpx.Response:
    if not request.headers.get("Authorization", "").startswith("Basic "):
        return httpx.Response(401, json=recorded("error_401.json"))
    query = json.loads(request.content)
    if request.url.path == "/cvr-permanent/virksomhed/_search":
        return httpx.Response(200, json=_company_answer(query))
    if request.url.path == "/cvr-permanent/produktionsenhed/_search":
        return httpx.Response(200, json=_unit_answer(query))
    return httpx.Response(404, json={"error": "no such index", "status": 404})


def recorded_transport() -> httpx.MockTransport:
    return httpx.MockTransport(handler)


def connect(settings) -> None:
    """Point the installation's CVR client at the recorded answers."""
    for name, value in TEST_SETTINGS.items():
        setattr(settings, name, value)
