"""The only way views fetch follow-ups: through the partnerships the user may see."""

from datetime import date
from uuid import UUID

from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from carbon20.core.tenancy import may_edit_partnership
from carbon20.followups.models import FollowUp
from carbon20.partnerships.selectors import partnerships_for_user


def with_overdue(follow_ups: QuerySet[FollowUp], today: date) -> QuerySet[FollowUp]:
    """Annotate `overdue`: not held and planned before today, decided in SQL."""
    return follow_ups.annotate(
        overdue=Case(
            When(held_date__isnull=True, planned_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def follow_ups_for_user(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(partnership__in=partnerships_for_user(user))


def get_follow_up_for_user(user, follow_up_uuid: UUID | str) -> FollowUp:
    try:
        return (
            with_overdue(follow_ups_for_user(user), timezone.localdate())
            .select_related(
                "partnership__company",
                "partnership__municipality",
                "partnership__programme",
                "partnership__owner",
                "held_by",
            )
            .get(uuid=follow_up_uuid)
        )
    except (FollowUp.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_editable_follow_up_for_user(user, follow_up_uuid: UUID | str) -> FollowUp:
    """Officers of the partnership's municipality record follow-ups; readers get 404 too."""
    follow_up = get_follow_up_for_user(user, follow_up_uuid)
    if not may_edit_partnership(user, follow_up.partnership):
        raise Http404
    return follow_up
