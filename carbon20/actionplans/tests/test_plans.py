"""Action plan pages: target and gap, the least-cost proposal, actions and their history,
approval and the PDF, who may do what, and bounded queries."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from carbon20.actionplans.models import Action, ActionPlan, ActionStatus, ActionStatusChange
from carbon20.partnerships.models import Step
from testsupport.fixtures import client_for


def measure_uuids(plan, *numbers):
    review = plan.partnership.technical_review
    return [str(review.measures.get(number=n).uuid) for n in numbers]


def test_plan_shows_baseline_target_expected_and_gap(plan, officer_a):
    response = client_for(officer_a).get(plan.get_absolute_url())
    assert response.status_code == 200
    figures = response.context["figures"]
    # 250 000 kWh × 0.197 = 49 250 kg; target 20 %: 39.4 t left, 9.85 t to cut.
    assert figures.baseline_tonnes == Decimal("49.25")
    assert figures.target_tonnes == Decimal("39.4")
    assert figures.required_tonnes == Decimal("9.85")
    assert figures.expected_tonnes == 0
    assert figures.gap_tonnes == Decimal("9.85")


def test_least_cost_proposal_is_ticked_and_accepted(plan, company_user, action_dates):
    client = client_for(company_user)
    response = client.get(
        reverse("actionplans:least_cost", args=[plan.uuid]), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    proposal = response.context["proposal"]
    # Each measure saves 15 000 DKK a year over 10 years; net a year: 12 000 − 15 000,
    # 6 000 − 15 000, 500 − 15 000 and 20 000 − 15 000 DKK. Measures 1–3 pay for themselves,
    # so all three are in the plan (11.82 t ≥ 9.85 t) and the fourth, which costs, is not.
    assert proposal.feasible
    assert list(proposal.chosen) == measure_uuids(plan, 1, 2, 3)
    assert proposal.net_cost_per_year == Decimal("-26500")
    assert proposal.investment == Decimal("185000")
    html = response.content.decode()
    assert html.lstrip().startswith('<section class="stack" id="least-cost"')
    assert 'data-testid="least-cost-objective"' in html
    for uuid in measure_uuids(plan, 1, 2, 3):
        assert f'value="{uuid}"' in html
    assert html.count("checked") == 3

    response = client.post(
        reverse("actionplans:from_measures", args=[plan.uuid]),
        {"measures": measure_uuids(plan, 1, 2, 3), **action_dates},
    )
    assert response.status_code == 302
    assert plan.actions.count() == 3
    figures = client.get(plan.get_absolute_url()).context["figures"]
    assert figures.expected_tonnes == Decimal("11.82")
    assert figures.gap_tonnes == 0
    assert ActionStatusChange.objects.filter(action__plan=plan, from_status="").count() == 3


def test_mac_chart_draws_bars_from_zero_cheapest_tonne_first(plan, company_user):
    response = client_for(company_user).get(plan.get_absolute_url())
    bars = response.context["mac_points"]
    # Cost per tonne = (investment ÷ 10 years − 15 000 DKK) ÷ tonnes: measure 3 saves the
    # most per tonne, measure 4 is the only one that costs.
    assert [bar["label"][:2] for bar in bars] == ["3.", "2.", "1.", "4."]
    assert [(bar["x0"], bar["x1"]) for bar in bars] == [
        (0.0, 1.97),
        (1.97, 7.88),
        (7.88, 11.82),
        (11.82, 16.745),
    ]
    assert [round(bar["y"], 2) for bar in bars] == [-7360.41, -1522.84, -761.42, 1015.23]
    html = response.content.decode()
    assert 'data-testid="mac-table"' in html and 'id="mac-data"' in html
    assert "-7.360" in html or "−7.360" in html


def test_least_cost_says_when_no_set_reaches_the_target(plan, officer_a):
    plan.partnership.agreements.update(target_percent=Decimal("50"))
    response = client_for(officer_a).get(reverse("actionplans:least_cost", args=[plan.uuid]))
    proposal = response.context["proposal"]
    assert not proposal.feasible
    # All four: 3.94 + 5.91 + 1.97 + 4.925 = 16.745 t; half of 49.25 t is 24.625 t.
    assert proposal.achievable_tonnes == Decimal("16.745")
    assert proposal.shortfall_tonnes == Decimal("7.88")
    assert 'data-testid="least-cost-result"' in response.content.decode()


def test_adjusted_choice_is_what_is_added(plan, officer_a, action_dates):
    response = client_for(officer_a).post(
        reverse("actionplans:from_measures", args=[plan.uuid]),
        {"measures": measure_uuids(plan, 3), **action_dates},
    )
    assert response.status_code == 302
    action = plan.actions.get()
    assert action.measure.number == 3
    assert action.savings == {"electricity": "10000"}


def test_own_action_with_bad_dates_is_refused(plan, company_user):
    data = {
        "title": "Cykelordning",
        "focus_area": "commuting",
        "owner": "HR",
        "start_date": "2026-09-01",
        "deadline": "2026-08-01",
        "priority": "low",
        "dkk_saved_per_year": "0",
        "investment": "15.000",
        "saving_diesel": "-4",
    }
    response = client_for(company_user).post(
        reverse("actionplans:action_add", args=[plan.uuid]), data
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "deadline" in errors
    assert "saving_diesel" in errors
    assert not Action.objects.exists()
    data.update(deadline="2026-12-01", saving_diesel="2000")
    response = client_for(company_user).post(
        reverse("actionplans:action_add", args=[plan.uuid]), data
    )
    assert response.status_code == 302
    action = plan.actions.get()
    assert action.investment == Decimal("15000")
    assert action.savings == {"diesel": "2000"}


def test_dropping_needs_a_reason_and_history_is_kept(plan, officer_a, company_user, action_dates):
    client_for(officer_a).post(
        reverse("actionplans:from_measures", args=[plan.uuid]),
        {"measures": measure_uuids(plan, 1), **action_dates},
    )
    action = plan.actions.get()
    url = reverse("actionplans:action_status", args=[plan.uuid, action.uuid])
    client = client_for(company_user)
    response = client.post(url, {"status": "dropped", "reason": "  "})
    assert response.status_code == 400
    assert "reason" in response.context["status_form"].errors
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED
    client.post(url, {"status": "in_progress"})
    client.post(url, {"status": "dropped", "reason": "Udlejer siger nej"})
    action.refresh_from_db()
    assert (action.status, action.dropped_reason) == ("dropped", "Udlejer siger nej")
    history = list(action.history.values_list("from_status", "to_status", "reason"))
    assert history == [
        ("", "planned", ""),
        ("planned", "in_progress", ""),
        ("in_progress", "dropped", "Udlejer siger nej"),
    ]
    figures = client.get(plan.get_absolute_url()).context["figures"]
    assert figures.expected_tonnes == 0


def test_approval_makes_the_pdf_and_moves_to_step_6(plan, company_user, action_dates):
    client = client_for(company_user)
    client.post(
        reverse("actionplans:from_measures", args=[plan.uuid]),
        {"measures": measure_uuids(plan, 1, 2), **action_dates},
    )
    url = reverse("actionplans:approve", args=[plan.uuid])
    response = client.post(url, {"approved_by_name": "Bo Direktør", "approved_by_title": ""})
    assert response.status_code == 400
    assert {"approved_by_title", "approved_on"} <= set(response.context["approval_form"].errors)
    response = client.post(
        url,
        {
            "approved_by_name": "Bo Direktør",
            "approved_by_title": "Adm. direktør",
            "approved_on": "2026-06-20",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    plan.partnership.refresh_from_db()
    assert plan.approved_on == date(2026, 6, 20)
    assert plan.partnership.step == Step.FOLLOW_UP
    pdf = client.get(reverse("actionplans:plan_pdf", args=[plan.uuid]))
    text = "".join(
        page.extract_text() for page in PdfReader(BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "Klimahandlingsplan" in text
    assert "Bo Direktør" in text
    assert "9,85" in text
    # Approved: actions are no longer added, but their status still changes (step 6).
    assert client.get(reverse("actionplans:action_add", args=[plan.uuid])).status_code == 404
    action = plan.actions.first()
    status_url = reverse("actionplans:action_status", args=[plan.uuid, action.uuid])
    assert client.post(status_url, {"status": "done"}).status_code == 302


def test_approval_without_actions_is_refused(plan, officer_a):
    response = client_for(officer_a).post(
        reverse("actionplans:approve", args=[plan.uuid]),
        {"approved_by_name": "A", "approved_by_title": "B", "approved_on": "2026-06-20"},
    )
    assert response.status_code == 400
    plan.refresh_from_db()
    assert not plan.is_approved
    assert plan.partnership.step == Step.ACTION_PLAN


# --- who may do what ----------------------------------------------------------------------


def plan_urls(plan):
    return [
        plan.get_absolute_url(),
        reverse("actionplans:least_cost", args=[plan.uuid]),
        reverse("actionplans:action_add", args=[plan.uuid]),
    ]


@pytest.mark.parametrize("persona", ["officer_b", "consultant", "no_role_user"])
def test_strangers_and_the_consultant_get_404(request, plan, persona, action_dates):
    client = client_for(request.getfixturevalue(persona))
    for url in plan_urls(plan):
        assert client.get(url).status_code == 404, url
    for name in ("from_measures", "approve"):
        assert client.post(reverse(f"actionplans:{name}", args=[plan.uuid])).status_code == 404
    assert client.get(reverse("actionplans:plan_pdf", args=[plan.uuid])).status_code == 404
    assert (
        client.post(reverse("actionplans:start", args=[plan.partnership.uuid])).status_code == 404
    )


def test_coordinator_reads_only(plan, coordinator, action_dates):
    client = client_for(coordinator)
    page = client.get(plan.get_absolute_url())
    assert page.status_code == 200
    assert page.context["editable"] is False
    assert client.get(reverse("actionplans:action_add", args=[plan.uuid])).status_code == 404
    response = client.post(
        reverse("actionplans:from_measures", args=[plan.uuid]),
        {"measures": measure_uuids(plan, 1), **action_dates},
    )
    assert response.status_code == 404
    assert not Action.objects.exists()


def test_company_user_starts_the_plan_from_the_list(
    company_user, company_a, officer_a, programme, consultant, factor_set
):
    from carbon20.actionplans.tests.conftest import issued_review_at_step_5

    partnership, _review = issued_review_at_step_5(
        company_a, officer_a, programme, consultant, factor_set
    )
    client = client_for(company_user)
    assert company_a.name in client.get(reverse("actionplans:list")).content.decode()
    response = client.post(reverse("actionplans:start", args=[partnership.uuid]))
    plan = ActionPlan.objects.get(partnership=partnership)
    assert response["Location"] == plan.get_absolute_url()


def test_other_officer_sees_no_plan_in_the_list(plan, officer_b):
    html = client_for(officer_b).get(reverse("actionplans:list")).content.decode()
    assert plan.partnership.company.name not in html


# --- query counts -------------------------------------------------------------------------


def test_plan_page_queries_do_not_grow_with_actions(plan, officer_a):
    client = client_for(officer_a)
    counts = []
    for total in (5, 50):
        for index in range(plan.actions.count(), total):
            action = Action.objects.create(
                plan=plan,
                title=f"Handling {index}",
                focus_area="electricity",
                owner="Drift",
                start_date=date(2026, 6, 1),
                deadline=date(2026, 12, 1),
                savings={"electricity": "100"},
            )
            ActionStatusChange.objects.create(action=action, to_status="planned")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(plan.get_absolute_url())
        assert len(response.context["figures"].actions) == total
        counts.append(len(captured))
    assert counts[0] == counts[1]
    assert counts[1] <= 25


def test_other_officer_gets_404_on_action_pages(plan, officer_a, officer_b, action_dates):
    client_for(officer_a).post(
        reverse("actionplans:from_measures", args=[plan.uuid]),
        {"measures": measure_uuids(plan, 1), **action_dates},
    )
    action = plan.actions.get()
    client = client_for(officer_b)
    edit = reverse("actionplans:action_edit", args=[plan.uuid, action.uuid])
    status = reverse("actionplans:action_status", args=[plan.uuid, action.uuid])
    assert client.get(edit).status_code == 404
    assert client.post(status, {"status": "done"}).status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.PLANNED


def test_plan_list_queries_bounded(officer_a, company_a, programme, consultant, factor_set):
    from carbon20.actionplans.tests.conftest import issued_review_at_step_5
    from testsupport.fixtures import make_company

    client = client_for(officer_a)
    counts = []
    for total in (2, 6):
        while ActionPlan.objects.count() < total:
            company = make_company(
                company_a.municipality, f"Planvirksomhed {ActionPlan.objects.count()}"
            )
            partnership, _review = issued_review_at_step_5(
                company, officer_a, programme, consultant, factor_set
            )
            ActionPlan.objects.create(partnership=partnership)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("actionplans:list"))
        assert response.content.decode().count("Planvirksomhed") == total
        counts.append(len(captured))
    assert counts[0] == counts[1]
