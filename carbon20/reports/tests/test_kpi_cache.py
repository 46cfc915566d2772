"""A built dashboard is cached until a write that changes one of its figures commits."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carbon20.core.read_cache import PROGRAMME_PAGES
from carbon20.partnerships.models import Partnership
from carbon20.reports.tests.conftest import generate
from testsupport.fixtures import client_for


def _funnel(client, url) -> dict:
    board = client.get(url).context["dashboard"]
    return {row[0]: row[1:] for row in board.table("funnel").rows}


def test_cached_until_a_write(
    wide_programme,
    muni_a,
    muni_b,
    muni_c,
    coordinator,
    officer_a,
    django_capture_on_commit_callbacks,
):
    generate(wide_programme, [muni_a, muni_b, muni_c], 24)
    client = client_for(coordinator)
    url = reverse("reports:dashboard", args=[wide_programme.slug])
    with CaptureQueriesContext(connection) as built:
        before = _funnel(client, url)
    with CaptureQueriesContext(connection) as cached:
        assert _funnel(client, url) == before
    assert len(cached) < len(built)
    # An officer of A, whose reach is smaller, never gets the coordinator's dashboard.
    assert set(_funnel(client_for(officer_a), url)) == {muni_a.name}

    partnership = Partnership.objects.filter(municipality=muni_a, step=1).first()
    partnership.step = 2
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        partnership.save(update_fields=["step"])
    # The writer reads its write at once; the commit replaces the generation again, for what
    # another process built before it.
    after = _funnel(client, url)
    assert after[muni_a.name][1] == before[muni_a.name][1] + 1
    assert PROGRAMME_PAGES.replace in callbacks
