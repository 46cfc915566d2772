"""The page header names where the user works, read with the roles in one query."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from carbon20.accounts.models import Membership, Role, User
from carbon20.organisations.models import Programme
from testsupport.fixtures import client_for


def test_each_kind_in_its_list_order(officer_a, muni_a, muni_b, programme, consultancy, company_a):
    older = Programme.objects.create(
        name="Aaa ældre program",
        slug="aeldre",
        start_date=date(2020, 1, 1),
        end_date=date(2022, 12, 31),
        target_percent=Decimal("20"),
        funder_reference="OLD-1",
    )
    for fields in [
        {"role": Role.OFFICER, "municipality": muni_b},
        {"role": Role.COORDINATOR, "programme": older},
        {"role": Role.COORDINATOR, "programme": programme},
        {"role": Role.CONSULTANT, "partner": consultancy},
        {"role": Role.COMPANY_USER, "company": company_a},
    ]:
        Membership.objects.create(user=officer_a, **fields)
    user = User.objects.get(pk=officer_a.pk)
    with translation.override("da"):
        assert user.affiliation == (
            f"{muni_a.display_name}, {muni_b.display_name}, Testprogram, Aaa ældre program, "
            f"{consultancy.name}, {company_a.name}"
        )
    with translation.override("en"):
        assert user.affiliation.startswith(f"{muni_a.name} Municipality, ")


def test_a_user_without_memberships_names_nothing(no_role_user):
    assert no_role_user.affiliation == ""


def test_the_header_costs_no_query_beyond_the_roles(officer_a, muni_a, django_assert_num_queries):
    user = User.objects.get(pk=officer_a.pk)
    with django_assert_num_queries(1):
        assert user.roles.municipality_ids == {muni_a.pk}
        assert user.affiliation == str(muni_a.display_name)


def test_the_page_header_shows_it(officer_a, muni_a):
    with translation.override("da"):
        expected = str(muni_a.display_name)
    page = client_for(officer_a).get("/", HTTP_ACCEPT_LANGUAGE="da")
    assert f'data-testid="header-affiliation">{expected}<' in page.content.decode()
