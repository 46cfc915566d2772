import pytest

from carbon20.accounts.models import Membership, Role
from carbon20.organisations.models import ContactPerson
from testsupport.fixtures import make_company, make_user


@pytest.fixture
def shared_company(muni_a, muni_b):
    """A company in the portfolios of both A and B, each with a contact of its own."""
    company = make_company(muni_a, "Fælles Maskinfabrik A/S")
    company.portfolio_municipalities.add(muni_b)
    ContactPerson.objects.create(company=company, municipality=muni_a, name="Anna Albertslund")
    ContactPerson.objects.create(company=company, municipality=muni_b, name="Bent Herning")
    return company


@pytest.fixture
def officer_ab(muni_a, muni_b):
    """An officer who works for both municipalities and so chooses who records a contact."""
    user = make_user("officer.ab@test.dk", Role.OFFICER, municipality=muni_a)
    Membership.objects.create(user=user, role=Role.OFFICER, municipality=muni_b)
    return user
