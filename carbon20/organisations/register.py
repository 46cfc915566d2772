"""What the CVR register says about a company, in this app's terms.

`carbon20.integrations.cvr` fetches and parses; this module turns its plain records into the
company's and the sites' fields (municipality by its code, the employee band of the form) and
the one translated message per failure that the pages and the API show.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from carbon20.core.validators import validate_industry_code
from carbon20.integrations import cvr
from carbon20.organisations.models import EmployeeBand, Municipality
from carbon20.organisations.services import CompanyChanges, SiteChanges

# The form's bands with their lower and upper counts.
BAND_LIMITS = {
    EmployeeBand.MICRO: (0, 9),
    EmployeeBand.SMALL: (10, 49),
    EmployeeBand.MEDIUM: (50, 249),
    EmployeeBand.LARGE: (250, 10**9),
}


def employee_band(interval: cvr.EmployeeInterval | None) -> str:
    """The band that holds the register's whole interval. An interval across two bands
    (the register's 200–499 spans 50–249 and 250+) gives none rather than a guess."""
    if interval is None:
        return ""
    for band, (low, high) in BAND_LIMITS.items():
        if low <= interval.low and interval.high <= high:
            return str(band)
    return ""


def _industry_code(code: str) -> str:
    try:
        validate_industry_code(code)
    except ValidationError:
        # A code the form would refuse (DB25 codes may differ) is left for the user to type.
        return ""
    return code


def _municipality(code: int | None) -> Municipality | None:
    return Municipality.objects.filter(code=code).first() if code is not None else None


def company_fields(record: cvr.CompanyRecord) -> CompanyChanges:
    """The register's values for the company form; a value the register does not give (or
    gives in a form the platform refuses) is left out, never blanked."""
    fields: CompanyChanges = {}
    candidates = {
        "name": record.name[:200],
        "address": record.address.street[:200],
        "postcode": record.address.postcode,
        "city": record.address.city[:100],
        "industry_code": _industry_code(record.industry_code),
        "industry_text": record.industry_text[:200],
        "employee_band": employee_band(record.employees),
    }
    for name, value in candidates.items():
        if value:
            fields[name] = value  # type: ignore[literal-required]
    municipality = _municipality(record.address.municipality_code)
    if municipality is not None:
        fields["municipality"] = municipality
    return fields


def site_fields(unit: cvr.ProductionUnit) -> SiteChanges | None:
    """A P-unit as a site; None when its municipality is not one of the 98 (abroad or
    missing), since a site needs one."""
    municipality = _municipality(unit.address.municipality_code)
    if municipality is None or not unit.address.postcode:
        return None
    return SiteChanges(
        p_number=unit.p_number,
        name=unit.name[:200],
        address=unit.address.street[:200],
        postcode=unit.address.postcode,
        city=unit.address.city[:100],
        municipality=municipality,
    )


@dataclass(frozen=True)
class RegisterFlags:
    """What the register alone decides: not offered on the form, stored as the register says."""

    advertising_protected: bool
    register_status: str
    ceased: bool
    ceased_on: date | None = None

    @classmethod
    def of(cls, record: cvr.CompanyRecord) -> "RegisterFlags":
        return cls(
            advertising_protected=record.advertising_protected,
            register_status=record.status[:60],
            ceased=record.ceased,
            ceased_on=record.ceased_on,
        )


@dataclass(frozen=True)
class Lookup:
    """A company as the register gives it, ready for the form: its fields, its flags and its
    production units (those that can be a site)."""

    record: cvr.CompanyRecord
    fields: CompanyChanges
    flags: RegisterFlags
    units: list[cvr.ProductionUnit] = field(default_factory=list)


def look_up(cvr_number: str) -> Lookup:
    """One company and its current P-units; raises `cvr.CvrError` (see `error_message`)."""
    with cvr.client() as client:
        record = client.company(cvr_number)
        units = client.production_units(record.p_numbers) if record.p_numbers else []
    return Lookup(record, company_fields(record), RegisterFlags.of(record), units)


def units_as_sites(
    units: list[cvr.ProductionUnit], chosen: set[str]
) -> tuple[list[SiteChanges], list[str]]:
    """The chosen units as sites, and the P-numbers of those that cannot be one."""
    sites: list[SiteChanges] = []
    refused: list[str] = []
    for unit in units:
        if unit.p_number not in chosen:
            continue
        site = site_fields(unit)
        if site is None:
            refused.append(unit.p_number)
        else:
            sites.append(site)
    return sites, refused


def error_message(error: cvr.CvrError, cvr_number: str) -> str:
    if isinstance(error, cvr.CvrNotFound):
        return _("The CVR register has no company with CVR number %(cvr)s.") % {"cvr": cvr_number}
    if isinstance(error, cvr.CvrUnavailable):
        return _(
            "The CVR register did not answer in time. Fill in the fields yourself, or try the "
            "CVR number again in a moment."
        )
    if isinstance(error, cvr.CvrAccessRefused):
        return _(
            "The CVR register refused the platform's user name and password; an administrator "
            "must renew them. Fill in the fields yourself meanwhile."
        )
    return _(
        "The CVR register's answer could not be read. Fill in the fields yourself, or try again "
        "later."
    )


def ceased_message(record: cvr.CompanyRecord) -> str:
    return _(
        "The CVR register lists %(name)s (CVR %(cvr)s) as ceased (%(status)s); a ceased "
        "company cannot join a partnership."
    ) % {"name": record.name, "cvr": record.cvr, "status": record.status}
