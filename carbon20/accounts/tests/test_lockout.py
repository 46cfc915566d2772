"""django-axes locks an account after repeated wrong passwords."""

import pytest
from django.urls import reverse

from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def _attempt(client, password, username="officer.a@test.dk", address="192.0.2.10"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def test_account_is_locked_after_the_failure_limit(settings, officer_a):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _attempt(client, "wrong").status_code == 200
    locked = _attempt(client, "wrong")
    assert locked.status_code == 429
    assert "accounts/lockout.html" in [t.name for t in locked.templates]
    # Even the right password is refused while the lock lasts.
    after = _attempt(client, "correct-horse-battery")
    assert after.status_code == 429
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_do_not_lock(settings, officer_a):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _attempt(client, "wrong")
    assert _attempt(client, "correct-horse-battery").status_code == 302


def test_lockout_page_is_translated(settings, officer_a):
    client = client_for(None)
    client.cookies["carbon20_language"] = "en"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _attempt(client, "wrong")
    assert "Too many failed logins" in response.text


def test_varying_the_letter_case_does_not_dodge_the_lock(settings, officer_a):
    """Each attempt from a new address, so only the account's own count can lock it."""
    client = client_for(None)
    spellings = ["OFFICER.A@TEST.DK", "Officer.A@test.dk", "officer.a@Test.dk"]
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        spelling = spellings[attempt % len(spellings)]
        assert _attempt(client, "wrong", spelling, f"192.0.2.{20 + attempt}").status_code == 200
    locked = _attempt(client, "wrong", "officer.a@test.dk", "192.0.2.99")
    assert locked.status_code == 429


def test_another_account_from_another_address_is_not_locked(settings, officer_a, officer_b):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "wrong")
    other = _attempt(client_for(None), "correct-horse-battery", "officer.b@test.dk", "198.51.100.7")
    assert other.status_code == 302
