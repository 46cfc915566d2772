from datetime import date

import pytest
from django.utils import translation

from carbon20.agreements.models import Agreement
from carbon20.partnerships import workflow
from carbon20.partnerships.models import (
    Interest,
    ManagementBacking,
    Status,
    Step,
    TimelineEvent,
    VisitOutcome,
)
from carbon20.partnerships.tests.conftest import make_partnership, make_visit
from carbon20.partnerships.workflow import TransitionRefused


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched on their English source text."""
    with translation.override("en"):
        yield


def test_start_writes_created_event(partnership_a, officer_a):
    event = partnership_a.timeline.get()
    assert event.kind == TimelineEvent.Kind.CREATED
    assert event.actor == officer_a
    assert event.to_step == Step.RECRUITMENT


def test_second_open_partnership_for_the_same_company_is_refused(
    partnership_a, company_a, officer_a, programme
):
    with pytest.raises(TransitionRefused):
        make_partnership(company_a, officer_a, programme)


def test_select_for_visit_moves_to_step_2(partnership_a, officer_a):
    workflow.select_for_visit(partnership_a, officer_a)
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.VISIT
    event = partnership_a.timeline.first()
    assert (event.from_step, event.to_step, event.actor) == (1, 2, officer_a)


def test_not_interested_company_cannot_be_selected(partnership_a, officer_a):
    partnership_a.interest = Interest.NO
    partnership_a.save()
    with pytest.raises(TransitionRefused, match="not interested"):
        workflow.select_for_visit(partnership_a, officer_a)
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.RECRUITMENT


def test_visit_with_backing_secured_moves_to_agreement_with_focus_areas(partnership_a, officer_a):
    workflow.select_for_visit(partnership_a, officer_a)
    visit = make_visit(partnership_a, officer_a)
    workflow.record_visit(partnership_a, visit, officer_a)
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.AGREEMENT
    assert partnership_a.focus_areas == ["electricity", "heat"]


@pytest.mark.parametrize("backing", [ManagementBacking.PENDING, ManagementBacking.REFUSED])
def test_no_agreement_without_backing_secured(partnership_a, officer_a, backing):
    workflow.select_for_visit(partnership_a, officer_a)
    visit = make_visit(partnership_a, officer_a, management_backing=backing)
    with pytest.raises(TransitionRefused):
        workflow.record_visit(partnership_a, visit, officer_a)
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.VISIT


def test_visit_outcome_later_keeps_step_and_sets_next_action(partnership_a, officer_a):
    workflow.select_for_visit(partnership_a, officer_a)
    visit = make_visit(
        partnership_a,
        officer_a,
        management_backing=ManagementBacking.PENDING,
        outcome=VisitOutcome.LATER,
        next_steps="Call the director",
        next_steps_date=date(2026, 11, 1),
    )
    workflow.record_visit(partnership_a, visit, officer_a)
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.VISIT
    assert partnership_a.next_action == "Call the director"
    assert partnership_a.next_action_due == date(2026, 11, 1)


def test_visit_outcome_not_interested_withdraws(partnership_a, officer_a):
    workflow.select_for_visit(partnership_a, officer_a)
    visit = make_visit(
        partnership_a,
        officer_a,
        management_backing=ManagementBacking.REFUSED,
        outcome=VisitOutcome.NOT_INTERESTED,
    )
    workflow.record_visit(partnership_a, visit, officer_a)
    partnership_a.refresh_from_db()
    assert partnership_a.status == Status.WITHDRAWN


def test_visit_cannot_be_recorded_before_selection(partnership_a, officer_a):
    visit = make_visit(partnership_a, officer_a)
    with pytest.raises(TransitionRefused, match="step 1"):
        workflow.record_visit(partnership_a, visit, officer_a)


def test_unsigned_agreement_does_not_advance(partnership_a, officer_a):
    partnership_a.step = Step.AGREEMENT
    partnership_a.save()
    agreement = Agreement(partnership=partnership_a, status=Agreement.State.SENT)
    with pytest.raises(TransitionRefused, match="not signed"):
        workflow.agreement_signed(partnership_a, agreement, officer_a)


def test_no_technical_review_before_the_agreement_is_signed(partnership_a, officer_a):
    with pytest.raises(TransitionRefused):
        workflow.review_issued(partnership_a, officer_a)
    # Even at step 4 (set without the workflow) the missing signature is the reason.
    partnership_a.step = Step.TECHNICAL_REVIEW
    partnership_a.save()
    with pytest.raises(TransitionRefused, match="agreement is signed"):
        workflow.review_issued(partnership_a, officer_a)


def test_pause_resume_withdraw_keep_reasons_in_the_timeline(partnership_a, officer_a):
    with pytest.raises(TransitionRefused, match="reason"):
        workflow.pause(partnership_a, officer_a, "  ")
    workflow.pause(partnership_a, officer_a, "Owner on leave")
    assert partnership_a.status == Status.PAUSED
    with pytest.raises(TransitionRefused):
        workflow.select_for_visit(partnership_a, officer_a)
    workflow.resume(partnership_a, officer_a)
    assert partnership_a.status == Status.ACTIVE
    workflow.withdraw(partnership_a, officer_a, "Company sold")
    partnership_a.refresh_from_db()
    assert partnership_a.status == Status.WITHDRAWN
    assert partnership_a.status_reason == "Company sold"
    kinds = list(partnership_a.timeline.values_list("kind", flat=True))
    assert kinds == ["withdrawn", "resumed", "paused", "created"]
    with pytest.raises(TransitionRefused):
        workflow.resume(partnership_a, officer_a)


def test_plan_approved_and_complete(partnership_a, officer_a):
    partnership_a.step = Step.ACTION_PLAN
    partnership_a.save()
    with pytest.raises(TransitionRefused):
        workflow.complete(partnership_a, officer_a)
    workflow.plan_approved(partnership_a, officer_a)
    workflow.complete(partnership_a, officer_a)
    partnership_a.refresh_from_db()
    assert (partnership_a.step, partnership_a.status) == (Step.FOLLOW_UP, Status.COMPLETED)
