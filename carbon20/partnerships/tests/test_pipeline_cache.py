"""The pipeline's filters and results are cached per reach and parameters until a committed
write changes what they show; what belongs to the request is rendered on every request."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from carbon20.accounts.models import Membership, Role
from carbon20.core import tenancy
from carbon20.core.read_cache import PROGRAMME_PAGES
from carbon20.followups.models import FollowUp
from carbon20.partnerships.models import Step
from testsupport.fixtures import client_for

URL = reverse("partnerships:pipeline")


def _get(client, query=""):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL + query)
    assert response.status_code == 200
    return response, len(queries)


def test_the_second_request_is_served_from_the_cache(officer_a, partnership_a):
    client = client_for(officer_a)
    _first, built = _get(client)
    second, cached = _get(client)
    assert cached < built
    assert partnership_a.company.name in second.text
    assert "total" not in second.context  # nothing was built


def test_a_write_shows_at_once_and_the_commit_replaces_the_generation_again(
    officer_a, partnership_a, django_capture_on_commit_callbacks
):
    client = client_for(officer_a)
    assert "Ring til direktøren" not in _get(client)[0].text
    partnership_a.next_action = "Ring til direktøren"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        partnership_a.save(update_fields=["next_action"])
        # The writer's own transaction reads what it wrote.
        assert "Ring til direktøren" in _get(client)[0].text
        built_before_the_commit = PROGRAMME_PAGES.current()
    # A page another process built before the commit is not found after it.
    for callback in callbacks:
        callback()
    assert PROGRAMME_PAGES.current() != built_before_the_commit
    assert "Ring til direktøren" in _get(client)[0].text


def test_the_company_the_owner_and_a_follow_up_invalidate_it(
    officer_a, partnership_a, django_capture_on_commit_callbacks
):
    client = client_for(officer_a)
    _get(client)
    company = partnership_a.company
    company.name = "Omdøbt Fjordværk ApS"
    with django_capture_on_commit_callbacks(execute=True):
        company.save()
    assert "Omdøbt Fjordværk ApS" in _get(client)[0].text

    officer_a.first_name, officer_a.last_name = "Ny", "Sagsbehandler"
    with django_capture_on_commit_callbacks(execute=True):
        officer_a.save()
    assert "Ny Sagsbehandler" in _get(client)[0].text

    partnership_a.step = Step.FOLLOW_UP
    with django_capture_on_commit_callbacks(execute=True):
        partnership_a.save(update_fields=["step"])
    assert 'data-testid="follow-up-overdue"' not in _get(client)[0].text
    with django_capture_on_commit_callbacks(execute=True):
        FollowUp.objects.create(
            partnership=partnership_a,
            number=1,
            planned_date=timezone.localdate() - timedelta(days=3),
        )
    assert 'data-testid="follow-up-overdue"' in _get(client)[0].text


def test_a_login_keeps_the_cache(officer_a, partnership_a, django_capture_on_commit_callbacks):
    client = client_for(officer_a)
    _get(client)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client_for(officer_a)  # stamps last_login
    assert callbacks == []


def test_an_officer_never_gets_another_municipalitys_page(
    officer_a, officer_b, partnership_a, partnership_b
):
    text_a = _get(client_for(officer_a))[0].text
    text_b = _get(client_for(officer_b))[0].text
    assert partnership_a.company.name in text_a and partnership_b.company.name not in text_a
    assert partnership_b.company.name in text_b and partnership_a.company.name not in text_b
    # The same parameters, cached for A already.
    query = "?status=active"
    _get(client_for(officer_a), query)
    assert partnership_a.company.name not in _get(client_for(officer_b), query)[0].text


def test_a_coordinator_and_an_officer_never_share(
    coordinator, officer_a, partnership_a, partnership_b
):
    text = _get(client_for(coordinator))[0].text
    assert partnership_a.company.name in text and partnership_b.company.name in text
    text = _get(client_for(officer_a))[0].text
    assert partnership_b.company.name not in text
    assert tenancy.pipeline_reach_key(coordinator) != tenancy.pipeline_reach_key(officer_a)


def test_a_new_membership_widens_the_page_at_once(officer_a, muni_b, partnership_a, partnership_b):
    client = client_for(officer_a)
    assert partnership_b.company.name not in _get(client)[0].text
    # Through the queryset: no signal, no new generation; the reach key still changes.
    Membership.objects.bulk_create(
        [Membership(user=officer_a, role=Role.OFFICER, municipality=muni_b)]
    )
    assert partnership_b.company.name in _get(client)[0].text


def test_the_request_s_own_values_are_never_cached(officer_a, officer_b, partnership_a):
    client = client_for(officer_a)
    first, _ = _get(client)
    second, _ = _get(client)
    nonces = [re.findall(r'nonce="([^"]+)"', page.text) for page in (first, second)]
    assert nonces[0] and nonces[1] and set(nonces[0]).isdisjoint(nonces[1])
    tokens = [re.findall(r'"X-CSRFToken": "([^"]+)"', page.text) for page in (first, second)]
    assert tokens[0] and tokens[1] and tokens[0] != tokens[1]
    assert officer_a.get_full_name() in second.text


def test_the_htmx_partial_is_cached_with_the_page(officer_a, partnership_a):
    client = client_for(officer_a)
    _get(client, "?step=1")
    response = client.get(URL + "?step=1", HTTP_HX_REQUEST="true")
    assert "<html" not in response.text
    assert 'data-testid="pipeline-step-1"' in response.text
    assert partnership_a.company.name in response.text


def test_an_administrator_is_offered_the_municipalities_with_partnerships(
    superuser, muni_a, muni_b, partnership_a
):
    text = _get(client_for(superuser))[0].text
    options = re.search(r'<select name="municipality".*?</select>', text, re.S).group(0)
    assert muni_a.name in options and muni_b.name not in options
