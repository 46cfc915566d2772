"""The company form filled from the CVR register in a real browser, against the recorded
answers of the distribution service, with WCAG checks; and the district heating pages."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from carbon20.energy import heat_services
from carbon20.organisations.models import Company
from testsupport.browser import assert_accessible, login, screenshot
from testsupport.cvr import connect

pytestmark = pytest.mark.browser


def test_entering_a_cvr_fills_the_form_and_adds_the_chosen_p_unit(
    page, live_server, officer_a, settings
):
    connect(settings)
    login(page, live_server, officer_a.email)
    page.goto(f"{live_server.url}{reverse('organisations:company_create')}")
    expect(page.get_by_test_id("register-not-connected")).to_have_count(0)
    page.get_by_label("CVR-nummer").fill("00009008")
    page.get_by_label("CVR-nummer").press("Tab")
    expect(page.get_by_test_id("register-filled")).to_contain_text("Fjordglimt Keramik ApS")
    expect(page.get_by_label("Navn", exact=True)).to_have_value("Fjordglimt Keramik ApS")
    expect(page.get_by_label("Adresse", exact=True)).to_have_value("Keramikervej 12B")
    expect(page.get_by_label("Postnummer")).to_have_value("5000")
    expect(page.get_by_label("Branchekode (DB07)")).to_have_value("234100")
    units = page.get_by_role("group", name="Produktionsenheder (P-enheder), der skal tilføjes")
    expect(units.get_by_role("checkbox")).to_have_count(2)
    screenshot(page, "cvr-01-filled-from-the-register")
    assert_accessible(page)

    units.get_by_label(
        "P 1900000029: Fjordglimt Keramik, lager, Lagervej 3, 5220 Odense SØ"
    ).check()
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fjordglimt Keramik ApS")
    expect(page.get_by_test_id("site-table")).to_contain_text("1900000029")
    expect(page.get_by_test_id("advertising-protected")).to_have_text("Nej")
    screenshot(page, "cvr-02-company-with-its-p-unit")
    assert_accessible(page)
    assert Company.objects.get(cvr="00009008").sites.count() == 1


def test_a_ceased_company_is_named_at_the_field(page, live_server, officer_a, settings):
    connect(settings)
    login(page, live_server, officer_a.email)
    page.goto(f"{live_server.url}{reverse('organisations:company_create')}")
    page.get_by_label("CVR-nummer").fill("00009016")
    page.get_by_label("CVR-nummer").press("Tab")
    expect(page.locator("#id_cvr_error")).to_contain_text("som ophørt (OPHØRT)")
    expect(page.get_by_label("Navn", exact=True)).to_have_value("")
    screenshot(page, "cvr-03-ceased-company")
    assert_accessible(page)


def test_without_a_connection_the_form_says_what_it_would_add(page, live_server, officer_a):
    login(page, live_server, officer_a.email)
    page.goto(f"{live_server.url}{reverse('organisations:company_create')}")
    expect(page.get_by_test_id("register-not-connected")).to_contain_text("CVR-registret")
    screenshot(page, "cvr-04-not-connected")
    assert_accessible(page)


def test_district_heating_table_and_a_sites_supplier(
    page, live_server, coordinator, officer_a, company_a, muni_a
):
    supplier = heat_services.create_supplier(name="Albertslund Varme", municipalities=[muni_a])
    login(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}{reverse('energy:heat_supplier_list')}")
    expect(page.get_by_test_id("heat-supplier-table")).to_contain_text("Fjernvarme Fyn")
    screenshot(page, "heat-01-suppliers")
    assert_accessible(page)
    page.get_by_role("link", name="Albertslund Varme").click()
    form = page.get_by_test_id("declaration-form")
    form.get_by_label("År").fill("2024")
    form.get_by_label("kg CO2e pr. GJ").fill("15,82")
    form.get_by_label("Metode").select_option("200")
    form.get_by_label("Kilde (URL)").fill("https://albertslund-varme.example.dk/deklaration")
    form.get_by_role("button", name="Gem som kladde").click()
    page.get_by_role("button", name="Offentliggør 2024 v1").click()
    expect(page.get_by_test_id("in-force")).to_have_count(1)
    screenshot(page, "heat-02-declaration-published")
    assert_accessible(page)

    page.context.clear_cookies()
    login(page, live_server, officer_a.email)
    site = company_a.sites.get()
    page.goto(f"{live_server.url}{reverse('energy:site_heat_supply', args=[site.uuid])}")
    page.get_by_label("Fjernvarmeselskab").select_option(label=supplier.name)
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_test_id("current-supplier")).to_contain_text("15,82")
    screenshot(page, "heat-03-site-supplier")
    assert_accessible(page)
