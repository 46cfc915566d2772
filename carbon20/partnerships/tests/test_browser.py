"""Steps 1–3 in a real browser: the officer takes a new lead through an information meeting,
a visit and an agreement; the company user signs; the officer countersigns."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from carbon20.agreements.models import Agreement
from carbon20.partnerships.models import Partnership, Step
from testsupport.browser import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser


def _logout(page):
    page.context.clear_cookies()


def test_officer_company_user_and_countersignature(
    page, live_server, officer_a, company_a, company_user, programme, consultancy
):
    programme.partners.add(consultancy)
    login(page, live_server, officer_a.email)

    # Step 1: a new lead, started from the company's page.
    page.goto(live_server.url + company_a.get_absolute_url())
    page.get_by_test_id("start-partnership").click()
    page.get_by_label("Kommune").select_option(str(company_a.municipality_id))
    page.get_by_label("Program").select_option(str(programme.pk))
    page.get_by_label("Rekrutteringskanal").select_option("information_meeting")
    page.get_by_label("Interesse").select_option("yes")
    screenshot(page, "partnerships-01-start")
    page.get_by_role("button", name="Start forløbet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(company_a.name)
    expect(page.get_by_test_id("step-indicator").locator("li.current")).to_contain_text(
        "Information og rekruttering"
    )
    screenshot(page, "partnerships-02-lead")
    assert_accessible(page)
    partnership = Partnership.objects.get(company=company_a)

    # The information meeting: invitation e-mailed, attendance recorded afterwards.
    page.goto(live_server.url + reverse("partnerships:meeting_create"))
    page.get_by_label("Titel").fill("Klimapartnerskaber i Albertslund")
    page.get_by_label("Kommune").select_option(str(company_a.municipality_id))
    page.get_by_label("Program").select_option(str(programme.pk))
    held = timezone.localtime() - timedelta(days=1)
    page.get_by_label("Dato og klokkeslæt").fill(held.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Sted").fill("Rådhuset")
    page.get_by_label(consultancy.name).check()
    page.get_by_label(company_a.name).check()
    page.get_by_role("button", name="Gem").click()
    page.get_by_role("button", name="Send 1 invitation").click()
    expect(page.locator("table")).to_contain_text("sendt")
    page.get_by_label(f"{company_a.name} deltog").check()
    page.get_by_role("button", name="Gem deltagelse").click()
    screenshot(page, "partnerships-03-meeting")
    assert_accessible(page)

    # Step 2: selected for a visit, the visit recorded along the first-meeting guide.
    page.goto(live_server.url + partnership.get_absolute_url())
    expect(page.get_by_test_id("timeline")).to_contain_text("Deltog i informationsmødet")
    page.get_by_role("button", name="Udvælg til besøg").click()
    page.get_by_role("link", name="Registrér besøget").click()
    page.get_by_label("Dato for besøget").fill(timezone.localdate().isoformat())
    page.get_by_label("Deltagere fra kommunen").fill("Mette Kragh")
    page.get_by_label("Deltagere fra virksomheden").fill("Direktør Hanne Hansen")
    page.get_by_label("Ledelsen var repræsenteret").check()
    page.get_by_label("Medarbejderinddragelse").select_option("some")
    page.get_by_label("Energiledelse").select_option("informal")
    page.get_by_label("Aftalen gennemgået").check()
    for area in ("electricity", "heat"):
        page.locator(f"input[name=focus_areas][value={area}]").check()
    page.get_by_label("Sikret").check()
    page.get_by_label("Gå videre til aftalen").check()
    screenshot(page, "partnerships-04-visit")
    page.get_by_role("button", name="Gem").click()
    expect(page.get_by_test_id("step-indicator").locator("li.current")).to_contain_text(
        "Partnerskabsaftale"
    )

    # Step 3: the agreement drafted from the template and sent for signature.
    page.get_by_role("link", name="Lav udkast til aftalen").click()
    page.get_by_role("button", name="Gem").click()
    page.get_by_role("button", name="Send til underskrift").click()
    expect(page.get_by_test_id("agreement-status")).to_have_text("Afventer underskrifter")
    screenshot(page, "partnerships-05-agreement-sent")
    assert_accessible(page)

    # The company user signs.
    _logout(page)
    login(page, live_server, company_user.email)
    page.get_by_test_id("sign-agreement-link").click()
    page.get_by_label("Dit fulde navn").fill("Hanne Hansen")
    page.get_by_label("Din titel").fill("Direktør")
    page.get_by_label("Jeg har læst aftalen").check()
    screenshot(page, "partnerships-06-company-signs")
    assert_accessible(page)
    page.get_by_role("button", name="Underskriv", exact=True).click()
    expect(page.get_by_test_id("signatures")).to_contain_text("Hanne Hansen")

    # The officer countersigns; the partnership moves to the technical review.
    _logout(page)
    login(page, live_server, officer_a.email)
    agreement = Agreement.objects.get(partnership=partnership)
    page.goto(live_server.url + reverse("agreements:agreement_detail", args=[agreement.uuid]))
    section = page.get_by_test_id("countersign-section")
    section.get_by_label("Dit fulde navn").fill("Mette Kragh")
    section.get_by_label("Din titel").fill("Miljømedarbejder")
    section.get_by_label("Jeg har læst aftalen").check()
    section.get_by_role("button", name="Underskriv for kommunen").click()
    expect(page.get_by_test_id("agreement-status")).to_have_text("Underskrevet")
    screenshot(page, "partnerships-07-countersigned")
    page.goto(live_server.url + partnership.get_absolute_url())
    expect(page.get_by_test_id("step-indicator").locator("li.current")).to_contain_text(
        "Teknisk gennemgang"
    )
    screenshot(page, "partnerships-08-step-4")
    page.goto(live_server.url + reverse("partnerships:pipeline"))
    expect(page.get_by_test_id("pipeline-step-4")).to_contain_text(company_a.name)
    screenshot(page, "partnerships-09-pipeline")
    assert_accessible(page)
    partnership.refresh_from_db()
    assert partnership.step == Step.TECHNICAL_REVIEW
