"""Writes of the action plan, each in one transaction; every status change of an action is
kept in its history."""

import hashlib
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from carbon20.actionplans import notify
from carbon20.actionplans.documents import render_plan_pdf
from carbon20.actionplans.models import Action, ActionPlan, ActionStatus, ActionStatusChange
from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.partnerships.models import Partnership, Status, Step
from carbon20.partnerships.workflow import TransitionRefused, plan_approved


def start_plan(partnership: Partnership) -> ActionPlan:
    if partnership.step != Step.ACTION_PLAN or partnership.status != Status.ACTIVE:
        raise TransitionRefused(_("An action plan is made at step 5 of an active partnership."))
    plan, _created = ActionPlan.objects.get_or_create(
        partnership=partnership,
        defaults={"guide_version": guides.in_force_for(partnership, GuideKind.ACTION_PLAN)},
    )
    return plan


def save_action(*, plan: ActionPlan, action: Action, user) -> Action:
    """Validate and save an action of the plan, new or changed; a new action starts its
    history as planned."""
    with transaction.atomic():
        created = action.pk is None
        action.plan = plan
        action.full_clean()
        action.save()
        if created:
            ActionStatusChange.objects.create(
                action=action, from_status="", to_status=action.status, changed_by=user
            )
    return action


def actions_from_measures(
    *, plan: ActionPlan, measures, owner: str, start: date, deadline: date, user
) -> int:
    """Actions for the chosen measures that have none yet, carrying their savings over."""
    with transaction.atomic():
        taken = set(plan.actions.filter(measure__isnull=False).values_list("measure_id", flat=True))
        created = 0
        for measure in measures:
            if measure.pk in taken:
                continue
            action = Action.objects.create(
                plan=plan,
                measure=measure,
                title=measure.description[:200],
                focus_area=measure.focus_area,
                owner=owner,
                start_date=start,
                deadline=deadline,
                savings=dict(measure.savings),
                dkk_saved_per_year=measure.dkk_saved_per_year,
                investment=measure.investment,
            )
            ActionStatusChange.objects.create(
                action=action, from_status="", to_status=action.status, changed_by=user
            )
            created += 1
    return created


def change_status(*, action: Action, status: str, reason: str, user) -> ActionStatusChange | None:
    """Record a new status; dropping needs a reason (refused at the `reason` field). The
    same status again with a text is a progress note, kept in the history as a change from
    the status to itself; the same status without one changes nothing."""
    reason = reason.strip()
    if status == ActionStatus.DROPPED and not reason:
        raise ValidationError(
            {"reason": ValidationError(_("Say why the action is dropped."), code="required")}
        )
    with transaction.atomic():
        fresh = Action.objects.select_for_update().get(pk=action.pk)
        if fresh.status == status:
            if not reason:
                return None
            return ActionStatusChange.objects.create(
                action=fresh, from_status=status, to_status=status, reason=reason, changed_by=user
            )
        change = ActionStatusChange.objects.create(
            action=fresh,
            from_status=fresh.status,
            to_status=status,
            reason=reason,
            changed_by=user,
        )
        fresh.status = status
        fresh.dropped_reason = reason if status == ActionStatus.DROPPED else ""
        fresh.save(update_fields=["status", "dropped_reason", "updated_at"])
        action.status, action.dropped_reason = fresh.status, fresh.dropped_reason
    return change


def _require_approvable(plan: ActionPlan) -> None:
    if plan.is_approved:
        raise TransitionRefused(_("The plan is already approved."))
    if not plan.actions.exists():
        raise TransitionRefused(_("Add at least one action before the plan is approved."))


def _plan_inputs(plan: ActionPlan) -> tuple[object, ...]:
    """What the plan PDF is made of, to tell whether it changed after rendering."""
    return (plan.updated_at, list(plan.actions.order_by("pk").values_list("pk", "updated_at")))


def approve_plan(*, plan: ActionPlan, name: str, title: str, approved_on: date, user) -> ActionPlan:
    """Company management's approval: the plan PDF is made and the partnership moves on to
    implementation and follow-up.

    The PDF is rendered before the row lock is taken, so that the lock is held for
    milliseconds; a plan changed meanwhile is refused rather than approved with a stale
    document."""
    draft = ActionPlan.objects.select_related("partnership").get(pk=plan.pk)
    _require_approvable(draft)
    inputs = _plan_inputs(draft)
    draft.approved_by_name = name
    draft.approved_by_title = title
    draft.approved_on = approved_on
    pdf = render_plan_pdf(draft)
    with transaction.atomic():
        fresh = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        _require_approvable(fresh)
        if _plan_inputs(fresh) != inputs:
            raise TransitionRefused(
                _("The plan changed while its document was being made; approve it again.")
            )
        # The workflow's guards first: a refusal must leave no document behind.
        plan_approved(plan.partnership, user)
        plan.approved_by_name = name
        plan.approved_by_title = title
        plan.approved_on = approved_on
        plan.approval_recorded_by = user
        digest = hashlib.sha256(pdf).hexdigest()[:12]
        plan.plan_pdf.save(f"action-plan-{plan.uuid}-{digest}.pdf", ContentFile(pdf), save=False)
        plan.save()
        notify.plan_approved(plan)
    return plan
