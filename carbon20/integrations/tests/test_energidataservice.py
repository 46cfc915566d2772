"""The Energi Data Service client against a recorded answer of DeclarationGridEmission."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import httpx
import pytest

from carbon20.integrations import energidataservice
from carbon20.integrations.tests.transport import Recorder, ok

BASE = "https://api.energidataservice.dk"


def client_for(answer) -> tuple[energidataservice.EnergiDataServiceClient, Recorder]:
    recorder = Recorder({"/dataset/DeclarationGridEmission": answer})
    client = energidataservice.EnergiDataServiceClient(
        base_url=BASE, timeout=5, transport=recorder.transport()
    )
    return client, recorder


def test_grid_emissions_of_a_day_in_both_areas_and_methods():
    client, recorder = client_for(ok("energinet/declarationgridemission_2025-03-30.json"))
    start, end = datetime(2025, 3, 29, 23, tzinfo=UTC), datetime(2025, 3, 30, 22, tzinfo=UTC)
    with client:
        hours = client.grid_emissions(start, end)
    params = recorder.requests[0].url.params
    assert params["start"] == "2025-03-29T23:00" and params["end"] == "2025-03-30T22:00"
    assert json.loads(params["filter"]) == {"PriceArea": ["DK1", "DK2"]}
    assert params["timezone"] == "UTC"
    assert len(hours) == 23 * 4
    assert {(h.price_area, h.method) for h in hours} == {
        ("DK1", "125%"),
        ("DK1", "200%"),
        ("DK2", "125%"),
        ("DK2", "200%"),
    }
    first = next(h for h in hours if h.price_area == "DK2" and h.method == "125%")
    assert first.hour_utc == start
    assert first.co2_g_per_kwh == Decimal("65.192")
    missing = [h for h in hours if h.co2_g_per_kwh is None]
    assert [(m.price_area, m.method, m.hour_utc.hour) for m in missing] == [("DK1", "200%", 10)]


@pytest.mark.parametrize(
    "answer", [httpx.ReadTimeout("slow"), httpx.ConnectError("down"), httpx.Response(502)]
)
def test_unavailable(answer):
    client, _ = client_for(answer)
    with pytest.raises(energidataservice.ServiceUnavailable):
        client.grid_emissions(datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC))


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(400, json={}),
        httpx.Response(200, text="not json"),
        httpx.Response(200, json={"total": 0}),
        httpx.Response(200, json={"records": [{"HourUTC": "2025-01-01T00:00:00"}]}),
    ],
)
def test_unusable_answers(answer):
    client, _ = client_for(answer)
    with pytest.raises(energidataservice.EnergiDataServiceError):
        client.grid_emissions(datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC))


def test_read_hourly_csv_both_layouts():
    extract = "HourUTC,CarbonIntensity kg/MWh\n2025-01-01 00:00:00,42.808\n2025-01-01 01:00:00,\n"
    hours = energidataservice.read_hourly_csv(extract, price_area="DK2", method="125%")
    assert hours[0].co2_g_per_kwh == Decimal("42.808")
    assert hours[0].price_area == "DK2" and hours[0].method == "125%"
    assert hours[1].co2_g_per_kwh is None
    download = (
        "\ufeffHourUTC;HourDK;PriceArea;FuelAllocationMethod;CO2PerkWh\n"
        "2025-01-01T00:00:00;2025-01-01T01:00:00;DK1;200%;98,5\n"
    )
    (hour,) = energidataservice.read_hourly_csv(download, price_area="DK2", method="125%")
    assert (hour.price_area, hour.method, hour.co2_g_per_kwh) == ("DK1", "200%", Decimal("98.5"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Time,Value\n1,2\n",
        "HourUTC,CO2PerkWh\nyesterday,3\n",
        "HourUTC,CO2PerkWh\n2025-01-01 00:00:00,x\n",
    ],
)
def test_read_hourly_csv_refuses(text):
    with pytest.raises(energidataservice.EnergiDataServiceError):
        energidataservice.read_hourly_csv(text, price_area="DK2", method="125%")
