"""Background tasks of step 6. With CELERY_BROKER_URL set, beat runs them on the schedule in
settings; without it they run at once in the calling process."""

from celery import shared_task

from carbon20.followups import reminders


@shared_task(name="carbon20.followups.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """Send every follow-up reminder that is due and not yet sent; returns how many went."""
    return reminders.send_due_reminders()
