"""The reminder task through a real broker: a Celery worker (in a thread of this process)
consumes from Redis and sends the mail. CI starts Redis on 127.0.0.1:6379 (see .ci/run)."""

import os
import uuid
from datetime import timedelta

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from carbon20.followups import tasks
from carbon20.followups.models import ReminderSent
from carbon20.followups.tests.conftest import make_partnership, plan_follow_ups
from config.celery import app as platform_app

# A database number of its own, so the test never touches a development broker's queues.
REDIS_URL = os.environ.get("CARBON20_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def redis_app():
    """An app like the platform's, but sending to Redis instead of running eagerly, on a
    queue of its own so that two test runs at once never take each other's messages."""
    app = Celery("carbon20-worker-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url=REDIS_URL,
        result_backend=REDIS_URL,
        task_always_eager=False,
        task_default_queue=f"carbon20-test-{uuid.uuid4().hex}",
        broker_connection_retry_on_startup=False,
    )
    yield app
    # Starting a worker makes its app the current one; the rest of the suite runs eagerly.
    platform_app.set_current()
    platform_app.set_default()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_consuming_from_redis_sends_the_due_reminder_once(
    redis_app, company_a, programme, officer_a
):
    partnership = make_partnership(company_a, programme, officer_a)
    plan_follow_ups(partnership, timezone.localdate() - timedelta(days=2), count=1)

    with start_worker(redis_app, perform_ping_check=False, shutdown_timeout=20):
        first = redis_app.send_task(tasks.send_due_reminders.name)
        second = redis_app.send_task(tasks.send_due_reminders.name)
        results = sorted([first.get(timeout=30), second.get(timeout=30)])

    assert results == [0, 1]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer_a.email]
    assert ReminderSent.objects.get().kind == "overdue"
