"""Enqueuing background tasks without making the page depend on the broker.

A task is sent when the caller's transaction commits. If the broker (Redis) is down, the
page that saved the change must still answer: the change is committed already, so the
failure to enqueue is logged, not raised. What is lost is recovered by the scheduled runs:
follow-up reminders are found again by beat's hourly `send_due_reminders` once Redis is
back; the other mails are sent once at most (their Sent rows), so a resend is safe.
"""

import logging
from functools import partial

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# Give up publishing after one quick retry: a page waits on this.
RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}


def _send(task, args: tuple) -> None:
    try:
        task.apply_async(args=args, retry=True, retry_policy=RETRY_POLICY)
    except (OperationalError, ConnectionError, OSError):
        logger.exception("Broker unavailable: %s%r not enqueued", task.name, args)


def enqueue_on_commit(task, *args) -> None:
    transaction.on_commit(partial(_send, task, args))
