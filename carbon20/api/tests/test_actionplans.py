from datetime import date

import pytest

from carbon20.actionplans.models import ActionStatus
from carbon20.followups.tests.conftest import add_plan, make_partnership, plan_follow_ups
from carbon20.partnerships.models import Status

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/action-plans/"
ACTIONS = "/api/v1/actions/"
FOLLOW_UPS = "/api/v1/follow-ups/"


@pytest.fixture
def partnership_a(company_a, programme, officer_a):
    return make_partnership(company_a, programme, officer_a)


@pytest.fixture
def plan_a(partnership_a):
    return add_plan(partnership_a)


@pytest.fixture
def action_a(plan_a):
    return plan_a.actions.get(title="LED i hallen")


def status_url(action):
    return f"{ACTIONS}{action.uuid}/status/"


def test_plans_and_actions_are_read_by_those_who_keep_or_read_them(
    api_for, officer_a, coordinator, company_user, officer_b, consultant, plan_a, action_a
):
    for user in (officer_a, coordinator, company_user):
        assert api_for(user).get(f"{PLANS}{plan_a.uuid}/").json()["actions"]
        assert api_for(user).get(f"{ACTIONS}{action_a.uuid}/").status_code == 200
    for user in (officer_b, consultant):
        assert api_for(user).get(f"{PLANS}{plan_a.uuid}/").status_code == 404
        assert api_for(user).get(f"{ACTIONS}{action_a.uuid}/").status_code == 404
        assert len(api_for(user).get(ACTIONS).json()["results"]) == 0


def test_the_company_user_updates_a_status_and_it_is_kept_in_the_history(
    api_for, company_user, action_a
):
    client = api_for(company_user)
    response = client.post(status_url(action_a), {"status": "in_progress"})
    assert response.status_code == 200, response.json()
    response = client.post(status_url(action_a), {"status": "done"})
    history = response.json()["history"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [
        ("planned", "in_progress"),
        ("in_progress", "done"),
    ]
    assert history[0]["changed_by"] == str(company_user.uuid)
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.DONE


def test_dropping_needs_a_reason_at_the_reason_field(api_for, officer_a, action_a):
    response = api_for(officer_a).post(status_url(action_a), {"status": "dropped"})
    assert (response.status_code, response.json()["field"]) == (400, "reason")
    response = api_for(officer_a).post(
        status_url(action_a), {"status": "dropped", "reason": "Udlejer siger nej"}
    )
    assert response.json()["dropped_reason"] == "Udlejer siger nej"


def test_an_unknown_status_is_refused(api_for, officer_a, action_a):
    response = api_for(officer_a).post(status_url(action_a), {"status": "finished"})
    assert (response.json()["field"], response.json()["code"]) == ("status", "invalid_choice")


@pytest.mark.parametrize("persona", ["coordinator", "officer_b", "consultant"])
def test_others_may_not_update_a_status(api_for, persona, request, action_a):
    response = api_for(request.getfixturevalue(persona)).post(
        status_url(action_a), {"status": "done"}
    )
    assert response.status_code == 404
    action_a.refresh_from_db()
    assert action_a.status == ActionStatus.PLANNED


def test_no_status_change_on_a_paused_partnership(api_for, officer_a, partnership_a, action_a):
    partnership_a.status = Status.PAUSED
    partnership_a.save()
    assert api_for(officer_a).post(status_url(action_a), {"status": "done"}).status_code == 404


def test_actions_filter_by_status_and_plan(api_for, officer_a, plan_a, action_a):
    client = api_for(officer_a)
    client.post(status_url(action_a), {"status": "done"})
    done = client.get(ACTIONS, {"status": "done", "plan": str(plan_a.uuid)}).json()["results"]
    assert [a["uuid"] for a in done] == [str(action_a.uuid)]


@pytest.mark.parametrize("plans", [1, 5])
def test_the_action_list_has_a_bounded_query_count(
    api_for, officer_a, muni_a, programme, plans, django_assert_max_num_queries
):
    from testsupport.fixtures import make_company

    for index in range(plans):
        add_plan(make_partnership(make_company(muni_a, f"V {index}"), programme, officer_a))
    client = api_for(officer_a)
    with django_assert_max_num_queries(6):
        assert len(client.get(ACTIONS).json()["results"]) == 2 * plans


def test_follow_ups_are_read_with_the_partnership(
    api_for, officer_a, company_user, officer_b, partnership_a
):
    first, *_rest = plan_follow_ups(partnership_a, date(2026, 3, 1))
    client = api_for(officer_a)
    assert len(client.get(FOLLOW_UPS).json()["results"]) == 3
    assert len(client.get(FOLLOW_UPS, {"status": "held"}).json()["results"]) == 0
    assert len(client.get(FOLLOW_UPS, {"status": "planned"}).json()["results"]) == 3
    assert api_for(company_user).get(f"{FOLLOW_UPS}{first.uuid}/").json()["number"] == 1
    assert api_for(officer_b).get(f"{FOLLOW_UPS}{first.uuid}/").status_code == 404
