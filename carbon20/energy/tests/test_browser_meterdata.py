"""The company page's connected data in a real browser: a year of hourly data with its hourly
scope 2 beside the yearly figures, and the import of a file from eloverblik.dk; WCAG checks."""

from datetime import date

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from carbon20.energy import meter_demo
from carbon20.energy.tests.test_meter_import import HEADER, local_rows
from testsupport.browser import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser


def test_connected_data_with_hourly_scope2_and_an_import(
    page, live_server, officer_a, company_a, tmp_path
):
    meter_demo.load_for(company_a)
    login(page, live_server, officer_a.email)
    page.goto(live_server.url + reverse("organisations:company_detail", args=[company_a.uuid]))
    section = page.get_by_test_id("connected-data")
    expect(section.get_by_role("heading", level=2)).to_have_text("Tilsluttede data")
    expect(section.get_by_test_id("connection-would-add")).to_be_visible()
    expect(section.get_by_role("table", name="Målepunkter og deres data")).to_contain_text(
        meter_demo.DEMO_GSRN
    )
    scope2 = section.get_by_role("table", name="Scope 2 for el, time for time og årligt")
    expect(scope2).to_contain_text("Time for time, lokationsbaseret (125 %-metoden)")
    expect(scope2).to_contain_text("Årsgennemsnit af timetallene")
    section.scroll_into_view_if_needed()
    screenshot(page, "meterdata-01-connected-data")
    assert_accessible(page)

    section.get_by_role("link", name="Importér måledata fra en fil").click()
    bad = tmp_path / "eloverblik-fejl.csv"
    rows = local_rows(date(2025, 3, 30))
    rows.append(
        rows[0].replace("30-03-2025 00:00:00;30-03-2025 01", "30-03-2025 02:00:00;30-03-2025 03")
    )
    bad.write_bytes(("\ufeff" + "\r\n".join([HEADER, *rows]) + "\r\n").encode())
    page.get_by_label("Fil fra eloverblik.dk").set_input_files(str(bad))
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_role("table", name="Afviste rækker")).to_contain_text(
        "findes ikke i dansk tid"
    )
    screenshot(page, "meterdata-02-import-rejected")
    assert_accessible(page)

    good = tmp_path / "eloverblik.csv"
    good.write_bytes(
        ("\ufeff" + "\r\n".join([HEADER, *local_rows(date(2025, 3, 30))]) + "\r\n").encode()
    )
    page.get_by_label("Fil fra eloverblik.dk").set_input_files(str(good))
    page.get_by_role("button", name="Importér").click()
    expect(page.get_by_text("23 rækker måledata blev importeret.")).to_be_visible()
    expect(page.get_by_test_id("meter-table")).to_contain_text("571313161100187650")
    screenshot(page, "meterdata-03-after-import")
