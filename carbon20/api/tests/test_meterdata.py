from datetime import date

import pytest

from carbon20.energy import meter_services
from carbon20.energy.meter_models import MeterSource

pytestmark = pytest.mark.django_db

POINTS = "/api/v1/metering-points/"


@pytest.fixture
def point(company_a):
    point = meter_services.register_metering_point(
        company=company_a, gsrn="571313161100187650", source=MeterSource.FILE
    )
    meter_services.store_meter_days(
        metering_point=point,
        days={
            date(2025, 3, 30): [1000] * 23,
            date(2025, 3, 31): [1500] * 23 + [None],
        },
    )
    return point


def test_list_and_detail_for_the_right_roles(api_for, officer_a, company_user, coordinator, point):
    for user in (officer_a, company_user, coordinator):
        body = api_for(user).get(POINTS).json()
        assert [p["gsrn"] for p in body["results"]] == [point.gsrn]
    detail = api_for(officer_a).get(f"{POINTS}{point.uuid}/").json()
    assert detail["price_area"] == "DK2"
    assert detail["company"] == str(point.company.uuid)


def test_other_tenant_gets_nothing(api_for, officer_b, point):
    client = api_for(officer_b)
    assert client.get(POINTS).json()["results"] == []
    assert client.get(f"{POINTS}{point.uuid}/").status_code == 404
    days = client.get(f"{POINTS}{point.uuid}/days/", {"start": "2025-03-01", "end": "2025-04-01"})
    assert days.status_code == 404


def test_company_filter(api_for, officer_a, point, company_b):
    client = api_for(officer_a)
    assert client.get(POINTS, {"company": str(company_b.uuid)}).json()["results"] == []


def test_daily_readings(api_for, company_user, point):
    response = api_for(company_user).get(
        f"{POINTS}{point.uuid}/days/", {"start": "2025-03-01", "end": "2025-04-30"}
    )
    assert response.status_code == 200
    assert response.json() == [
        {"day": "2025-03-30", "kwh": "23.000", "missing_hours": 0},
        {"day": "2025-03-31", "kwh": "34.500", "missing_hours": 1},
    ]


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"start": "2025-04-01", "end": "2025-03-01"},
        {"start": "2020-01-01", "end": "2025-01-01"},
        {"start": "x", "end": "y"},
    ],
)
def test_bad_ranges_answer_400(api_for, officer_a, point, params):
    response = api_for(officer_a).get(f"{POINTS}{point.uuid}/days/", params)
    assert response.status_code == 400
    assert response.json()["code"]


def test_not_writable(api_for, officer_a, point):
    assert api_for(officer_a).delete(f"{POINTS}{point.uuid}/").status_code == 405
