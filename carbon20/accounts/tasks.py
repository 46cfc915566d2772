"""Mail about accounts, sent from a worker after the transaction that asked for it commits."""

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from carbon20.accounts.models import Invitation
from carbon20.accounts.services import hash_token


@shared_task(name="carbon20.accounts.tasks.send_invitation_email")
def send_invitation_email(invitation_id: int, token: str, language: str) -> bool:
    """Send the link for this token, unless the invitation was closed or resent meanwhile:
    then the token is dead and a mail with it would only mislead. Returns whether it went."""
    invitation = (
        Invitation.objects.select_related("company", "invited_by")
        .filter(
            pk=invitation_id,
            token_hash=hash_token(token),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        )
        .first()
    )
    if invitation is None:
        return False
    link = settings.SITE_URL + reverse("accounts:invitation", args=[token])
    with translation.override(language):
        EmailMessage(
            subject=_("You are invited to %(company)s's climate partnership")
            % {"company": invitation.company.name},
            body=render_to_string(
                "accounts/email/invitation.txt",
                {"invitation": invitation, "link": link, "site_url": settings.SITE_URL},
            ),
            to=[invitation.email],
        ).send()
    return True


@shared_task(name="carbon20.accounts.tasks.delete_expired_audit_entries")
def delete_expired_audit_entries() -> int:
    """Daily: the audit log keeps entries for AUDIT_RETENTION_DAYS, then deletes them."""
    from carbon20.accounts import audit

    return audit.delete_expired()
