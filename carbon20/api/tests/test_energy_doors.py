"""The page and the API enter consumption through one service: the same input gives the
same stored record, and the same bad input the same refusal at the same field."""

from decimal import Decimal

import pytest
from django.urls import reverse

from carbon20.energy.models import ConsumptionRecord
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

STORED = [
    "carrier",
    "period_start",
    "period_end",
    "quantity",
    "unit",
    "canonical_quantity",
    "conversion_factor",
    "conversion_source",
    "source",
    "heated_share_percent",
    "note",
    "site",
    "created_by",
]


def page_post(company_user, company, **fields):
    data = {
        "carrier": "district_heating",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "quantity": "12,5",
        "unit": "MWh",
        "source": "bill",
        "heated_share_percent": "",
        "note": "Januar",
        **fields,
    }
    return client_for(company_user).post(
        reverse("energy:consumption_add", args=[company.uuid]), data
    )


def api_post(api_for, company_user, company, **fields):
    data = {
        "company": str(company.uuid),
        "carrier": "district_heating",
        "period_start": "2025-01-01",
        "period_end": "2025-01-31",
        "quantity": "12.5",
        "unit": "MWh",
        "source": "bill",
        "note": "Januar",
        **fields,
    }
    return api_for(company_user).post("/api/v1/consumption-records/", data)


def test_both_doors_store_the_same_record(api_for, company_user, company_a):
    assert page_post(company_user, company_a).status_code == 302
    by_page = ConsumptionRecord.objects.values(*STORED).get()
    # The same period twice would be double counting (refused below): one door at a time.
    ConsumptionRecord.objects.all().delete()
    assert api_post(api_for, company_user, company_a).status_code == 201
    by_api = ConsumptionRecord.objects.values(*STORED).get()
    assert by_page == by_api
    assert by_page["canonical_quantity"] == Decimal("12500")
    assert by_page["heated_share_percent"] == Decimal("100")


@pytest.mark.parametrize(
    ("page_fields", "api_fields", "field"),
    [
        ({"unit": "m3"}, {"unit": "m3"}, "unit"),
        (
            {"period_start": "2025-02-01", "period_end": "2025-01-01"},
            {"period_start": "2025-02-01", "period_end": "2025-01-01"},
            "period_end",
        ),
        ({"quantity": "-1"}, {"quantity": "-1"}, "quantity"),
        ({"quantity": "1,2345"}, {"quantity": "1.2345"}, "quantity"),
        ({"quantity": "10000000000000"}, {"quantity": "1e30"}, "quantity"),
    ],
    ids=["unit-of-another-carrier", "end-before-start", "negative", "decimals", "too-large"],
)
def test_both_doors_refuse_alike(api_for, company_user, company_a, page_fields, api_fields, field):
    page = page_post(company_user, company_a, **page_fields)
    assert page.status_code == 200
    page_messages = page.context["form"].errors[field]
    api = api_post(api_for, company_user, company_a, **api_fields)
    assert api.status_code == 400
    assert api.json()["field"] == field
    assert api.json()["detail"] in page_messages
    assert not ConsumptionRecord.objects.exists()


def test_both_doors_refuse_the_same_period_twice(api_for, company_user, company_a):
    assert page_post(company_user, company_a).status_code == 302
    again = page_post(company_user, company_a, period_start="2025-01-15")
    assert again.status_code == 200
    message = again.context["form"].errors["period_start"][0]
    assert "01.01.2025–31.01.2025 (fjernvarme)" in message
    api = api_post(api_for, company_user, company_a)
    assert api.status_code == 400
    assert api.json()["field"] == "period_start"
    assert ConsumptionRecord.objects.count() == 1


def test_a_neighbouring_period_and_another_carrier_are_saved(api_for, company_user, company_a):
    assert page_post(company_user, company_a).status_code == 302
    following = api_post(
        api_for, company_user, company_a, period_start="2025-02-01", period_end="2025-02-28"
    )
    assert following.status_code == 201
    assert (
        api_post(api_for, company_user, company_a, carrier="natural_gas", unit="m3").status_code
        == 201
    )
    assert ConsumptionRecord.objects.count() == 3
