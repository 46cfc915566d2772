"""Reads of the district heating table: the suppliers, the declaration in force per year, the
supplier of a site, and the factor a result uses for district heat.

The table is installation-wide method data like the reference factor sets: everyone with a
role reads it; coordinators and administrators keep it (`tenancy.may_manage_factor_sets`).
A site's supplier is chosen by whoever enters the company's consumption, and by the energy
consultant assigned to one of the company's open partnerships.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from carbon20.core import tenancy
from carbon20.core.templatetags.formatting import stated
from carbon20.energy.calc import district_heating
from carbon20.energy.calc.emissions import FactorTable
from carbon20.energy.heat_models import HeatDeclaration, HeatMethod, HeatSupplier, SiteHeatSupply
from carbon20.organisations.models import Company, Site
from carbon20.organisations.selectors import companies_for_user


def heat_suppliers_for_user(user) -> QuerySet[HeatSupplier]:
    if not tenancy.has_any_role(user):
        return HeatSupplier.objects.none()
    return HeatSupplier.objects.prefetch_related("municipalities").order_by("name")


def get_heat_supplier_for_user(user, supplier_uuid: UUID | str) -> HeatSupplier:
    try:
        return heat_suppliers_for_user(user).get(uuid=supplier_uuid)
    except (HeatSupplier.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def require_table_keeper(user) -> None:
    """Coordinators and administrators keep the table; others who read it are refused (403),
    those without a role do not learn that the page exists (404)."""
    if not tenancy.has_any_role(user):
        raise Http404
    if not tenancy.may_manage_factor_sets(user):
        raise PermissionDenied


def get_declaration_for_keeper(user, declaration_uuid: UUID | str) -> HeatDeclaration:
    require_table_keeper(user)
    try:
        return HeatDeclaration.objects.select_related("supplier").get(uuid=declaration_uuid)
    except (HeatDeclaration.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def declarations_of(supplier: HeatSupplier) -> QuerySet[HeatDeclaration]:
    return supplier.declarations.select_related("created_by").order_by("-year", "-version")


def in_force(supplier_ids: Iterable[int]) -> dict[int, dict[int, district_heating.Declaration]]:
    """Per supplier and year, the newest published version, as plain values (one query)."""
    found: dict[int, dict[int, district_heating.Declaration]] = {}
    rows = (
        HeatDeclaration.objects.filter(supplier_id__in=list(supplier_ids), is_published=True)
        .select_related("supplier")
        .order_by("supplier_id", "year", "version")
    )
    for row in rows:
        found.setdefault(row.supplier_id, {})[row.year] = district_heating.Declaration(
            supplier=row.supplier.name,
            year=row.year,
            version=row.version,
            kg_co2e_per_gj=row.kg_co2e_per_gj,
            method=row.method,
        )
    return found


def supplier_of(subject: Company | Site) -> HeatSupplier | None:
    """A site's supplier; for a whole company, the one supplier all its chosen sites share
    (none when its sites buy from several: the result then uses the national average)."""
    supplies = SiteHeatSupply.objects.select_related("supplier")
    if isinstance(subject, Site):
        supply = supplies.filter(site=subject).first()
        return supply.supplier if supply else None
    suppliers = {supply.supplier for supply in supplies.filter(site__company=subject)}
    return suppliers.pop() if len(suppliers) == 1 else None


@dataclass(frozen=True)
class HeatBasis:
    """Where a result's district heating factors come from: the subject's supplier and its
    declarations in force (empty: none, so every year uses the set's national average)."""

    supplier: HeatSupplier | None
    pinned_year: int
    declarations: dict[int, district_heating.Declaration] = field(default_factory=dict)

    def pinned(self, factors: FactorTable) -> district_heating.HeatFactor:
        """The pinned figures keep the declaration of the pinned year (the agreement's
        baseline year) for every year, as they keep every other factor, so that a year's
        figure moves only with consumption."""
        return district_heating.choose(self.pinned_year, self.declarations, factors)

    def own_year(self, year: int, factors: FactorTable) -> district_heating.HeatFactor:
        return district_heating.choose(year, self.declarations, factors)

    def describe(self, heat: district_heating.HeatFactor) -> str:
        if heat.declaration is not None:
            return _(
                "District heating: %(supplier)s's declaration for %(year)d, version "
                "%(version)d (%(value)s kg CO2e/GJ, %(method)s)."
            ) % {
                "supplier": heat.declaration.supplier,
                "year": heat.declaration.year,
                "version": heat.declaration.version,
                "value": stated(heat.declaration.kg_co2e_per_gj),
                "method": HeatMethod(heat.declaration.method).label,
            }
        if self.supplier is not None:
            return _(
                "District heating: national average of the factor set (fallback), as "
                "%(supplier)s has no published declaration for %(year)d."
            ) % {"supplier": self.supplier.name, "year": heat.year}
        return _(
            "District heating: national average of the factor set (fallback), as no district "
            "heating supplier is chosen for the site."
        )


def heat_basis(subject: Company | Site, pinned_year: int) -> HeatBasis:
    supplier = supplier_of(subject)
    if supplier is None:
        return HeatBasis(None, pinned_year)
    return HeatBasis(supplier, pinned_year, in_force([supplier.pk]).get(supplier.pk, {}))


def sites_for_heat_supply(user) -> QuerySet[Site]:
    """Sites whose supplier the user chooses: those of the companies whose consumption they
    enter, and those of companies where they are the assigned consultant of an open
    partnership."""
    roles = tenancy.roles_of(user)
    if roles.is_admin:
        return Site.objects.all()
    writable = Q(company__in=companies_for_user(user)) & (
        Q(company_id__in=roles.company_ids)
        | Q(company__portfolioentry__municipality_id__in=roles.municipality_ids)
    )
    assigned = Q(
        company__partnerships__consultant=user,
        company__partnerships__status__in=["active", "paused"],
    )
    return Site.objects.filter(writable | assigned).distinct()


def get_site_for_heat_supply(user, site_uuid: UUID | str) -> Site:
    try:
        return (
            sites_for_heat_supply(user)
            .select_related("company", "municipality", "heat_supply__supplier")
            .get(uuid=site_uuid)
        )
    except (Site.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def company_sites_with_supply(company: Company) -> QuerySet[Site]:
    return company.sites.select_related("municipality", "heat_supply__supplier").order_by(
        "p_number"
    )
