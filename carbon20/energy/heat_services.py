"""Writes on the district heating table and a site's supplier: the one door that pages share.

A declaration is added as a draft version (the next number for its supplier and year) and
published once checked; a published version never changes (`HeatDeclaration.save` refuses).
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from carbon20.accounts.models import User
from carbon20.core.read_cache import PARTNERSHIP_RESULTS
from carbon20.energy.heat_models import HeatDeclaration, HeatSupplier, SiteHeatSupply
from carbon20.organisations.models import Municipality, Site


@transaction.atomic
def create_supplier(
    *,
    name: str,
    municipalities: Iterable[Municipality],
    cvr: str = "",
    area: str = "",
    website: str = "",
) -> HeatSupplier:
    supplier = HeatSupplier(name=name, cvr=cvr, area=area, website=website)
    supplier.full_clean()
    supplier.save()
    supplier.municipalities.set(list(municipalities))
    return supplier


@transaction.atomic
def add_declaration(
    *,
    supplier: HeatSupplier,
    year: int,
    kg_co2e_per_gj: Decimal,
    method: str,
    user: User,
    source_url: str = "",
    source_document: "UploadedFile[bytes] | None" = None,
    note: str = "",
) -> HeatDeclaration:
    """A draft of the next version for the supplier and year: how a new year is added and
    how a published one is corrected."""
    locked = HeatSupplier.objects.select_for_update().get(pk=supplier.pk)
    latest = locked.declarations.filter(year=year).aggregate(latest=Max("version"))["latest"]
    declaration = HeatDeclaration(
        supplier=locked,
        year=year,
        version=(latest or 0) + 1,
        kg_co2e_per_gj=kg_co2e_per_gj,
        method=method,
        source_url=source_url,
        note=note,
        created_by=user,
    )
    if source_document is not None:
        declaration.source_document = source_document
    declaration.full_clean()
    declaration.save()
    return declaration


@transaction.atomic
def publish_declaration(*, declaration: HeatDeclaration) -> HeatDeclaration:
    """From now on the version is in force for its year (unless a newer one is published)."""
    locked = HeatDeclaration.objects.select_for_update().get(pk=declaration.pk)
    if locked.is_published:
        return locked
    HeatDeclaration.objects.filter(pk=locked.pk).update(
        is_published=True, published_at=timezone.now(), updated_at=timezone.now()
    )
    # `update` sends no signal; a published declaration changes district heating's CO2e.
    PARTNERSHIP_RESULTS.replace_after_write()
    locked.refresh_from_db()
    return locked


@transaction.atomic
def choose_site_supplier(
    *, site: Site, supplier: HeatSupplier | None, user: User
) -> SiteHeatSupply | None:
    """The site's supplier, or none (the national average is then used, and said so)."""
    if supplier is None:
        SiteHeatSupply.objects.filter(site=site).delete()
        return None
    supply = SiteHeatSupply.objects.filter(site=site).first() or SiteHeatSupply(site=site)
    supply.supplier = supplier
    supply.chosen_by = user
    supply.full_clean()
    supply.save()
    return supply
