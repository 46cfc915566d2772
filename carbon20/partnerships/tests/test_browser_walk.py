"""The whole partnership walked in a real browser as new users would walk it: only links,
buttons and labels they can see, axe-core on every page and no console error.

The officer creates the company, takes it through recruitment, the visit and the agreement
and invites the company's contact by e-mail; the company user follows the link from the
mail, sets a password and signs; the officer countersigns and assigns the consultant from
the partnership page; the consultant writes and issues the review; the company reaches the
plan from the partnership page, reports consumption and gets the plan approved; the officer
holds three follow-ups and closes. Then a shorter pass in English.
"""

import re
from datetime import date

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from carbon20.followups.tests.conftest import make_factor_set
from carbon20.organisations.models import Company
from carbon20.partnerships.models import Partnership, Status
from testsupport.browser import TEST_PASSWORD, assert_accessible, pass_second_factor, screenshot

pytestmark = pytest.mark.browser

CVR = "10150817"  # passes the modulus-11 check
COMPANY = "Vandværket Vest ApS"
CONTACT = "Hanne Hansen"
CONTACT_EMAIL = "hanne@vandvaerket.example"
# Whole years before today (1 December 2026 or later), so the final year is complete.
BASELINE_YEAR, FINAL_YEAR = 2024, 2025
# The confirmations' whole messages, so that da() finds their translations.
SIGN_CONFIRM = "I have read the agreement and sign it on behalf of my organisation."
ISSUE_CONFIRM = "I have checked the review; issue the screening report to the company."
HELD_EARLY_CONFIRM = "Yes, the follow-up was held this long before its planned date"


def da(text: str, **values) -> str:
    """The words a Danish user sees for one of the platform's messages."""
    with translation.override("da"):
        words = gettext(text)
        if words == text:
            # A form label from a model field's verbose name, which Django capitalises.
            lowered = gettext(text[0].lower() + text[1:])
            words = lowered[0].upper() + lowered[1:]
    return words % values if values else words


class Walk:
    """One browser tab, with a check after every page: screenshot, axe-core, no console error."""

    def __init__(self, page: Page, live_server):
        self.page, self.url, self.errors, self.shots = page, live_server.url, [], 0
        page.on(
            "console",
            lambda message: (
                self.errors.append(f"{page.url}: {message.text}")
                if message.type == "error"
                else None
            ),
        )
        page.on(
            "pageerror",
            lambda error: self.errors.append(f"{page.url}: {error}"),
        )

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        self.shots += 1
        screenshot(self.page, f"walk-{self.shots:02d}-{name}")
        assert_accessible(self.page)
        assert not self.errors, "\n".join(self.errors)

    def button(self, name: str, **options) -> None:
        self.page.get_by_role("button", name=name, **options).click()

    def link(self, name: str, **options) -> None:
        self.page.get_by_role("link", name=name, **options).click()

    def log_in(self, email: str, password: str = TEST_PASSWORD) -> None:
        self.page.context.clear_cookies()
        self.page.goto(self.url + "/")
        if not self.page.get_by_label(da("Password"), exact=True).count():
            self.link(da("Log in"), exact=True)
        self.page.get_by_label(re.compile("e-mail", re.I)).first.fill(email)
        self.page.get_by_label(da("Password"), exact=True).fill(password)
        with self.page.expect_navigation():
            self.page.get_by_role("main").get_by_role("button", name=da("Log in")).click()
        pass_second_factor(self.page, email)
        expect(self.page.get_by_role("button", name=da("Log out")).first).to_be_attached()

    def menu(self, name: str) -> None:
        menu = self.page.get_by_role("navigation", name=da("Main menu")).first
        menu.get_by_role("link", name=name, exact=True).click()

    def partnership_page(self) -> None:
        """Officers reach it from the pipeline, the company from its start page."""
        if (
            self.page.get_by_role("navigation", name=da("Main menu"))
            .first.get_by_role("link", name="Forløb", exact=True)
            .count()
        ):
            self.menu("Forløb")
            self.page.get_by_role("link", name=COMPANY).first.click()
        else:
            self.menu(da("Start"))
            self.page.get_by_test_id("company-partnership").get_by_role("link").first.click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(COMPANY)


@pytest.fixture
def programme_with_factors(programme, consultancy):
    programme.partners.add(consultancy)
    factor_set = make_factor_set("Programmets faktorer", 2024)
    factor_set.programme = programme
    factor_set.save()
    return programme


def test_walk_the_whole_partnership(
    page, live_server, officer_a, consultant, programme_with_factors, muni_a
):
    walk = Walk(page, live_server)
    p = page

    # The officer creates the company and a contact person with an e-mail address.
    walk.log_in(officer_a.email)
    walk.check("officer-start")
    walk.menu(da("Companies"))
    walk.link(da("Add a company"))
    p.get_by_label(da("CVR number")).fill(CVR)
    p.get_by_label(da("Name"), exact=True).fill(COMPANY)
    p.get_by_label(da("Address")).fill("Vestvej 1")
    p.get_by_label(da("Postcode")).fill("2620")
    p.get_by_label(da("City")).fill("Albertslund")
    p.get_by_label(da("Municipality"), exact=True).select_option(str(muni_a.pk))
    walk.check("company-form")
    walk.button(da("Save"), exact=True)
    expect(p.get_by_role("heading", level=1)).to_have_text(COMPANY)
    walk.check("company")
    walk.link(da("Add a contact person"))
    p.get_by_label(da("Name"), exact=True).fill(CONTACT)
    p.get_by_label(da("Title")).fill("Direktør")
    p.get_by_label(da("E-mail")).fill(CONTACT_EMAIL)
    p.get_by_label(da("Management")).check()
    walk.check("contact-form")
    walk.button(da("Save"), exact=True)

    # Step 1: the partnership starts and the lead is selected for a visit.
    walk.link(da("Start a partnership"))
    p.get_by_label("Kommune").select_option(str(muni_a.pk))
    p.get_by_label("Program").select_option(label=programme_with_factors.name)
    p.get_by_label("Rekrutteringskanal").select_option("website")
    p.get_by_label("Interesse").select_option("yes")
    walk.check("start-form")
    walk.button(da("Start the partnership"))
    walk.check("step-1")
    walk.button(da("Select for a visit"))

    # Step 2: the visit along the guide.
    walk.link(da("Record the visit"))
    p.get_by_label("Dato for besøget").fill(timezone.localdate().isoformat())
    p.get_by_label("Deltagere fra kommunen").fill("Mette Kragh")
    p.get_by_label("Deltagere fra virksomheden").fill(CONTACT)
    p.get_by_label("Ledelsen var repræsenteret").check()
    p.get_by_label("Medarbejderinddragelse").select_option(index=1)
    p.get_by_label("Energiledelse").select_option(index=1)
    p.get_by_label("Aftalen gennemgået").check()
    # The chosen focus areas come after the candidate areas (both lists name "El").
    p.get_by_label("El", exact=True).last.check()
    p.get_by_label("Sikret").check()
    p.get_by_label("Gå videre til aftalen").check()
    walk.check("visit-form")
    walk.button(da("Save"), exact=True)

    # Step 3: the agreement drafted, the company user invited, the agreement sent.
    walk.check("step-3")
    walk.link(da("Draft the agreement"))
    p.get_by_label("Basisår").fill(str(BASELINE_YEAR))
    walk.check("agreement-form")
    walk.button(da("Save"), exact=True)
    walk.check("agreement-draft")
    walk.link(da("Invite a company user"))
    p.get_by_label(f"{CONTACT} ({CONTACT_EMAIL})").check()
    walk.check("invite-form")
    mail.outbox.clear()
    walk.button(da("Send invitation"))
    walk.check("company-access")
    (invitation,) = [m for m in mail.outbox if CONTACT_EMAIL in m.to]
    link = re.search(r"https?://\S+/invitation/\S+/", invitation.body).group(0)

    # The company user follows the link from the mail and sets a password.
    p.context.clear_cookies()
    path = re.sub(r"^https?://[^/]+", "", link)
    p.goto(live_server.url + path)
    walk.check("invitation")
    p.get_by_label(da("First name")).fill("Hanne")
    p.get_by_label(da("Last name")).fill("Hansen")
    p.get_by_label(da("New password"), exact=True).fill(TEST_PASSWORD)
    p.get_by_label(da("New password confirmation")).fill(TEST_PASSWORD)
    walk.button(da("Create my login"))
    walk.check("company-welcome")

    # Now that the company has a login, the officer sends the agreement; the company signs.
    walk.log_in(officer_a.email)
    walk.partnership_page()
    walk.link(da("Open the agreement"))
    walk.button(da("Send for signature"))
    walk.check("agreement-sent")
    walk.log_in(CONTACT_EMAIL)
    walk.check("company-start")
    walk.link(da("Sign the agreement"))
    section = p.get_by_test_id("sign-section")
    section.get_by_label(da("Your full name")).fill("Hanne Hansen")
    section.get_by_label(da("Your title")).fill("Direktør")
    section.get_by_label(re.compile(da(SIGN_CONFIRM)[:20])).check()
    walk.check("company-signs")
    section.get_by_role("button", name=da("Sign"), exact=True).click()
    expect(p.get_by_test_id("signatures")).to_contain_text("Hanne Hansen")

    # The officer countersigns and assigns the consultant from the partnership page.
    walk.log_in(officer_a.email)
    walk.partnership_page()
    walk.link(da("Open the agreement"))
    section = p.get_by_test_id("countersign-section")
    section.get_by_label(da("Your full name")).fill("Mette Kragh")
    section.get_by_label(da("Your title")).fill("Miljømedarbejder")
    section.get_by_label(re.compile(da(SIGN_CONFIRM)[:20])).check()
    walk.check("countersign")
    section.get_by_role("button", name=da("Countersign for the municipality")).click()
    walk.partnership_page()
    walk.check("step-4")
    walk.link(da("Assign the energy consultant"))
    p.get_by_label(da("Energy consultant")).select_option(index=1)
    walk.check("assign")
    walk.button(da("Assign"), exact=True)
    walk.check("review-assigned")

    # The consultant records the baseline and the measures and issues the review.
    walk.log_in(consultant.email)
    walk.check("consultant-start")
    p.get_by_test_id("home-my-reviews").get_by_role("link").first.click()
    walk.link(da("Edit the review's details"))
    p.get_by_label(da("Date of the site visit")).fill(timezone.localdate().isoformat())
    p.get_by_label(da("Baseline from")).fill(f"{BASELINE_YEAR}-01-01")
    p.get_by_label(da("Baseline to")).fill(f"{BASELINE_YEAR}-12-31")
    p.get_by_label(da("summary")).fill("Potentiale i belysning.")
    walk.check("review-form")
    walk.button(da("Save"), exact=True)
    walk.link(da("Enter the baseline"))
    p.get_by_label(re.compile(r"^El \(kWh\)")).fill("600000")
    walk.check("baseline-form")
    walk.button(da("Save"), exact=True)
    walk.link(da("Edit the end-use breakdown"))
    p.locator("#id_lighting").fill("40")
    p.locator("#id_other").fill("60")
    walk.button(da("Save"), exact=True)
    for description, kwh in (("LED i hallen", "150000"), ("Ventilation: ugeur", "40000")):
        walk.link(da("Add a measure"))
        form = p.get_by_test_id("measure-form")
        form.get_by_label(da("Focus area")).select_option("electricity")
        form.get_by_label(da("Description")).fill(description)
        form.get_by_label(da("Type"), exact=True).select_option(index=1)
        form.get_by_label(re.compile(r"^El\b")).fill(kwh)
        form.get_by_label(da("DKK saved per year")).fill("100000")
        form.get_by_label(da("Investment (DKK)")).fill("200000")
        form.get_by_label(da("Lifetime (years)")).fill("10")
        form.locator("#id_obligation_assigned").select_option("false")
        form.get_by_role("button", name=da("Save the measure")).click()
        expect(p.get_by_test_id("measures-table")).to_contain_text(description)
    walk.check("measures")
    p.get_by_label(re.compile(da(ISSUE_CONFIRM)[:20])).check()
    walk.button(da("Issue the review"))
    walk.check("review-issued")

    # The company reaches the plan from the partnership page and reports consumption.
    walk.log_in(CONTACT_EMAIL)
    walk.partnership_page()
    walk.check("company-step-5")
    walk.button(da("Start the action plan"))
    walk.link(da("Propose the least-cost plan"))
    # The proposal replaces the section, form included: fill the form once it has come.
    expect(p.get_by_test_id("least-cost-result")).to_be_visible()
    form = p.get_by_test_id("from-measures-form")
    form.get_by_label(da("Responsible person")).fill("Driftschef")
    form.get_by_label(da("Start"), exact=True).fill(timezone.localdate().isoformat())
    form.get_by_label(da("Deadline")).fill(date(timezone.localdate().year + 1, 6, 30).isoformat())
    walk.check("plan-least-cost")
    form.get_by_role("button", name=da("Add the ticked measures as actions")).click()
    walk.check("plan")
    walk.partnership_page()
    walk.link(da("Report consumption"))
    for year, kwh in ((BASELINE_YEAR, "600000"), (FINAL_YEAR, "450000")):
        walk.link(da("Add consumption"))
        p.get_by_label("Energiart").select_option(label="El")
        p.get_by_label("Periode fra").fill(f"{year}-01-01")
        p.get_by_label("Periode til").fill(f"{year}-12-31")
        p.get_by_label("Mængde", exact=True).fill(kwh)
        p.get_by_label("Enhed").select_option(label="kWh")
        p.get_by_label("Kilde til tallet").select_option(index=1)
        walk.check(f"consumption-{year}")
        walk.button(da("Save"), exact=True)
    walk.check("consumption")

    # Management's approval, recorded by the company from the plan on the partnership page.
    walk.partnership_page()
    walk.link(da("The action plan"))
    p.get_by_label(da("Approved by (name)")).fill("Bo Madsen")
    p.get_by_label(da("Approved by (title)")).fill("Direktør")
    p.get_by_label(da("Approved on")).fill(timezone.localdate().isoformat())
    walk.button(da("Record the approval"))
    expect(p.get_by_test_id("plan-approved")).to_contain_text("Bo Madsen")
    walk.check("plan-approved")

    # The company keeps an action up to date from the partnership page.
    walk.partnership_page()
    walk.check("company-step-6")
    walk.link(da("Update the actions' status"))
    p.get_by_text("LED i hallen –").first.click()
    p.get_by_label(f"{da('Status')} – LED i hallen").select_option("in_progress")
    p.get_by_label(f"{da('Reason or progress note')} – LED i hallen").fill("Tilbud indhentet")
    p.get_by_role("button", name=f"{da('Save the status')} – LED i hallen").click()
    walk.check("action-updated")

    # The officer sees what the company changed, holds three follow-ups and closes.
    walk.log_in(officer_a.email)
    walk.partnership_page()
    expect(p.get_by_test_id("company-changes")).to_contain_text("Tilbud indhentet")
    walk.check("officer-step-6")
    for number in (1, 2, 3):
        walk.link(da("Follow-ups, snapshots and result"))
        p.get_by_role("link", name=re.compile(rf"{da('Follow-up')} {number}\b")).first.click()
        # All three are held today, months before their planned dates, which the form
        # asks the officer to confirm.
        p.get_by_label(da(HELD_EARLY_CONFIRM)).check()
        p.get_by_label(da("Visit"), exact=True).check()
        p.get_by_label(da("Participants")).fill("Mette Kragh, Hanne Hansen")
        if number == 3:
            p.get_by_label(f"{da('Status: %(action)s', action='LED i hallen')}").select_option(
                "done"
            )
        walk.check(f"follow-up-{number}")
        walk.button(da("Save as held"))
        walk.partnership_page()
    walk.link(da("Follow-ups, snapshots and result"))
    walk.link(da("Record the result and close"))
    p.get_by_label(da("Final year")).fill(str(FINAL_YEAR))
    p.get_by_role("textbox", name=da("Result"), exact=True).fill("25 % mindre CO2e fra el.")
    walk.check("closing-form")
    walk.button(da("Record the result and close"))
    walk.check("closed")
    # The pipeline lists open partnerships only; the closed one is reached from its result.
    walk.link(da("Back to the partnership"))
    expect(p.get_by_test_id("result-summary")).to_be_visible()
    for name in ("The signed agreement", "The technical review", "The action plan"):
        expect(p.get_by_role("link", name=da(name))).to_be_visible()
    walk.check("closed-partnership")
    assert Partnership.objects.get(company__cvr=CVR).status == Status.COMPLETED
    assert Company.objects.filter(cvr=CVR).exists()

    # A shorter pass in English: the officer switches the language and reads the result.
    p.get_by_role("button", name="English").click()
    expect(p.get_by_role("link", name="The action plan")).to_be_visible()
    walk.check("en-partnership")
    p.get_by_role("link", name="The result").click()
    walk.check("en-result")
    p.get_by_role("link", name="Back to the partnership").first.click()
    p.get_by_role("link", name="The action plan").click()
    walk.check("en-plan")
    p.get_by_role("link", name="Start", exact=True).first.click()
    walk.check("en-start")
