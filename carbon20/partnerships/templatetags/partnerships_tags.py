"""Partnership summaries for pages of other apps (start page, company page), read through
the partnership selectors so that tenancy holds there too."""

from django import template
from django.db.models import Q
from django.utils import timezone

from carbon20.agreements.models import Agreement
from carbon20.core import tenancy
from carbon20.partnerships.models import Partnership, Status
from carbon20.partnerships.selectors import partnerships_for_user, with_follow_up_dates

register = template.Library()


@register.simple_tag
def company_partnerships(user, company) -> list[Partnership]:
    return list(
        partnerships_for_user(user)
        .filter(company=company)
        .select_related("municipality", "programme")
        .order_by("-created_at")
    )


@register.simple_tag
def officer_pipeline_summary(user) -> dict:
    """Open partnerships of the officer's municipalities, how many are overdue, and how many
    are the officer's own."""
    # Counted as the pipeline counts them: a late follow-up makes a partnership overdue.
    partnerships = list(
        with_follow_up_dates(
            partnerships_for_user(user).filter(
                tenancy.officer_of(tenancy.roles_of(user), path="municipality__"),
                status=Status.ACTIVE,
            ),
            timezone.localdate(),
        ).only("id", "step", "status", "step_changed_at", "next_action_due", "owner_id")
    )
    return {
        "open": len(partnerships),
        "overdue": sum(1 for partnership in partnerships if partnership.is_overdue),
        "own_overdue": sum(
            1
            for partnership in partnerships
            if partnership.is_overdue and partnership.owner_id == user.pk
        ),
    }


@register.simple_tag
def own_company_partnerships(user) -> list[dict]:
    """A company user's partnerships, each with the agreement awaiting their signature."""
    partnerships = (
        partnerships_for_user(user)
        .filter(tenancy.company_user_of(tenancy.roles_of(user), path="company__"))
        .filter(Q(status=Status.ACTIVE) | Q(status=Status.PAUSED) | Q(status=Status.COMPLETED))
        .select_related("company", "site", "municipality")
    )
    awaiting = {
        agreement.partnership_id: agreement
        for agreement in Agreement.objects.filter(
            partnership__in=partnerships, status=Agreement.State.SENT
        ).exclude(signatures__party="company")
    }
    return [
        {"partnership": partnership, "to_sign": awaiting.get(partnership.pk)}
        for partnership in partnerships
    ]
