"""Writes with side effects for steps 1–3: timeline events, e-mails and stored documents.

Step and status changes are delegated to `workflow`; everything here runs in a transaction
so that a refused transition leaves nothing half-saved.
"""

from functools import partial
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from carbon20.organisations.models import Company, ContactPerson
from carbon20.partnerships import tasks, workflow
from carbon20.partnerships.mail import open_partnership
from carbon20.partnerships.models import (
    EventText,
    InformationMeeting,
    ManagementBacking,
    MeetingInvitation,
    Partnership,
    TimelineEvent,
    Visit,
    VisitOutcome,
)


def start_partnership(*, company: Company, data: dict[str, Any], user) -> Partnership:
    return workflow.start(company=company, user=user, **data)


def update_recruitment(*, partnership: Partnership, data: dict[str, Any], user) -> Partnership:
    with transaction.atomic():
        for name, value in data.items():
            setattr(partnership, name, value)
        partnership.save()
        workflow.record_event(
            partnership,
            user,
            TimelineEvent.Kind.NOTE,
            EventText(gettext_noop("Recruitment details updated.")),
        )
    return partnership


def save_meeting(*, form, user) -> InformationMeeting:
    """Save a meeting and its invitation list; invitations already sent stay."""
    with transaction.atomic():
        meeting: InformationMeeting = form.save(commit=False)
        if meeting.created_by_id is None:
            meeting.created_by = user
        meeting.save()
        form.save_m2m()
        invited = {company.pk: company for company in form.cleaned_data["invited_companies"]}
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
            MeetingInvitation.objects.create(meeting=meeting, company=company, email=contact.email)
    return meeting


def send_invitations(*, meeting: InformationMeeting, user) -> int:
    """E-mail every invitation not yet sent, once the caller's transaction commits; each
    invitation is marked sent when its mail is out, so a mail that fails stays unsent and
    can be sent again."""
    unsent = list(meeting.invitations.filter(sent_at__isnull=True).values_list("pk", flat=True))
    for invitation_id in unsent:
        transaction.on_commit(partial(tasks.send_invitation.delay, invitation_id, user.pk))
    return len(unsent)


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


def record_visit(*, partnership: Partnership, form, user) -> Visit:
    """Save the visit and take the workflow's consequence; a refusal saves nothing."""
    with transaction.atomic():
        visit: Visit = form.save(commit=False)
        visit.partnership = partnership
        visit.recorded_by = user
        if form.cleaned_data.get("rents_premises") and form.cleaned_data.get("landlord_name"):
            visit.landlord = ContactPerson.objects.create(
                company=partnership.company,
                municipality=partnership.municipality,
                name=form.cleaned_data["landlord_name"],
                email=form.cleaned_data.get("landlord_email", ""),
                is_landlord=True,
            )
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
