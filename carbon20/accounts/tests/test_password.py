import re

import pytest
from django.core import mail
from django.urls import reverse

from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "grøn-omstilling-2030"


def test_password_change(officer_a):
    client = client_for(officer_a)
    url = reverse("accounts:password_change")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "old_password": "correct-horse-battery",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    assert client.get(response["Location"]).status_code == 200
    officer_a.refresh_from_db()
    assert officer_a.check_password(NEW_PASSWORD)


def test_password_change_refuses_a_wrong_old_password(officer_a):
    response = client_for(officer_a).post(
        reverse("accounts:password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    officer_a.refresh_from_db()
    assert officer_a.check_password("correct-horse-battery")


def test_password_change_needs_login():
    response = client_for(None).get(reverse("accounts:password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_password_reset_sends_a_link_that_works(officer_a):
    client = client_for(None)
    assert client.get(reverse("accounts:password_reset")).status_code == 200
    response = client.post(reverse("accounts:password_reset"), {"email": "officer.a@test.dk"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["officer.a@test.dk"]
    assert message.subject == "Vælg en ny adgangskode til Carbon 20"
    link = re.search(r"http://testserver(/account/password/reset/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_password_url = form_page.redirect_chain[-1][0]
    done = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    officer_a.refresh_from_db()
    assert officer_a.check_password(NEW_PASSWORD)


def test_password_reset_mail_in_english_for_english_users(officer_a):
    client = client_for(None)
    client.cookies["carbon20_language"] = "en"
    client.post(reverse("accounts:password_reset"), {"email": "officer.a@test.dk"})
    assert mail.outbox[0].subject == "Choose a new password for Carbon 20"


def test_password_reset_does_not_reveal_unknown_addresses(officer_a):
    response = client_for(None).post(
        reverse("accounts:password_reset"), {"email": "nobody@nowhere.dk"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_used_reset_link_is_refused(officer_a):
    client = client_for(None)
    client.post(reverse("accounts:password_reset"), {"email": "officer.a@test.dk"})
    link = re.search(r"http://testserver(/account/password/reset/\S+/)", mail.outbox[0].body)
    page = client.get(link.group(1), follow=True)
    client.post(
        page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    again = client_for(None).get(link.group(1), follow=True)
    assert again.context["validlink"] is False
