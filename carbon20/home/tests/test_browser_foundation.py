"""The foundation walked through in a real browser: login, language switch, companies."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from testsupport.browser import assert_accessible, login, screenshot
from testsupport.fixtures import make_company

pytestmark = pytest.mark.browser


def test_officer_logs_in_switches_language_and_opens_a_company(
    page, live_server, officer_a, company_a, company_b, muni_a
):
    make_company(muni_a, "Vestegnens Bageri ApS")
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))

    page.goto(f"{live_server.url}/account/login/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log ind")
    screenshot(page, "foundation-01-login")
    assert_accessible(page)

    login(page, live_server, officer_a.email)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.locator("html")).to_have_attribute("lang", "da")
    with translation.override("da"):
        expect(page.get_by_test_id("header-affiliation")).to_have_text(str(muni_a.display_name))
    expect(page.get_by_test_id("officer-start")).to_contain_text("2 virksomheder")
    screenshot(page, "foundation-02-start-da")
    assert_accessible(page)
    # The first Tab reaches the skip link, which moves focus past the header.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Gå til sidens indhold")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_test_id("officer-start")).to_contain_text("2 companies")
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Companies")
    screenshot(page, "foundation-03-start-en")
    assert_accessible(page)

    page.get_by_role("button", name="Dansk").click()
    expect(page.locator("html")).to_have_attribute("lang", "da")
    expect(page.get_by_test_id("officer-start")).to_contain_text("2 virksomheder")

    page.get_by_role("navigation", name="Hovedmenu").get_by_role(
        "link", name="Virksomheder"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Virksomheder")
    table = page.get_by_test_id("company-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    # Officer B's company is another municipality's and must not be listed.
    expect(table).not_to_contain_text(company_b.name)
    screenshot(page, "foundation-04-company-list")
    assert_accessible(page)

    page.get_by_role("search").get_by_role("textbox").fill("Testfabrik")
    page.get_by_role("search").get_by_role("button", name="Søg").click()
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text(company_a.name)
    expect(page).to_have_url(re.compile(r"\?q=Testfabrik"))
    screenshot(page, "foundation-05-company-search")
    assert_accessible(page)

    table.get_by_role("link", name=company_a.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(company_a.name)
    expect(page.get_by_test_id("company-cvr")).to_have_text(company_a.cvr)
    screenshot(page, "foundation-06-company-detail")
    assert_accessible(page)

    edit_url = reverse("organisations:company_edit", args=[company_a.uuid])
    page.locator(f'main a[href="{edit_url}"]').click()
    expect(page.locator("input[name=cvr]")).to_have_value(company_a.cvr)
    screenshot(page, "foundation-07-company-form")
    assert_accessible(page)
    assert script_errors == []


def test_phone_screen_shows_the_menu_in_a_drawer(page, live_server, coordinator):
    page.set_viewport_size({"width": 375, "height": 812})
    login(page, live_server, coordinator.email)
    # Nothing may stick out sideways at 375 px: a horizontal scrollbar hides the content.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    expect(page.get_by_test_id("header-affiliation")).to_be_visible()
    expect(page.get_by_test_id("header-affiliation")).to_have_text("Testprogram")
    expect(page.get_by_role("navigation", name="Hovedmenu")).to_be_hidden()
    screenshot(page, "foundation-08-start-375px")
    assert_accessible(page)

    page.get_by_role("button", name="Menu").click()
    drawer = page.get_by_role("dialog", name="Menu")
    expect(drawer).to_be_visible()
    expect(drawer.get_by_role("link", name="Programmer")).to_be_visible()
    expect(drawer.get_by_role("button", name="Log ud")).to_be_visible()
    screenshot(page, "foundation-09-menu-375px", full_page=False)
    assert_accessible(page)

    drawer.get_by_role("button", name="Luk").click()
    expect(drawer).to_be_hidden()
