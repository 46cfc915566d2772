"""The only way views, documents, exports and the API fetch partnerships for a user.

Officers see the partnerships of their municipalities and may edit them; coordinators read
those of their programmes; company users read their own company's; consultants read those
assigned to them. Anything else answers 404 so that its existence does not leak.
"""

from collections.abc import Iterable
from datetime import date
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from carbon20.core import tenancy
from carbon20.organisations.models import Company
from carbon20.partnerships.models import InformationMeeting, Interest, Partnership, Status


def partnerships_for_user(user) -> QuerySet[Partnership]:
    if not user.is_authenticated:
        return Partnership.objects.none()
    return Partnership.objects.filter(tenancy.partnership_reach(user.roles, user=user))


def get_partnership_for_user(user, partnership_uuid: UUID | str) -> Partnership:
    try:
        return (
            partnerships_for_user(user)
            .select_related("company", "site", "municipality", "programme", "owner", "consultant")
            .get(uuid=partnership_uuid)
        )
    except (Partnership.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def get_partnership_with_follow_ups_for_user(user, partnership_uuid: UUID | str) -> Partnership:
    """The partnership page's fetch: with its next follow-up's date and overdue flag."""
    try:
        return (
            with_follow_up_dates(partnerships_for_user(user), timezone.localdate())
            .select_related("company", "site", "municipality", "programme", "owner", "consultant")
            .get(uuid=partnership_uuid)
        )
    except (Partnership.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


# The pages' names for the tenancy predicates, which decide.
can_edit_partnership = tenancy.may_edit_partnership


def get_editable_partnership_for_user(user, partnership_uuid: UUID | str) -> Partnership:
    """For officers' actions: whoever may not edit gets 404 like a stranger, except readers
    of the partnership, who get the same 404 so that actions never hint at their existence."""
    partnership = get_partnership_for_user(user, partnership_uuid)
    if not can_edit_partnership(user, partnership):
        raise Http404
    return partnership


def meetings_for_user(user) -> QuerySet[InformationMeeting]:
    """Information meetings belong to a municipality: its officers and the coordinators of
    its programmes see them."""
    return InformationMeeting.objects.filter(tenancy.meeting_reach(tenancy.roles_of(user)))


def get_meeting_for_user(user, meeting_uuid: UUID | str) -> InformationMeeting:
    try:
        return (
            meetings_for_user(user)
            .select_related("municipality", "programme")
            .get(uuid=meeting_uuid)
        )
    except (InformationMeeting.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


can_edit_meeting = tenancy.may_edit_meeting


def with_follow_up_dates(partnerships: QuerySet[Partnership], today: date) -> QuerySet[Partnership]:
    """Annotate the next follow-up not yet held (`next_follow_up_date`) and whether one is
    overdue (`follow_up_overdue`), both in SQL. The subqueries go through the reverse
    relation `follow_ups`, so this app needs no import from step 6, which stands above it."""
    # Both conditions of the overdue test stand in one filter() so that they hold for the
    # same follow-up (a second filter() on a reverse relation would join it again).
    unheld = Partnership.objects.filter(pk=OuterRef("pk"), follow_ups__held_date__isnull=True)
    overdue = Partnership.objects.filter(
        pk=OuterRef("pk"),
        follow_ups__held_date__isnull=True,
        follow_ups__planned_date__lt=today,
    )
    return partnerships.annotate(
        next_follow_up_date=Subquery(
            unheld.order_by("follow_ups__planned_date").values("follow_ups__planned_date")[:1]
        ),
        follow_up_overdue=Exists(overdue),
    )


def advertising_protected_skips(
    meeting: InformationMeeting, company_ids: Iterable[int]
) -> set[int]:
    """The companies among these that an invitation to the meeting must skip: those
    advertising protected in the CVR register (reklamebeskyttet) that have not themselves
    asked to take part, which the platform knows as an open partnership with the meeting's
    municipality where the company said yes (docs/decisions/0011). Two queries at most."""
    protected = set(
        Company.objects.filter(pk__in=list(company_ids), advertising_protected=True).values_list(
            "pk", flat=True
        )
    )
    if not protected:
        return set()
    asked = Partnership.objects.filter(
        company_id__in=protected,
        municipality_id=meeting.municipality_id,
        status__in=[Status.ACTIVE, Status.PAUSED],
        interest=Interest.YES,
    ).values_list("company_id", flat=True)
    return protected - set(asked)
