from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from carbon20.actionplans.models import Action, ActionStatus, ActionStatusChange
from carbon20.followups import results
from carbon20.followups.models import ClosingRecord, FollowUp
from carbon20.followups.tests.conftest import add_plan, make_partnership
from carbon20.partnerships import workflow
from carbon20.partnerships.models import Status, Step, TimelineEvent
from testsupport.fixtures import client_for

TODAY = timezone.localdate


def hold_data(**overrides):
    data = {
        "held_date": TODAY().isoformat(),
        "form": "visit",
        "participants": "Officer A, direktør",
        "barriers": ["finance", "time"],
        "barrier_notes": "Budgettet er brugt",
        "help_needed": "Hjælp til at søge tilskud",
        "notes": "God fremdrift",
        "next_date": "",
        # The fixtures hold follow-ups today that are planned months ahead.
        "confirm_early": "on",
    }
    data.update(overrides)
    return data


def test_approving_the_plan_schedules_the_programmes_follow_ups(approved, settings):
    planned = list(approved.follow_ups.values_list("number", "planned_date"))
    spacing = timedelta(days=settings.FOLLOW_UP_SPACING_DAYS)
    assert planned == [(n, TODAY() + spacing * n) for n in (1, 2, 3)]


def test_measured_result_with_pinned_and_each_years_factors(approved):
    measured = results.measured_result(approved)
    assert measured.baseline_t == Decimal("100.000")
    assert measured.latest_year == 2025 and measured.latest_t == Decimal("80.000")
    assert measured.reduction_t == Decimal("20.000")
    assert measured.reduction_percent == Decimal("20.00")
    assert measured.target_reached is True
    # The only published set of the method is 2024's, so 2025 has no own-year factors.
    assert [(y.year, y.own_year_t) for y in measured.years] == [
        (2024, Decimal("100.000")),
        (2025, None),
    ]
    assert measured.evidence == ["Måleraflæsning", "Regning"]


def test_holding_a_follow_up_keeps_a_snapshot_and_the_overview_shows_it(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    client = client_for(officer_a)
    next_date = TODAY() + timedelta(days=60)
    response = client.post(follow_up.get_absolute_url(), hold_data(next_date=next_date.isoformat()))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.held_date == TODAY()
    assert follow_up.barriers == ["finance", "time"]
    assert follow_up.snapshot["result"]["reduction_percent"] == "20.00"
    assert follow_up.snapshot["result"]["latest_t"] == "80.000"
    # The next date moves the next planned follow-up.
    assert approved.follow_ups.get(number=2).planned_date == next_date

    page = client.get(reverse("followups:overview", args=[approved.uuid])).content.decode()
    assert 'data-testid="snapshots"' in page
    assert "80,0 t (2025)" in page and "20,0 %" in page
    assert "Barriere: Økonomi" in page


def test_a_held_follow_up_is_not_changed_by_a_second_post(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    client = client_for(officer_a)
    client.post(follow_up.get_absolute_url(), hold_data())
    snapshot = FollowUp.objects.get(pk=follow_up.pk).snapshot
    assert client.post(follow_up.get_absolute_url(), hold_data(notes="ændret")).status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.snapshot == snapshot and follow_up.notes == "God fremdrift"


def test_held_before_the_plans_approval_is_refused_and_nothing_saved(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    yesterday = TODAY() - timedelta(days=1)
    response = client_for(officer_a).post(
        follow_up.get_absolute_url(), hold_data(held_date=yesterday.isoformat())
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["held_date"]
    assert "før handlingsplanen blev godkendt" in errors[0]
    follow_up.refresh_from_db()
    assert follow_up.held_date is None and follow_up.snapshot is None and follow_up.notes == ""


def test_required_fields_of_a_held_follow_up(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    response = client_for(officer_a).post(
        follow_up.get_absolute_url(), hold_data(form="", participants="")
    )
    assert set(response.context["form"].errors) == {"form", "participants"}
    assert FollowUp.objects.get(pk=follow_up.pk).snapshot is None


def test_closing_after_the_last_follow_up_completes_the_partnership(approved, officer_a):
    client = client_for(officer_a)
    close_url = reverse("followups:close", args=[approved.uuid])
    refused = client.post(close_url, {"final_year": 2025, "result_summary": "20 % mindre"})
    assert "Hold først de resterende opfølgninger (3 ikke holdt)." in refused.content.decode()
    for follow_up in approved.follow_ups.all():
        assert client.post(follow_up.get_absolute_url(), hold_data()).status_code == 302

    missing_year = client.post(close_url, {"final_year": 2026, "result_summary": "x"})
    assert "Indtast først forbruget for 2026" in missing_year.content.decode()
    assert not ClosingRecord.objects.exists()

    response = client.post(
        close_url, {"final_year": 2025, "result_summary": "20 % mindre", "publish_case": "on"}
    )
    assert response.status_code == 302
    record = ClosingRecord.objects.get(partnership=approved)
    assert (record.baseline_t, record.final_t) == (Decimal("100.000"), Decimal("80.000"))
    assert record.reduction_percent == Decimal("20.00") and record.target_reached
    assert record.publish_case
    approved.refresh_from_db()
    assert approved.status == Status.COMPLETED
    assert approved.timeline.filter(kind="completed").exists()


@pytest.mark.parametrize("name", ["overview", "detail", "close"])
def test_tenancy(
    name, approved, officer_a, officer_b, coordinator, company_user, consultant, no_role_user
):
    follow_up = approved.follow_ups.get(number=1)
    target = follow_up.uuid if name == "detail" else approved.uuid
    url = reverse(f"followups:{name}", args=[target])
    assert client_for(officer_a).get(url).status_code == 200
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(consultant).get(url).status_code == 404
    assert client_for(no_role_user).get(url).status_code == 404
    readers = client_for(coordinator), client_for(company_user)
    for reader in readers:
        # Readers see the follow-ups but record nothing.
        assert reader.get(url).status_code == (404 if name == "close" else 200)
    if name == "detail":
        for reader in readers:
            assert reader.post(url, hold_data()).status_code == 404
            assert "form" not in reader.get(url).context or reader.get(url).context["form"] is None
        assert FollowUp.objects.get(pk=follow_up.pk).snapshot is None


def status_fields(partnership, **by_title):
    """Form data for the actions' statuses: title=(status, reason)."""
    data = {}
    for action in Action.objects.filter(plan__partnership=partnership):
        status, reason = by_title.get(action.title, (action.status, ""))
        data[f"status_{action.uuid.hex}"] = status
        data[f"reason_{action.uuid.hex}"] = reason
    return data


def test_status_changes_go_into_the_actions_history_and_the_snapshot(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    data = hold_data() | status_fields(
        approved,
        **{"LED i hallen": ("done", ""), "Varmepumpe": ("dropped", "Udlejer siger nej")},
    )
    assert client_for(officer_a).post(follow_up.get_absolute_url(), data).status_code == 302
    led = Action.objects.get(title="LED i hallen")
    pump = Action.objects.get(title="Varmepumpe")
    assert (led.status, pump.status, pump.dropped_reason) == (
        "done",
        "dropped",
        "Udlejer siger nej",
    )
    assert list(led.history.values_list("from_status", "to_status", "changed_by")) == [
        ("planned", "done", officer_a.id)
    ]
    follow_up.refresh_from_db()
    assert {a["title"]: a["status"] for a in follow_up.snapshot["actions"]} == {
        "LED i hallen": "done",
        "Varmepumpe": "dropped",
    }
    # Deemed: the LED's 100 MWh at 0.1 kg/kWh; the dropped heat pump counts for nothing.
    assert follow_up.snapshot["deemed"] == {
        "done_actions": 1,
        "tonnes_per_year": "10.000",
        "missing_factors": [],
    }
    page = client_for(officer_a).get(reverse("followups:overview", args=[approved.uuid]))
    text = page.content.decode()
    assert 'data-testid="deemed-tonnes">10,0 t' in text
    with translation.override("da"):
        done, dropped = str(ActionStatus.DONE.label), str(ActionStatus.DROPPED.label)
    assert f"LED i hallen</th><td>{done}</td>" in text
    assert f"Varmepumpe</th><td>{dropped}</td>" in text


def test_dropping_an_action_without_a_reason_is_refused_and_nothing_saved(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    data = hold_data() | status_fields(
        approved, **{"LED i hallen": ("done", ""), "Varmepumpe": ("dropped", "  ")}
    )
    response = client_for(officer_a).post(follow_up.get_absolute_url(), data)
    assert response.status_code == 200
    pump = Action.objects.get(title="Varmepumpe")
    assert response.context["form"].errors[f"reason_{pump.uuid.hex}"] == [
        "Skriv, hvorfor handlingen opgives."
    ]
    assert not Action.objects.exclude(status="planned").exists()
    assert not ActionStatusChange.objects.exists()
    assert FollowUp.objects.get(pk=follow_up.pk).snapshot is None


def test_the_partnership_page_links_to_the_follow_ups(approved, officer_a):
    page = client_for(officer_a).get(approved.get_absolute_url()).content.decode()
    assert 'data-testid="follow-up-section"' in page
    assert reverse("followups:overview", args=[approved.uuid]) in page


def test_the_workflow_announces_step_6_with_an_explicit_signal(
    company_a, programme, officer_a, settings
):
    received = []

    def listen(sender, partnership, user, started_on, **kwargs):
        received.append((partnership.pk, user, started_on, partnership.follow_ups.count()))

    workflow.follow_up_started.connect(listen)
    try:
        partnership = make_partnership(company_a, programme, officer_a, step=Step.ACTION_PLAN)
        add_plan(partnership)
        workflow.plan_approved(partnership, officer_a)
    finally:
        workflow.follow_up_started.disconnect(listen)
    assert len(received) == 1
    pk, user, started_on, _count = received[0]
    assert (pk, user, started_on) == (partnership.pk, officer_a, TODAY())
    assert partnership.follow_ups.count() == programme.follow_up_count


def test_a_step_event_written_outside_the_workflow_plans_nothing(company_a, programme, officer_a):

    partnership = make_partnership(company_a, programme, officer_a)
    TimelineEvent.objects.create(
        partnership=partnership, kind=TimelineEvent.Kind.STEP, from_step=5, to_step=Step.FOLLOW_UP
    )
    assert not partnership.follow_ups.exists()


def test_a_follow_up_held_months_before_its_date_asks_for_confirmation(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    client = client_for(officer_a)
    page = client.get(follow_up.get_absolute_url()).content.decode()
    assert 'data-testid="planned-ahead"' in page and "planlagt om 120 dage" in page
    assert 'type="checkbox" name="confirm_early"' in page

    refused = client.post(follow_up.get_absolute_url(), hold_data(confirm_early=""))
    assert refused.status_code == 200
    errors = refused.context["form"].errors["held_date"]
    assert "120 dage efter datoen" in errors[0]
    assert 'type="checkbox" name="confirm_early"' in refused.content.decode()
    follow_up.refresh_from_db()
    assert follow_up.held_date is None and follow_up.snapshot is None

    assert client.post(follow_up.get_absolute_url(), hold_data()).status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.held_date == TODAY()


def test_a_follow_up_held_close_to_its_date_asks_nothing(approved, officer_a):
    follow_up = approved.follow_ups.get(number=1)
    FollowUp.objects.filter(pk=follow_up.pk).update(planned_date=TODAY() + timedelta(days=30))
    client = client_for(officer_a)
    page = client.get(follow_up.get_absolute_url()).content.decode()
    assert 'data-testid="planned-ahead"' not in page
    assert 'type="hidden" name="confirm_early"' in page
    assert client.post(follow_up.get_absolute_url(), hold_data(confirm_early="")).status_code == 302


def test_the_planned_ahead_warning_is_for_those_who_record(
    approved, company_user, officer_b, consultant
):
    follow_up = approved.follow_ups.get(number=1)
    # The company reads its follow-ups but does not record them: no form, no warning.
    page = client_for(company_user).get(follow_up.get_absolute_url())
    assert page.status_code == 200
    assert 'data-testid="planned-ahead"' not in page.content.decode()
    for user in (company_user, officer_b, consultant):
        assert client_for(user).post(follow_up.get_absolute_url(), hold_data()).status_code == 404
    assert FollowUp.objects.get(pk=follow_up.pk).snapshot is None
