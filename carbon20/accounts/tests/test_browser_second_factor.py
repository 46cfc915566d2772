"""Two-factor login in a real browser: the enrolment page and the recovery codes meet WCAG
2.1 AA, and the API documentation runs under the Content-Security-Policy (the `page` fixture
fails on any CSP report on the console)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from testsupport.browser import assert_accessible, login, pass_second_factor, screenshot

pytestmark = pytest.mark.browser


def test_officer_enrols_and_then_verifies(page, live_server, officer_a):
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill(officer_a.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page.get_by_test_id("totp-secret")).to_be_visible()
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    screenshot(page, "second-factor-01-enrol")
    assert_accessible(page)
    pass_second_factor(page, officer_a.email)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert reverse("accounts:two_factor") not in page.url
    # The next login asks for a code from the app.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('accounts:login')}")
    page.locator("input[name=username]").fill(officer_a.email)
    page.locator("input[name=password]").fill("correct-horse-battery")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator("input[name=token]")).to_be_visible()
    screenshot(page, "second-factor-02-verify")
    assert_accessible(page)
    pass_second_factor(page, officer_a.email)


def test_api_documentation_runs_under_the_csp(page, live_server, officer_a):
    login(page, live_server, officer_a.email)
    page.goto(f"{live_server.url}{reverse('api:docs')}")
    expect(page.locator(".swagger-ui .info .title").first).to_be_visible()
