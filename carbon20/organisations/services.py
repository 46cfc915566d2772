from django.db import transaction

from carbon20.organisations.models import (
    Company,
    ContactPerson,
    Municipality,
    PortfolioEntry,
    Site,
)


@transaction.atomic
def create_company(*, data: dict, portfolio_municipality: Municipality, user) -> Company:
    company = Company.objects.create(**data)
    PortfolioEntry.objects.create(
        company=company, municipality=portfolio_municipality, added_by=user
    )
    return company


def add_to_portfolio(*, company: Company, municipality: Municipality, user) -> PortfolioEntry:
    entry, _created = PortfolioEntry.objects.get_or_create(
        company=company, municipality=municipality, defaults={"added_by": user}
    )
    return entry


def add_site(*, company: Company, data: dict) -> Site:
    return Site.objects.create(company=company, **data)


def record_contact(*, company: Company, municipality: Municipality, data: dict) -> ContactPerson:
    return ContactPerson.objects.create(company=company, municipality=municipality, **data)
