"""The only way views and documents fetch action plans for a user.

Officers of the partnership's municipality and the company's users keep the plan;
coordinators of the programme read it. Everyone else, the consultant included, gets 404.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from carbon20.actionplans.models import Action, ActionPlan
from carbon20.core import tenancy
from carbon20.partnerships.models import Partnership, Status, Step


def plans_for_user(user) -> QuerySet[ActionPlan]:
    # No `user`: the consultant's assignment does not reach the plan.
    return ActionPlan.objects.filter(
        tenancy.partnership_reach(tenancy.roles_of(user), path="partnership__")
    )


def get_plan_for_user(user, plan_uuid: UUID | str) -> ActionPlan:
    try:
        return (
            plans_for_user(user)
            .select_related(
                "partnership__company",
                "partnership__site",
                "partnership__municipality",
                "partnership__programme",
                "approval_recorded_by",
            )
            .get(uuid=plan_uuid)
        )
    except (ActionPlan.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


may_keep_plan = tenancy.may_keep_plan


def can_edit_plan(user, plan: ActionPlan) -> bool:
    """Actions are added and changed until management approves the plan."""
    partnership = plan.partnership
    return (
        may_keep_plan(user, partnership)
        and not plan.is_approved
        and partnership.step == Step.ACTION_PLAN
        and partnership.status == Status.ACTIVE
    )


def can_update_status(user, plan: ActionPlan) -> bool:
    """Status changes go on through the follow-ups of step 6."""
    partnership = plan.partnership
    return (
        may_keep_plan(user, partnership)
        and partnership.step >= Step.ACTION_PLAN
        and partnership.status == Status.ACTIVE
    )


def get_editable_plan_for_user(user, plan_uuid: UUID | str) -> ActionPlan:
    plan = get_plan_for_user(user, plan_uuid)
    if not can_edit_plan(user, plan):
        raise Http404
    return plan


def get_action(plan: ActionPlan, action_uuid: UUID | str) -> Action:
    try:
        return plan.actions.select_related("measure").get(uuid=action_uuid)
    except (Action.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def partnerships_without_plan(user) -> QuerySet[Partnership]:
    """Partnerships at step 5 whose plan the user may start."""
    return Partnership.objects.filter(
        tenancy.plan_keeping_reach(tenancy.roles_of(user)),
        step=Step.ACTION_PLAN,
        status=Status.ACTIVE,
        action_plan__isnull=True,
    ).select_related("company", "municipality")
