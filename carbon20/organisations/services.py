from django.db import transaction

from carbon20.organisations.models import Company, Municipality, PortfolioEntry


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
