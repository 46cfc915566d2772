"""The partnership page links to each step's work item, shows the result (measured beside
deemed, never summed) and shows the officer what the company changed."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from carbon20.actionplans import services as plan_services
from carbon20.actionplans.models import Action, ActionStatusChange
from carbon20.energy.services import record_consumption
from carbon20.followups.selectors import company_changes
from carbon20.followups.tests.conftest import make_partnership
from carbon20.partnerships.models import Status, Step
from carbon20.screening.models import TechnicalReview
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def _page(user, partnership):
    return client_for(user).get(partnership.get_absolute_url())


def test_step_4_links_the_officer_to_assigning_the_consultant_and_to_the_review(
    company_a, programme, officer_a, consultant
):
    partnership = make_partnership(
        company_a, programme, officer_a, step=Step.TECHNICAL_REVIEW, consultant=consultant
    )
    review = TechnicalReview.objects.create(partnership=partnership)
    html = _page(officer_a, partnership).content.decode()
    assert reverse("screening:assign", args=[partnership.uuid]) in html
    assert review.get_absolute_url() in html


def test_step_4_assignment_is_not_offered_to_the_company_or_the_consultant(
    company_a, programme, officer_a, consultant, company_user
):
    partnership = make_partnership(
        company_a, programme, officer_a, step=Step.TECHNICAL_REVIEW, consultant=consultant
    )
    review = TechnicalReview.objects.create(partnership=partnership)
    assign = reverse("screening:assign", args=[partnership.uuid])
    for user in (company_user, consultant):
        html = _page(user, partnership).content.decode()
        assert assign not in html
        assert review.get_absolute_url() in html


def test_step_5_offers_the_company_user_to_start_the_plan_and_then_links_it(
    company_a, programme, officer_a, company_user
):
    partnership = make_partnership(company_a, programme, officer_a, step=Step.ACTION_PLAN)
    start = reverse("actionplans:start", args=[partnership.uuid])
    assert start in _page(company_user, partnership).content.decode()
    response = client_for(company_user).post(start)
    partnership.refresh_from_db()
    plan = partnership.action_plan
    assert response.status_code == 302
    html = _page(company_user, partnership).content.decode()
    assert start not in html
    assert plan.get_absolute_url() in html


def test_the_consultant_is_not_linked_to_the_plan(company_a, programme, officer_a, consultant):
    partnership = make_partnership(
        company_a, programme, officer_a, step=Step.ACTION_PLAN, consultant=consultant
    )
    plan = plan_services.start_plan(partnership)
    html = _page(consultant, partnership).content.decode()
    assert plan.get_absolute_url() not in html
    assert reverse("actionplans:start", args=[partnership.uuid]) not in html


def test_after_closing_every_work_item_and_the_result_summary_are_linked(
    approved, officer_a, company_user, django_assert_max_num_queries
):
    review = TechnicalReview.objects.create(partnership=approved, status="issued")
    Action.objects.filter(title="LED i hallen").update(status="done")
    approved.status = Status.COMPLETED
    approved.save(update_fields=["status"])
    # Bounded: the page's own reads plus the work section's (review, plan, signed
    # agreement, the two results, the company's changes), whatever the number of records.
    # The login (and its second factor) happens before the count: it is not the page's.
    client = client_for(officer_a)
    with django_assert_max_num_queries(45):
        response = client.get(approved.get_absolute_url())
    html = response.content.decode()
    overview = reverse("followups:overview", args=[approved.uuid])
    for url in (
        reverse("agreements:agreement_detail", args=[approved.signed_agreement.uuid]),
        review.get_absolute_url(),
        reverse("screening:report_pdf", args=[review.uuid]),
        approved.action_plan.get_absolute_url(),
        overview,
        overview + "#measured-heading",
    ):
        assert url in html, url
    summary = response.content.decode().split('data-testid="result-summary"')[1]
    assert "20,0 %" in summary  # measured: 100 t → 80 t
    assert "10,0 t" in summary  # deemed: the LED action done
    assert "Måleraflæsning" in summary or "Regning" in summary  # the evidence labels
    assert "Skøn" in summary
    assert "30,0" not in summary  # never measured plus deemed


def test_the_other_municipality_sees_nothing(approved, officer_b):
    assert _page(officer_b, approved).status_code == 404


def test_the_company_user_is_linked_to_updating_the_actions_and_to_consumption(
    approved, company_user
):
    html = _page(company_user, approved).content.decode()
    assert approved.action_plan.get_absolute_url() + "#actions" in html
    assert reverse("energy:consumption_list", args=[approved.company.uuid]) in html


def test_the_company_user_keeps_an_action_with_a_status_and_a_progress_note(approved, company_user):
    action = Action.objects.get(title="Varmepumpe")
    url = reverse("actionplans:action_status", args=[approved.action_plan.uuid, action.uuid])
    client = client_for(company_user)
    assert client.post(url, {"status": "in_progress", "reason": ""}).status_code == 302
    assert (
        client.post(url, {"status": "in_progress", "reason": "Tilbud indhentet"}).status_code == 302
    )
    refused = client.post(url, {"status": "dropped", "reason": ""})
    assert refused.status_code == 400
    notes = list(action.history.order_by("id").values_list("from_status", "to_status", "reason"))
    assert notes == [
        ("planned", "in_progress", ""),
        ("in_progress", "in_progress", "Tilbud indhentet"),
    ]
    action.refresh_from_db()
    assert action.status == "in_progress"


def test_the_same_status_without_a_note_changes_nothing(approved, company_user):
    action = Action.objects.get(title="Varmepumpe")
    assert (
        plan_services.change_status(action=action, status="planned", reason=" ", user=company_user)
        is None
    )
    assert not action.history.exists()


def test_the_officer_sees_the_company_changes_newest_first_with_who_and_when(
    approved, company_user, officer_a
):
    action = Action.objects.get(title="Varmepumpe")
    plan_services.change_status(
        action=action, status="dropped", reason="Udlejer siger nej", user=company_user
    )
    # The officer's own change is not the company's.
    plan_services.change_status(
        action=Action.objects.get(title="LED i hallen"), status="done", reason="", user=officer_a
    )
    record_consumption(
        company=approved.company,
        user=company_user,
        site=None,
        carrier="electricity",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        quantity=Decimal("120000"),
        unit="kWh",
        source="bill",
        heated_share_percent=None,
    )
    changes = company_changes(approved)
    assert [bool(c.record) for c in changes] == [True, False]
    assert all(c.by == company_user for c in changes)
    html = _page(officer_a, approved).content.decode()
    section = html.split('data-testid="company-changes"')[1]
    assert "Udlejer siger nej" in section
    assert "120000" in section or "120.000" in section
    assert company_user.email in section or company_user.get_full_name() in section
    assert ActionStatusChange.objects.filter(changed_by=officer_a).exists()
    assert "LED i hallen" not in section


def test_the_company_does_not_see_the_officers_list_of_its_changes(approved, company_user):
    plan_services.change_status(
        action=Action.objects.get(title="Varmepumpe"),
        status="in_progress",
        reason="",
        user=company_user,
    )
    assert 'data-testid="company-changes"' not in _page(company_user, approved).content.decode()
