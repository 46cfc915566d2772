"""Faults of the background machinery, each with a real Redis and a real Celery worker.

Redis stopped: a second redis-server of the test's own (port 6390, never the machine's shared
one) serves as broker and cache; it is stopped, pages and the API keep answering, a change
that enqueues a mail is saved and the lost enqueue logged; when Redis is back, the due
reminder goes out (beat's hourly run finds it again).

Worker killed mid-task: `testsupport/faults/worker_killed.py` SIGKILLs a real worker's child
in the middle of the reminder task; the task runs again and exactly one mail goes out.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from carbon20.agreements.models import Agreement
from carbon20.api.tests.conftest import token_client
from carbon20.followups import tasks as followup_tasks
from carbon20.followups.models import ReminderSent
from carbon20.followups.tests.conftest import make_partnership, plan_follow_ups
from config.celery import app as platform_app
from testsupport.fixtures import client_for, make_company
from testsupport.pdfs import minimal_pdf

SPARE_PORT = int(os.environ.get("CARBON20_FAULT_REDIS_PORT", "6390"))
ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.celery_worker


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


class SpareRedis:
    def __init__(self, port: int, folder: Path) -> None:
        self.port, self.folder, self.process = port, folder, None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server"),
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _listening(self.port):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        assert not _listening(self.port)


@pytest.fixture
def spare_redis(tmp_path):
    if _listening(SPARE_PORT):
        pytest.fail(f"port {SPARE_PORT} is taken; set CARBON20_FAULT_REDIS_PORT")
    redis = SpareRedis(SPARE_PORT, tmp_path)
    redis.start()
    yield redis
    if redis.process.poll() is None:
        redis.stop()


@pytest.fixture
def spare_app(spare_redis, settings):
    url = f"redis://127.0.0.1:{SPARE_PORT}/0"
    settings.CACHES = {
        "default": {"BACKEND": "carbon20.core.cache.ForgivingRedisCache", "LOCATION": url}
    }
    app = Celery("carbon20-fault-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        # No result backend, as in production: enqueuing touches the broker alone.
        broker_url=url,
        result_backend=None,
        task_always_eager=False,
        task_default_queue=f"carbon20-fault-{uuid.uuid4().hex}",
        broker_connection_retry_on_startup=False,
    )
    app.set_current()
    yield app
    platform_app.set_current()
    platform_app.set_default()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_redis_stopped_pages_keep_working_and_reminders_go_out_when_back(
    spare_redis, spare_app, officer_a, company_a, programme, caplog
):
    from carbon20.partnerships.tests.conftest import advance_to_agreement, make_agreement
    from carbon20.partnerships.tests.conftest import make_partnership as start_partnership

    agreement = make_agreement(
        advance_to_agreement(start_partnership(company_a, officer_a, programme), officer_a),
        officer_a,
    )
    overdue = make_partnership(make_company(company_a.municipality), programme, officer_a)
    plan_follow_ups(overdue, timezone.localdate() - timedelta(days=2), count=1)

    spare_redis.stop()
    client = client_for(officer_a)
    assert client.get(agreement.partnership.get_absolute_url()).status_code == 200
    # The cached pipeline and header are built instead of read (core/read_cache.py).
    assert client.get(reverse("partnerships:pipeline")).status_code == 200
    assert token_client(officer_a).get("/api/v1/companies/").status_code == 200
    response = client.post(
        reverse("agreements:agreement_scan", args=[agreement.uuid]),
        {
            "scan": SimpleUploadedFile("s.pdf", minimal_pdf("signed")),
            "signed_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
            "company_signatory": "Hanne",
            "municipality_signatory": "Ole",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == Agreement.State.SIGNED
    assert "Broker unavailable" in caplog.text
    assert mail.outbox == []

    spare_redis.start()
    with start_worker(spare_app, perform_ping_check=False, shutdown_timeout=20):
        spare_app.send_task(followup_tasks.send_due_reminders.name)
        deadline = time.monotonic() + 30
        while not ReminderSent.objects.exists():
            assert time.monotonic() < deadline, "the reminder did not go out"
            time.sleep(0.2)
    assert ReminderSent.objects.get().follow_up.partnership == overdue
    assert [message.to for message in mail.outbox] == [[officer_a.email]]


def test_a_worker_killed_mid_task_sends_exactly_one_mail():
    result = subprocess.run(
        [sys.executable, "-m", "testsupport.faults.worker_killed"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "mails: 1, reminder records: 1" in result.stdout
    assert "exactly one mail" in result.stdout
