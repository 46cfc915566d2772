"""Writes with side effects for steps 1–3: timeline events, e-mails and stored documents.

Step and status changes are delegated to `workflow`; everything here runs in a transaction
so that a refused transition leaves nothing half-saved.
"""

from collections.abc import Iterable
from datetime import date
from typing import TypedDict, Unpack

from django.db import transaction
from django.utils.translation import gettext_noop

from carbon20.accounts.models import User
from carbon20.core.tasks import enqueue_on_commit
from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.organisations.models import (
    Company,
    ContactPerson,
    Municipality,
    Partner,
    Programme,
    Site,
)
from carbon20.partnerships import selectors, tasks, workflow
from carbon20.partnerships.mail import open_partnership
from carbon20.partnerships.models import (
    EventText,
    InformationMeeting,
    Interest,
    ManagementBacking,
    MeetingInvitation,
    Partnership,
    TimelineEvent,
    Visit,
    VisitOutcome,
)


def start_partnership(
    *,
    company: Company,
    municipality: Municipality,
    programme: Programme,
    owner: User,
    user,
    channel: str,
    first_contact_date: date,
    interest: str = Interest.MAYBE,
    site: Site | None = None,
    language: str = "da",
) -> Partnership:
    """Start a partnership at step 1; `workflow.start` checks the model's rules."""
    return workflow.start(
        company=company,
        municipality=municipality,
        programme=programme,
        owner=owner,
        user=user,
        channel=channel,
        first_contact_date=first_contact_date,
        interest=interest,
        site=site,
        language=language,
    )


class RecruitmentChanges(TypedDict, total=False):
    owner: User
    channel: str
    first_contact_date: date
    interest: str
    language: str
    next_action: str
    next_action_due: date | None


def update_recruitment(
    *, partnership: Partnership, user, **changes: Unpack[RecruitmentChanges]
) -> Partnership:
    with transaction.atomic():
        for name, value in changes.items():
            setattr(partnership, name, value)
        partnership.full_clean()
        partnership.save()
        workflow.record_event(
            partnership,
            user,
            TimelineEvent.Kind.NOTE,
            EventText(gettext_noop("Recruitment details updated.")),
        )
    return partnership


def save_meeting(
    *,
    meeting: InformationMeeting,
    presented_partners: Iterable[Partner],
    invited_companies: Iterable[Company],
    user,
) -> InformationMeeting:
    """Save a meeting and its invitation list; invitations already sent stay."""
    with transaction.atomic():
        if meeting.created_by_id is None:
            meeting.created_by = user
        meeting.full_clean()
        meeting.save()
        meeting.presented_partners.set(presented_partners)
        invited = {company.pk: company for company in invited_companies}
        meeting.invitations.filter(sent_at__isnull=True).exclude(company_id__in=invited).delete()
        existing = set(meeting.invitations.values_list("company_id", flat=True))
        for company_id, company in invited.items():
            if company_id in existing:
                continue
            contact = (
                company.contacts.filter(municipality=meeting.municipality)
                .exclude(email="")
                .order_by("-is_management", "name")
                .first()
            )
            # A company without an e-mail contact leaves the address empty, which the
            # model refuses at `email` (the meeting form says so first, by name).
            email = contact.email if contact else ""
            invitation = MeetingInvitation(meeting=meeting, company=company, email=email)
            invitation.full_clean()
            invitation.save()
    return meeting


def send_invitations(*, meeting: InformationMeeting, user) -> int:
    """E-mail every invitation not yet sent, once the caller's transaction commits; each
    invitation is marked sent when its mail is out, so a mail that fails stays unsent and
    can be sent again. Companies that are advertising protected and have not asked to take
    part are skipped (`selectors.advertising_protected_skips`)."""
    unsent = dict(meeting.invitations.filter(sent_at__isnull=True).values_list("pk", "company_id"))
    skipped = selectors.advertising_protected_skips(meeting, unsent.values())
    queued = [pk for pk, company_id in unsent.items() if company_id not in skipped]
    for invitation_id in queued:
        enqueue_on_commit(tasks.send_invitation, invitation_id, user.pk)
    return len(queued)


def record_attendance(*, meeting: InformationMeeting, attended_ids: set[int], user) -> None:
    with transaction.atomic():
        for invitation in meeting.invitations.select_related("company"):
            attended = invitation.pk in attended_ids
            if invitation.attended == attended:
                continue
            invitation.attended = attended
            invitation.save(update_fields=["attended"])
            partnership = open_partnership(invitation.company, meeting)
            if partnership and attended:
                workflow.record_event(
                    partnership,
                    user,
                    TimelineEvent.Kind.MEETING,
                    EventText(
                        gettext_noop("Attended the information meeting “%(title)s”."),
                        title=meeting.title,
                    ),
                )


def record_visit(
    *,
    partnership: Partnership,
    visit: Visit,
    user,
    landlord_name: str = "",
    landlord_email: str = "",
) -> Visit:
    """Save the visit (with the landlord's contact when the company rents its premises) and
    take the workflow's consequence; a refusal saves nothing."""
    with transaction.atomic():
        visit.partnership = partnership
        visit.recorded_by = user
        visit.guide_version = guides.in_force_for(partnership, GuideKind.FIRST_MEETING)
        if visit.rents_premises and landlord_name:
            landlord = ContactPerson(
                company=partnership.company,
                municipality=partnership.municipality,
                name=landlord_name,
                email=landlord_email,
                is_landlord=True,
            )
            landlord.full_clean()
            landlord.save()
            visit.landlord = landlord
        visit.full_clean()
        visit.save()
        workflow.record_event(
            partnership,
            user,
            TimelineEvent.Kind.VISIT,
            EventText(
                gettext_noop(
                    "Visit on %(date)s. Management backing: %(backing)s. Outcome: %(outcome)s."
                ),
                date=visit.visit_date,
                backing=ManagementBacking(visit.management_backing).label,
                outcome=VisitOutcome(visit.outcome).label,
            ),
        )
        workflow.record_visit(partnership, visit, user)
    return visit
