import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from carbon20.api import services


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # Throttle counters live in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


def token_client(user, name: str = "Test") -> APIClient:
    """An API client that authenticates as `user` with a new personal token."""
    _token, secret = services.create_token(user=user, name=name)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


@pytest.fixture
def api_for():
    return token_client
