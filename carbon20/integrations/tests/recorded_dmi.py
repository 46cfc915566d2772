"""A stand-in for DMI's climate data service made of the answers recorded in ``recorded/dmi``:
it answers the request whose query the recording was made for and counts the calls."""

import json
from collections.abc import Callable
from pathlib import Path

import httpx

RECORDED = Path(__file__).parent / "recorded" / "dmi"
BASE_URL = "https://dmigw.govcloud.dk/v2/climateData/collections"
API_KEY = "recorded-answers-key"


def recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def answer_for(request: httpx.Request) -> dict:
    params = request.url.params
    if request.url.path.endswith("/stationValue/items"):
        return recorded("station_06074_heating_degree_days_month.json")
    if params.get("parameterId") == "acc_heating_degree_days_17":
        return recorded("municipality_0751_heating_degree_days_day.json")
    if params.get("offset") == "3":
        return recorded("municipality_0751_mean_temp_day_page2.json")
    return recorded("municipality_0751_mean_temp_day_page1.json")


class RecordedDmi:
    """``transport`` for DmiClient; ``fail_first`` makes the first n calls raise instead."""

    def __init__(
        self, fail_first: int = 0, failure: Callable[[httpx.Request], Exception] | None = None
    ):
        self.requests: list[httpx.Request] = []
        self.fail_first = fail_first
        self.failure = failure or (lambda request: httpx.ReadTimeout("timed out", request=request))
        self.transport = httpx.MockTransport(self.handle)

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if len(self.requests) <= self.fail_first:
            raise self.failure(request)
        if request.url.params.get("api-key") != API_KEY:
            return httpx.Response(401, json={"message": "Unauthorized"})
        return httpx.Response(
            200, json=answer_for(request), headers={"Content-Type": "application/geo+json"}
        )
