"""The once-only rule, the commit rule, the recipient's language and the site address."""

import pytest
from django.core import mail
from django.db import transaction

from carbon20.notifications import delivery, tasks
from carbon20.notifications.models import SentNotification
from testsupport.fixtures import make_user

pytestmark = pytest.mark.django_db

TEMPLATE = "screening/email/review_issued"
CONTEXT = {"company": "Testvirksomhed ApS", "municipality": "Testkommune"}


def _notify(recipients, key="review:1"):
    delivery.notify(
        event="review_issued",
        key=key,
        recipients=recipients,
        template=TEMPLATE,
        context=CONTEXT,
        path="/reviews/x/",
    )


def test_mail_goes_once_the_transaction_commits(django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://klima.example.dk"
    user = make_user("modtager@test.dk")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify([user])
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["modtager@test.dk"]]
    assert "Testvirksomhed ApS" in mail.outbox[0].subject
    assert "https://klima.example.dk/reviews/x/" in mail.outbox[0].body
    assert "Den tekniske gennemgang" in mail.outbox[0].subject


def test_a_rolled_back_change_sends_nothing(django_capture_on_commit_callbacks):
    user = make_user("modtager@test.dk")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                _notify([user])
                raise RuntimeError("the change fails")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []


def test_a_retried_task_mails_nobody_twice():
    first = make_user("en@test.dk")
    second = make_user("to@test.dk")
    args = ("review_issued", "review:1", [first.pk], TEMPLATE, CONTEXT, "/r/")
    assert tasks.send_notification(*args) == 1
    assert tasks.send_notification(*args) == 0
    # A retry with a recipient added mails only the new one.
    assert tasks.send_notification(*args[:2], [first.pk, second.pk], *args[3:]) == 1
    assert [m.to for m in mail.outbox] == [["en@test.dk"], ["to@test.dk"]]
    assert SentNotification.objects.count() == 2
    # Another occurrence of the same event (another key) is mailed again.
    assert tasks.send_notification("review_issued", "review:2", [first.pk], *args[3:]) == 1


def test_a_failed_mail_is_not_recorded_so_a_retry_sends_it(monkeypatch):
    user = make_user("modtager@test.dk")

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(delivery, "send_mail", refuse)
    with pytest.raises(OSError):
        tasks.send_notification("review_issued", "k", [user.pk], TEMPLATE, CONTEXT, "/r/")
    assert not SentNotification.objects.exists()
    monkeypatch.undo()
    assert tasks.send_notification("review_issued", "k", [user.pk], TEMPLATE, CONTEXT, "/r/") == 1


def test_in_the_recipients_language_else_danish():
    english = make_user("english@test.dk")
    english.language = "en"
    english.save(update_fields=["language"])
    danish = make_user("dansk@test.dk")
    tasks.send_notification("review_issued", "k", [english.pk, danish.pk], TEMPLATE, CONTEXT, "/")
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["english@test.dk"] == "The technical review of Testvirksomhed ApS is issued"
    assert subjects["dansk@test.dk"].startswith("Den tekniske gennemgang")


def test_inactive_users_and_users_without_address_get_nothing(django_capture_on_commit_callbacks):
    inactive = make_user("gammel@test.dk")
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify([inactive, None])
    assert len(callbacks) == 1
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify([None])
    assert callbacks == []
