"""Consumption and factor sets walked through in a real browser, with WCAG checks."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from testsupport.browser import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser

CSV = (
    "Energiart;Fra;Til;Mængde;Enhed;Kilde\r\n"
    + "".join(
        f"El;01-{month:02d}-2024;28-{month:02d}-2024;1.000;kWh;Regning\r\n"
        f"Naturgas;01-{month:02d}-2024;28-{month:02d}-2024;100,5;m3;Måleraflæsning\r\n"
        for month in range(1, 13)
    )
).encode("utf-8-sig")


def test_officer_imports_consumption_and_sees_co2e(
    page, live_server, officer_a, company_a, tmp_path
):
    login(page, live_server, officer_a.email)
    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Energi og CO2"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Energi og CO2")
    page.get_by_role("link", name=company_a.name).click()
    page.get_by_role("link", name="Importér fra en fil").click()
    bad = tmp_path / "forbrug-fejl.csv"
    bad.write_bytes(CSV + b"El;01-01-2024;31-01-2024;-5;liter;Regning\r\n")
    page.get_by_label("Fil").set_input_files(str(bad))
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_role("alert").first).to_contain_text("Intet blev importeret")
    expect(page.get_by_role("table", name="Afviste rækker")).to_contain_text(
        "Mængden kan ikke være negativ."
    )
    screenshot(page, "energy-01-import-rejected")
    assert_accessible(page)

    good = tmp_path / "forbrug.csv"
    good.write_bytes(CSV)
    page.get_by_label("Fil").set_input_files(str(good))
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_text("24 forbrugsregistreringer blev importeret.")).to_be_visible()
    # Default set: the newest published reference set (DK2 2025, el 0.0405 kg/kWh): 12,000
    # kWh → 486 kg; 1,206 m³ × 11 = 13,266 kWh × 0.204 = 2,706.3 → 2,706 kg. Total 3,192.
    expect(page.get_by_role("table", name="Forbrug og CO2e pr. år")).to_contain_text("3.192")
    screenshot(page, "energy-02-consumption-list")
    assert_accessible(page)

    page.get_by_role("link", name="Tilføj forbrug").click()
    page.get_by_label("Energiart").select_option("district_heating")
    page.get_by_label("Periode fra").fill("2025-01-01")
    page.get_by_label("Periode til").fill("2024-12-01")
    page.get_by_label("Mængde", exact=True).fill("12,5")
    page.get_by_label("Enhed", exact=True).select_option("litre")
    page.get_by_label("Kilde til tallet").select_option("bill")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_text("liter er ikke en enhed for fjernvarme")).to_be_visible()
    expect(page.get_by_text("Perioden slutter før den begynder.")).to_be_visible()
    screenshot(page, "energy-03-add-refused")
    assert_accessible(page)


def test_coordinator_reads_a_reference_set(page, live_server, coordinator, hb2016):
    login(page, live_server, coordinator.email)
    page.goto(f"{live_server.url}{reverse('energy:factor_set_list')}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Emissionsfaktorsæt")
    screenshot(page, "energy-04-factor-sets")
    assert_accessible(page)
    page.get_by_role("link", name=hb2016.name).click()
    expect(page.get_by_role("table", name="Sættets emissionsfaktorer")).to_contain_text("0,197")
    screenshot(page, "energy-05-factor-set")
    assert_accessible(page)
