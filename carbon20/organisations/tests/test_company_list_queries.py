import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from testsupport.fixtures import client_for, make_company

pytestmark = pytest.mark.django_db

# Session, user, memberships, the count for the paginator, the page of companies, the
# municipalities of the search form and those of the header.
MAX_QUERIES = 12


def _queries_for_list(client, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("organisations:company_list"), params)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"q": "Virksomhed"}, {"page": "2"}])
def test_query_count_does_not_grow_with_the_portfolio(officer_a, muni_a, params):
    client = client_for(officer_a)
    for number in range(10):
        make_company(muni_a, f"Virksomhed {number:03d} ApS")
    # Warm up what is cached per process (content types, translations).
    client.get(reverse("organisations:company_list"))
    small = _queries_for_list(client, **params)
    for number in range(10, 200):
        make_company(muni_a, f"Virksomhed {number:03d} ApS")
    large = _queries_for_list(client, **params)
    assert small == large
    assert large <= MAX_QUERIES


def test_coordinator_query_count_is_bounded(coordinator, muni_a, muni_b):
    client = client_for(coordinator)
    for number in range(10):
        make_company(muni_a if number % 2 else muni_b, f"Virksomhed {number:03d} ApS")
    client.get(reverse("organisations:company_list"))
    small = _queries_for_list(client)
    for number in range(10, 200):
        make_company(muni_a if number % 2 else muni_b, f"Virksomhed {number:03d} ApS")
    assert _queries_for_list(client) == small <= MAX_QUERIES
