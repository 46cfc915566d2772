"""Writes of step 6: planning the follow-ups, recording one as held with its snapshot, and
closing the partnership with its result."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from carbon20.actionplans.models import Action, ActionPlan
from carbon20.actionplans.services import change_status
from carbon20.energy import selectors as energy
from carbon20.energy.calc.reduction import reduction_percent, round_percent
from carbon20.followups import documented, results, snapshots
from carbon20.followups.models import ClosingRecord, FollowUp
from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.partnerships import workflow
from carbon20.partnerships.models import Partnership, Status, Step
from carbon20.partnerships.workflow import TransitionRefused


def schedule_follow_ups(partnership: Partnership, approved_on: date) -> list[FollowUp]:
    """Plan the programme's number of follow-ups, spaced from the plan's approval. Planning
    again leaves the ones already planned as they are."""
    spacing = timedelta(days=settings.FOLLOW_UP_SPACING_DAYS)
    existing = set(partnership.follow_ups.values_list("number", flat=True))
    created = [
        FollowUp(partnership=partnership, number=n, planned_date=approved_on + spacing * n)
        for n in range(1, partnership.programme.follow_up_count + 1)
        if n not in existing
    ]
    return FollowUp.objects.bulk_create(created)


def approval_date(partnership: Partnership) -> date | None:
    """When company management approved the action plan, as recorded on the plan; else the
    day the partnership reached step 6."""
    plan = ActionPlan.objects.filter(partnership=partnership, approved_on__isnull=False).first()
    if plan is not None:
        return plan.approved_on
    event = partnership.timeline.filter(kind="step", to_step=Step.FOLLOW_UP).order_by("-at").first()
    return timezone.localdate(event.at) if event else None


def plan_actions(partnership: Partnership) -> list[Action]:
    return list(
        Action.objects.filter(plan__partnership=partnership).order_by("focus_area", "title")
    )


def snapshot(partnership: Partnership, follow_up: FollowUp) -> snapshots.Snapshot:
    """What the follow-up found, kept as it was that day."""
    return snapshots.write(
        taken_at=timezone.now().isoformat(),
        held_date=follow_up.held_date.isoformat() if follow_up.held_date else None,
        number=follow_up.number,
        barriers=list(follow_up.barriers),
        actions=[
            snapshots.ActionState(
                uuid=str(action.uuid),
                title=action.title,
                focus_area=action.focus_area,
                status=action.status,
                dropped_reason=action.dropped_reason,
            )
            for action in plan_actions(partnership)
        ],
        result=results.as_json(results.measured_result(partnership)),
        deemed=results.deemed_as_json(results.deemed_result(partnership)),
        documented=documented.as_json(documented.documented_result(partnership)),
    )


def hold_follow_up(
    *, follow_up: FollowUp, user, status_changes: Sequence[tuple[Action, str, str]] = ()
) -> FollowUp:
    """Record the follow-up as held (its fields already set by the form), write each
    action's new status into the action's history and keep the snapshot. Refused, with
    nothing saved, when held before the plan's approval, when the partnership is not at
    step 6, or when an action is dropped without a reason."""
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=follow_up.partnership_id)
        if partnership.step != Step.FOLLOW_UP or partnership.status != Status.ACTIVE:
            raise ValidationError(_("Follow-ups are recorded for active partnerships at step 6."))
        approved = approval_date(partnership)
        if approved and follow_up.held_date and follow_up.held_date < approved:
            raise ValidationError(
                {
                    "held_date": _(
                        "A follow-up cannot be held before the action plan was approved (%(date)s)."
                    )
                    % {"date": approved.strftime("%d-%m-%Y")}
                }
            )
        if follow_up.held_date and follow_up.held_date > timezone.localdate():
            raise ValidationError({"held_date": _("The date held cannot be in the future.")})
        previous = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        if previous.snapshot is not None:
            raise ValidationError(_("This follow-up has been recorded as held already."))
        for action, status, reason in status_changes:
            try:
                change_status(action=action, status=status, reason=reason, user=user)
            except ValidationError as refused:
                # The action's own reason field on the follow-up form.
                raise ValidationError(
                    {f"reason_{action.uuid.hex}": refused.message_dict["reason"]}
                ) from refused
        follow_up.held_by = user
        follow_up.guide_version = guides.in_force_for(partnership, GuideKind.FOLLOW_UP)
        follow_up.snapshot = snapshot(partnership, follow_up)
        follow_up.full_clean()
        follow_up.save()
        if follow_up.next_date:
            following = partnership.follow_ups.filter(
                number=follow_up.number + 1, held_date__isnull=True
            )
            following.update(planned_date=follow_up.next_date)
        return follow_up


def close_partnership(
    *, partnership: Partnership, final_year: int, result_summary: str, publish_case: bool, user
) -> ClosingRecord:
    """The closing record after the last follow-up, with the measured figures of the final
    year against the baseline (pinned factors); completes the partnership."""
    with transaction.atomic():
        fresh = Partnership.objects.select_for_update().get(pk=partnership.pk)
        not_held = fresh.follow_ups.filter(held_date__isnull=True).count()
        if not_held:
            raise ValidationError(
                _("Hold the remaining follow-ups first (%(count)d not held).") % {"count": not_held}
            )
        measured = results.measured_result(fresh)
        if isinstance(measured, results.NoMeasuredResult):
            raise ValidationError(measured.reason)
        final = next((y for y in measured.years if y.year == final_year), None)
        if final is None or final_year <= measured.baseline_year:
            raise ValidationError(
                {
                    "final_year": _(
                        "Enter the consumption of %(year)d first: there are no figures for "
                        "a year after the baseline year %(baseline)d."
                    )
                    % {"year": final_year, "baseline": measured.baseline_year}
                }
            )
        if not final.complete:
            # A part year against the 12-month baseline overstates the reduction (11 months
            # read as 8 % less before anything was saved), so it never becomes a result.
            raise ValidationError(
                {
                    "final_year": _(
                        "The consumption data of %(year)d do not cover the whole year "
                        "(%(carriers)s): only whole 12-month years are compared with the "
                        "baseline year %(baseline)d. Enter the missing months first, or "
                        "choose a whole year."
                    )
                    % {
                        "year": final_year,
                        "carriers": energy.carrier_labels(final.incomplete_carriers),
                        "baseline": measured.baseline_year,
                    }
                }
            )
        if measured.baseline_t <= 0:
            raise ValidationError(_("The baseline year has no emissions to reduce."))
        exact = reduction_percent(measured.baseline_t, final.pinned_t)
        reduction = round_percent(exact)
        record = ClosingRecord(
            partnership=fresh,
            final_year=final_year,
            baseline_t=measured.baseline_t,
            final_t=final.pinned_t,
            reduction_percent=reduction,
            target_percent=measured.target_percent,
            target_reached=exact >= measured.target_percent,
            result_summary=result_summary,
            publish_case=publish_case,
            figures=results.as_json(measured),
            closed_by=user,
        )
        record.full_clean()
        record.save()
        try:
            workflow.complete(partnership, user, _("Result recorded; partnership closed."))
        except TransitionRefused as refused:
            raise ValidationError(refused.reason) from refused
        return record
