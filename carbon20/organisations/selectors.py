"""The only way views, the API and exports fetch organisations for a user.

An object outside the user's memberships answers 404 so that its existence does not leak.
"""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from carbon20.core import tenancy
from carbon20.organisations.models import (
    Company,
    ContactPerson,
    Municipality,
    PortfolioEntry,
    Programme,
    Site,
)


def municipalities_for_user(user) -> QuerySet[Municipality]:
    return Municipality.objects.filter(tenancy.municipality_reach(tenancy.roles_of(user)))


def get_municipality_for_user(user, slug: str) -> Municipality:
    try:
        return municipalities_for_user(user).get(slug=slug)
    except Municipality.DoesNotExist as exc:
        raise Http404 from exc


def editable_municipalities_for_user(user) -> QuerySet[Municipality]:
    """Where the user may add companies and contacts: officers their own municipalities,
    coordinators those of their programmes."""
    return Municipality.objects.filter(tenancy.municipality_edit_reach(tenancy.roles_of(user)))


def programmes_for_user(user) -> QuerySet[Programme]:
    return Programme.objects.filter(tenancy.programme_reach(tenancy.roles_of(user))).distinct()


def get_programme_for_user(user, slug: str) -> Programme:
    try:
        return programmes_for_user(user).get(slug=slug)
    except Programme.DoesNotExist as exc:
        raise Http404 from exc


def get_editable_programme_for_user(user, slug: str) -> Programme:
    """Coordinators keep their programmes' settings; an officer who can read the programme
    is refused (403) rather than told it does not exist."""
    programme = get_programme_for_user(user, slug)
    if not tenancy.may_edit_programme(user, programme):
        raise PermissionDenied
    return programme


def companies_for_user(user) -> QuerySet[Company]:
    return Company.objects.filter(
        tenancy.company_reach(tenancy.roles_of(user), portfolio=PortfolioEntry.objects.all())
    )


def get_company_for_user(user, company_uuid: UUID | str) -> Company:
    try:
        return companies_for_user(user).select_related("municipality").get(uuid=company_uuid)
    except (Company.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def companies_sharing_data_with(user) -> QuerySet[Company]:
    """Companies whose own data (consumption, evidence) the user reads: see
    `tenancy.company_data_reach`. An adopting municipality sees the register data only."""
    return Company.objects.filter(
        tenancy.company_data_reach(
            tenancy.roles_of(user),
            portfolio=PortfolioEntry.objects.all(),
            companies=Company.objects.all(),
        )
    )


def register_editable_companies_for_user(user) -> QuerySet[Company]:
    return Company.objects.filter(
        tenancy.register_edit_reach(
            tenancy.roles_of(user),
            portfolio=PortfolioEntry.objects.all(),
            companies=Company.objects.all(),
        )
    )


def get_register_editable_company_for_user(user, company_uuid: UUID | str) -> Company:
    """Officers and coordinators of a municipality that registered the company or works
    with it in a partnership edit its register data; a company the user only reads
    (adopted) answers 403, one they cannot see 404."""
    company = get_editable_company_for_user(user, company_uuid)
    if not tenancy.may_edit_register_data(user, company):
        raise PermissionDenied
    return company


def get_editable_company_for_user(user, company_uuid: UUID | str) -> Company:
    """Officers and coordinators add sites and contacts to the companies they can see."""
    if not tenancy.may_manage_companies(user):
        raise Http404
    return get_company_for_user(user, company_uuid)


def contacts_for_user(user, company: Company) -> QuerySet[ContactPerson]:
    """A municipality's contacts stay with it; the company's own users see all of theirs."""
    return company.contacts.select_related("municipality").filter(
        tenancy.contact_reach(tenancy.roles_of(user), company.id)
    )


def sites_for_company(company: Company) -> QuerySet[Site]:
    return company.sites.select_related("municipality")


def get_site_for_company(company: Company, site_uuid: UUID | str) -> Site:
    """The company must come from `get_company_for_user`: a site is as visible as its
    company."""
    try:
        return sites_for_company(company).get(uuid=site_uuid)
    except (Site.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def contact_municipalities_for_user(user, company: Company) -> QuerySet[Municipality]:
    """Where the user may record a contact of this company: their own municipalities that
    have the company in their portfolio."""
    return editable_municipalities_for_user(user).filter(portfolio_companies=company)


def get_editable_contact_for_user(user, company: Company, contact_uuid: UUID | str):
    """A contact is edited only by the municipalities that may record it, never through
    a company user's wider read access."""
    if not tenancy.may_manage_companies(user):
        raise Http404
    try:
        return company.contacts.get(
            uuid=contact_uuid,
            municipality__in=editable_municipalities_for_user(user),
        )
    except (ContactPerson.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def find_company_by_cvr(cvr: str) -> Company | None:
    """Register data is public: anyone who manages companies may learn that a CVR exists."""
    return Company.objects.select_related("municipality").filter(cvr=cvr).first()
