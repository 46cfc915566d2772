import pytest
from django.urls import reverse

from carbon20.accounts.models import User
from config import settings as project_settings
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def test_login_page_is_danish_by_default():
    response = client_for(None).get(reverse("accounts:login"))
    assert response.status_code == 200
    assert '<html lang="da">' in response.text
    assert 'name="username"' in response.text
    assert 'name="password"' in response.text


def test_officer_logs_in_with_email_and_reaches_the_start_page(officer_a):
    client = client_for(None)
    response = client.post(
        reverse("accounts:login"), {"username": "Officer.A@test.dk", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")
    # An officer owes a second factor: the start page waits until it is set up.
    home = client.get(reverse("home:home"))
    assert home.status_code == 302
    assert home["Location"].startswith(reverse("accounts:two_factor"))


def test_login_follows_next_only_within_the_site(officer_a):
    client = client_for(None)
    inside = client.post(
        reverse("accounts:login"),
        {"username": "officer.a@test.dk", "password": PASSWORD, "next": "/companies/"},
    )
    assert inside["Location"] == "/companies/"
    client = client_for(None)
    outside = client.post(
        reverse("accounts:login"),
        {"username": "officer.a@test.dk", "password": PASSWORD, "next": "https://evil.example"},
    )
    assert outside["Location"] == reverse("home:home")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("da", "Indtast venligst korrekt e-mailadresse og adgangskode."),
        ("en", "Please enter a correct e-mail address and password."),
    ],
)
def test_wrong_password_is_refused_with_a_message(officer_a, language, message):
    client = client_for(None)
    if language == "en":
        client.cookies["carbon20_language"] = "en"
    response = client.post(
        reverse("accounts:login"), {"username": "officer.a@test.dk", "password": "wrong"}
    )
    assert response.status_code == 200
    assert message in response.text
    assert "_auth_user_id" not in client.session


def test_logged_in_user_visiting_login_goes_to_start(officer_a):
    response = client_for(officer_a).get(reverse("accounts:login"))
    assert response.status_code == 302


def test_logout_needs_post_and_ends_the_session(officer_a):
    client = client_for(officer_a)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("home:home")).status_code == 302


def test_inactive_user_cannot_log_in(officer_a):
    officer_a.is_active = False
    officer_a.save()
    client = client_for(None)
    response = client.post(
        reverse("accounts:login"), {"username": "officer.a@test.dk", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_passwords_are_hashed_with_argon2(settings, db):
    # The test fixtures swap in a fast hasher; put back what production configures.
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    user = User.objects.create_user("argon@test.dk", PASSWORD)
    assert user.password.startswith("argon2$")
    assert user.check_password(PASSWORD)
