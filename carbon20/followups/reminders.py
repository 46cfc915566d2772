"""E-mail reminders to a follow-up's owner: once some days before it is due and once when it
is overdue. Each is sent at most once, whoever runs the task and however often, in the
owner's language when one is stored for them (else the platform's)."""

from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from carbon20.followups.models import FollowUp, ReminderKind, ReminderSent
from carbon20.notifications.delivery import recipient_language
from carbon20.partnerships.models import Status, Step


def due_reminders(today: date) -> list[tuple[FollowUp, str]]:
    """Follow-ups not yet held of active partnerships at step 6 with an owner, paired with
    the reminder they are due for and have not had."""
    open_follow_ups = (
        FollowUp.objects.filter(
            held_date__isnull=True,
            partnership__status=Status.ACTIVE,
            partnership__step=Step.FOLLOW_UP,
            partnership__owner__isnull=False,
        )
        .exclude(partnership__owner__email="")
        .select_related("partnership__owner", "partnership__company")
        .order_by("planned_date", "id")
    )
    before = today + timedelta(days=settings.FOLLOW_UP_REMINDER_DAYS_BEFORE)
    overdue = open_follow_ups.filter(planned_date__lt=today).exclude(
        reminders__kind=ReminderKind.OVERDUE
    )
    due_soon = open_follow_ups.filter(planned_date__gte=today, planned_date__lte=before).exclude(
        reminders__kind=ReminderKind.DUE_SOON
    )
    return [(f, ReminderKind.DUE_SOON) for f in due_soon] + [
        (f, ReminderKind.OVERDUE) for f in overdue
    ]


def send_due_reminders(today: date | None = None) -> int:
    today = today or timezone.localdate()
    sent = 0
    for follow_up, kind in due_reminders(today):
        if _send_once(follow_up, kind, today):
            sent += 1
    return sent


def _send_once(follow_up: FollowUp, kind: str, today: date) -> bool:
    """Record the reminder and send it in one transaction: a second worker's insert waits on
    the unique (follow-up, kind) row and then fails, and a mail that cannot be sent rolls
    the record back so that the next run tries again."""
    owner = follow_up.partnership.owner
    try:
        with transaction.atomic():
            ReminderSent.objects.create(follow_up=follow_up, kind=kind, recipient=owner.email)
            with translation.override(recipient_language(owner)):
                context = {
                    "follow_up": follow_up,
                    "partnership": follow_up.partnership,
                    "owner": owner,
                    "overdue": kind == ReminderKind.OVERDUE,
                    "days": (follow_up.planned_date - today).days,
                    "url": settings.PLATFORM_URL.rstrip("/") + follow_up.get_absolute_url(),
                }
                subject = render_to_string("followups/email/reminder_subject.txt", context)
                body = render_to_string("followups/email/reminder.txt", context)
            send_mail(" ".join(subject.split()), body, None, [owner.email])
    except IntegrityError:
        return False
    return True
