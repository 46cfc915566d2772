"""What waits for each role on the start page, with where to do it.

Each list is one query whatever its length (related rows joined, not fetched per row), and
each is scoped to the memberships of the role it serves: an officer's tasks come from their
municipalities, a coordinator's from their programmes, a company user's from their
companies, a consultant's from the partnerships assigned to them. What a follow-up owes is
decided in SQL: `overdue` is an annotation, not a loop over rows.

This module stands at step 6 because it reads every step before it.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from carbon20.actionplans.models import Action, ActionStatus
from carbon20.agreements.models import Agreement, AgreementSignature
from carbon20.core.tenancy import (
    Roles,
    company_user_of,
    coordinator_of,
    memberships,
    officer_of,
    roles_of,
)
from carbon20.followups.models import FollowUp
from carbon20.followups.selectors import with_overdue
from carbon20.partnerships.models import Partnership, Status, Step
from carbon20.screening.models import TechnicalReview

# A start page lists at most this many of one kind; the count says how many there are.
LIMIT = 20


def due_window(today: date) -> date:
    """Follow-ups planned up to this day are due: the reminders' own horizon."""
    return today + timedelta(days=settings.FOLLOW_UP_REMINDER_DAYS_BEFORE)


def open_follow_ups(today: date) -> QuerySet[FollowUp]:
    """Follow-ups not yet held of active partnerships at step 6, flagged when overdue."""
    return with_overdue(
        FollowUp.objects.filter(
            held_date__isnull=True,
            partnership__status=Status.ACTIVE,
            partnership__step=Step.FOLLOW_UP,
        ),
        today,
    ).select_related("partnership__company", "partnership__municipality")


def _signed_by(party: str):
    return Exists(
        AgreementSignature.objects.filter(agreement=OuterRef("pk"), party=party).values("pk")
    )


def _awaiting_signature() -> QuerySet[Agreement]:
    return Agreement.objects.filter(
        status=Agreement.State.SENT, partnership__status=Status.ACTIVE
    ).select_related("partnership__company", "partnership__municipality")


@dataclass
class TaskGroup:
    """One kind of task: the first rows and how many there are in all."""

    rows: list
    count: int

    def __bool__(self) -> bool:
        return self.count > 0


def _group(queryset: QuerySet) -> TaskGroup:
    rows = list(queryset[: LIMIT + 1])
    return TaskGroup(rows=rows[:LIMIT], count=len(rows) if len(rows) <= LIMIT else queryset.count())


@dataclass
class Tasks:
    officer: dict[str, TaskGroup] = field(default_factory=dict)
    coordinator: dict[str, TaskGroup] = field(default_factory=dict)
    consultant: dict[str, TaskGroup] = field(default_factory=dict)
    company: dict[str, TaskGroup] = field(default_factory=dict)


def officer_tasks(roles: Roles, today: date) -> dict[str, TaskGroup]:
    partnerships = Partnership.objects.filter(
        officer_of(roles, path="municipality_"), status=Status.ACTIVE
    ).select_related("company", "municipality")
    return {
        "to_countersign": _group(
            _awaiting_signature()
            .filter(officer_of(roles, path="partnership__municipality_"))
            .filter(_signed_by(AgreementSignature.Party.COMPANY))
            .exclude(_signed_by(AgreementSignature.Party.MUNICIPALITY))
            .order_by("updated_at")
        ),
        "plans_to_approve": _group(
            partnerships.filter(step=Step.ACTION_PLAN)
            .exclude(action_plan__approved_on__isnull=False)
            .annotate(plan_uuid=F("action_plan__uuid"))
            .order_by("step_changed_at")
        ),
        "follow_ups_due": _group(
            open_follow_ups(today)
            .filter(
                officer_of(roles, path="partnership__municipality_"),
                planned_date__lte=due_window(today),
            )
            .order_by("planned_date", "id")
        ),
        "awaiting_consultant": _group(
            partnerships.filter(step=Step.TECHNICAL_REVIEW, consultant__isnull=True).order_by(
                "step_changed_at"
            )
        ),
    }


def coordinator_tasks(roles: Roles, today: date) -> dict[str, TaskGroup]:
    return {
        "overdue_follow_ups": _group(
            open_follow_ups(today)
            .filter(coordinator_of(roles, path="partnership__programme_"), overdue=True)
            .order_by("planned_date", "id")
        )
    }


def consultant_tasks(user, today: date) -> dict[str, TaskGroup]:
    return {
        "reviews_to_write": _group(
            TechnicalReview.objects.filter(
                partnership__consultant=user,
                partnership__status=Status.ACTIVE,
                status=TechnicalReview.State.DRAFT,
            )
            .select_related("partnership__company", "partnership__municipality")
            .order_by("created_at")
        )
    }


def company_tasks(roles: Roles, today: date) -> dict[str, TaskGroup]:
    latest = Agreement.objects.filter(
        partnership=OuterRef("partnership"), version__gt=OuterRef("version")
    )
    return {
        "to_sign": _group(
            _awaiting_signature()
            .filter(company_user_of(roles, path="partnership__company_"))
            .exclude(_signed_by(AgreementSignature.Party.COMPANY))
            .exclude(Exists(latest))
            .order_by("updated_at")
        ),
        "actions_to_update": _group(
            Action.objects.filter(
                company_user_of(roles, path="plan__partnership__company_"),
                plan__partnership__status=Status.ACTIVE,
                plan__partnership__step=Step.FOLLOW_UP,
                plan__approved_on__isnull=False,
                status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS],
            )
            .filter(Q(deadline__lte=due_window(today)) | Q(status=ActionStatus.IN_PROGRESS))
            .select_related("plan__partnership__company")
            .order_by("deadline", "id")
        ),
        "consumption_before_follow_up": _group(
            open_follow_ups(today)
            .filter(
                company_user_of(roles, path="partnership__company_"),
                planned_date__lte=due_window(today),
            )
            .order_by("planned_date", "id")
        ),
    }


def tasks_for_user(user, today: date | None = None) -> Tasks:
    """The tasks of each role the user holds; a role they do not hold costs no query."""
    today = today or timezone.localdate()
    roles = roles_of(user)
    # Memberships only: an administrator's tasks are those of the organisations they belong to.
    held = memberships(roles)
    tasks = Tasks()
    if "municipality" in held:
        tasks.officer = officer_tasks(roles, today)
    if "programme" in held:
        tasks.coordinator = coordinator_tasks(roles, today)
    if "partner" in held:
        tasks.consultant = consultant_tasks(user, today)
    if "company" in held:
        tasks.company = company_tasks(roles, today)
    return tasks
