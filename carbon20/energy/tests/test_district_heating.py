"""The district heating table: versions that never change once published, pages for the
right role, the wrong role and the other tenant, bounded queries, and the pure conversion."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from carbon20.core.templatetags.formatting import stated
from carbon20.energy import heat_selectors, heat_services
from carbon20.energy.calc import district_heating
from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.calc.emissions import Factor
from carbon20.energy.heat_models import HeatDeclaration, HeatSupplier, SiteHeatSupply
from carbon20.organisations.models import Municipality
from carbon20.partnerships.models import Partnership
from testsupport.fixtures import client_for, make_site
from testsupport.pdfs import minimal_pdf

LIST = reverse("energy:heat_supplier_list")
CREATE = reverse("energy:heat_supplier_create")


@pytest.fixture
def supplier(db, muni_a):
    return heat_services.create_supplier(
        name="Testvarme", municipalities=[muni_a], area="Albertslund by"
    )


def _declare(supplier, user, year=2024, value="10", publish=True):
    declaration = heat_services.add_declaration(
        supplier=supplier,
        year=year,
        kg_co2e_per_gj=Decimal(value),
        method="200",
        source_url="https://testvarme.example.dk/deklaration",
        user=user,
    )
    if publish:
        declaration = heat_services.publish_declaration(declaration=declaration)
    return declaration


# --- The pure conversion ---------------------------------------------------------------


def test_kg_per_gj_becomes_kg_per_kwh_exactly():
    # Fjernvarme Fyn 2023: 15.82 kg/GJ is the 56.95 kg/MWh it publishes.
    assert district_heating.kg_per_kwh(Decimal("15.82")) == Decimal("0.056952")


@given(st.decimals(min_value=0, max_value=500, places=3))
def test_a_gj_of_heat_gives_back_the_declared_kg(kg_per_gj):
    # 1 GJ is 1000 / 3.6 kWh: a GJ's worth of kWh at the converted factor is the declared kg.
    assert district_heating.kg_per_kwh(kg_per_gj) * Decimal("1000") / Decimal("3.6") == kg_per_gj


def test_the_declaration_replaces_only_district_heating_and_keeps_its_scope():
    table = {
        Carrier.ELECTRICITY: Factor(Carrier.ELECTRICITY, Decimal("0.1"), 2),
        Carrier.DISTRICT_HEATING: Factor(Carrier.DISTRICT_HEATING, Decimal("0.065"), 2),
    }
    declaration = district_heating.Declaration("Testvarme", 2024, 1, Decimal("10"), "200")
    chosen = district_heating.choose(2024, {2024: declaration}, table)
    assert not chosen.is_fallback
    replaced = district_heating.apply(table, chosen)
    assert replaced[Carrier.DISTRICT_HEATING] == Factor(
        Carrier.DISTRICT_HEATING, Decimal("0.0360"), 2
    )
    assert replaced[Carrier.ELECTRICITY] == table[Carrier.ELECTRICITY]
    fallback = district_heating.choose(2025, {2024: declaration}, table)
    assert fallback.is_fallback and fallback.kg_co2e_per_kwh == Decimal("0.065")
    assert district_heating.apply(table, fallback) == table
    # A set without a district heating factor takes the declaration as scope 2.
    bare = {Carrier.ELECTRICITY: table[Carrier.ELECTRICITY]}
    assert district_heating.apply(bare, chosen)[Carrier.DISTRICT_HEATING].scope == 2
    assert district_heating.choose(2025, {}, bare).kg_co2e_per_kwh is None


# --- Versions ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_published_declaration_is_never_changed(supplier, coordinator):
    declaration = _declare(supplier, coordinator)
    declaration.kg_co2e_per_gj = Decimal("99")
    with pytest.raises(ValidationError) as error:
        declaration.save()
    assert error.value.code == "declaration_published"
    assert HeatDeclaration.objects.get(pk=declaration.pk).kg_co2e_per_gj == Decimal("10")
    # Publishing again changes nothing either.
    assert heat_services.publish_declaration(declaration=declaration).published_at == (
        HeatDeclaration.objects.get(pk=declaration.pk).published_at
    )


@pytest.mark.django_db
def test_a_draft_can_still_change(supplier, coordinator):
    draft = _declare(supplier, coordinator, publish=False)
    draft.note = "Checked against the PDF."
    draft.save()
    assert HeatDeclaration.objects.get(pk=draft.pk).note == "Checked against the PDF."


@pytest.mark.django_db
def test_the_newest_published_version_is_in_force(supplier, coordinator):
    _declare(supplier, coordinator, value="10")
    second = _declare(supplier, coordinator, value="12")
    _declare(supplier, coordinator, value="14", publish=False)
    assert second.version == 2
    in_force = heat_selectors.in_force([supplier.pk])[supplier.pk]
    assert (in_force[2024].version, in_force[2024].kg_co2e_per_gj) == (2, Decimal("12"))


@pytest.mark.django_db
def test_a_declaration_cites_its_source(supplier, coordinator):
    with pytest.raises(ValidationError) as error:
        heat_services.add_declaration(
            supplier=supplier,
            year=2024,
            kg_co2e_per_gj=Decimal("10"),
            method="200",
            user=coordinator,
        )
    assert "source_url" in error.value.message_dict


@pytest.mark.django_db
def test_the_reference_suppliers_are_seeded_with_their_sources():
    fyn = HeatSupplier.objects.get(name="Fjernvarme Fyn")
    assert list(fyn.municipalities.values_list("code", flat=True)) == [461]
    in_force = heat_selectors.in_force([fyn.pk])[fyn.pk]
    assert in_force[2023].kg_co2e_per_gj == Decimal("15.820")
    assert HeatDeclaration.objects.filter(source_url="").count() == 0


# --- Pages of the table ------------------------------------------------------------------


@pytest.mark.django_db
def test_everyone_with_a_role_reads_the_table(supplier, coordinator, officer_a, consultant):
    _declare(supplier, coordinator)
    for user in (coordinator, officer_a, consultant):
        assert client_for(user).get(LIST).status_code == 200
        assert client_for(user).get(supplier.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_without_a_role_the_table_does_not_exist(supplier, no_role_user):
    client = client_for(no_role_user)
    assert client.get(LIST).status_code == 404
    assert client.get(supplier.get_absolute_url()).status_code == 404
    assert client.get(CREATE).status_code == 404


@pytest.mark.django_db
def test_a_coordinator_adds_a_supplier_and_a_declaration_with_its_pdf(coordinator, muni_a):
    client = client_for(coordinator)
    response = client.post(
        CREATE, {"name": "Nyvarme", "municipalities": [muni_a.pk], "cvr": "", "area": ""}
    )
    supplier = HeatSupplier.objects.get(name="Nyvarme")
    assert response.status_code == 302
    pdf = SimpleUploadedFile("deklaration.pdf", minimal_pdf(), "application/pdf")
    response = client.post(
        supplier.get_absolute_url(),
        {"year": "2024", "kg_co2e_per_gj": "15,82", "method": "200", "source_document": pdf},
    )
    assert response.status_code == 302
    declaration = supplier.declarations.get()
    assert declaration.kg_co2e_per_gj == Decimal("15.82")
    assert declaration.source_document.name.endswith(".pdf")
    assert not declaration.is_published
    client.post(reverse("energy:heat_declaration_publish", args=[declaration.uuid]))
    declaration.refresh_from_db()
    assert declaration.is_published
    page = client.get(supplier.get_absolute_url()).text
    assert 'data-testid="in-force"' in page


@pytest.mark.django_db
def test_a_bad_declaration_is_refused_at_its_field(supplier, coordinator):
    response = client_for(coordinator).post(
        supplier.get_absolute_url(), {"year": "2024", "kg_co2e_per_gj": "-1", "method": "200"}
    )
    assert response.status_code == 200
    assert "kg_co2e_per_gj" in response.context["form"].errors
    assert not supplier.declarations.exists()


@pytest.mark.django_db
def test_an_officer_reads_but_does_not_keep_the_table(supplier, coordinator, officer_a):
    draft = _declare(supplier, coordinator, publish=False)
    client = client_for(officer_a)
    assert client.get(CREATE).status_code == 403
    assert 'data-testid="declaration-form"' not in client.get(supplier.get_absolute_url()).text
    refused = client.post(
        supplier.get_absolute_url(),
        {"year": "2025", "kg_co2e_per_gj": "9", "method": "200", "source_url": "https://x.dk"},
    )
    assert refused.status_code == 403
    publish = reverse("energy:heat_declaration_publish", args=[draft.uuid])
    assert client.post(publish).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published and supplier.declarations.count() == 1


@pytest.mark.django_db
def test_the_list_costs_the_same_queries_for_more_suppliers(coordinator, muni_a, muni_b):
    client = client_for(coordinator)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST).status_code == 200
        return len(queries)

    for n in range(2):
        supplier = heat_services.create_supplier(name=f"Varme {n}", municipalities=[muni_a])
        _declare(supplier, coordinator)
    few = count()
    for n in range(2, 12):
        supplier = heat_services.create_supplier(name=f"Varme {n}", municipalities=[muni_a, muni_b])
        _declare(supplier, coordinator, year=2023)
        _declare(supplier, coordinator, year=2024)
    # Suppliers, their municipalities (prefetched) and the declarations in force: fixed.
    assert count() == few


# --- A site's supplier -------------------------------------------------------------------


def _site_url(site):
    return reverse("energy:site_heat_supply", args=[site.uuid])


@pytest.mark.django_db
def test_the_officer_chooses_a_sites_supplier(supplier, coordinator, company_a, officer_a):
    _declare(supplier, coordinator)
    site = company_a.sites.get()
    client = client_for(officer_a)
    assert client.get(_site_url(site)).status_code == 200
    response = client.post(_site_url(site), {"supplier": supplier.pk})
    assert response.status_code == 302
    assert SiteHeatSupply.objects.get(site=site).supplier == supplier
    page = client.get(reverse("energy:consumption_list", args=[company_a.uuid])).text
    assert "Testvarme" in page and 'data-testid="heat-sites"' in page
    client.post(_site_url(site), {"supplier": ""})
    assert not SiteHeatSupply.objects.filter(site=site).exists()


@pytest.mark.django_db
def test_the_company_user_chooses_too(supplier, company_a, company_user):
    site = company_a.sites.get()
    client_for(company_user).post(_site_url(site), {"supplier": supplier.pk})
    assert SiteHeatSupply.objects.get(site=site).supplier == supplier


@pytest.mark.django_db
def test_the_assigned_consultant_chooses_an_unassigned_one_does_not(
    supplier, company_a, officer_a, consultant, programme
):
    site = company_a.sites.get()
    assert client_for(consultant).get(_site_url(site)).status_code == 404
    Partnership.objects.create(
        company=company_a,
        municipality=company_a.municipality,
        programme=programme,
        owner=officer_a,
        consultant=consultant,
        channel="website",
        first_contact_date="2025-01-01",
    )
    client_for(consultant).post(_site_url(site), {"supplier": supplier.pk})
    assert SiteHeatSupply.objects.get(site=site).chosen_by == consultant


@pytest.mark.django_db
def test_another_municipality_and_a_reader_get_404(
    supplier, company_a, officer_b, coordinator, no_role_user
):
    site = company_a.sites.get()
    for user in (officer_b, coordinator, no_role_user):
        client = client_for(user)
        assert client.get(_site_url(site)).status_code == 404
        assert client.post(_site_url(site), {"supplier": supplier.pk}).status_code == 404
    assert not SiteHeatSupply.objects.exists()


@pytest.mark.django_db
def test_an_administrator_reaches_every_site(supplier, superuser, company_b):
    site = make_site(company_b, municipality=Municipality.objects.get(code=657))
    assert client_for(superuser).get(_site_url(site)).status_code == 200


def test_a_declared_value_is_printed_as_stated():
    with translation.override("da"):
        assert stated(Decimal("15.820")) == "15,82"
        assert stated(Decimal("10.000")) == "10"
    with translation.override("en"):
        assert stated(Decimal("18.6")) == "18.6"
    assert stated(None) == ""
