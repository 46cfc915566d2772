import pytest
from django.urls import reverse

from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_profile_lists_the_users_roles(officer_a):
    response = client_for(officer_a).get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert "officer.a@test.dk" in response.text
    assert "Albertslund" in response.text


def test_profile_of_a_user_without_a_role_says_what_to_do(no_role_user):
    response = client_for(no_role_user).get(reverse("accounts:profile"))
    assert response.status_code == 200
    assert list(response.context["memberships"]) == []
    assert "Du har endnu ingen rolle" in response.text


def test_profile_shows_nothing_of_other_users(officer_a, officer_b):
    response = client_for(officer_b).get(reverse("accounts:profile"))
    assert "officer.a@test.dk" not in response.text
    assert "Albertslund" not in response.text


def test_profile_needs_login():
    response = client_for(None).get(reverse("accounts:profile"))
    assert response.status_code == 302


def test_superuser_uses_the_admin(superuser, officer_a):
    client = client_for(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    users = client.get(reverse("admin:accounts_user_changelist"))
    assert users.status_code == 200
    assert "officer.a@test.dk" in users.text
    assert client.get(reverse("admin:organisations_company_changelist")).status_code == 200


@pytest.mark.parametrize(
    "persona", ["officer_a", "coordinator", "consultant", "company_user", "no_role_user"]
)
def test_admin_is_closed_to_everybody_else(request, persona):
    response = client_for(request.getfixturevalue(persona)).get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_is_closed_to_anonymous():
    response = client_for(None).get(reverse("admin:index"))
    assert response.status_code == 302
