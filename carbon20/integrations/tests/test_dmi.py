"""The DMI client against answers recorded in DMI's documented format: paging by the next
link, Danish dates, the key in every request, and plain refusals."""

from datetime import date
from decimal import Decimal

import httpx
import pytest

from carbon20.integrations import dmi
from carbon20.integrations.tests.recorded_dmi import API_KEY, BASE_URL, RecordedDmi, recorded


def client(stand_in: RecordedDmi, key: str = API_KEY) -> dmi.DmiClient:
    return dmi.DmiClient(api_key=key, base_url=BASE_URL, transport=stand_in.transport)


def fetch_temperatures(dmi_client: dmi.DmiClient) -> list[dmi.ClimateValue]:
    return dmi_client.fetch(
        area=dmi.Area.MUNICIPALITY,
        code="0751",
        parameter=dmi.MEAN_TEMPERATURE,
        resolution=dmi.Resolution.DAY,
        first_day=date(2024, 1, 1),
        last_day=date(2024, 1, 5),
    )


def test_daily_temperatures_are_read_across_pages():
    stand_in = RecordedDmi()
    values = fetch_temperatures(client(stand_in))
    assert [(v.first_day, v.value) for v in values] == [
        (date(2024, 1, 1), Decimal("2.3")),
        (date(2024, 1, 2), Decimal("1.1")),
        (date(2024, 1, 3), Decimal("-0.4")),
        (date(2024, 1, 4), Decimal("-3.2")),
        (date(2024, 1, 5), Decimal("0.8")),
    ]
    assert all(v.last_day == v.first_day and v.resolution == "day" for v in values)
    first, second = stand_in.requests
    assert first.url.path == "/v2/climateData/collections/municipalityValue/items"
    assert first.url.params["municipalityId"] == "0751"
    assert first.url.params["parameterId"] == "mean_temp"
    assert first.url.params["timeResolution"] == "day"
    assert first.url.params["datetime"] == "2024-01-01T00:00:00+00:00/2024-01-06T00:00:00+00:00"
    assert second.url.params["offset"] == "3"
    assert all(r.url.params["api-key"] == API_KEY for r in stand_in.requests)


def test_a_day_written_in_utc_is_read_as_the_danish_date():
    feature = recorded("municipality_0751_mean_temp_day_page1.json")["features"][0]
    feature["properties"]["from"] = "2023-12-31T23:00:00Z"
    feature["properties"]["to"] = "2024-01-01T23:00:00Z"
    value = dmi.parse_feature(feature)
    assert (value.first_day, value.last_day) == (date(2024, 1, 1), date(2024, 1, 1))


def test_monthly_degree_days_of_a_station_span_the_month():
    values = client(RecordedDmi()).fetch(
        area=dmi.Area.STATION,
        code="06074",
        parameter=dmi.HEATING_DEGREE_DAYS,
        resolution=dmi.Resolution.MONTH,
        first_day=date(2024, 1, 1),
        last_day=date(2024, 2, 29),
    )
    assert [(v.first_day, v.last_day, v.value) for v in values] == [
        (date(2024, 1, 1), date(2024, 1, 31), Decimal("498.6")),
        (date(2024, 2, 1), date(2024, 2, 29), Decimal("381.2")),
    ]


def test_without_a_key_nothing_is_asked():
    stand_in = RecordedDmi()
    with pytest.raises(dmi.DmiNotConfigured):
        fetch_temperatures(client(stand_in, key=""))
    assert stand_in.requests == []


def test_a_timeout_is_its_own_error_so_that_the_task_retries():
    with pytest.raises(dmi.DmiTimeout):
        fetch_temperatures(client(RecordedDmi(fail_first=1)))


def test_a_broken_connection_and_a_refused_key_are_errors():
    broken = RecordedDmi(
        fail_first=1, failure=lambda request: httpx.ConnectError("refused", request=request)
    )
    with pytest.raises(dmi.DmiError):
        fetch_temperatures(client(broken))
    with pytest.raises(dmi.DmiError, match="401"):
        fetch_temperatures(client(RecordedDmi(), key="wrong"))


@pytest.mark.parametrize(
    "answer",
    [
        {"type": "Feature"},
        {"type": "FeatureCollection", "features": [{"properties": {"from": "x"}}]},
    ],
)
def test_an_answer_that_is_not_climate_data_is_refused(answer):
    with pytest.raises(dmi.DmiError):
        dmi.parse_page(answer)


def test_an_answer_that_is_not_json_is_refused():
    transport = httpx.MockTransport(lambda request: httpx.Response(200, text="<html>"))
    dmi_client = dmi.DmiClient(api_key=API_KEY, base_url=BASE_URL, transport=transport)
    with pytest.raises(dmi.DmiError, match="not JSON"):
        fetch_temperatures(dmi_client)


def test_an_empty_page_ends_the_walk_even_with_a_next_link():
    page = recorded("municipality_0751_mean_temp_day_page1.json")
    page["features"] = []
    assert dmi.parse_page(page) == ([], None)
