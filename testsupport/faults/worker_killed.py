"""Fault: the Celery worker process is killed (SIGKILL) in the middle of the reminder task.

Run by `carbon20/followups/tests/test_worker_faults.py` (and by hand:
`python -m testsupport.faults.worker_killed`). In a fresh SQLite database of its own, one
follow-up is overdue; a real worker (prefork, one child) consumes from Redis; the mail
backend stops the task just before the mail leaves and the child is killed there. With
`acks_late` and `task_reject_on_worker_lost` the broker hands the task out again, the new
child runs it, and the unique ReminderSent row keeps it to exactly one mail. Exit status 0
and the last line "exactly one mail" when it holds.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BROKER = os.environ.get("CARBON20_FAULT_REDIS_URL", "redis://127.0.0.1:6379/6")


def _env(var_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "CARBON20_VAR_DIR": str(var_dir),
        "CARBON20_DEMO": "true",
        "SECRET_KEY": "fault-test-only",
        "ALLOWED_HOSTS": "localhost",
        "SECURE_SSL_REDIRECT": "false",
        "CELERY_BROKER_URL": BROKER,
        "EMAIL_BACKEND": "testsupport.faults.mail.BlockOnceEmailBackend",
        "CARBON20_FAULT_DIR": str(var_dir),
        "PYTHONPATH": str(ROOT),
    }


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise SystemExit(f"timed out waiting for {what}")


def main() -> int:
    var_dir = Path(tempfile.mkdtemp(prefix="carbon20-worker-fault-"))
    env = _env(var_dir)
    os.environ.update(env)
    subprocess.run(  # noqa: S603 (this interpreter and the project's manage.py)
        [PYTHON, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )
    import django

    django.setup()
    from django.utils import timezone

    from carbon20.accounts.models import Role
    from carbon20.followups.models import ReminderSent
    from carbon20.followups.tests.conftest import make_partnership, plan_follow_ups
    from carbon20.organisations.models import Municipality, Programme
    from config.celery import app
    from testsupport.fixtures import make_company, make_user

    municipality = Municipality.objects.get(code=165)
    programme = Programme.objects.create(
        name="Fejltest",
        slug="fejltest",
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + timedelta(days=365),
        funder_reference="F-1",
    )
    programme.municipalities.set([municipality])
    officer = make_user("officer@fault.test", Role.OFFICER, municipality=municipality)
    partnership = make_partnership(make_company(municipality), programme, officer)
    plan_follow_ups(partnership, timezone.localdate() - timedelta(days=2), count=1)

    queue = f"carbon20-fault-{uuid.uuid4().hex}"
    worker = subprocess.Popen(  # noqa: S603 (the venv's celery)
        [
            str(Path(PYTHON).parent / "celery"),
            "-A",
            "config",
            "worker",
            "-P",
            "prefork",
            "-c",
            "1",
            "-Q",
            queue,
            "--without-mingle",
            "--without-gossip",
            "-l",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        app.send_task("carbon20.followups.tasks.send_due_reminders", queue=queue)
        marker = var_dir / "entered"
        _wait_for(marker.exists, 40, "the task to reach the mail")
        child = int(marker.read_text())
        assert child != worker.pid, "the task ran in the worker's main process"
        os.kill(child, signal.SIGKILL)
        print(f"killed the worker child {child} mid-task")
        mails = var_dir / "mail"
        _wait_for(lambda: mails.exists() and any(mails.iterdir()), 40, "the task to run again")
        # Time for a wrong second delivery to show.
        time.sleep(3)
        sent = len(list(mails.iterdir()))
        reminders = ReminderSent.objects.count()
        print(f"mails: {sent}, reminder records: {reminders}")
        if sent != 1 or reminders != 1:
            return 1
        print("exactly one mail")
        return 0
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


if __name__ == "__main__":
    sys.exit(main())
