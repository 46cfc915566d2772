"""PostgreSQL restarted under load: the app's connections are terminated while requests are
in flight (as a restart does, without disturbing the other databases of the cluster). Requests
caught in it answer the Danish error page, not a traceback; the next ones succeed without
restarting the app (CONN_HEALTH_CHECKS); a partnership being created then either exists
whole or not at all. Runs only when DATABASE_URL names PostgreSQL, as in CI's second run."""

import threading
import time

import httpx
import pytest
from django.db import connection

from carbon20.partnerships import workflow
from carbon20.partnerships.models import Partnership, TimelineEvent
from testsupport.fixtures import client_for

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _terminate_app_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def _session_cookie(user) -> dict[str, str]:
    client = client_for(user)
    return {name: morsel.value for name, morsel in client.cookies.items()}


def test_requests_fail_in_danish_and_the_app_recovers(live_server, officer_a, company_a):
    cookies = _session_cookie(officer_a)
    url = f"{live_server.url}{company_a.get_absolute_url()}"
    statuses: list[int] = []
    bodies: list[str] = []
    stop = threading.Event()

    def load():
        with httpx.Client(cookies=cookies, timeout=20) as http:
            while not stop.is_set():
                response = http.get(url)
                statuses.append(response.status_code)
                if response.status_code != 200:
                    bodies.append(response.text)

    worker = threading.Thread(target=load)
    worker.start()
    try:
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            _terminate_app_connections()
            time.sleep(0.2)
    finally:
        stop.set()
        worker.join(timeout=30)
    print(f"requests: {len(statuses)}, failed in flight: {statuses.count(500)}")
    assert statuses, "no request was made"
    assert set(statuses) <= {200, 500}
    for body in bodies:
        assert "Siden kunne ikke vises" in body
        assert "Traceback" not in body
    # Without restarting anything, the app answers again.
    with httpx.Client(cookies=cookies, timeout=20) as http:
        assert [http.get(url).status_code for _ in range(5)] == [200] * 5


def test_a_partnership_cut_off_mid_creation_is_not_half_saved(
    officer_a, company_a, programme, monkeypatch
):
    """The connection dies after the partnership row is written, before its timeline event:
    the transaction is lost as a whole."""
    original = workflow.record_event

    def die_then_record(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return original(*args, **kwargs)

    monkeypatch.setattr(workflow, "record_event", die_then_record)
    from carbon20.partnerships.tests.conftest import make_partnership

    with pytest.raises(Exception):  # noqa: B017 (the driver's error for a killed session)
        make_partnership(company_a, officer_a, programme)
    connection.close()
    assert not Partnership.objects.filter(company=company_a).exists()
    assert not TimelineEvent.objects.filter(partnership__company=company_a).exists()
    monkeypatch.setattr(workflow, "record_event", original)
    partnership = make_partnership(company_a, officer_a, programme)
    assert TimelineEvent.objects.filter(partnership=partnership).exists()
