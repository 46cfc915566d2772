"""Administrators manage users and roles on the platform's own pages; to everyone else the
pages do not exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from carbon20.accounts.models import Membership, Role, User
from testsupport.fixtures import client_for, make_user

pytestmark = pytest.mark.django_db


def test_admin_lists_users_with_their_roles(superuser, officer_a, company_user):
    response = client_for(superuser).get(reverse("accounts:user_list"))
    assert response.status_code == 200
    assert "officer.a@test.dk" in response.text
    assert "Albertslund" in response.text
    assert "Albertslund Testfabrik ApS" in response.text
    # The platform's own layout and DKFDS table, not the Django admin's.
    assert 'class="table"' in response.text
    assert "/static/vendor/dkfds" in response.text


def test_admin_searches_users(superuser, officer_a, officer_b):
    response = client_for(superuser).get(reverse("accounts:user_list"), {"q": "officer.b"})
    assert [u.email for u in response.context["page"].object_list] == ["officer.b@test.dk"]


def test_user_list_costs_the_same_queries_for_few_or_many_users(superuser, muni_a):
    client = client_for(superuser)
    make_user("one@test.dk", Role.OFFICER, municipality=muni_a)
    client.get(reverse("accounts:user_list"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:user_list"))
    for index in range(10):
        make_user(f"many{index}@test.dk", Role.OFFICER, municipality=muni_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("accounts:user_list"))
    # Memberships and their organisations are prefetched: no query per user.
    assert len(many) == len(few)


def test_admin_adds_a_role(superuser, no_role_user, muni_a):
    url = reverse("accounts:user_detail", args=[no_role_user.uuid])
    response = client_for(superuser).post(
        url, {"add-membership": "1", "role": Role.OFFICER, "municipality": muni_a.pk}
    )
    assert response.status_code == 302
    assert no_role_user.memberships.get().municipality == muni_a


def test_a_role_without_its_organisation_is_refused_at_the_field(superuser, no_role_user, muni_a):
    url = reverse("accounts:user_detail", args=[no_role_user.uuid])
    response = client_for(superuser).post(url, {"add-membership": "1", "role": Role.COMPANY_USER})
    assert response.status_code == 200
    assert response.context["form"].errors["company"] == [
        "En virksomhedsbruger skal have en virksomhed."
    ]
    assert 'id="id_company_error"' in response.text
    both = client_for(superuser).post(
        url,
        {"add-membership": "1", "role": Role.OFFICER, "municipality": muni_a.pk, "company": ""},
    )
    assert both.status_code == 302
    wrong = client_for(superuser).post(
        url, {"add-membership": "1", "role": Role.OFFICER, "municipality": muni_a.pk}
    )
    # The same role twice is refused and nothing is added.
    assert wrong.status_code == 200
    assert wrong.context["form"].errors["municipality"] == [
        "Brugeren har allerede denne rolle her."
    ]
    assert no_role_user.memberships.count() == 1


def test_admin_removes_a_role(superuser, officer_a):
    membership = officer_a.memberships.get()
    response = client_for(superuser).post(
        reverse("accounts:user_detail", args=[officer_a.uuid]),
        {"remove-membership": "1", "membership": membership.pk},
    )
    assert response.status_code == 302
    assert not officer_a.memberships.exists()


def test_a_membership_of_another_user_is_not_removed_through_this_user(
    superuser, officer_a, officer_b
):
    response = client_for(superuser).post(
        reverse("accounts:user_detail", args=[officer_a.uuid]),
        {"remove-membership": "1", "membership": officer_b.memberships.get().pk},
    )
    assert response.status_code == 404
    assert officer_b.memberships.exists()


def test_admin_deactivates_and_activates(superuser, officer_a):
    client = client_for(superuser)
    url = reverse("accounts:user_detail", args=[officer_a.uuid])
    client.post(url, {"active": "false"})
    officer_a.refresh_from_db()
    assert officer_a.is_active is False
    client.post(url, {"active": "true"})
    officer_a.refresh_from_db()
    assert officer_a.is_active is True


def test_admin_cannot_deactivate_themselves(superuser):
    response = client_for(superuser).post(
        reverse("accounts:user_detail", args=[superuser.uuid]), {"active": "false"}, follow=True
    )
    assert "Du kan ikke deaktivere din egen konto." in response.text
    superuser.refresh_from_db()
    assert superuser.is_active


@pytest.mark.parametrize(
    "persona", ["officer_a", "officer_b", "coordinator", "consultant", "company_user"]
)
def test_everyone_but_the_admin_gets_404_and_changes_nothing(request, persona, officer_a, muni_b):
    client = client_for(request.getfixturevalue(persona))
    before = list(Membership.objects.values()), list(User.objects.values("pk", "is_active"))
    detail = reverse("accounts:user_detail", args=[officer_a.uuid])
    assert client.get(reverse("accounts:user_list")).status_code == 404
    assert client.get(detail).status_code == 404
    for data in (
        {"add-membership": "1", "role": Role.OFFICER, "municipality": muni_b.pk},
        {"remove-membership": "1", "membership": officer_a.memberships.get().pk},
        {"active": "false"},
    ):
        assert client.post(detail, data).status_code == 404
    after = list(Membership.objects.values()), list(User.objects.values("pk", "is_active"))
    assert before == after


def test_user_pages_need_login(officer_a):
    assert client_for(None).get(reverse("accounts:user_list")).status_code == 302


def test_admin_start_and_profile_pages_do_not_say_no_role(superuser):
    client = client_for(superuser)
    home = client.get(reverse("home:home"))
    assert "ingen rolle" not in home.text
    assert reverse("accounts:user_list") in home.text
    profile = client.get(reverse("accounts:profile"))
    assert "ingen rolle" not in profile.text
    assert 'data-testid="admin-role"' in profile.text


def test_navigation_links_users_for_the_admin_only(superuser, officer_a):
    assert reverse("accounts:user_list") in client_for(superuser).get(reverse("home:home")).text
    assert reverse("accounts:user_list") not in client_for(officer_a).get(reverse("home:home")).text
