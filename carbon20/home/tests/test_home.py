"""One start page with a section per role; each says what to do next."""

import pytest
from django.urls import reverse

from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

SECTIONS = {
    "officer-start",
    "coordinator-start",
    "consultant-start",
    "company-start",
    "admin-start",
}


def _sections(response) -> set[str]:
    return {name for name in SECTIONS if f'data-testid="{name}"' in response.text}


def test_anonymous_is_sent_to_login():
    response = client_for(None).get(reverse("home:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_officer_with_an_empty_portfolio_is_told_to_add_a_company(officer_a):
    response = client_for(officer_a).get(reverse("home:home"))
    assert response.status_code == 200
    assert _sections(response) == {"officer-start"}
    assert response.context["company_count"] == 0
    assert "Begynd med at tilføje en virksomhed" in response.text
    assert reverse("organisations:company_create") in response.text


def test_officer_with_companies_sees_the_count_of_their_own_only(officer_a, company_a, company_b):
    response = client_for(officer_a).get(reverse("home:home"))
    assert response.context["company_count"] == 1
    assert "Begynd med at tilføje en virksomhed" not in response.text
    assert reverse("organisations:company_list") in response.text
    assert company_b.name not in response.text


def test_officer_of_the_other_municipality_sees_nothing_of_a(officer_b, company_a):
    response = client_for(officer_b).get(reverse("home:home"))
    assert response.context["company_count"] == 0
    assert company_a.name not in response.text
    assert "Albertslund" not in response.text


def test_coordinator_sees_their_programme(coordinator, programme):
    response = client_for(coordinator).get(reverse("home:home"))
    assert _sections(response) == {"coordinator-start"}
    assert programme.get_absolute_url() in response.text


def test_consultant_is_told_what_will_appear(consultant):
    response = client_for(consultant).get(reverse("home:home"))
    assert _sections(response) == {"consultant-start"}
    assert "empty-state" in response.text


def test_company_user_sees_their_company(company_user, company_a, company_b):
    response = client_for(company_user).get(reverse("home:home"))
    assert _sections(response) == {"company-start"}
    assert company_a.get_absolute_url() in response.text
    assert company_b.name not in response.text


def test_user_without_a_role_is_told_to_ask_for_one(no_role_user):
    response = client_for(no_role_user).get(reverse("home:home"))
    assert _sections(response) == set()
    assert "Du har endnu ingen rolle" in response.text


def test_superuser_finds_the_administration(superuser):
    response = client_for(superuser).get(reverse("home:home"))
    assert "admin-start" in _sections(response)
    assert reverse("admin:index") in response.text


def test_start_page_is_danish_by_default_and_english_on_request(officer_a):
    client = client_for(officer_a)
    assert '<html lang="da">' in client.get(reverse("home:home")).text
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    english = client.get(reverse("home:home"))
    assert '<html lang="en">' in english.text
    assert "Start by adding a company" in english.text


def test_header_names_the_users_municipality(officer_a):
    response = client_for(officer_a).get(reverse("home:home"))
    assert "Albertslund Kommune" in response.text


def test_health_check_answers_without_login():
    response = client_for(None).get(reverse("home:healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_the_main_menu_marks_the_page_and_follows_the_roles(officer_a, coordinator):
    pipeline = client_for(officer_a).get(reverse("partnerships:pipeline")).text
    assert 'href="/partnerships/" class="nav-link" aria-current="true"' in pipeline
    home = client_for(officer_a).get(reverse("home:home")).text
    assert 'href="/partnerships/" class="nav-link" aria-current' not in home
    # Technical reviews are the officers' and consultants', not the coordinators'.
    assert reverse("screening:list") in home
    assert reverse("screening:list") not in client_for(coordinator).get(reverse("home:home")).text
