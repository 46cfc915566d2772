from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from carbon20.followups import reminders
from carbon20.followups.models import ReminderKind, ReminderSent
from carbon20.followups.tasks import send_due_reminders
from carbon20.followups.tests.conftest import make_partnership, plan_follow_ups
from carbon20.partnerships.models import Status
from testsupport.fixtures import make_company

TODAY = date(2026, 3, 2)


@pytest.fixture
def due_settings(settings):
    settings.FOLLOW_UP_REMINDER_DAYS_BEFORE = 14
    settings.PLATFORM_URL = "https://carbon20.example.dk"
    settings.LANGUAGE_CODE = "da"


def test_due_soon_and_overdue_each_sent_once_when_run_twice(partnership_a, due_settings):
    first, second, _third = plan_follow_ups(partnership_a, TODAY - timedelta(days=3))
    second.planned_date = TODAY + timedelta(days=10)
    second.save()

    assert reminders.send_due_reminders(TODAY) == 2
    assert reminders.send_due_reminders(TODAY) == 0

    assert len(mail.outbox) == 2
    by_subject = {m.subject: m for m in mail.outbox}
    overdue = next(m for s, m in by_subject.items() if s.startswith("Overskredet"))
    assert overdue.to == ["officer.a@test.dk"]
    assert "opfølgning 1" in overdue.subject and "Albertslund Testfabrik ApS" in overdue.subject
    assert f"https://carbon20.example.dk/follow-ups/{first.uuid}/" in overdue.body
    soon = next(m for s, m in by_subject.items() if s.startswith("Påmindelse"))
    assert "om 10 dage" in soon.body
    assert set(ReminderSent.objects.values_list("follow_up__number", "kind")) == {
        (1, ReminderKind.OVERDUE),
        (2, ReminderKind.DUE_SOON),
    }


def test_a_follow_up_reminded_before_is_reminded_again_once_when_overdue(
    partnership_a, due_settings
):
    plan_follow_ups(partnership_a, TODAY + timedelta(days=5), count=1)
    assert reminders.send_due_reminders(TODAY) == 1
    later = TODAY + timedelta(days=6)
    assert reminders.send_due_reminders(later) == 1
    assert reminders.send_due_reminders(later + timedelta(days=30)) == 0
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Påmindelse", "Overskredet"]


def test_nothing_for_held_far_off_paused_or_ownerless_follow_ups(
    partnership_a, company_b, muni_b, programme, officer_b, due_settings
):
    held, far_off = plan_follow_ups(partnership_a, TODAY - timedelta(days=1), count=2)
    held.held_date = TODAY - timedelta(days=1)
    held.snapshot = {}
    held.save()
    far_off.planned_date = TODAY + timedelta(days=15)
    far_off.save()
    paused = make_partnership(company_b, programme, officer_b, status=Status.PAUSED)
    plan_follow_ups(paused, TODAY - timedelta(days=1), count=1)
    ownerless = make_partnership(make_company(muni_b, "Uden Ejer ApS"), programme, None)
    plan_follow_ups(ownerless, TODAY - timedelta(days=1), count=1)

    assert reminders.send_due_reminders(TODAY) == 0
    assert mail.outbox == []


def test_a_mail_that_fails_leaves_no_record_and_is_sent_on_the_next_run(
    partnership_a, due_settings, monkeypatch
):
    plan_follow_ups(partnership_a, TODAY - timedelta(days=1), count=1)

    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr(reminders, "send_mail", refuse)
    with pytest.raises(ConnectionRefusedError):
        reminders.send_due_reminders(TODAY)
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert reminders.send_due_reminders(TODAY) == 1


def test_the_task_and_the_command_send_what_is_due_once(partnership_a, due_settings, capsys):
    plan_follow_ups(partnership_a, timezone.localdate() - timedelta(days=1), count=1)
    assert send_due_reminders.delay().get() == 1
    call_command("send_due_reminders")
    assert "Reminders sent: 0" in capsys.readouterr().out
    assert len(mail.outbox) == 1


def test_the_beat_schedule_names_the_registered_task():
    from django.conf import settings

    from config.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks


def test_the_reminder_is_in_the_owners_language(partnership_a, due_settings):
    owner = partnership_a.owner
    owner.language = "en"
    owner.save(update_fields=["language"])
    plan_follow_ups(partnership_a, TODAY - timedelta(days=3), count=1)
    assert reminders.send_due_reminders(TODAY) == 1
    assert mail.outbox[0].subject.startswith("Overdue: follow-up 1 with")
    assert mail.outbox[0].to == [owner.email]
