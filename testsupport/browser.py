"""Playwright fixtures for the browser tests (`@pytest.mark.browser`, run by `make test-browser`).

The tests drive Debian's Chromium (`/usr/bin/chromium`), never a browser downloaded by
Playwright, against pytest-django's `live_server`. Use:

    @pytest.mark.browser
    def test_something(page, live_server, officer_a):
        login(page, live_server, officer_a.email)
        screenshot(page, "something-start")
        assert_accessible(page)
"""

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect, sync_playwright

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls from
# a thread with a running loop unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CARBON20_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-quic",
    "--no-first-run",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 900}
AXE_CORE = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
# WCAG 2.1 level AA is what the platform promises; axe tags each rule with the levels it checks.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "screenshots"
TEST_PASSWORD = "correct-horse-battery"
# Generous: CI runs two workers, each with a live server and a Chromium, on two cores.
TIMEOUT_MS = 30_000
expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def cookies_over_http(settings) -> None:
    """The live server speaks plain http; Secure cookies would never be sent back to it."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.LANGUAGE_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture
def page(
    browser: Browser,
    live_server,
    transactional_db,
    django_db_serialized_rollback,
    cookies_over_http,
) -> Iterator[Page]:
    """A fresh browser context per test: Danish locale, desktop size, no cookies.

    The live server sees only committed data, hence `transactional_db`; the serialized
    rollback restores the rows that migrations load (the 98 municipalities), which the flush
    after a transactional test would otherwise remove for every later test.
    """
    context = browser.new_context(viewport=VIEWPORT, locale="da-DK")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    blocked: list[str] = []
    # A Content-Security-Policy violation is reported only on the console; it would leave a
    # page quietly without its script or style.
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not blocked, "\n".join(blocked)


def login(page: Page, live_server, email: str, password: str = TEST_PASSWORD) -> None:
    """Log in through the login form and wait for the page the user lands on."""
    login_path = reverse("accounts:login")
    page.goto(f"{live_server.url}{login_path}")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    # Wait for the answer to the POST: a redirect on success, the form again on failure.
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    if page.url.split("?")[0].endswith(login_path):
        errors = page.locator(".form-error-message, .alert-error").all_inner_texts()
        pytest.fail(f"Login as {email} failed: {errors or 'still on the login page'}")
    pass_second_factor(page, email)


def pass_second_factor(page: Page, email: str) -> None:
    """After the password, set up or give the second factor as a user with an authenticator
    app would: the code is computed from the device's key, which the test reads from the
    database the live server shares."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from carbon20.accounts.second_factor import code_for

    page.wait_for_load_state("load")
    if reverse("accounts:two_factor") not in page.url:
        return
    form = page.locator("main form:has(input[name=token])")
    enrolling = page.get_by_test_id("totp-secret").count() > 0
    device = TOTPDevice.objects.get(user__email=email, confirmed=not enrolling)
    form.locator("input[name=token]").fill(code_for(device, at=_unused_step_time(device)))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if enrolling:
        # The recovery codes are shown once; the user goes on from there.
        with page.expect_navigation():
            page.get_by_test_id("continue").click()
    if reverse("accounts:two_factor") in page.url:
        pytest.fail(f"The second factor of {email} was refused.")


def _unused_step_time(device) -> float:
    """A time whose code the device has not accepted before: a code works once, and a test
    may log the same user in twice within one 30-second step."""
    import time

    now = time.time()
    step_now = int((now - device.t0) // device.step)
    if device.last_t < step_now:
        return now
    while device.last_t > step_now:
        time.sleep(1)
        now = time.time()
        step_now = int((now - device.t0) // device.step)
    # The device accepts one step ahead (its tolerance), which no code has used yet.
    return device.t0 + (device.last_t + 1) * device.step


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """Save a PNG (the full page unless told otherwise) under test-artifacts/screenshots/ and
    return its path. An open drawer is shot as the viewport shows it: a full-page shot resizes
    the viewport, and DKFDS closes its mobile drawer on resize."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    # Finished animations: a drawer caught halfway through sliding in is not what users see.
    page.screenshot(path=str(path), full_page=full_page, animations="disabled")
    return path


def accessibility_violations(page: Page) -> list[dict]:
    """Run axe-core on the current page and return its WCAG 2.0/2.1 A and AA violations."""
    # Evaluated through the DevTools protocol rather than a <script> tag, so that a
    # Content-Security-Policy on the page cannot block it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_CORE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: "tag", values: tags},
            resultTypes: ["violations"],
        })""",
        WCAG_TAGS,
    )
    return results["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        impact, rule, help_text = violation["impact"], violation["id"], violation["help"]
        lines.append(f"[{impact}] {rule}: {help_text} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            lines.append(f"    at {json.dumps(node['target'])}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n      ")
            if summary:
                lines.append(f"      {summary}")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail the test on any WCAG 2.0/2.1 A or AA violation axe-core finds, listing each."""
    violations = accessibility_violations(page)
    if violations:
        report = format_violations(violations)
        print(f"Accessibility violations on {page.url}:\n{report}")
        pytest.fail(f"{len(violations)} WCAG violation(s) on {page.url}:\n{report}", pytrace=False)
