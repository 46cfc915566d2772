"""Mail of steps 1–3: the work behind `tasks`, each function safe to run twice.

Each reads fresh state and does nothing when its work is done already, so a retried task
sends no second mail.
"""

from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from carbon20.accounts.models import User
from carbon20.agreements.models import Agreement
from carbon20.organisations.models import Company
from carbon20.partnerships import selectors, workflow
from carbon20.partnerships.models import (
    EventText,
    InformationMeeting,
    MeetingInvitation,
    Partnership,
    Status,
    TimelineEvent,
)


def open_partnership(company: Company, meeting: InformationMeeting) -> Partnership | None:
    return Partnership.objects.filter(
        company=company,
        municipality=meeting.municipality,
        status__in=[Status.ACTIVE, Status.PAUSED],
    ).first()


def send_ready_to_sign(*, agreement_id: int, recipients: list[str], link: str) -> bool:
    """Tell the company's users that the agreement awaits their signature; nothing when it
    no longer does."""
    agreement = (
        Agreement.objects.filter(pk=agreement_id, status=Agreement.State.SENT)
        .select_related("partnership__company")
        .first()
    )
    if agreement is None or not recipients:
        return False
    with translation.override(agreement.partnership.language):
        EmailMessage(
            subject=_("Your climate partnership agreement is ready to sign"),
            body=render_to_string(
                "partnerships/email/ready_to_sign.txt", {"agreement": agreement, "link": link}
            ),
            to=recipients,
        ).send()
    return True


def send_invitation(*, invitation_id: int, user_id: int | None) -> bool:
    """Send one meeting invitation and mark it sent; an invitation sent already is left
    alone. A mail that fails leaves the invitation unsent, to be sent again."""
    invitation = (
        MeetingInvitation.objects.filter(pk=invitation_id, sent_at__isnull=True)
        .select_related("meeting", "company")
        .first()
    )
    if invitation is None:
        return False
    meeting = invitation.meeting
    # Asked again when the mail goes out: the nightly refresh may have changed the flag since.
    if selectors.advertising_protected_skips(meeting, [invitation.company_id]):
        return False
    EmailMessage(
        subject=_("Invitation: %(title)s") % {"title": meeting.title},
        body=render_to_string(
            "partnerships/email/invitation.txt", {"meeting": meeting, "invitation": invitation}
        ),
        to=[invitation.email],
    ).send()
    user = User.objects.filter(pk=user_id).first() if user_id else None
    with transaction.atomic():
        marked = MeetingInvitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        partnership = open_partnership(invitation.company, meeting)
        if marked and partnership:
            workflow.record_event(
                partnership,
                user,
                TimelineEvent.Kind.MEETING,
                EventText(
                    gettext_noop("Invited to the information meeting “%(title)s”."),
                    title=meeting.title,
                ),
            )
    return bool(marked)
