"""A company user creates an API token in the browser, uses it once and revokes it."""

import pytest
from playwright.sync_api import expect
from rest_framework.test import APIClient

from carbon20.api.models import ApiToken
from testsupport.browser import assert_accessible, login, screenshot

pytestmark = pytest.mark.browser


def test_company_user_creates_uses_and_revokes_a_token(page, live_server, company_user, company_a):
    login(page, live_server, company_user.email)
    page.goto(f"{live_server.url}/account/")
    page.get_by_test_id("api-tokens-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API-tokens")
    assert_accessible(page)

    page.get_by_label("Navn").fill("Energistyring")
    page.get_by_role("button", name="Opret token").click()
    secret = page.locator("#new-token-secret").inner_text()
    expect(page.get_by_test_id("new-token")).to_contain_text("vises kun denne ene gang")
    screenshot(page, "api-01-token-created")
    assert_accessible(page)

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert client.get("/api/v1/companies/").json()["results"][0]["uuid"] == str(company_a.uuid)

    page.goto(f"{live_server.url}/api/v1/tokens/")
    expect(page.locator("#new-token-secret")).to_have_count(0)
    page.get_by_role("button", name="Tilbagekald tokenen Energistyring").click()
    expect(page.get_by_test_id("token-table")).to_contain_text("Tilbagekaldt")
    screenshot(page, "api-02-token-revoked")
    assert ApiToken.objects.get(name="Energistyring").revoked_at is not None
    assert client.get("/api/v1/companies/").status_code == 401
