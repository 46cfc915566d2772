"""An agreement starts from the programme's factor set and is never sent without one:
without it no CO2e figure and no least-cost plan can be computed."""

from datetime import date

import pytest
from django.urls import reverse

from carbon20.agreements import services
from carbon20.agreements.models import Agreement
from carbon20.agreements.pinning import default_factor_set
from carbon20.energy.models import FactorMethod, FactorSet, Reliability
from carbon20.partnerships.tests.conftest import advance_to_agreement
from carbon20.partnerships.tests.test_flow import agreement_data
from carbon20.partnerships.workflow import TransitionRefused
from testsupport.fixtures import client_for


def programme_set(programme, *, year=2025, published=True) -> FactorSet:
    return FactorSet.objects.create(
        name=f"Programmets faktorer {year}",
        year=year,
        method=FactorMethod.NATIONAL_AVERAGE,
        source_url="https://example.org/faktorer",
        reliability=Reliability.B,
        programme=programme,
        is_published=published,
    )


def test_the_default_is_the_newest_checked_reference_set(programme):
    chosen = default_factor_set(programme)
    assert chosen is not None and chosen.programme is None and chosen.is_published
    # Newer reference sets exist, but only with reliability C (not checked): never chosen.
    assert FactorSet.objects.filter(
        programme=None, is_published=True, year__gt=chosen.year, reliability=Reliability.C
    ).exists()
    assert chosen.reliability in (Reliability.A, Reliability.B)


def test_the_programmes_published_set_comes_first(programme):
    own = programme_set(programme, year=2024)
    programme_set(programme, year=2026, published=False)
    assert default_factor_set(programme) == own


def test_a_new_agreement_starts_from_the_default_set(partnership_a, officer_a, programme):
    own = programme_set(programme)
    advance_to_agreement(partnership_a, officer_a)
    client = client_for(officer_a)
    url = reverse("agreements:agreement_create", args=[partnership_a.uuid])
    page = client.get(url)
    assert page.context["form"].initial["factor_set"] == own
    assert "uden det kan hverken CO2e-tal" in page.content.decode()
    response = client.post(url, agreement_data())
    assert response.status_code == 302
    assert partnership_a.agreements.get().factor_set == own


def test_sending_without_a_factor_set_is_refused_and_said(agreement_a, officer_a, company_user):
    # company_user: sending also needs someone who can sign, which is not what this tests.
    Agreement.objects.filter(pk=agreement_a.pk).update(factor_set=None)
    client = client_for(officer_a)
    detail = client.get(reverse("agreements:agreement_detail", args=[agreement_a.uuid]))
    assert 'data-testid="no-factor-set"' in detail.content.decode()
    response = client.post(
        reverse("agreements:agreement_action", args=[agreement_a.uuid, "send"]), follow=True
    )
    assert "Vælg emissionsfaktorsættet" in response.content.decode()
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT and not agreement_a.sent_pdf
    with pytest.raises(TransitionRefused, match="Vælg emissionsfaktorsættet"):
        services.send_for_signature(agreement=agreement_a, user=officer_a)


def test_with_a_factor_set_it_is_sent(agreement_a, officer_a, company_user):
    assert agreement_a.factor_set is not None
    client_for(officer_a).post(
        reverse("agreements:agreement_action", args=[agreement_a.uuid, "send"])
    )
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.SENT


def test_the_wrong_role_and_the_other_tenant_cannot_send(
    agreement_a, officer_b, company_user, coordinator
):
    for user in (officer_b, company_user, coordinator):
        response = client_for(user).post(
            reverse("agreements:agreement_action", args=[agreement_a.uuid, "send"])
        )
        assert response.status_code in (403, 404)
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT


def test_drafting_without_a_set_stays_possible(agreement_a, officer_a):
    """Only sending needs the set: a draft may be saved without one while it is chosen."""
    agreement_a.factor_set = None
    agreement_a.start_date = date(2026, 10, 16)
    agreement_a.full_clean()
    agreement_a.save()
    assert Agreement.objects.get(pk=agreement_a.pk).factor_set is None
