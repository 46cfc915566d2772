"""Sending an agreement for signature needs a company user who is told, and the mail links
to the agreement at the configured site address."""

import pytest
from django.core import mail
from django.urls import reverse

from carbon20.agreements import services
from carbon20.agreements.models import Agreement
from carbon20.partnerships.workflow import TransitionRefused
from testsupport.fixtures import client_for, make_user

pytestmark = pytest.mark.django_db


def _send(client, agreement, capture):
    with capture(execute=True):
        return client.post(
            reverse("agreements:agreement_action", args=[agreement.uuid, "send"]), follow=True
        )


def test_without_a_company_user_sending_is_refused_and_says_what_to_do(
    officer_a, agreement_a, django_capture_on_commit_callbacks
):
    response = _send(client_for(officer_a), agreement_a, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    text = response.text
    assert "har ingen bruger, der kan underskrive" in text
    assert "Invitér en kontaktperson som virksomhedsbruger" in text
    assert "upload den underskrevne scanning" in text
    assert "sendt til virksomheden" not in text
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT
    assert not agreement_a.sent_pdf
    assert mail.outbox == []


def test_the_agreement_page_says_so_before_sending(officer_a, agreement_a):
    page = client_for(officer_a).get(
        reverse("agreements:agreement_detail", args=[agreement_a.uuid])
    )
    assert 'data-testid="no-company-user"' in page.text
    assert (
        reverse("accounts:company_user_invite", args=[agreement_a.partnership.company.uuid])
        in page.text
    )


def test_no_hint_when_the_company_has_a_user(officer_a, agreement_a, company_user):
    page = client_for(officer_a).get(
        reverse("agreements:agreement_detail", args=[agreement_a.uuid])
    )
    assert 'data-testid="no-company-user"' not in page.text


def test_a_deactivated_company_user_does_not_count(officer_a, agreement_a, company_user):
    company_user.is_active = False
    company_user.save()
    with pytest.raises(TransitionRefused):
        services.send_for_signature(agreement=agreement_a, user=officer_a)
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT


def test_the_mail_links_to_the_agreement_at_the_site_address(
    settings, officer_a, agreement_a, company_user, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://carbon20.example.dk"
    response = _send(client_for(officer_a), agreement_a, django_capture_on_commit_callbacks)
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.SENT
    [message] = mail.outbox
    assert message.to == [company_user.email]
    link = f"https://carbon20.example.dk/partnerships/agreements/{agreement_a.uuid}/"
    assert reverse("agreements:agreement_detail", args=[agreement_a.uuid]) in link
    assert link in message.body
    assert "testserver" not in message.body and "127.0.0.1" not in message.body
    assert "sendt til virksomheden" in response.text
    # The link opens the agreement for the company user.
    page = client_for(company_user).get("/" + link.split("/", 3)[3])
    assert page.status_code == 200


@pytest.mark.parametrize("persona", ["coordinator", "consultant", "company_user"])
def test_readers_cannot_send(request, persona, agreement_a, django_capture_on_commit_callbacks):
    make_user("signer@a.dk", "company_user", company=agreement_a.partnership.company)
    client = client_for(request.getfixturevalue(persona))
    response = _send(client, agreement_a, django_capture_on_commit_callbacks)
    assert response.status_code == 404
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT
    assert mail.outbox == []


def test_another_municipality_gets_404(
    officer_b, agreement_a, company_user, django_capture_on_commit_callbacks
):
    response = _send(client_for(officer_b), agreement_a, django_capture_on_commit_callbacks)
    assert response.status_code == 404
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT
    assert mail.outbox == []
