from datetime import date

import pytest

from carbon20.partnerships.models import Step
from carbon20.screening import services
from carbon20.screening.models import Measure, TechnicalReview
from carbon20.screening.tests.factories import add_baseline, add_measure, make_partnership_at_step_4

pytestmark = pytest.mark.django_db

REVIEWS = "/api/v1/technical-reviews/"
MEASURES = "/api/v1/measures/"


@pytest.fixture
def review(company_a, officer_a, programme, consultant):
    partnership = make_partnership_at_step_4(company_a, officer_a, programme)
    review = services.assign_consultant(
        partnership=partnership, consultant=consultant, user=officer_a
    )
    review.site_visit_date = date(2026, 4, 2)
    review.baseline_start = date(2025, 1, 1)
    review.baseline_end = date(2025, 12, 31)
    review.end_use_shares = {"lighting": "40", "other": "60"}
    review.save()
    return review


def measure_payload(review, **overrides):
    return {
        "review": str(review.uuid),
        "focus_area": "electricity",
        "description": "LED i hallen",
        "type": "investment",
        "savings": {"electricity": "12000"},
        "dkk_saved_per_year": "18000.00",
        "investment": "60000.00",
        "lifetime_years": 12,
        **overrides,
    }


def test_readers_of_the_partnership_read_the_review(
    api_for, officer_a, coordinator, company_user, consultant, officer_b, review
):
    for user in (officer_a, coordinator, company_user, consultant):
        assert api_for(user).get(f"{REVIEWS}{review.uuid}/").status_code == 200
    assert api_for(officer_b).get(f"{REVIEWS}{review.uuid}/").status_code == 404
    assert len(api_for(officer_b).get(REVIEWS).json()["results"]) == 0


def test_the_assigned_consultant_edits_the_draft(api_for, consultant, review):
    response = api_for(consultant).patch(
        f"{REVIEWS}{review.uuid}/",
        {"summary": "Stort potentiale", "end_use_shares": {"lighting": "30", "process": "50"}},
    )
    assert response.status_code == 200, response.json()
    review.refresh_from_db()
    assert review.summary == "Stort potentiale"
    assert review.end_use_shares == {"lighting": "30.00", "process": "50.00"}


def test_a_baseline_that_is_not_twelve_months_is_refused(api_for, consultant, review):
    response = api_for(consultant).patch(f"{REVIEWS}{review.uuid}/", {"baseline_end": "2025-06-30"})
    assert (response.status_code, response.json()["field"]) == (400, "baseline_end")


def test_end_use_shares_over_100_are_refused(api_for, consultant, review):
    response = api_for(consultant).patch(
        f"{REVIEWS}{review.uuid}/", {"end_use_shares": {"lighting": "60", "process": "50"}}
    )
    assert (response.json()["field"], response.json()["code"]) == ("end_use_shares", "total")


@pytest.mark.parametrize("persona", ["officer_a", "coordinator", "company_user", "officer_b"])
def test_no_one_else_edits_the_review(api_for, persona, request, review):
    user = request.getfixturevalue(persona)
    response = api_for(user).patch(f"{REVIEWS}{review.uuid}/", {"summary": "x"})
    assert response.status_code == 404
    review.refresh_from_db()
    assert review.summary == ""


def test_the_consultant_adds_changes_and_removes_measures(api_for, consultant, review):
    client = api_for(consultant)
    created = client.post(MEASURES, measure_payload(review))
    assert created.status_code == 201, created.json()
    assert created.json()["number"] == 1
    uuid = created.json()["uuid"]
    changed = client.patch(f"{MEASURES}{uuid}/", {"lifetime_years": 15})
    assert changed.json()["lifetime_years"] == 15
    assert client.delete(f"{MEASURES}{uuid}/").status_code == 204
    assert not Measure.objects.exists()


def test_measure_input_is_checked_field_by_field(api_for, consultant, review):
    response = api_for(consultant).post(
        MEASURES,
        measure_payload(
            review, savings={"coal": "1"}, lifetime_years=0, obligation_date="2026-01-01"
        ),
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"savings", "lifetime_years"} <= fields
    assert not Measure.objects.exists()


@pytest.mark.parametrize("persona", ["officer_a", "company_user"])
def test_readers_may_not_add_measures(api_for, persona, request, review):
    response = api_for(request.getfixturevalue(persona)).post(MEASURES, measure_payload(review))
    assert (response.status_code, response.json()["code"]) == (400, "permission_denied")
    assert not Measure.objects.exists()


def test_another_municipalitys_review_is_not_a_valid_choice(api_for, officer_b, review):
    response = api_for(officer_b).post(MEASURES, measure_payload(review))
    assert (response.status_code, response.json()["code"]) == (400, "does_not_exist")


def test_a_measure_of_another_municipality_is_404(api_for, officer_b, consultant, review):
    measure = add_measure(review, 1)
    assert api_for(officer_b).get(f"{MEASURES}{measure.uuid}/").status_code == 404
    assert api_for(officer_b).delete(f"{MEASURES}{measure.uuid}/").status_code == 404


def test_issuing_is_refused_with_the_reason_then_moves_the_partnership(api_for, consultant, review):
    client = api_for(consultant)
    refused = client.post(f"{REVIEWS}{review.uuid}/issue/")
    assert (refused.status_code, refused.json()["code"]) == (409, "transition_refused")
    add_measure(review, 1)
    add_baseline(review, electricity=100000)
    issued = client.post(f"{REVIEWS}{review.uuid}/issue/")
    assert issued.status_code == 200, issued.json()
    assert issued.json()["status"] == TechnicalReview.State.ISSUED
    review.partnership.refresh_from_db()
    assert review.partnership.step == Step.ACTION_PLAN
    # Issued means read-only, for the consultant too.
    assert client.patch(f"{REVIEWS}{review.uuid}/", {"summary": "x"}).status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_the_measure_list_has_a_bounded_query_count(
    api_for, consultant, review, size, django_assert_max_num_queries
):
    for number in range(1, size + 1):
        add_measure(review, number)
    client = api_for(consultant)
    with django_assert_max_num_queries(5):
        assert len(client.get(MEASURES).json()["results"]) == size
