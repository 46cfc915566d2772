from datetime import date
from decimal import Decimal

import pytest

from carbon20.energy import services
from carbon20.energy.models import ConsumptionRecord, FactorSet
from testsupport.fixtures import make_site

pytestmark = pytest.mark.django_db

RECORDS = "/api/v1/consumption-records/"
BULK = "/api/v1/consumption-records/bulk/"
FACTOR_SETS = "/api/v1/factor-sets/"


def record(company, **overrides):
    return {
        "company": str(company.uuid),
        "carrier": "electricity",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "quantity": "12.5",
        "unit": "MWh",
        "source": "bill",
        **overrides,
    }


def stored(company, **fields):
    return services.record_consumption(
        company=company,
        user=None,
        site=None,
        carrier=fields.get("carrier", "electricity"),
        period_start=date.fromisoformat(fields.get("period_start", "2025-01-01")),
        period_end=date.fromisoformat(fields.get("period_end", "2025-01-31")),
        quantity=Decimal("100"),
        unit=fields.get("unit", "kWh"),
        source="bill",
        heated_share_percent=None,
    )


# Factor sets


def test_every_role_reads_the_published_reference_sets(api_for, officer_a, company_user):
    published = FactorSet.objects.filter(is_published=True, programme__isnull=True).count()
    assert published > 0
    for user in (officer_a, company_user):
        body = api_for(user).get(FACTOR_SETS, {"page_size": 500}).json()
        assert len(body["results"]) == published
        assert body["results"][0]["factors"]


def test_a_user_without_role_sees_no_factor_set(api_for, no_role_user):
    reference = FactorSet.objects.filter(is_published=True).first()
    client = api_for(no_role_user)
    assert len(client.get(FACTOR_SETS).json()["results"]) == 0
    assert client.get(f"{FACTOR_SETS}{reference.uuid}/").status_code == 404


def test_a_programmes_draft_set_is_only_for_its_coordinator(
    api_for, coordinator, officer_a, officer_b, programme
):
    draft = FactorSet.objects.create(
        name="Udkast",
        year=2026,
        method="other",
        source_url="https://example.dk",
        reliability="C",
        programme=programme,
    )
    url = f"{FACTOR_SETS}{draft.uuid}/"
    assert api_for(coordinator).get(url).status_code == 200
    assert api_for(officer_a).get(url).status_code == 404
    assert api_for(officer_b).get(url).status_code == 404


def test_factor_sets_are_read_only(api_for, coordinator):
    reference = FactorSet.objects.filter(is_published=True).first()
    response = api_for(coordinator).patch(f"{FACTOR_SETS}{reference.uuid}/", {"name": "x"})
    assert response.status_code == 405


@pytest.mark.parametrize("extra", [0, 8])
def test_the_factor_set_list_has_a_bounded_query_count(
    api_for, coordinator, programme, extra, django_assert_max_num_queries
):
    for year in range(extra):
        FactorSet.objects.create(
            name=f"Sæt {year}",
            year=2000 + year,
            method="other",
            source_url="https://example.dk",
            reliability="C",
            programme=programme,
        )
    client = api_for(coordinator)
    with django_assert_max_num_queries(7):
        client.get(FACTOR_SETS, {"page_size": 500})


# Consumption: single records


def test_a_company_user_enters_consumption(api_for, company_user, company_a):
    response = api_for(company_user).post(RECORDS, record(company_a))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert Decimal(body["canonical_quantity"]) == Decimal("12500")
    assert ConsumptionRecord.objects.get(uuid=body["uuid"]).created_by == company_user


def test_the_officer_of_the_portfolio_enters_consumption(api_for, officer_a, company_a):
    assert api_for(officer_a).post(RECORDS, record(company_a)).status_code == 201


def test_a_coordinator_reads_but_does_not_enter_consumption(api_for, coordinator, company_a):
    stored(company_a)
    client = api_for(coordinator)
    assert len(client.get(RECORDS).json()["results"]) == 1
    assert client.post(RECORDS, record(company_a)).status_code == 403


def test_another_municipalitys_company_is_not_a_valid_choice(api_for, officer_b, company_a):
    response = api_for(officer_b).post(RECORDS, record(company_a))
    assert response.status_code == 400
    assert (response.json()["field"], response.json()["code"]) == ("company", "does_not_exist")
    assert not ConsumptionRecord.objects.exists()


def test_another_municipalitys_record_is_404(api_for, officer_b, company_a):
    mine = stored(company_a)
    client = api_for(officer_b)
    assert client.get(f"{RECORDS}{mine.uuid}/").status_code == 404
    assert len(client.get(RECORDS).json()["results"]) == 0


def test_a_consultant_may_not_enter_consumption(api_for, consultant, company_a):
    assert api_for(consultant).post(RECORDS, record(company_a)).status_code == 403


def test_a_period_that_ends_before_it_starts_is_refused_at_period_end(
    api_for, company_user, company_a
):
    response = api_for(company_user).post(
        RECORDS, record(company_a, period_start="2025-02-01", period_end="2025-01-01")
    )
    assert response.status_code == 400
    assert response.json()["field"] == "period_end"


def test_a_unit_that_does_not_fit_the_carrier_is_refused(api_for, company_user, company_a):
    response = api_for(company_user).post(RECORDS, record(company_a, unit="m3"))
    assert response.status_code == 400
    assert response.json()["field"] == "unit"


def test_a_site_of_another_company_is_refused(api_for, officer_a, company_a, muni_a):
    from testsupport.fixtures import make_company

    other_site = make_site(make_company(muni_a, "Anden ApS"))
    response = api_for(officer_a).post(RECORDS, record(company_a, site=str(other_site.uuid)))
    assert response.status_code == 400
    assert response.json()["field"] == "site"


def test_consumption_filters(api_for, officer_a, company_a):
    stored(company_a, carrier="electricity")
    stored(
        company_a, carrier="water", unit="m3", period_start="2025-02-01", period_end="2025-02-28"
    )
    client = api_for(officer_a)
    assert len(client.get(RECORDS, {"carrier": "water"}).json()["results"]) == 1
    assert len(client.get(RECORDS, {"company": str(company_a.uuid)}).json()["results"]) == 2
    bad = client.get(RECORDS, {"carrier": "coal"})
    assert (bad.status_code, bad.json()["field"], bad.json()["code"]) == (
        400,
        "carrier",
        "invalid_choice",
    )


@pytest.mark.parametrize("size", [2, 20])
def test_the_consumption_list_has_a_bounded_query_count(
    api_for, officer_a, company_a, size, django_assert_max_num_queries
):
    for month in range(size):
        stored(company_a, period_start=f"{2000 + month}-01-01", period_end=f"{2000 + month}-01-31")
    client = api_for(officer_a)
    with django_assert_max_num_queries(5):
        assert len(client.get(RECORDS).json()["results"]) == size


# Consumption: bulk, all or nothing


def test_bulk_creates_every_record(api_for, company_user, company_a):
    site = company_a.sites.get()
    payload = {
        "records": [
            record(company_a, site=str(site.uuid)),
            record(company_a, carrier="district_heating", unit="GJ", quantity="30"),
        ]
    }
    response = api_for(company_user).post(BULK, payload)
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 2
    assert ConsumptionRecord.objects.filter(company=company_a).count() == 2


def test_bulk_saves_nothing_and_reports_every_refused_record(api_for, company_user, company_a):
    payload = {
        "records": [
            record(company_a),
            record(company_a, carrier="coal"),
            record(company_a),
            record(company_a, unit="m3"),
            record(company_a, period_start="2025-03-01", period_end="2025-01-01"),
        ]
    }
    response = api_for(company_user).post(BULK, payload)
    assert response.status_code == 400
    fields = {(e["field"], e["code"]) for e in response.json()["errors"]}
    assert ("records.1.carrier", "invalid_choice") in fields
    assert not ConsumptionRecord.objects.exists()
    # The field checks pass for items 1 to 3; the service refuses them, again all of them:
    # item 1 repeats item 0 (double counting), 2 and 3 break the record's rules.
    payload["records"].pop(1)
    response = api_for(company_user).post(BULK, payload)
    assert response.status_code == 400
    assert {e["field"].split(".")[1] for e in response.json()["errors"]} == {"1", "2", "3"}
    assert {e["field"].split(".")[2] for e in response.json()["errors"]} == {
        "period_start",
        "unit",
        "period_end",
    }
    assert not ConsumptionRecord.objects.exists()


def test_bulk_refuses_a_company_the_user_may_only_read(
    api_for, coordinator, officer_a, company_a, company_b
):
    payload = {"records": [record(company_a), record(company_b)]}
    response = api_for(officer_a).post(BULK, payload)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "records.1.company",
            "code": "does_not_exist",
            "detail": response.json()["detail"],
        }
    ]
    assert not ConsumptionRecord.objects.exists()


def test_bulk_needs_at_least_one_record(api_for, company_user):
    response = api_for(company_user).post(BULK, {"records": []})
    assert (response.status_code, response.json()["field"]) == (400, "records")
