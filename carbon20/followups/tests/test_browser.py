"""Step 6 in the browser: an officer holds follow-ups 1–3 and changes the actions' statuses;
the coordinator reads the dashboard and downloads the KPI tables; the public sees the company
in the list of participants."""

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from carbon20.actionplans.models import Action
from carbon20.followups.models import FollowUp
from testsupport.browser import assert_accessible, login, screenshot


def hold(page, live_server, follow_up, statuses: dict[str, tuple[str, str]], barrier: str):
    page.goto(live_server.url + follow_up.get_absolute_url())
    page.get_by_label("Besøg").check()
    page.get_by_label("Deltagere").fill("Miljømedarbejder og driftschef")
    page.get_by_label(barrier).check()
    page.get_by_label("Behov for hjælp").fill("Råd om finansiering")
    for title, (status, reason) in statuses.items():
        page.get_by_label(f"Status: {title}").select_option(status)
        if reason:
            page.get_by_label(f"Begrundelse for at opgive: {title}").fill(reason)
    # Held today, months before the planned date: the form asks to confirm it.
    page.get_by_label("Ja, opfølgningen blev holdt så længe før den planlagte dato").check()
    page.get_by_role("button", name="Gem som holdt").click()
    page.wait_for_url(f"**{reverse('followups:overview', args=[follow_up.partnership.uuid])}")


@pytest.mark.browser
def test_follow_ups_dashboard_and_public_list(
    page, live_server, approved, officer_a, coordinator, tmp_path
):
    login(page, live_server, officer_a.email)
    follow_ups = list(FollowUp.objects.filter(partnership=approved).order_by("number"))
    hold(page, live_server, follow_ups[0], {"LED i hallen": ("in_progress", "")}, "Tid")
    hold(page, live_server, follow_ups[1], {"LED i hallen": ("done", "")}, "Økonomi")
    hold(
        page,
        live_server,
        follow_ups[2],
        {"Varmepumpe": ("dropped", "Udlejer vil ikke betale")},
        "Udlejer",
    )
    snapshots = page.get_by_test_id("snapshots")
    assert snapshots.locator("thead th").count() == 3
    led_row = snapshots.locator("tr", has_text="LED i hallen").locator("td")
    assert led_row.all_inner_texts() == ["I gang", "Udført", "Udført"]
    pump_row = snapshots.locator("tr", has_text="Varmepumpe").locator("td")
    assert pump_row.all_inner_texts()[-1] == "Opgivet"
    assert page.get_by_test_id("reduction-percent").inner_text() == "20,0 %"
    assert page.get_by_test_id("deemed-tonnes").inner_text() == "10,0 t"
    screenshot(page, "followups-overview")
    assert_accessible(page)
    assert Action.objects.get(title="Varmepumpe").history.get().reason == "Udlejer vil ikke betale"

    page.context.clear_cookies()
    login(page, live_server, coordinator.email)
    page.goto(live_server.url + reverse("reports:dashboard", args=[approved.programme.slug]))
    figures = page.get_by_test_id("key-figures").inner_text()
    assert "20,0 %" in figures and "3" in figures
    held = page.get_by_test_id("table-follow_ups").locator("tbody tr")
    assert held.all_inner_texts() == ["1\t1", "2\t1", "3\t1"]
    page.wait_for_function("document.querySelectorAll('canvas[id^=chart-]').length >= 4")
    screenshot(page, "dashboard")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_test_id("export-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    workbook = load_workbook(saved)
    funnel = list(workbook["Trin"].iter_rows(min_row=3, max_row=3, values_only=True))
    assert funnel == [("Albertslund", 1, 1, 1, 1, 1, 1, 0)]
    reductions = {
        r[0]: r[1] for r in workbook["Reduktioner"].iter_rows(min_row=3, values_only=True)
    }
    assert reductions["Gennemsnitlig reduktion (%)"] == 20.0
    barriers = {r[0]: r[1] for r in workbook["Barrierer"].iter_rows(min_row=3, values_only=True)}
    assert (barriers["Tid"], barriers["Økonomi"], barriers["Udlejer"]) == (1, 1, 1)

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("public:companies"))
    listing = page.get_by_test_id("public-companies")
    assert approved.company.name in listing.inner_text()
    screenshot(page, "public-companies")
    assert_accessible(page)
