from decimal import Decimal

import pytest
from django.urls import reverse

from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_officer_lists_own_municipality_only(officer_a, muni_a, muni_b):
    response = client_for(officer_a).get(reverse("organisations:municipality_list"))
    assert response.status_code == 200
    assert list(response.context["municipalities"]) == [muni_a]


def test_coordinator_lists_the_programmes_municipalities(coordinator, muni_a, muni_b):
    response = client_for(coordinator).get(reverse("organisations:municipality_list"))
    assert set(response.context["municipalities"]) == {muni_a, muni_b}


def test_superuser_lists_all_98_municipalities(superuser):
    response = client_for(superuser).get(reverse("organisations:municipality_list"))
    assert len(response.context["municipalities"]) == 98


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_other_roles_have_no_municipality_list(request, persona):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("organisations:municipality_list")).status_code == 404


@pytest.mark.parametrize("persona", ["officer_a", "coordinator", "superuser"])
def test_municipality_detail(request, persona, muni_a, company_a, programme):
    response = client_for(request.getfixturevalue(persona)).get(muni_a.get_absolute_url())
    assert response.status_code == 200
    assert response.context["company_count"] == 1
    assert programme.name in response.text


@pytest.mark.parametrize("persona", ["officer_b", "company_user", "consultant", "no_role_user"])
def test_municipality_detail_answers_404_to_others(request, persona, muni_a):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(muni_a.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("persona", ["officer_a", "officer_b", "coordinator", "superuser"])
def test_programme_list_and_detail(request, persona, programme):
    client = client_for(request.getfixturevalue(persona))
    listing = client.get(reverse("organisations:programme_list"))
    assert listing.status_code == 200
    assert programme.name in listing.text
    detail = client.get(programme.get_absolute_url())
    assert detail.status_code == 200
    assert "TEST-1" in detail.text


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_programme_pages_answer_404_to_others(request, persona, programme):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("organisations:programme_list")).status_code == 404
    assert client.get(programme.get_absolute_url()).status_code == 404


def test_officer_outside_the_programme_gets_404(programme):
    from carbon20.accounts.models import Role
    from carbon20.organisations.models import Municipality
    from testsupport.fixtures import make_user

    kolding = Municipality.objects.get(code=621)
    officer = make_user("officer@kolding.test", Role.OFFICER, municipality=kolding)
    assert client_for(officer).get(programme.get_absolute_url()).status_code == 404


def _programme_data(**overrides):
    data = {
        "description": "Klimapartnerskaber",
        "start_date": "2025-01-01",
        "end_date": "2027-12-31",
        "target_percent": "17,5",
        "company_goal": "40",
        "follow_up_count": "3",
        "funder_reference": "TEST-1",
    }
    data.update(overrides)
    return data


def test_coordinator_edits_the_target_with_a_decimal_comma(coordinator, programme):
    client = client_for(coordinator)
    url = reverse("organisations:programme_edit", args=[programme.slug])
    page = client.get(url)
    assert page.status_code == 200
    # Danish form shows the stored value with a comma too.
    assert 'value="20,00"' in page.text
    response = client.post(url, _programme_data())
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.target_percent == Decimal("17.5")
    detail = client.get(programme.get_absolute_url())
    assert "17,50 % CO2e" in detail.text


def test_english_user_writes_a_decimal_point(coordinator, programme):
    client = client_for(coordinator)
    client.cookies["carbon20_language"] = "en"
    url = reverse("organisations:programme_edit", args=[programme.slug])
    assert client.post(url, _programme_data(target_percent="17.5")).status_code == 302
    programme.refresh_from_db()
    assert programme.target_percent == Decimal("17.5")


def test_end_before_start_is_refused(coordinator, programme):
    url = reverse("organisations:programme_edit", args=[programme.slug])
    response = client_for(coordinator).post(url, _programme_data(end_date="2024-12-31"))
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "Slutdatoen skal ligge efter startdatoen."
    ]
    programme.refresh_from_db()
    assert programme.end_date.year == 2027


def test_officer_reads_but_may_not_edit_the_programme(officer_a, programme):
    client = client_for(officer_a)
    url = reverse("organisations:programme_edit", args=[programme.slug])
    assert url not in client.get(programme.get_absolute_url()).text
    assert client.get(url).status_code == 403
    assert client.post(url, _programme_data()).status_code == 403
    programme.refresh_from_db()
    assert programme.target_percent == Decimal("20")


@pytest.mark.parametrize("persona", ["company_user", "consultant", "no_role_user"])
def test_programme_edit_answers_404_to_others(request, persona, programme):
    client = client_for(request.getfixturevalue(persona))
    url = reverse("organisations:programme_edit", args=[programme.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, _programme_data()).status_code == 404
