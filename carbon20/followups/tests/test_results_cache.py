"""The partnership page's results come from the cache (`followups.results_cache`): the same
figures that `results` computes now, whatever was written since they were kept."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from carbon20.actionplans import services as plan_services
from carbon20.actionplans.models import Action
from carbon20.core.read_cache import PARTNERSHIP_RESULTS
from carbon20.energy import services as energy_services
from carbon20.energy.models import EmissionFactor
from carbon20.followups import results, results_cache
from carbon20.followups.tests.conftest import make_partnership
from carbon20.partnerships.models import Partnership, Step
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def _fresh(partnership) -> Partnership:
    return Partnership.objects.get(pk=partnership.pk)


def _computed(partnership):
    fresh = _fresh(partnership)
    return results.measured_result(fresh), results.deemed_result(fresh)


def _summary(user, partnership) -> str:
    html = client_for(user).get(partnership.get_absolute_url()).content.decode()
    return html.split('data-testid="result-summary"')[1].split("</section>")[0]


def _bulk_year(company, year, kwh) -> None:
    energy_services.save_consumption_records(
        records=[
            energy_services.build_record(
                company=company,
                user=None,
                site=None,
                carrier="electricity",
                period_start=date(year, 1, 1),
                period_end=date(year, 12, 31),
                quantity=Decimal(kwh),
                unit="kWh",
                source="bill",
                heated_share_percent=None,
            )
        ]
    )


def test_the_kept_results_are_what_the_results_compute(approved):
    assert results_cache.results_of(_fresh(approved)) == _computed(approved)


def test_kept_results_are_read_without_a_query(approved, django_assert_num_queries):
    results_cache.results_of(_fresh(approved))
    partnership, expected = _fresh(approved), _computed(approved)
    with django_assert_num_queries(0):
        kept = results_cache.results_of(partnership)
    assert kept == expected


def test_every_write_the_results_read_gives_the_page_the_new_figures(
    approved, officer_a, company_user
):
    """Each write changes a figure; the page shows the new one, as computed now."""
    before = _summary(officer_a, approved)
    assert "20,0 %" in before  # measured: 100 t → 80 t (2025)
    assert "Skøn" in before

    # A record saved through the service (a signal)...
    plan_services.change_status(
        action=Action.objects.get(title="LED i hallen"), status="done", reason="", user=company_user
    )
    assert "10,0 t" in _summary(officer_a, approved)  # deemed: the LED action done
    assert results_cache.results_of(_fresh(approved)) == _computed(approved)

    # ...a factor changed (a signal)...
    factor = EmissionFactor.objects.get(
        factor_set=approved.signed_agreement.factor_set, carrier="electricity"
    )
    factor.kg_co2e_per_unit = Decimal("0.2")
    factor.save()
    assert "20,0 t" in _summary(officer_a, approved)  # deemed: 100 MWh at 0.2 kg
    assert results_cache.results_of(_fresh(approved)) == _computed(approved)

    # ...and an import, whose `bulk_create` sends no signal: 2026's electricity alone is
    # not a whole year of both carriers, so 2025 stays the latest whole year but the span
    # of the records used grows.
    kept = results_cache.results_of(_fresh(approved))
    _bulk_year(approved.company, 2026, 100_000)
    now = results_cache.results_of(_fresh(approved))
    assert now != kept
    assert now == _computed(approved)
    assert now[0].records.last_day == date(2026, 12, 31)


def test_a_write_replaces_the_generation_again_when_it_commits(
    approved, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        _bulk_year(approved.company, 2026, 100_000)
    assert PARTNERSHIP_RESULTS.replace in callbacks


def test_results_are_kept_per_language(company_b, programme, officer_b):
    """The reasons and labels are translated: one language never reads the other's."""
    partnership = make_partnership(company_b, programme, officer_b)
    with translation.override("en"):
        english = results_cache.results_of(_fresh(partnership))
    with translation.override("da"):
        danish = results_cache.results_of(_fresh(partnership))
    assert english[0].reason == "No signed agreement with a factor set yet."
    assert danish[0].reason != english[0].reason


def test_the_page_computes_no_results_before_step_6(
    company_a, programme, officer_a, django_assert_max_num_queries
):
    partnership = make_partnership(company_a, programme, officer_a, step=Step.ACTION_PLAN)
    html = client_for(officer_a).get(partnership.get_absolute_url()).content.decode()
    assert 'data-testid="result-summary"' not in html
