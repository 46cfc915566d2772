"""Steps 4 and 5 in a real browser: the officer assigns a consultant; the consultant enters
the baseline and three measures and issues the report; the company user builds the plan
with the least-cost button and records management's approval."""

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from carbon20.actionplans.models import ActionPlan
from carbon20.partnerships.models import Partnership, Step
from carbon20.screening.models import TechnicalReview
from testsupport.browser import SCREENSHOTS, assert_accessible, login, screenshot

pytestmark = pytest.mark.browser

MEASURES = [
    # description, kWh electricity saved, DKK saved, investment, lifetime
    ("LED i produktionshallen", "20000", "30000", "120000", "15"),
    ("Trykluft: tæt utætheder", "30000", "45000", "60000", "5"),
    ("Ventilation: ugeur", "10000", "15000", "5000", "10"),
]


def _add_measure(page, description, kwh, dkk, investment, lifetime):
    page.get_by_role("link", name="Tilføj et tiltag").click()
    form = page.get_by_test_id("measure-form")
    expect(form).to_be_visible()
    form.locator("#id_focus_area").select_option("electricity")
    form.locator("#id_description").fill(description)
    form.locator("#id_type").select_option("investment")
    form.locator("#id_saving_electricity").fill(kwh)
    form.locator("#id_dkk_saved_per_year").fill(dkk)
    form.locator("#id_investment").fill(investment)
    form.locator("#id_lifetime_years").fill(lifetime)
    form.locator("#id_obligation_assigned").select_option("false")
    form.get_by_role("button", name="Gem tiltaget").click()
    expect(page.get_by_test_id("measures-table")).to_contain_text(description)


def test_review_report_and_least_cost_plan(
    page, live_server, officer_a, consultant, company_user, partnership_a
):
    # The officer assigns the consultant.
    login(page, live_server, officer_a.email)
    page.goto(live_server.url + reverse("screening:list"))
    page.get_by_role("link", name="Tilknyt en rådgiver").click()
    page.locator("#id_consultant").select_option(str(consultant.pk))
    screenshot(page, "screening-01-assign")
    page.get_by_role("button", name="Tilknyt").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(partnership_a.company.name)
    review = TechnicalReview.objects.get(partnership=partnership_a)
    page.context.clear_cookies()

    # The consultant fills in the review.
    login(page, live_server, consultant.email)
    expect(page.get_by_test_id("home-my-reviews")).to_contain_text(partnership_a.company.name)
    page.get_by_test_id("home-my-reviews").get_by_role("link").click()
    page.get_by_role("link", name="Redigér gennemgangens oplysninger").click()
    page.locator("#id_site_visit_date").fill("2026-04-02")
    page.locator("#id_baseline_start").fill("2025-01-01")
    page.locator("#id_baseline_end").fill("2025-12-31")
    page.locator("#id_floor_area_m2").fill("2000")
    page.locator("#id_employees").fill("40")
    page.locator("#id_summary").fill("Stort potentiale i el til belysning og trykluft.")
    page.get_by_role("button", name="Gem", exact=True).click()
    page.get_by_role("link", name="Indtast basisforbruget").click()
    page.locator("#id_quantity_electricity").fill("250000")
    page.locator("#id_cost_electricity").fill("375000")
    screenshot(page, "screening-02-baseline")
    page.get_by_role("button", name="Gem", exact=True).click()
    expect(page.get_by_test_id("baseline-tonnes")).to_have_text("49,25 t")
    page.get_by_role("link", name="Redigér fordelingen på anvendelser").click()
    page.locator("#id_lighting").fill("40")
    page.locator("#id_other").fill("60")
    page.get_by_role("button", name="Gem", exact=True).click()
    for measure in MEASURES:
        _add_measure(page, *measure)
    expect(page.get_by_test_id("potential")).to_contain_text("11,82 t")
    screenshot(page, "screening-03-measures")
    assert_accessible(page)
    page.get_by_label("Jeg har gennemgået screeningen").check()
    page.get_by_role("button", name="Udsend gennemgangen").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Udsendt")
    screenshot(page, "screening-04-issued")

    # The report as the consultant downloads it, rendered to PNG to be looked at.
    pdf = page.request.get(live_server.url + reverse("screening:report_pdf", args=[review.uuid]))
    assert pdf.status == 200
    report = Path(SCREENSHOTS) / "screening-report.pdf"
    report.write_bytes(pdf.body())
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", str(report), str(SCREENSHOTS / "screening-report")],
        check=True,
    )
    page.context.clear_cookies()

    # The company user builds the plan with the least-cost button.
    login(page, live_server, company_user.email)
    page.goto(live_server.url + reverse("actionplans:list"))
    page.get_by_role("button", name="Start handlingsplanen").click()
    expect(page.get_by_test_id("plan-gap")).to_have_text("9,85 t CO2e")
    page.get_by_test_id("least-cost-button").click()
    result = page.get_by_test_id("least-cost-result")
    # All three pay for themselves (net −22 000, −33 000 and −14 500 DKK a year), so the
    # least net yearly cost takes them all: 185 000 DKK invested.
    expect(result).to_contain_text("185.000")
    form = page.get_by_test_id("from-measures-form")
    expect(form.get_by_label("1. LED i produktionshallen")).to_be_checked()
    expect(form.get_by_label("2. Trykluft: tæt utætheder")).to_be_checked()
    expect(form.get_by_label("3. Ventilation: ugeur")).to_be_checked()
    form.locator("#id_owner").fill("Driftschef Hanne")
    form.locator("#id_start_date").fill("2026-06-01")
    form.locator("#id_deadline").fill("2026-12-31")
    screenshot(page, "actionplans-01-least-cost")
    form.get_by_role("button", name="Tilføj de markerede tiltag som handlinger").click()
    expect(page.get_by_test_id("plan-gap")).to_have_text("0,00 t CO2e")
    expect(page.get_by_test_id("mac-table")).to_contain_text("Ventilation: ugeur")
    screenshot(page, "actionplans-02-plan")
    assert_accessible(page)

    # Management's approval.
    page.locator("#id_approved_by_name").fill("Bo Madsen")
    page.locator("#id_approved_by_title").fill("Administrerende direktør")
    page.locator("#id_approved_on").fill("2026-06-20")
    page.get_by_role("button", name="Registrér godkendelsen").click()
    expect(page.get_by_test_id("plan-approved")).to_contain_text("Bo Madsen")
    screenshot(page, "actionplans-03-approved")
    plan = ActionPlan.objects.get(partnership=partnership_a)
    assert plan.actions.count() == 3
    assert Partnership.objects.get(pk=partnership_a.pk).step == Step.FOLLOW_UP
