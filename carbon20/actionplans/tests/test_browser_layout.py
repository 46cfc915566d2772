"""The widest pages at a phone's and a laptop's width: the partnership page, the plan with
its MAC data table and the programme dashboard. No axe-core violation, and no page wider than
the screen: wide tables scroll inside their own labelled region instead."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from carbon20.actionplans.models import Action
from carbon20.partnerships.tests.conftest import make_visit
from testsupport.browser import assert_accessible, login, screenshot

WIDTHS = (375, 1280)


def assert_fits(page, name: str) -> None:
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name}: the page is {overflow} px wider than the screen"


def assert_tables_reachable(page, name: str) -> None:
    """A table wider than its region scrolls there, and keyboard users can focus the region."""
    regions = page.locator(".table--responsive-scroll")
    for index in range(regions.count()):
        region = regions.nth(index)
        scrolls = region.evaluate("r => r.scrollWidth > r.clientWidth")
        if scrolls:
            assert region.get_attribute("tabindex") == "0", f"{name}: region {index}"
            assert region.get_attribute("role") == "region", f"{name}: region {index}"


def check(page, live_server, path: str, name: str, wait_for: str | None = None) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + path)
        if wait_for:
            page.wait_for_function(wait_for)
        # The design system's script must start without an error (the accordion's "Missing
        # accordion buttons" used to stop it on every partnership page).
        screenshot(page, f"look-{name}-{width}")
        assert_fits(page, f"{name} at {width} px")
        assert_tables_reachable(page, f"{name} at {width} px")
        assert_accessible(page)


@pytest.mark.browser
def test_wide_pages_fit_phone_and_laptop(page, live_server, plan, officer_a, coordinator):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    Action.objects.create(
        plan=plan,
        title="Varmegenvinding på ventilationsanlægget i produktionshallen",
        focus_area="electricity",
        owner="Driftschef",
        start_date=date(2026, 12, 1),
        deadline=date(2027, 6, 30),
        savings={"electricity": "15000"},
        investment=250000,
        dkk_saved_per_year=18000,
    )
    make_visit(plan.partnership, officer_a)
    login(page, live_server, officer_a.email)
    check(page, live_server, plan.partnership.get_absolute_url(), "partnership")
    # The visit opens and closes as a DKFDS accordion, started by the design system's script.
    button = page.locator(".accordion-button").first
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_text("Fra virksomheden").first).to_be_visible()
    screenshot(page, "look-partnership-visit-open")
    assert_accessible(page)
    check(
        page,
        live_server,
        reverse("actionplans:plan", args=[plan.uuid]),
        "plan",
        wait_for="document.getElementById('mac-chart') !== null",
    )
    page.context.clear_cookies()
    login(page, live_server, coordinator.email)
    check(
        page,
        live_server,
        reverse("reports:dashboard", args=[plan.partnership.programme.slug]),
        "dashboard",
    )
    assert errors == []
