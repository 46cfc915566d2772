"""Officers invite a company's contact person as a company user: a one-time link, expiry,
resend and revoke, and the company page shows who has access."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from carbon20.accounts import services
from carbon20.accounts.models import Invitation, Membership, Role, User
from carbon20.accounts.tests.conftest import invitation_link, path_of
from carbon20.organisations.models import ContactPerson
from testsupport.fixtures import client_for, make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Grøn-omstilling-2026"


def _invite(client, company, contact, capture):
    with capture(execute=True):
        return client.post(
            reverse("accounts:company_user_invite", args=[company.uuid]),
            {"contact": str(contact.uuid)},
        )


def test_officer_invites_a_contact_and_the_mail_links_to_the_site(
    officer_a, company_a, contact_a, site_url, django_capture_on_commit_callbacks
):
    response = _invite(
        client_for(officer_a), company_a, contact_a, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "kontakt@a.example.dk"
    assert invitation.invited_by == officer_a
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)
    [message] = mail.outbox
    assert message.to == ["kontakt@a.example.dk"]
    link = invitation_link(message)
    assert link.startswith("https://carbon20.example.dk/account/invitation/")
    assert "127.0.0.1" not in message.body
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the hash is stored: the database alone opens no account.
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.hash_token(token)
    assert "Albertslund Testfabrik ApS" in message.subject


def test_expiry_is_configurable(
    settings, officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    settings.INVITATION_EXPIRY_DAYS = 2
    _invite(client_for(officer_a), company_a, contact_a, django_capture_on_commit_callbacks)
    invitation = Invitation.objects.get()
    assert invitation.expires_at - invitation.sent_at == timedelta(days=2)


def test_following_the_link_sets_a_password_and_logs_in(
    officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    _invite(client_for(officer_a), company_a, contact_a, django_capture_on_commit_callbacks)
    path = path_of(invitation_link(mail.outbox[0]))
    guest = client_for(None)
    page = guest.get(path)
    assert page.status_code == 200
    assert 'for="id_new_password1"' in page.text
    response = guest.post(
        path,
        {
            "first_name": "Karin",
            "last_name": "Kontakt",
            "new_password1": PASSWORD,
            "new_password2": PASSWORD,
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="kontakt@a.example.dk")
    assert user.check_password(PASSWORD)
    assert user.first_name == "Karin"
    assert Membership.objects.filter(user=user, role=Role.COMPANY_USER, company=company_a).exists()
    assert guest.get(reverse("home:home")).context["user"] == user
    invitation = Invitation.objects.get()
    assert invitation.accepted_at is not None and invitation.accepted_by == user
    # The link works once.
    again = client_for(None).get(path)
    assert again.status_code == 410
    assert "allerede blevet accepteret" in again.text


def test_a_weak_password_is_refused_at_the_field(
    officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    _invite(client_for(officer_a), company_a, contact_a, django_capture_on_commit_callbacks)
    path = path_of(invitation_link(mail.outbox[0]))
    response = client_for(None).post(
        path,
        {"first_name": "K", "last_name": "K", "new_password1": "123", "new_password2": "123"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert 'id="id_new_password2_error"' in response.text
    assert not User.objects.filter(email="kontakt@a.example.dk").exists()


def test_an_expired_link_shows_a_clear_page(
    officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    _invite(client_for(officer_a), company_a, contact_a, django_capture_on_commit_callbacks)
    path = path_of(invitation_link(mail.outbox[0]))
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = client_for(None).get(path)
    assert response.status_code == 410
    assert "Invitationen er udløbet" in response.text
    post = client_for(None).post(
        path,
        {"first_name": "K", "last_name": "K", "new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert post.status_code == 410
    assert not User.objects.filter(email="kontakt@a.example.dk").exists()


def test_an_unknown_link_shows_a_clear_page():
    response = client_for(None).get(reverse("accounts:invitation", args=["not-a-token"]))
    assert response.status_code == 404
    assert "Linket er ikke gyldigt" in response.text


def test_resend_kills_the_old_link_and_sends_a_new_one(
    officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    officer = client_for(officer_a)
    _invite(officer, company_a, contact_a, django_capture_on_commit_callbacks)
    old = path_of(invitation_link(mail.outbox[0]))
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post(
            reverse("accounts:invitation_resend", args=[company_a.uuid, invitation.uuid])
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 2
    new = path_of(invitation_link(mail.outbox[1]))
    assert new != old
    assert client_for(None).get(old).status_code == 404
    assert client_for(None).get(new).status_code == 200


def test_a_mail_queued_before_a_resend_is_not_sent(officer_a, company_a, contact_a):
    """The worker may run the first task after the resend: its token is dead by then."""
    with transaction.atomic():
        invitation = services.invite_company_user(
            company=company_a, contact=contact_a, invited_by=officer_a
        )
    from carbon20.accounts import tasks

    assert tasks.send_invitation_email(invitation.pk, "stale-token", "da") is False
    assert mail.outbox == []


def test_revoke_closes_the_link(
    officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    officer = client_for(officer_a)
    _invite(officer, company_a, contact_a, django_capture_on_commit_callbacks)
    path = path_of(invitation_link(mail.outbox[0]))
    invitation = Invitation.objects.get()
    response = officer.post(
        reverse("accounts:invitation_revoke", args=[company_a.uuid, invitation.uuid])
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    page = client_for(None).get(path)
    assert page.status_code == 410
    assert "trukket tilbage" in page.text
    # A revoked invitation cannot be resent; the refusal is shown, nothing changes.
    again = officer.post(
        reverse("accounts:invitation_resend", args=[company_a.uuid, invitation.uuid]), follow=True
    )
    assert "Invitationen er trukket tilbage" in again.text
    assert len(mail.outbox) == 1


def test_no_mail_when_the_invitation_is_rolled_back(
    officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.invite_company_user(company=company_a, contact=contact_a, invited_by=officer_a)
        raise RuntimeError
    assert callbacks == []
    assert mail.outbox == []
    assert not Invitation.objects.exists()


def test_an_existing_account_logs_in_and_gets_the_membership(
    officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    existing = make_user("kontakt@a.example.dk")
    _invite(client_for(officer_a), company_a, contact_a, django_capture_on_commit_callbacks)
    path = path_of(invitation_link(mail.outbox[0]))
    anonymous = client_for(None).get(path)
    assert anonymous.status_code == 200
    assert "?next=" in anonymous.context["login_url"]
    assert client_for(None).post(path).status_code == 200
    assert not existing.memberships.exists()
    someone_else = client_for(officer_a).post(path)
    assert someone_else.status_code == 200
    assert not existing.memberships.exists()
    response = client_for(existing).post(path)
    assert response.status_code == 302
    assert existing.memberships.filter(role=Role.COMPANY_USER, company=company_a).exists()
    assert User.objects.filter(email="kontakt@a.example.dk").count() == 1


def test_invite_page_offers_only_own_contacts_with_an_email(officer_a, muni_b, company_a):
    company_a.portfolio_municipalities.add(muni_b)
    ContactPerson.objects.create(company=company_a, municipality=muni_b, name="B's", email="b@x.dk")
    ContactPerson.objects.create(
        company=company_a, municipality=company_a.municipality, name="No mail"
    )
    response = client_for(officer_a).get(
        reverse("accounts:company_user_invite", args=[company_a.uuid])
    )
    assert response.status_code == 200
    assert [c.name for c in response.context["form"].fields["contact"].queryset] == ["Kontakt A"]
    assert "<legend" in response.text


def test_a_second_invite_to_the_same_person_is_refused_at_the_field(
    officer_a, company_a, contact_a, django_capture_on_commit_callbacks
):
    officer = client_for(officer_a)
    _invite(officer, company_a, contact_a, django_capture_on_commit_callbacks)
    response = _invite(officer, company_a, contact_a, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert "Send invitationen igen" in response.context["form"].errors["contact"][0]
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_person_who_has_access_is_not_invited(officer_a, company_a, contact_a):
    make_user("kontakt@a.example.dk", Role.COMPANY_USER, company=company_a)
    response = client_for(officer_a).post(
        reverse("accounts:company_user_invite", args=[company_a.uuid]),
        {"contact": str(contact_a.uuid)},
    )
    assert response.status_code == 200
    assert "har allerede adgang" in response.context["form"].errors["contact"][0]


def test_company_page_shows_who_has_access(
    officer_a, company_a, company_user, contact_a, django_capture_on_commit_callbacks
):
    officer = client_for(officer_a)
    _invite(officer, company_a, contact_a, django_capture_on_commit_callbacks)
    page = officer.get(company_a.get_absolute_url())
    assert 'data-testid="company-access"' in page.text
    assert "company@test.dk" in page.text
    assert "kontakt@a.example.dk" in page.text
    assert "Send igen" in page.text and "Træk tilbage" in page.text


@pytest.mark.parametrize("persona", ["company_user", "coordinator"])
def test_readers_of_the_company_do_not_see_or_manage_access(request, persona, company_a, contact_a):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert 'data-testid="company-access"' not in client.get(company_a.get_absolute_url()).text
    invite = reverse("accounts:company_user_invite", args=[company_a.uuid])
    assert client.get(invite).status_code == 403
    assert client.post(invite, {"contact": str(contact_a.uuid)}).status_code == 403
    assert not Invitation.objects.exists()


def test_officer_removes_a_company_users_access(officer_a, company_a, company_user):
    response = client_for(officer_a).post(
        reverse("accounts:company_user_remove", args=[company_a.uuid, company_user.uuid])
    )
    assert response.status_code == 302
    assert not company_user.memberships.exists()


def _access_urls(company, invitation, member):
    return [
        ("get", reverse("accounts:company_user_invite", args=[company.uuid])),
        ("post", reverse("accounts:company_user_invite", args=[company.uuid])),
        ("post", reverse("accounts:invitation_resend", args=[company.uuid, invitation.uuid])),
        ("post", reverse("accounts:invitation_revoke", args=[company.uuid, invitation.uuid])),
        ("post", reverse("accounts:company_user_remove", args=[company.uuid, member.uuid])),
    ]


@pytest.mark.parametrize("persona", ["officer_b", "consultant", "no_role_user"])
def test_other_tenants_get_404_and_change_nothing(
    request, persona, officer_a, company_a, contact_a, company_user
):
    client = client_for(request.getfixturevalue(persona))
    invitation = services.invite_company_user(
        company=company_a, contact=contact_a, invited_by=officer_a
    )
    before = (
        list(Invitation.objects.values()),
        list(Membership.objects.values_list("pk", flat=True)),
    )
    for method, url in _access_urls(company_a, invitation, company_user):
        response = getattr(client, method)(url, {"contact": str(contact_a.uuid)})
        assert response.status_code == 404, url
    after = (
        list(Invitation.objects.values()),
        list(Membership.objects.values_list("pk", flat=True)),
    )
    assert before == after


def test_officer_b_cannot_reach_a_invitation_through_own_company(
    officer_a, officer_b, company_a, company_b, contact_a
):
    """An invitation belongs to its company: B's company in the URL does not open A's."""
    invitation = services.invite_company_user(
        company=company_a, contact=contact_a, invited_by=officer_a
    )
    client = client_for(officer_b)
    for name in ("accounts:invitation_resend", "accounts:invitation_revoke"):
        assert client.post(reverse(name, args=[company_b.uuid, invitation.uuid])).status_code == 404
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_officer_b_cannot_invite_a_contact_of_a(officer_b, company_b, contact_a):
    response = client_for(officer_b).post(
        reverse("accounts:company_user_invite", args=[company_b.uuid]),
        {"contact": str(contact_a.uuid)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["contact"]
    assert not Invitation.objects.exists()


def test_the_access_section_costs_the_same_queries_for_one_or_many_people(
    officer_a, company_a, contact_a
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(officer_a)
    services.invite_company_user(company=company_a, contact=contact_a, invited_by=officer_a)
    make_user("u0@a.dk", Role.COMPANY_USER, company=company_a)
    client.get(company_a.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(company_a.get_absolute_url())
    for index in range(1, 6):
        make_user(f"u{index}@a.dk", Role.COMPANY_USER, company=company_a)
        other = ContactPerson.objects.create(
            company=company_a,
            municipality=company_a.municipality,
            name=f"P{index}",
            email=f"p{index}@a.dk",
        )
        services.invite_company_user(company=company_a, contact=other, invited_by=officer_a)
    with CaptureQueriesContext(connection) as many:
        client.get(company_a.get_absolute_url())
    # Members and invitations are read in one query each, however many there are.
    assert len(many) == len(few)
