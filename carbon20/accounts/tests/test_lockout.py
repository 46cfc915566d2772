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
    """The lock is per account and address: every spelling counts for the one account."""
    client = client_for(None)
    spellings = ["OFFICER.A@TEST.DK", "Officer.A@test.dk", "officer.a@Test.dk"]
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        spelling = spellings[attempt % len(spellings)]
        assert _attempt(client, "wrong", spelling).status_code == 200
    locked = _attempt(client, "wrong", "officer.a@test.dk")
    assert locked.status_code == 429


@pytest.fixture(
    params=["axes.handlers.database.AxesDatabaseHandler", "axes.handlers.cache.AxesCacheHandler"]
)
def axes_handler(request, settings):
    """Failures count in the database without a shared cache and in the cache with one."""
    from axes.handlers.proxy import AxesProxyHandler

    settings.AXES_HANDLER = request.param
    AxesProxyHandler.implementation = None
    yield request.param
    AxesProxyHandler.implementation = None


def test_one_attackers_address_does_not_lock_another_user(
    settings, axes_handler, officer_a, officer_b
):
    """Behind the proxy everyone shared one address once; failures for one account from an
    address must not lock a different account at that address."""
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "wrong", "officer.a@test.dk", "192.0.2.10")
    other = _attempt(client_for(None), "correct-horse-battery", "officer.b@test.dk", "192.0.2.10")
    assert other.status_code == 302
    # The locked account itself still cannot log in from there...
    assert _attempt(client_for(None), "correct-horse-battery").status_code == 429
    # ...but can from its own address.
    assert (
        _attempt(client_for(None), "correct-horse-battery", address="198.51.100.5").status_code
        == 302
    )


def test_client_address_comes_from_the_trusted_proxy(settings, officer_a, officer_b):
    settings.TRUSTED_PROXY_COUNT = 1
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("accounts:login"),
            {"username": "officer.a@test.dk", "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.9",
        )

    # Locked at the address the proxy saw, not at the proxy's own or the forged one.
    def login_from(forwarded):
        return client_for(None).post(
            reverse("accounts:login"),
            {"username": "officer.a@test.dk", "password": "correct-horse-battery"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    assert login_from("spoofed, 203.0.113.9").status_code == 429
    assert login_from("203.0.113.10").status_code == 302


def test_locked_users_api_token_is_refused(settings, axes_handler, officer_a):
    from rest_framework.test import APIClient

    from carbon20.api import services

    _token, secret = services.create_token(user=officer_a, name="Integration")
    api = APIClient(REMOTE_ADDR="192.0.2.10")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/municipalities/").status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client_for(None), "wrong")
    refused = api.get("/api/v1/municipalities/")
    assert refused.status_code == 401
    assert refused.json()["code"] == "account_locked"


def test_another_account_from_another_address_is_not_locked(settings, officer_a, officer_b):
    client = client_for(None)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "wrong")
    other = _attempt(client_for(None), "correct-horse-battery", "officer.b@test.dk", "198.51.100.7")
    assert other.status_code == 302
