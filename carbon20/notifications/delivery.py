"""E-mail to the people who must act on an event, sent by a task after the transaction that
made the event commits.

A service calls `notify(...)` inside its transaction; nothing is sent if it rolls back. The
task mails each recipient once: it records the (event, key, recipient) row and sends in one
transaction, so a retried task or a second worker finds the row and sends nothing, and a
mail that fails rolls the row back so that a retry sends it. Each mail is rendered in the
recipient's language when one is stored for them, otherwise in the platform's (Danish).

This app stands just above accounts: every app that has events may call it, and it knows
none of them; the callers pass plain values (names, paths) that the templates print.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from carbon20.accounts.models import User
from carbon20.core.tasks import enqueue_on_commit
from carbon20.notifications.models import SentNotification


def absolute_url(path: str) -> str:
    """A link for a mail: from SITE_URL, never from a request, which a worker has not."""
    return settings.SITE_URL.rstrip("/") + path


def recipient_language(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def notify(
    *, event: str, key: str, recipients: Iterable[User], template: str, context: dict, path: str
) -> None:
    """Enqueue the mail of one event for when the caller's transaction commits.
    `template` names `<template>.txt` and `<template>_subject.txt`; `context` holds plain
    values the task can carry; `path` is the page where the recipient acts."""
    from carbon20.notifications import tasks

    ids = sorted({user.pk for user in recipients if user is not None and user.email})
    if not ids:
        return
    enqueue_on_commit(tasks.send_notification, event, key, ids, template, context, path)


def send_notification(
    *, event: str, key: str, recipient_ids: list[int], template: str, context: dict, path: str
) -> int:
    """Mail each active recipient who has not had this event yet; returns how many went."""
    sent = 0
    for user in User.objects.filter(pk__in=recipient_ids, is_active=True).exclude(email=""):
        if _send_once(user, event, key, template, {**context, "url": absolute_url(path)}):
            sent += 1
    return sent


def _send_once(user: User, event: str, key: str, template: str, context: dict) -> bool:
    try:
        with transaction.atomic():
            SentNotification.objects.create(event=event, key=key, recipient=user, email=user.email)
            with translation.override(recipient_language(user)):
                context = {**context, "recipient": user}
                subject = render_to_string(f"{template}_subject.txt", context)
                body = render_to_string(f"{template}.txt", context)
            send_mail(" ".join(subject.split()), body, None, [user.email])
    except IntegrityError:
        return False
    return True
