"""Writes on companies, sites and contacts: the one door that the pages and the API share.

Each takes typed keyword arguments, validates the model with `full_clean()` (so a rule on
a model field holds whichever door the input came through) and saves.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypedDict, Unpack
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbon20.core.validators import normalise_cvr
from carbon20.organisations.models import (
    Company,
    ContactPerson,
    EmployeeBand,
    Municipality,
    PortfolioEntry,
    Site,
)


class CompanyChanges(TypedDict, total=False):
    name: str
    address: str
    postcode: str
    city: str
    municipality: Municipality
    industry_code: str
    industry_text: str
    employee_band: str
    website: str


class RegisterFields(TypedDict, total=False):
    """What only the CVR register sets (see `register.RegisterFlags`)."""

    advertising_protected: bool
    register_status: str
    ceased: bool
    ceased_on: date | None
    cvr_refreshed_at: datetime | None


class CompanyFields(CompanyChanges, RegisterFields, total=False):
    cvr: str


class SiteChanges(TypedDict, total=False):
    p_number: str
    name: str
    address: str
    postcode: str
    city: str
    municipality: Municipality
    floor_area_m2: int | None
    employees: int | None


class ContactFields(TypedDict, total=False):
    name: str
    title: str
    email: str
    phone: str
    is_management: bool
    is_landlord: bool


@transaction.atomic
def create_company(
    *,
    portfolio_municipality: Municipality,
    user,
    sites: Iterable[SiteChanges] = (),
    **fields: Unpack[CompanyFields],
) -> Company:
    """The company, its portfolio entry and the sites chosen from its P-units: all or none."""
    company = Company(**fields)
    company.full_clean()
    company.save()
    PortfolioEntry.objects.create(
        company=company, municipality=portfolio_municipality, added_by=user
    )
    for site in sites:
        add_site(company=company, **site)
    return company


def update_company(*, company: Company, **changes: Unpack[CompanyChanges]) -> Company:
    """The CVR is not among the changes: it never changes during a company's life."""
    for name, value in changes.items():
        setattr(company, name, value)
    company.full_clean()
    company.save()
    return company


def adopt_company(
    *, cvr: str, municipality: Municipality, user, company_uuid: UUID | None = None
) -> Company:
    """Add the company registered under `cvr` to the municipality's portfolio, as an
    adoption: its public register data, not what other municipalities recorded (decision
    0017). `company_uuid`, when the page offered a company for the CVR, must be that
    company's. Adopting twice changes nothing; a municipality that registered the company
    keeps its entry as it is."""
    number = normalise_cvr(cvr)
    company = Company.objects.filter(cvr=number).first()
    if company is None:
        raise ValidationError(
            {
                "cvr": ValidationError(
                    _("No company with CVR %(cvr)s is registered.") % {"cvr": number},
                    code="cvr_unknown",
                )
            }
        )
    if company_uuid is not None and company.uuid != company_uuid:
        raise ValidationError(
            {
                "cvr": ValidationError(
                    _("The company does not match the CVR number entered."), code="cvr_mismatch"
                )
            }
        )
    PortfolioEntry.objects.get_or_create(
        company=company, municipality=municipality, defaults={"added_by": user, "adopted": True}
    )
    return company


def add_site(*, company: Company, **fields: Unpack[SiteChanges]) -> Site:
    site = Site(company=company, **fields)
    site.full_clean()
    site.save()
    return site


def update_site(*, site: Site, **changes: Unpack[SiteChanges]) -> Site:
    for name, value in changes.items():
        setattr(site, name, value)
    site.full_clean()
    site.save()
    return site


def record_contact(
    *, company: Company, municipality: Municipality, **fields: Unpack[ContactFields]
) -> ContactPerson:
    contact = ContactPerson(company=company, municipality=municipality, **fields)
    contact.full_clean()
    contact.save()
    return contact


@dataclass(frozen=True)
class RegisterChange:
    """One register value that changed: the field's name, its label, the old and new value."""

    field: str
    label: Any
    old: Any
    new: Any


# The register's fields that a refresh compares, in the order the timeline lists them.
REGISTER_FIELDS = (
    "name",
    "address",
    "postcode",
    "city",
    "municipality",
    "industry_code",
    "industry_text",
    "employee_band",
    "advertising_protected",
)


def _shown(company: Company, name: str) -> Any:
    """The value as a reader sees it; labels stay lazy so that the timeline shows them in the
    reader's language."""
    value = getattr(company, name)
    if name == "employee_band":
        return EmployeeBand(value).label if value else ""
    if name == "advertising_protected":
        return gettext_lazy("yes") if value else gettext_lazy("no")
    return "" if value is None else str(value)


def apply_register_data(
    *,
    company: Company,
    fields: CompanyChanges,
    register: RegisterFields,
    refreshed_at: datetime,
) -> Sequence[RegisterChange]:
    """Store what the register says now and return what changed; nothing changed saves only
    the time of the refresh. The caller holds the transaction (and the row lock)."""
    changes: list[RegisterChange] = []
    wanted: dict[str, Any] = {**fields, **register}
    for name in REGISTER_FIELDS:
        if name not in wanted or getattr(company, name) == wanted[name]:
            continue
        old = _shown(company, name)
        setattr(company, name, wanted[name])
        label = getattr(Company._meta.get_field(name), "verbose_name", name)
        changes.append(RegisterChange(name, label, old, _shown(company, name)))
    for name in ("register_status", "ceased", "ceased_on"):
        if name in wanted:
            setattr(company, name, wanted[name])
    company.cvr_refreshed_at = refreshed_at
    company.full_clean()
    company.save()
    return changes
