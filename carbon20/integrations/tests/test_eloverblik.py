"""The Eloverblik client against recorded answers (structure of the third-party API's
OpenAPI document)."""

import itertools
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest

from carbon20.integrations import eloverblik
from carbon20.integrations.tests.transport import Recorder, ok

BASE = "https://api.eloverblik.dk/thirdpartyapi"
API = "/thirdpartyapi/api"


def client_for(routes) -> tuple[eloverblik.EloverblikClient, Recorder]:
    recorder = Recorder({f"{API}/token": ok("eloverblik/token.json"), **routes})
    client = eloverblik.EloverblikClient(
        refresh_token="recorded-refresh-token",
        base_url=BASE,
        timeout=5,
        transport=recorder.transport(),
    )
    return client, recorder


def test_token_exchange_then_bearer_data_access_token():
    client, recorder = client_for(
        {f"{API}/authorization/authorizations": ok("eloverblik/authorizations.json")}
    )
    client.authorizations()
    client.authorizations()
    token_request, first, second = recorder.requests
    assert token_request.headers["Authorization"] == "Bearer recorded-refresh-token"
    # The data-access token is fetched once and used for every later call.
    assert first.headers["Authorization"].startswith("Bearer eyJhbGciOiJIUzI1NiJ9.recorded")
    assert second.headers["Authorization"] == first.headers["Authorization"]


def test_authorizations_are_read_with_their_dates():
    client, _ = client_for(
        {f"{API}/authorization/authorizations": ok("eloverblik/authorizations.json")}
    )
    (authorization,) = client.authorizations()
    assert authorization.customer_cvr == "24256790"
    assert authorization.valid_from == date(2025, 3, 29)
    assert authorization.valid_to == date(2026, 3, 28)
    assert authorization.include_future_metering_points is True


def test_metering_points_by_cvr():
    client, recorder = client_for(
        {
            f"{API}/authorization/authorization/meteringpoints/customerCVR/": ok(
                "eloverblik/meteringpoints_customercvr.json"
            )
        }
    )
    points = client.metering_points("24256790")
    assert [p.gsrn for p in points] == ["571313174100000017", "571313174100000024"]
    assert points[0].postcode == "2620"
    assert points[0].address == "Fabriksvej 7"
    assert points[0].type_of_mp == "E17"
    assert recorder.paths()[-1].endswith("/meteringpoints/customerCVR/24256790")


def test_time_series_body_and_spring_day_of_23_points():
    client, recorder = client_for(
        {f"{API}/meterdata/gettimeseries/": ok("eloverblik/timeseries_hour_spring.json")}
    )
    (series,) = client.time_series(["571313174100000017"], date(2025, 3, 29), date(2025, 4, 2))
    request = recorder.requests[-1]
    assert request.method == "POST"
    assert request.url.path == f"{API}/meterdata/gettimeseries/2025-03-29/2025-04-02/Hour"
    assert json.loads(request.content) == {
        "meteringPoints": {"meteringPoint": ["571313174100000017"]}
    }
    assert series.success and series.gsrn == "571313174100000017"
    assert [len(p.points) for p in series.periods] == [24, 23, 24, 24]
    spring = series.periods[1]
    assert spring.start == datetime(2025, 3, 29, 23, tzinfo=UTC)
    assert spring.end == datetime(2025, 3, 30, 22, tzinfo=UTC)
    assert spring.resolution == "PT1H"
    assert spring.points[0].quantity == Decimal("3.250")
    assert spring.points[0].quality == "A04"


def test_unknown_metering_point_is_reported_on_its_series():
    client, _ = client_for(
        {f"{API}/meterdata/gettimeseries/": ok("eloverblik/timeseries_not_found.json")}
    )
    (series,) = client.time_series(["571313174100000024"], date(2025, 3, 29), date(2025, 4, 2))
    assert not series.success
    assert series.error_code == "20008"
    assert series.periods == []


@pytest.mark.parametrize("status", [401, 403])
def test_refused_token_raises_token_refused(status):
    recorder = Recorder({f"{API}/token": httpx.Response(status, json={"title": "Unauthorized"})})
    client = eloverblik.EloverblikClient(
        refresh_token="expired", base_url=BASE, timeout=5, transport=recorder.transport()
    )
    with pytest.raises(eloverblik.TokenRefused):
        client.authorizations()


@pytest.mark.parametrize(
    "answer",
    [
        httpx.ReadTimeout("timed out"),
        httpx.ConnectError("refused"),
        httpx.Response(503),
        httpx.Response(429),
    ],
)
def test_timeouts_and_overload_are_service_unavailable(answer):
    client, _ = client_for({f"{API}/authorization/authorizations": answer})
    with pytest.raises(eloverblik.ServiceUnavailable):
        client.authorizations()


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(400, json={}),
        httpx.Response(200, text="<html>"),
        httpx.Response(200, json={}),
    ],
)
def test_unusable_answers_raise(answer):
    client, _ = client_for({f"{API}/authorization/authorizations": answer})
    with pytest.raises(eloverblik.EloverblikError):
        client.authorizations()


def test_token_answer_without_token_raises():
    recorder = Recorder({f"{API}/token": httpx.Response(200, json={"result": ""})})
    client = eloverblik.EloverblikClient(
        refresh_token="x", base_url=BASE, timeout=5, transport=recorder.transport()
    )
    with pytest.raises(eloverblik.EloverblikError):
        client.authorizations()


def test_requests_longer_than_730_days_are_refused_and_chunked():
    client, _ = client_for({})
    with pytest.raises(ValueError):
        client.time_series(["571313174100000017"], date(2023, 1, 1), date(2025, 1, 2))
    with pytest.raises(ValueError):
        client.time_series(["571313174100000017"], date(2025, 1, 1), date(2025, 1, 2), "Week")
    pieces = list(eloverblik.chunks(date(2020, 1, 1), date(2025, 1, 1)))
    assert all((end - start).days <= 730 for start, end in pieces)
    assert pieces[0][0] == date(2020, 1, 1) and pieces[-1][1] == date(2025, 1, 1)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(pieces))


def test_time_series_chunks_asks_in_pieces():
    client, recorder = client_for(
        {f"{API}/meterdata/gettimeseries/": ok("eloverblik/timeseries_hour_spring.json")}
    )
    answers = list(
        client.time_series_chunks("571313174100000017", date(2022, 1, 1), date(2025, 4, 2))
    )
    assert len(answers) == 2
    assert recorder.paths(f"{API}/meterdata") == [
        f"{API}/meterdata/gettimeseries/2022-01-01/2024-01-01/Hour",
        f"{API}/meterdata/gettimeseries/2024-01-01/2025-04-02/Hour",
    ]


def test_unreadable_period_raises():
    answer = {
        "result": [
            {
                "success": True,
                "id": "571313174100000017",
                "MyEnergyData_MarketDocument": {
                    "TimeSeries": [{"mRID": "571313174100000017", "Period": [{"Point": []}]}]
                },
            }
        ]
    }
    client, _ = client_for({f"{API}/meterdata/gettimeseries/": httpx.Response(200, json=answer)})
    with pytest.raises(eloverblik.EloverblikError):
        client.time_series(["571313174100000017"], date(2025, 3, 29), date(2025, 4, 2))


def test_needs_a_refresh_token_and_closes():
    with pytest.raises(ValueError):
        eloverblik.EloverblikClient(refresh_token="", base_url=BASE, timeout=5)
    with eloverblik.EloverblikClient(refresh_token="x", base_url=BASE, timeout=5) as client:
        assert client is not None


def test_autumn_day_of_25_points_becomes_a_25_hour_day():
    from carbon20.energy.meter_services import days_from_series

    client, _ = client_for(
        {f"{API}/meterdata/gettimeseries/": ok("eloverblik/timeseries_hour_autumn.json")}
    )
    (series,) = client.time_series(["571313174100000017"], date(2025, 10, 25), date(2025, 10, 28))
    assert [len(p.points) for p in series.periods] == [24, 25, 24]
    days = days_from_series(series, date(2025, 10, 25), date(2025, 10, 27))
    autumn = days[date(2025, 10, 26)]
    assert len(autumn) == 25 and None not in autumn
    # 02:00 comes twice; both hours are outside working hours (3.25 kWh).
    assert autumn[2] == autumn[3] == 3250


def test_quarter_hours_are_added_into_hours():
    from carbon20.energy.meter_services import days_from_series

    client, _ = client_for(
        {f"{API}/meterdata/gettimeseries/": ok("eloverblik/timeseries_quarter.json")}
    )
    (series,) = client.time_series(["571313174100000017"], date(2025, 4, 1), date(2025, 4, 2))
    (period,) = series.periods
    assert period.resolution == "PT15M" and len(period.points) == 96
    (day,) = days_from_series(series, date(2025, 4, 1), date(2025, 4, 1)).values()
    assert len(day) == 24
    assert day[7] == 4 * 812  # positions 29–32, each 0.812 kWh
    assert sum(day) == 36 * 812 + 60 * 250
