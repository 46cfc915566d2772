"""The API's measured savings: the documented result per partnership, weather series and their
days, production records; right role, wrong role, other tenant."""

from datetime import date
from decimal import Decimal

import pytest

from carbon20.energy import services
from carbon20.energy.models import ProductionRecord
from carbon20.followups.tests.conftest import approved  # noqa: F401  (a shared fixture)

pytestmark = pytest.mark.django_db


def test_the_result_gives_method_figures_and_evidence(approved, api_for, officer_a, officer_b):  # noqa: F811
    agreement = approved.signed_agreement
    agreement.data_kinds = ["electricity", "heat"]
    agreement.documentation_methods = {"electricity": "bills", "heat": "deemed"}
    agreement.save()
    url = f"/api/v1/partnerships/{approved.uuid}/result/"
    body = api_for(officer_a).get(url).json()
    assert body["signed"] is True
    electricity, heat = body["figures"]
    assert (electricity["method"], electricity["evidence"]) == ("bills", "bills")
    assert electricity["savings"] == "100000" and electricity["co2e_saved_t"] == "10.000"
    assert electricity["uncertainty"] is None and electricity["model"] is None
    assert heat["evidence"] == "deemed"
    assert body["measured_co2e_t"] == "10.000"
    assert api_for(officer_b).get(url).status_code == 404


def test_a_partnership_without_a_signed_agreement_has_no_figures(
    company_a, programme, officer_a, api_for
):
    from carbon20.followups.tests.conftest import make_partnership

    partnership = make_partnership(company_a, programme, officer_a)
    body = api_for(officer_a).get(f"/api/v1/partnerships/{partnership.uuid}/result/").json()
    assert body == {
        "signed": False,
        "measured_co2e_t": None,
        "measured_uncertainty_t": None,
        "deemed_co2e_t": None,
        "figures": [],
    }


def test_weather_series_and_their_days_for_staff_only(api_for, consultant, company_user):
    series = services.create_weather_series(area="station", code="06074", name="Aarhus Lufthavn")
    services.save_weather_days(
        series=series,
        values={date(2024, 1, d): services.DayValues(Decimal(d)) for d in range(1, 4)},
        source="csv",
    )
    listed = api_for(consultant).get("/api/v1/weather-series/").json()
    assert [s["code"] for s in listed["results"]] == ["06074"]
    days = (
        api_for(consultant)
        .get(f"/api/v1/weather-series/{series.uuid}/days/?first_day=2024-01-02&last_day=2024-01-02")
        .json()
    )
    assert days["series"] == str(series.uuid)
    assert days["days"] == [
        {
            "day": "2024-01-02",
            "mean_temperature_c": "2.0",
            "heating_degree_days": "15.0",
            "source": "csv",
            "degree_days_source": "derived",
        }
    ]
    empty = api_for(consultant).get(f"/api/v1/weather-series/{series.uuid}/days/?last_day=")
    assert empty.status_code == 400 and empty.json()["field"] == "last_day"
    assert api_for(company_user).get(f"/api/v1/weather-series/{series.uuid}/").status_code == 404
    assert api_for(consultant).post("/api/v1/weather-series/", {}).status_code == 405


def test_production_records_are_entered_and_read_like_consumption(
    api_for, company_user, officer_b, coordinator, company_a
):
    record = {
        "company": str(company_a.uuid),
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "quantity": "12.5",
        "unit": "tonne",
        "product": "Møbler",
    }
    created = api_for(company_user).post("/api/v1/production-records/", record, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["quantity"] == "12.500"
    url = f"/api/v1/production-records/{created.json()['uuid']}/"
    assert api_for(coordinator).get(url).status_code == 200
    assert api_for(officer_b).get(url).status_code == 404
    refused = api_for(coordinator).post("/api/v1/production-records/", record, format="json")
    assert refused.status_code == 403
    other = api_for(officer_b).post("/api/v1/production-records/", record, format="json")
    assert other.status_code == 400 and other.json()["field"] == "company"
    backwards = {**record, "period_end": "2024-12-31"}
    bad = api_for(company_user).post("/api/v1/production-records/", backwards, format="json")
    assert bad.status_code == 400 and bad.json()["field"] == "period_end"
    assert ProductionRecord.objects.count() == 1
