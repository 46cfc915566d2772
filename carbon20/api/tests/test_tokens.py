from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from carbon20.api import services
from carbon20.api.models import ApiToken, hash_secret
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

TOKENS_URL = "/api/v1/tokens/"
ME_URL = "/api/v1/municipalities/"


def bearer(secret: str, keyword: str = "Bearer") -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"{keyword} {secret}")
    return client


def test_profile_links_to_the_token_page(officer_a):
    response = client_for(officer_a).get(reverse("accounts:profile"))
    assert reverse("api:token_list").encode() in response.content


def test_creating_a_token_shows_the_secret_once_and_stores_only_its_hash(officer_a):
    client = client_for(officer_a)
    response = client.post(TOKENS_URL, {"name": "Sagssystem"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = response.context["new_secret"]
    assert secret.startswith("c20_") and len(secret) > 40
    assert secret.encode() in response.content
    token = ApiToken.objects.get(user=officer_a)
    assert token.name == "Sagssystem"
    assert token.secret_hash == hash_secret(secret)
    assert secret.startswith(token.prefix)
    assert not ApiToken.objects.filter(secret_hash=secret).exists()
    listing = client.get(TOKENS_URL)
    assert secret.encode() not in listing.content
    assert token.prefix.encode() in listing.content


def test_a_token_needs_a_name(officer_a):
    response = client_for(officer_a).post(TOKENS_URL, {"name": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.exists()


def test_the_token_page_shows_only_the_users_own_tokens(officer_a, officer_b):
    services.create_token(user=officer_b, name="Herning-integration")
    response = client_for(officer_a).get(TOKENS_URL)
    assert b"Herning-integration" not in response.content


def test_the_token_page_needs_a_login():
    response = APIClient().get(TOKENS_URL)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_user_revokes_their_token(officer_a):
    token, secret = services.create_token(user=officer_a, name="Gammel")
    response = client_for(officer_a).post(reverse("api:token_revoke", args=[token.uuid]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert bearer(secret).get(ME_URL).status_code == 401


def test_another_users_token_cannot_be_revoked(officer_a, officer_b):
    token, _secret = services.create_token(user=officer_b, name="Herning")
    response = client_for(officer_a).post(reverse("api:token_revoke", args=[token.uuid]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_post(officer_a):
    token, _secret = services.create_token(user=officer_a, name="x")
    response = client_for(officer_a).get(reverse("api:token_revoke", args=[token.uuid]))
    assert response.status_code == 405


@pytest.mark.parametrize("keyword", ["Bearer", "Token", "bearer"])
def test_a_valid_token_authenticates_and_records_its_use(officer_a, muni_a, keyword):
    token, secret = services.create_token(user=officer_a, name="ok")
    response = bearer(secret, keyword).get(ME_URL)
    assert response.status_code == 200
    assert [m["slug"] for m in response.json()["results"]] == [muni_a.slug]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_revoked_token_is_refused(officer_a):
    token, secret = services.create_token(user=officer_a, name="old")
    token.revoke()
    response = bearer(secret).get(ME_URL)
    assert response.status_code == 401
    assert response.json()["code"] == "token_revoked"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_wrong_token_is_refused(officer_a):
    _token, secret = services.create_token(user=officer_a, name="ok")
    response = bearer(secret[:-1] + ("A" if secret[-1] != "A" else "B")).get(ME_URL)
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"


def test_the_token_of_a_deactivated_user_is_refused(officer_a):
    _token, secret = services.create_token(user=officer_a, name="ok")
    officer_a.is_active = False
    officer_a.save()
    assert bearer(secret).get(ME_URL).json()["code"] == "token_invalid"


def test_a_malformed_authorization_header_is_refused(officer_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer two parts")
    response = client.get(ME_URL)
    assert response.status_code == 401
    assert response.json()["code"] == "token_malformed"


def test_no_credentials_answers_401_with_a_challenge():
    response = APIClient().get(ME_URL)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_session_authenticates_the_browsable_docs_user(officer_a, muni_a):
    response = client_for(officer_a).get(ME_URL)
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_the_management_command_prints_a_working_secret(officer_a):
    out = StringIO()
    call_command("create_api_token", officer_a.email, "--name", "CI", stdout=out)
    secret = out.getvalue().strip()
    assert ApiToken.objects.get(user=officer_a).name == "CI"
    assert bearer(secret).get(ME_URL).status_code == 200
