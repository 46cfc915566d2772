"""One door per write: each write service that both a page and the API reach gives the
same result and the same refusal, whichever door the input came through.

Each test sends the same input once through the page and once through the API and
compares what was stored, or where the refusal landed: the form field on the page, the
`field` (and code) in the API's error shape.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from carbon20.actionplans.models import ActionStatus
from carbon20.followups.tests.conftest import add_plan
from carbon20.followups.tests.conftest import make_partnership as make_follow_up_partnership
from carbon20.organisations.models import Company, Partner, PartnerType, Site
from carbon20.partnerships.models import Step, TimelineEvent
from carbon20.screening import services as screening_services
from carbon20.screening.models import Measure
from carbon20.screening.tests.factories import (
    add_baseline,
    add_measure,
    make_factor_set,
    make_partnership_at_step_4,
)
from testsupport.fixtures import client_for, make_company, next_cvr

pytestmark = pytest.mark.django_db

API = "/api/v1"
COMPARED = ("name", "address", "postcode", "city", "industry_code")


def _api_fields(response) -> set[tuple[str, str]]:
    return {(error["field"], error["code"]) for error in response.json()["errors"]}


# --- organisations: create_company, add_site ---------------------------------------------


def _company_input(muni, cvr: str, **overrides) -> dict:
    return {
        "cvr": cvr,
        "name": "Dør ApS",
        "address": "Dørvej 1",
        "postcode": "2620",
        "city": "Albertslund",
        "industry_code": "310100",
        **overrides,
    }


def test_create_company_same_result_through_page_and_api(officer_a, api_for, muni_a):
    page_cvr, api_cvr = next_cvr(), next_cvr()
    page = client_for(officer_a).post(
        reverse("organisations:company_create"),
        {
            **_company_input(muni_a, page_cvr),
            "municipality": muni_a.pk,
            "portfolio_municipality": muni_a.pk,
        },
    )
    assert page.status_code == 302
    api = api_for(officer_a).post(
        f"{API}/companies/",
        {
            **_company_input(muni_a, api_cvr),
            "municipality": muni_a.slug,
            "portfolio_municipality": muni_a.slug,
        },
    )
    assert api.status_code == 201, api.json()
    by_page, by_api = Company.objects.get(cvr=page_cvr), Company.objects.get(cvr=api_cvr)
    assert [getattr(by_page, f) for f in COMPARED] == [getattr(by_api, f) for f in COMPARED]
    assert list(by_page.portfolio_municipalities.all()) == [muni_a]
    assert list(by_api.portfolio_municipalities.all()) == [muni_a]


def test_create_company_same_refusal_through_page_and_api(officer_a, api_for, muni_a):
    bad = {"industry_code": "12", "postcode": "12"}
    page = client_for(officer_a).post(
        reverse("organisations:company_create"),
        {
            **_company_input(muni_a, next_cvr(), **bad),
            "municipality": muni_a.pk,
            "portfolio_municipality": muni_a.pk,
        },
    )
    assert page.status_code == 200
    assert {"industry_code", "postcode"} <= set(page.context["form"].errors)
    api = api_for(officer_a).post(
        f"{API}/companies/",
        {
            **_company_input(muni_a, next_cvr(), **bad),
            "municipality": muni_a.slug,
            "portfolio_municipality": muni_a.slug,
        },
    )
    assert api.status_code == 400
    assert {("industry_code", "industry_code"), ("postcode", "postcode")} <= _api_fields(api)
    # The same message at the field on both doors.
    assert page.context["form"].errors["industry_code"] == [
        e["detail"] for e in api.json()["errors"] if e["field"] == "industry_code"
    ]
    assert not Company.objects.filter(name="Dør ApS").exists()


def _site_input(p_number: str, **overrides) -> dict:
    return {
        "p_number": p_number,
        "address": "Industrivej 4",
        "postcode": "2620",
        "city": "Albertslund",
        **overrides,
    }


def test_add_site_same_result_through_page_and_api(officer_a, api_for, company_a, muni_a):
    page = client_for(officer_a).post(
        reverse("organisations:site_create", args=[company_a.uuid]),
        {**_site_input("10 1234 5678"), "municipality": muni_a.pk},
    )
    assert page.status_code == 302
    api = api_for(officer_a).post(
        f"{API}/sites/",
        {**_site_input("10 8765 4321"), "municipality": muni_a.slug, "company": company_a.uuid},
    )
    assert api.status_code == 201, api.json()
    by_page = Site.objects.get(p_number="1012345678")
    by_api = Site.objects.get(p_number="1087654321")
    fields = ("company", "address", "postcode", "city", "municipality")
    assert [getattr(by_page, f) for f in fields] == [getattr(by_api, f) for f in fields]


def test_add_site_same_refusal_through_page_and_api(officer_a, api_for, company_a, muni_a):
    sites_before = Site.objects.count()
    page = client_for(officer_a).post(
        reverse("organisations:site_create", args=[company_a.uuid]),
        {**_site_input("123", postcode="99"), "municipality": muni_a.pk},
    )
    assert page.status_code == 200
    assert {"p_number", "postcode"} <= set(page.context["form"].errors)
    api = api_for(officer_a).post(
        f"{API}/sites/",
        {
            **_site_input("123", postcode="99"),
            "municipality": muni_a.slug,
            "company": company_a.uuid,
        },
    )
    assert api.status_code == 400
    assert {("p_number", "p_number_length"), ("postcode", "postcode")} <= _api_fields(api)
    assert Site.objects.count() == sites_before


# --- screening: update_review, save_measure, issue_review --------------------------------


@pytest.fixture
def review(company_a, officer_a, programme, consultant):
    partnership = make_partnership_at_step_4(company_a, officer_a, programme)
    review = screening_services.assign_consultant(
        partnership=partnership, consultant=consultant, user=officer_a
    )
    review.site_visit_date = date(2026, 4, 2)
    review.save()
    return review


def test_update_review_same_result_and_refusal_through_page_and_api(api_for, consultant, review):
    page_url = reverse("screening:edit", args=[review.uuid])
    api_url = f"{API}/technical-reviews/{review.uuid}/"
    short = {"baseline_start": "2025-01-01", "baseline_end": "2025-03-31"}
    page = client_for(consultant).post(page_url, {**short, "site_visit_date": "2026-04-02"})
    assert page.status_code == 200
    assert "baseline_end" in page.context["form"].errors
    api = api_for(consultant).patch(api_url, short)
    assert api.status_code == 400
    assert api.json()["field"] == "baseline_end"
    review.refresh_from_db()
    assert review.baseline_end is None

    year = {"baseline_start": "2025-01-01", "baseline_end": "2025-12-31"}
    page = client_for(consultant).post(page_url, {**year, "site_visit_date": "2026-04-02"})
    assert page.status_code == 302
    by_page = review.__class__.objects.get(pk=review.pk)
    review.__class__.objects.filter(pk=review.pk).update(baseline_start=None, baseline_end=None)
    assert api_for(consultant).patch(api_url, year).status_code == 200
    by_api = review.__class__.objects.get(pk=review.pk)
    assert (by_page.baseline_start, by_page.baseline_end) == (
        by_api.baseline_start,
        by_api.baseline_end,
    )


def _page_measure(**overrides) -> dict:
    return {
        "focus_area": "electricity",
        "description": "LED",
        "type": "investment",
        "dkk_saved_per_year": "18000",
        "investment": "60000",
        "lifetime_years": "12",
        "saving_electricity": "12000",
        **overrides,
    }


def _api_measure(review, **overrides) -> dict:
    return {
        "review": str(review.uuid),
        "focus_area": "electricity",
        "description": "LED",
        "type": "investment",
        "savings": {"electricity": "12000"},
        "dkk_saved_per_year": "18000",
        "investment": "60000",
        "lifetime_years": 12,
        **overrides,
    }


def test_save_measure_numbers_and_stores_alike_through_page_and_api(api_for, consultant, review):
    page = client_for(consultant)
    page_url = reverse("screening:measure_add", args=[review.uuid])
    assert page.post(page_url, _page_measure()).status_code == 302
    assert api_for(consultant).post(f"{API}/measures/", _api_measure(review)).status_code == 201
    assert page.post(page_url, _page_measure()).status_code == 302
    measures = list(review.measures.order_by("number"))
    assert [m.number for m in measures] == [1, 2, 3]
    fields = ("focus_area", "type", "dkk_saved_per_year", "investment")
    # Savings compared as numbers: the API's decimal field keeps its three places in the
    # stored text ("12000.000"), the page's does not ("12000").
    stored = [[m.savings_decimal(), *(getattr(m, f) for f in fields)] for m in measures]
    assert stored[0] == stored[1] == stored[2]


def test_save_measure_same_refusal_through_page_and_api(api_for, consultant, review):
    energy_company = Partner.objects.create(name="Energi A/S", type=PartnerType.ENERGY_COMPANY)
    page = client_for(consultant).post(
        reverse("screening:measure_add", args=[review.uuid]),
        _page_measure(obligation_company=energy_company.pk),
    )
    assert page.status_code == 200
    assert "obligation_date" in page.context["form"].errors
    api = api_for(consultant).post(
        f"{API}/measures/", _api_measure(review, obligation_company=str(energy_company.uuid))
    )
    assert api.status_code == 400
    assert ("obligation_date", "obligation_incomplete") in _api_fields(api)
    assert page.context["form"].errors["obligation_date"] == [
        e["detail"] for e in api.json()["errors"] if e["field"] == "obligation_date"
    ]
    assert not Measure.objects.exists()


def test_issue_review_same_refusal_through_page_and_api(api_for, consultant, review):
    page = client_for(consultant).post(
        reverse("screening:issue", args=[review.uuid]), {"confirm": "on"}
    )
    assert page.status_code == 400
    page_reasons = page.context["issue_form"].non_field_errors()
    api = api_for(consultant).post(f"{API}/technical-reviews/{review.uuid}/issue/")
    assert (api.status_code, api.json()["code"]) == (409, "transition_refused")
    assert list(page_reasons) == [api.json()["detail"]]
    review.refresh_from_db()
    assert not review.is_issued


def test_end_use_shares_same_refusal_through_page_and_api(api_for, consultant, review):
    """The shares' total is the model field's rule: both doors refuse it with its words."""
    shares = {"lighting": "60", "process": "50"}
    page = client_for(consultant).post(reverse("screening:end_uses", args=[review.uuid]), shares)
    assert page.status_code == 200
    api = api_for(consultant).patch(
        f"{API}/technical-reviews/{review.uuid}/", {"end_use_shares": shares}
    )
    assert (api.status_code, api.json()["field"], api.json()["code"]) == (
        400,
        "end_use_shares",
        "total",
    )
    assert list(page.context["form"].non_field_errors()) == [api.json()["detail"]]
    review.refresh_from_db()
    assert review.end_use_shares == {}


def test_end_use_shares_same_result_through_page_and_api(api_for, consultant, review):
    shares = {"lighting": "30", "process": "50"}
    page = client_for(consultant).post(reverse("screening:end_uses", args=[review.uuid]), shares)
    assert page.status_code == 302
    review.refresh_from_db()
    by_page = review.end_use_shares
    review.__class__.objects.filter(pk=review.pk).update(end_use_shares={})
    api = api_for(consultant).patch(
        f"{API}/technical-reviews/{review.uuid}/", {"end_use_shares": shares}
    )
    assert api.status_code == 200
    review.refresh_from_db()
    # Compared as numbers: the API's decimal field keeps two places in the stored text
    # ("30.00"), the page's does not ("30").
    assert {k: Decimal(v) for k, v in by_page.items()} == {
        k: Decimal(v) for k, v in review.end_use_shares.items()
    }


def test_an_end_use_share_out_of_range_is_refused_by_the_model_rule(api_for, consultant, review):
    api = api_for(consultant).patch(
        f"{API}/technical-reviews/{review.uuid}/", {"end_use_shares": {"lighting": "120"}}
    )
    assert (api.status_code, api.json()["field"], api.json()["code"]) == (
        400,
        "end_use_shares",
        "range",
    )
    review.refresh_from_db()
    assert review.end_use_shares == {}


def _issuable_review(company, officer, programme, consultant, factor_set):
    partnership = make_partnership_at_step_4(company, officer, programme, factor_set)
    review = screening_services.assign_consultant(
        partnership=partnership, consultant=consultant, user=officer
    )
    review.site_visit_date = date(2026, 4, 2)
    review.baseline_start = date(2025, 1, 1)
    review.baseline_end = date(2025, 12, 31)
    review.end_use_shares = {"lighting": "40", "other": "60"}
    review.save()
    add_baseline(review, electricity=Decimal("250000"))
    add_measure(review, 1, savings={"electricity": "20000"})
    return review


def test_issue_review_same_result_through_page_and_api(
    api_for, consultant, officer_a, company_a, programme
):
    factor_set = make_factor_set()
    other = make_company(company_a.municipality, "Anden Dør ApS")
    by_page = _issuable_review(company_a, officer_a, programme, consultant, factor_set)
    by_api = _issuable_review(other, officer_a, programme, consultant, factor_set)
    page = client_for(consultant).post(
        reverse("screening:issue", args=[by_page.uuid]), {"confirm": "on"}
    )
    assert page.status_code == 302
    api = api_for(consultant).post(f"{API}/technical-reviews/{by_api.uuid}/issue/")
    assert api.status_code == 200
    assert api.json()["status"] == "issued"
    results = []
    for review in (by_page, by_api):
        review.refresh_from_db()
        review.partnership.refresh_from_db()
        results.append(
            (
                review.status,
                review.issued_by,
                bool(review.report_pdf),
                review.partnership.step,
                list(
                    TimelineEvent.objects.filter(partnership=review.partnership)
                    .order_by("at", "pk")
                    .values_list("kind", "to_step")
                ),
            )
        )
    assert results[0] == results[1]
    assert results[0][3] == Step.ACTION_PLAN


# --- action plans: change_status ---------------------------------------------------------


@pytest.fixture
def plan(company_a, programme, officer_a):
    return add_plan(make_follow_up_partnership(company_a, programme, officer_a))


def test_change_status_same_result_and_refusal_through_page_and_api(api_for, officer_a, plan):
    led, heat = plan.actions.get(title="LED i hallen"), plan.actions.get(title="Varmepumpe")

    page = client_for(officer_a).post(
        reverse("actionplans:action_status", args=[plan.uuid, led.uuid]), {"status": "dropped"}
    )
    assert page.status_code == 400
    api = api_for(officer_a).post(f"{API}/actions/{heat.uuid}/status/", {"status": "dropped"})
    assert (api.status_code, api.json()["field"], api.json()["code"]) == (400, "reason", "required")
    assert page.context["status_form"].errors["reason"] == [api.json()["detail"]]

    reason = {"status": "dropped", "reason": "Udlejer siger nej"}
    client_for(officer_a).post(
        reverse("actionplans:action_status", args=[plan.uuid, led.uuid]), reason
    )
    api_for(officer_a).post(f"{API}/actions/{heat.uuid}/status/", reason)
    led.refresh_from_db()
    heat.refresh_from_db()
    assert (led.status, led.dropped_reason) == (heat.status, heat.dropped_reason)
    assert led.status == ActionStatus.DROPPED
    histories = [
        list(action.history.values_list("from_status", "to_status", "reason"))
        for action in (led, heat)
    ]
    assert histories[0] == histories[1]
