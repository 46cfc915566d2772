"""The public page shows who takes part, to anyone, and nothing recorded about companies."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carbon20.organisations.models import Partner, PartnerType, Programme
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_anyone_sees_programmes_and_public_partners(programme, consultancy, company_a):
    Partner.objects.create(name="Skjult Partner", type=PartnerType.CONSULTANCY, is_public=False)
    response = client_for(None).get(reverse("public:home"))
    assert response.status_code == 200
    assert programme.name in response.text
    assert "Albertslund" in response.text
    assert consultancy.name in response.text
    assert "Skjult Partner" not in response.text
    # Companies appear publicly only once they consent (later feature); contacts never.
    assert company_a.name not in response.text
    assert "Kontakt A" not in response.text


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "company_user", "consultant"])
def test_logged_in_users_see_the_same_public_page(request, persona, programme):
    response = client_for(request.getfixturevalue(persona)).get(reverse("public:home"))
    assert response.status_code == 200
    assert programme.name in response.text


def test_empty_state_before_any_programme():
    response = client_for(None).get(reverse("public:home"))
    assert "Der er endnu ikke offentliggjort noget program." in response.text


def test_english_on_request(programme):
    client = client_for(None)
    client.cookies["carbon20_language"] = "en"
    assert "Who takes part" in client.get(reverse("public:home")).text


def _queries() -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client_for(None).get(reverse("public:home")).status_code == 200
    return len(captured)


def test_query_count_is_bounded(programme, muni_a):
    for number in range(3):
        Partner.objects.create(name=f"Partner {number}", type=PartnerType.ASSOCIATION)
    small = _queries()
    for number in range(3, 40):
        Partner.objects.create(name=f"Partner {number}", type=PartnerType.ASSOCIATION)
    extra = Programme.objects.create(
        name="Andet program", slug="andet", start_date="2024-01-01", end_date="2026-12-31"
    )
    extra.municipalities.set([muni_a])
    assert _queries() == small <= 4
