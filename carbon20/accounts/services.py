"""Writes on users, memberships and invitations. Each function is the one door for its change:
pages (and later the API) parse their input and call it; mail goes out through a task
enqueued when the transaction commits, so a rolled-back change sends nothing."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carbon20.accounts.models import Invitation, Membership, Role, User
from carbon20.accounts.selectors import company_user_memberships, open_invitations
from carbon20.core.tasks import enqueue_on_commit
from carbon20.organisations.models import Company, ContactPerson


class AccessRefused(Exception):
    """A change to who has access that the current state does not allow; its message is
    translated and shown to the user as a form error."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def _expiry(now):
    return now + timedelta(days=settings.INVITATION_EXPIRY_DAYS)


def _send_on_commit(invitation: Invitation, token: str) -> None:
    from carbon20.accounts import tasks

    enqueue_on_commit(
        tasks.send_invitation_email,
        invitation.pk,
        token,
        translation.get_language() or settings.LANGUAGE_CODE,
    )


@transaction.atomic
def invite_company_user(
    *, company: Company, contact: ContactPerson, invited_by: User
) -> Invitation:
    """Offer the contact a login as the company's user; the e-mail carries a one-time link."""
    if contact.company_id != company.pk:
        raise AccessRefused(_("The contact person does not belong to this company."))
    email = (contact.email or "").strip().lower()
    if not email:
        raise AccessRefused(
            _("%(name)s has no e-mail address. Add one to the contact person first.")
            % {"name": contact.name}
        )
    # Lock the company so that two officers inviting at once cannot open two invitations.
    Company.objects.select_for_update().get(pk=company.pk)
    if company_user_memberships(company).filter(user__email=email).exists():
        raise AccessRefused(_("%(email)s already has access to the company.") % {"email": email})
    if open_invitations(company).filter(email=email).exists():
        raise AccessRefused(
            _("%(email)s is already invited. Resend the invitation instead.") % {"email": email}
        )
    token, token_hash = _new_token()
    now = timezone.now()
    invitation = Invitation(
        email=email,
        company=company,
        contact=contact,
        invited_by=invited_by,
        token_hash=token_hash,
        sent_at=now,
        expires_at=_expiry(now),
    )
    invitation.full_clean()
    invitation.save()
    _send_on_commit(invitation, token)
    return invitation


def _locked_open(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise AccessRefused(_("The invitation has already been accepted."))
    if invitation.revoked_at:
        raise AccessRefused(_("The invitation has been revoked."))
    return invitation


@transaction.atomic
def resend_invitation(*, invitation: Invitation, user: User) -> Invitation:
    """A new link with a new expiry; the link sent before stops working at once."""
    invitation = _locked_open(invitation)
    token, invitation.token_hash = _new_token()
    invitation.sent_at = timezone.now()
    invitation.expires_at = _expiry(invitation.sent_at)
    invitation.invited_by = user
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "invited_by"])
    _send_on_commit(invitation, token)
    return invitation


@transaction.atomic
def revoke_invitation(*, invitation: Invitation, user: User) -> Invitation:
    invitation = _locked_open(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("company").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def accept_invitation(
    *,
    invitation: Invitation,
    existing_user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str = "",
) -> User:
    """Accepting makes the company-user membership: on the account that already has the
    invited address (whose owner is logged in), or on a new account with the password given."""
    invitation = _locked_open(invitation)
    if invitation.state_at(timezone.now()) == Invitation.State.EXPIRED:
        raise AccessRefused(_("The invitation has expired."))
    account = User.objects.filter(email=invitation.email).first()
    if account is not None:
        if existing_user is None or existing_user.pk != account.pk:
            raise AccessRefused(
                _("An account with this e-mail address exists. Log in to accept the invitation.")
            )
    else:
        account = User(email=invitation.email, first_name=first_name, last_name=last_name)
        validate_password(password, account)
        account.set_password(password)
        account.full_clean()
        account.save()
    Membership.objects.get_or_create(
        user=account, role=Role.COMPANY_USER, company=invitation.company
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = account
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return account


@transaction.atomic
def add_membership(*, user: User, role: str, target) -> Membership:
    """Give a user a role; `target` is the municipality, programme, partner or company."""
    field = {
        Role.OFFICER: "municipality",
        Role.COORDINATOR: "programme",
        Role.CONSULTANT: "partner",
        Role.COMPANY_USER: "company",
    }[Role(role)]
    # The unique constraint spans nullable columns, which databases count as distinct, so
    # it does not stop the same role twice; this does.
    if Membership.objects.filter(user=user, role=role, **{field: target}).exists():
        raise ValidationError({field: _("The user already has this role here.")})
    membership = Membership(user=user, role=role, **{field: target})
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def remove_membership(*, membership: Membership, user: User) -> None:
    membership.delete()


@transaction.atomic
def set_active(*, account: User, active: bool, user: User) -> User:
    if account.pk == user.pk and not active:
        raise AccessRefused(_("You cannot deactivate your own account."))
    account.is_active = active
    account.save(update_fields=["is_active"])
    return account
