"""Each step's guide opened from the partnership page in a real browser, with the interface in
Danish and in English, and every guide in both languages; axe-core finds nothing."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from carbon20.guides.defaults import read_default
from carbon20.screening import services as screening
from carbon20.screening.tests.factories import make_factor_set, make_partnership_at_step_4
from testsupport.browser import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser

KINDS = ["first_meeting", "screening", "screening_report", "action_plan", "follow_up"]


def _open_each_guide(page, partnership_url: str, interface: str) -> None:
    for kind in KINDS:
        page.get_by_test_id(f"step-guide-{kind}").click()
        # The partnership is Danish: its guides open in Danish, whatever the interface.
        expect(page.get_by_role("heading", level=1)).to_have_text(read_default(kind, "da")[0])
        expect(page.get_by_test_id("guide-text")).to_have_attribute("lang", "da")
        assert_accessible(page)
        page.get_by_test_id("guide-language-en").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(read_default(kind, "en")[0])
        expect(page.get_by_test_id("guide-text")).to_have_attribute("lang", "en")
        assert_accessible(page)
        screenshot(page, f"guides-{interface}-{kind}-en")
        page.goto(partnership_url)


def test_each_step_guide_opens_from_the_partnership_page_in_danish_and_english(
    page, live_server, officer_a, company_a, programme, consultant
):
    partnership = make_partnership_at_step_4(company_a, officer_a, programme, make_factor_set())
    screening.assign_consultant(partnership=partnership, consultant=consultant, user=officer_a)
    url = live_server.url + reverse("partnerships:detail", args=[partnership.uuid])
    login(page, live_server, officer_a.email)
    page.goto(url)
    expect(page.get_by_test_id("step-documents")).to_contain_text("Modellens vejledninger")
    screenshot(page, "guides-partnership-da")
    assert_accessible(page)
    _open_each_guide(page, url, "da")

    # Step 3's document is the agreement template, kept where agreements are written.
    page.get_by_test_id("step-guide-agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aftaleskabeloner")
    page.goto(url)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_test_id("step-documents")).to_contain_text("The model's guides")
    assert_accessible(page)
    _open_each_guide(page, url, "en")

    # The library itself: the list, a guide, and the page for the municipality's own version.
    page.goto(live_server.url + reverse("guides:library"))
    assert_accessible(page)
    screenshot(page, "guides-library-en")
    page.get_by_test_id("guide-library").get_by_role("link").first.click()
    expect(page.get_by_test_id("guide-versions")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Write the municipality's own version").click()
    expect(page.get_by_label("Text (Markdown)")).to_be_visible()
    assert_accessible(page)
    screenshot(page, "guides-own-version-en")


def test_the_public_reads_the_model_page_in_both_languages(page, live_server, programme):
    page.goto(live_server.url + reverse("public:home"))
    page.get_by_test_id("model-page-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(read_default("model", "da")[0])
    assert_accessible(page)
    screenshot(page, "guides-model-da")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(read_default("model", "en")[0])
    assert_accessible(page)
    screenshot(page, "guides-model-en")
