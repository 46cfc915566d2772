"""The only place where a partnership's step and status change.

Every transition locks the partnership row, checks its guard against the fresh state, changes
step or status and writes a timeline event, all in one transaction. A guard that forbids the
transition raises `TransitionRefused` with a translated reason that pages show to the user.

Other apps call the transitions of steps 4–6 after their own checks:
`review_issued` (screening), `plan_approved` (action plans) and `complete` (follow-ups).

Signals the workflow sends, inside the transition's transaction (a receiver's writes join it,
so a refused or rolled-back transition leaves nothing behind; a receiver that sends mail must
defer it with `transaction.on_commit`):

- `follow_up_started(sender=Partnership, partnership, user, started_on)`: the action plan is
  approved and the partnership has reached step 6. `started_on` is the local date of the
  step change. The follow-ups app plans the follow-ups from it.
"""

from datetime import date

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from carbon20.agreements.models import Agreement
from carbon20.organisations.models import Company, Municipality, Programme, Site
from carbon20.partnerships.models import (
    EventText,
    Interest,
    ManagementBacking,
    Partnership,
    RecruitmentChannel,
    Status,
    Step,
    TimelineEvent,
    Visit,
    VisitOutcome,
)

follow_up_started = Signal()


class TransitionRefused(Exception):
    """A guard forbids the transition; `reason` is translated and fit to show the user."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def record_event(
    partnership: Partnership,
    user,
    kind: str,
    text: "str | EventText" = "",
    from_step: int | None = None,
    to_step: int | None = None,
) -> TimelineEvent:
    """Add an event to the timeline without changing step or status (notes, meetings,
    signatures). An `EventText` is kept as message and data, to be read in any language;
    a plain string (a reason the user typed) is kept as typed."""
    message, data = "", {}
    if isinstance(text, EventText):
        message, data, text = text.message, text.stored_values(), text.render()
    return TimelineEvent.objects.create(
        partnership=partnership,
        actor=user,
        kind=kind,
        text=text,
        message=message,
        data=data,
        from_step=from_step,
        to_step=to_step,
    )


def _locked(partnership: Partnership) -> Partnership:
    fresh = Partnership.objects.select_for_update().get(pk=partnership.pk)
    partnership.status = fresh.status
    partnership.step = fresh.step
    return fresh


def _require_active(partnership: Partnership) -> None:
    if partnership.status != Status.ACTIVE:
        raise TransitionRefused(
            _("The partnership is %(status)s, so its step cannot change.")
            % {"status": partnership.get_status_display().lower()}
        )


def _require_step(partnership: Partnership, step: Step) -> None:
    if partnership.step != step:
        raise TransitionRefused(
            _("The partnership is at step %(current)d (%(name)s), not step %(step)d.")
            % {
                "current": partnership.step,
                "name": partnership.get_step_display(),
                "step": step,
            }
        )


def _advance(
    target: Partnership, fresh: Partnership, user, to_step: Step, text: "str | EventText" = ""
) -> TimelineEvent:
    from_step = fresh.step
    now = timezone.now()
    fresh.step = to_step
    fresh.step_changed_at = now
    # The officer's own next action belonged to the step just finished.
    fresh.next_action = ""
    fresh.next_action_due = None
    fresh.save(update_fields=["step", "step_changed_at", "next_action", "next_action_due"])
    for name in ("step", "step_changed_at", "next_action", "next_action_due"):
        setattr(target, name, getattr(fresh, name))
    return record_event(
        target, user, TimelineEvent.Kind.STEP, text, from_step=from_step, to_step=to_step
    )


def start(
    *,
    company: Company,
    municipality: Municipality,
    programme: Programme,
    owner,
    user,
    channel: str,
    first_contact_date: date,
    interest: str = Interest.MAYBE,
    site: Site | None = None,
    language: str = "da",
    next_action_due: date | None = None,
) -> Partnership:
    """Start a partnership at step 1 (a lead)."""
    with transaction.atomic():
        if Partnership.objects.filter(
            company=company,
            municipality=municipality,
            programme=programme,
            status__in=[Status.ACTIVE, Status.PAUSED],
        ).exists():
            raise TransitionRefused(
                _("%(company)s already has an open partnership in this programme.")
                % {"company": company.name}
            )
        partnership = Partnership(
            company=company,
            site=site,
            municipality=municipality,
            programme=programme,
            owner=owner,
            channel=channel,
            first_contact_date=first_contact_date,
            interest=interest,
            language=language,
            next_action_due=next_action_due,
        )
        partnership.full_clean()
        partnership.save()
        record_event(
            partnership,
            user,
            TimelineEvent.Kind.CREATED,
            EventText(
                gettext_noop("Recruited through: %(channel)s."),
                channel=RecruitmentChannel(partnership.channel).label,
            ),
            to_step=Step.RECRUITMENT,
        )
    return partnership


def select_for_visit(partnership: Partnership, user) -> TimelineEvent:
    """Step 1 → 2: the company showed interest and is to be visited."""
    with transaction.atomic():
        fresh = _locked(partnership)
        _require_active(fresh)
        _require_step(fresh, Step.RECRUITMENT)
        if fresh.interest == Interest.NO:
            raise TransitionRefused(
                _("The company has said it is not interested; record its interest first.")
            )
        return _advance(
            partnership, fresh, user, Step.VISIT, EventText(gettext_noop("Selected for a visit."))
        )


def record_visit(partnership: Partnership, visit: Visit, user) -> TimelineEvent:
    """Step 2: a recorded visit. With management backing secured and the outcome "go on to
    the agreement" the partnership moves to step 3 and takes the visit's focus areas; "not
    interested" withdraws it; "later" keeps it at step 2 until the agreed date."""
    with transaction.atomic():
        fresh = _locked(partnership)
        _require_active(fresh)
        _require_step(fresh, Step.VISIT)
        if visit.partnership_id != fresh.pk:
            raise TransitionRefused(_("The visit belongs to another partnership."))
        if visit.management_backing == ManagementBacking.PENDING and (
            visit.outcome != VisitOutcome.LATER
        ):
            raise TransitionRefused(
                _("Management backing is still pending; settle it or choose “later”.")
            )
        if visit.outcome == VisitOutcome.AGREEMENT:
            if visit.management_backing != ManagementBacking.SECURED:
                raise TransitionRefused(
                    _("An agreement needs management backing to be secured at the visit.")
                )
            fresh.focus_areas = list(visit.focus_areas)
            fresh.save(update_fields=["focus_areas"])
            partnership.focus_areas = fresh.focus_areas
            return _advance(
                partnership,
                fresh,
                user,
                Step.AGREEMENT,
                EventText(gettext_noop("Visit held; management backs it.")),
            )
        if visit.outcome == VisitOutcome.NOT_INTERESTED:
            return _set_status(
                partnership,
                fresh,
                user,
                Status.WITHDRAWN,
                TimelineEvent.Kind.WITHDRAWN,
                EventText(
                    gettext_noop("Not interested after the visit on %(date)s."),
                    date=visit.visit_date,
                ),
            )
        fresh.next_action = visit.next_steps[:200]
        fresh.next_action_due = visit.next_steps_date
        fresh.save(update_fields=["next_action", "next_action_due"])
        partnership.next_action = fresh.next_action
        partnership.next_action_due = fresh.next_action_due
        return record_event(
            partnership,
            user,
            TimelineEvent.Kind.VISIT,
            EventText(gettext_noop("Visit held; the company will decide later.")),
        )


def agreement_signed(partnership: Partnership, agreement: Agreement, user) -> TimelineEvent:
    """Step 3 → 4 once the agreement carries both signatures or an uploaded signed scan.
    A later version signed at a later step is recorded without changing the step."""
    with transaction.atomic():
        fresh = _locked(partnership)
        if agreement.partnership_id != fresh.pk:
            raise TransitionRefused(_("The agreement belongs to another partnership."))
        if not agreement.is_signed:
            raise TransitionRefused(_("The agreement is not signed by both parties yet."))
        if fresh.step > Step.AGREEMENT:
            return record_event(
                partnership,
                user,
                TimelineEvent.Kind.AGREEMENT,
                EventText(
                    gettext_noop("Agreement version %(version)d signed."),
                    version=agreement.version,
                ),
            )
        _require_active(fresh)
        _require_step(fresh, Step.AGREEMENT)
        return _advance(
            partnership,
            fresh,
            user,
            Step.TECHNICAL_REVIEW,
            EventText(
                gettext_noop("Agreement version %(version)d signed."), version=agreement.version
            ),
        )


def review_issued(partnership: Partnership, user) -> TimelineEvent:
    """Step 4 → 5: the consultant has issued the technical review."""
    with transaction.atomic():
        fresh = _locked(partnership)
        _require_active(fresh)
        _require_step(fresh, Step.TECHNICAL_REVIEW)
        if not fresh.agreements.signed().exists():
            raise TransitionRefused(_("No technical review before the agreement is signed."))
        return _advance(
            partnership,
            fresh,
            user,
            Step.ACTION_PLAN,
            EventText(gettext_noop("Technical review issued.")),
        )


def plan_approved(partnership: Partnership, user) -> TimelineEvent:
    """Step 5 → 6: company management has approved the action plan."""
    with transaction.atomic():
        fresh = _locked(partnership)
        _require_active(fresh)
        _require_step(fresh, Step.ACTION_PLAN)
        event = _advance(
            partnership,
            fresh,
            user,
            Step.FOLLOW_UP,
            EventText(gettext_noop("Action plan approved.")),
        )
        follow_up_started.send(
            sender=Partnership,
            partnership=partnership,
            user=user,
            started_on=timezone.localdate(event.at),
        )
        return event


def complete(partnership: Partnership, user, text: str = "") -> TimelineEvent:
    """Close a partnership at step 6 after its last follow-up."""
    with transaction.atomic():
        fresh = _locked(partnership)
        _require_active(fresh)
        _require_step(fresh, Step.FOLLOW_UP)
        return _set_status(
            partnership,
            fresh,
            user,
            Status.COMPLETED,
            TimelineEvent.Kind.COMPLETED,
            text or EventText(gettext_noop("Partnership completed.")),
        )


def pause(partnership: Partnership, user, reason: str) -> TimelineEvent:
    with transaction.atomic():
        fresh = _locked(partnership)
        _require_reason(reason)
        _require_active(fresh)
        return _set_status(
            partnership, fresh, user, Status.PAUSED, TimelineEvent.Kind.PAUSED, reason
        )


def resume(partnership: Partnership, user) -> TimelineEvent:
    with transaction.atomic():
        fresh = _locked(partnership)
        if fresh.status != Status.PAUSED:
            raise TransitionRefused(_("Only a paused partnership can be resumed."))
        return _set_status(partnership, fresh, user, Status.ACTIVE, TimelineEvent.Kind.RESUMED, "")


def withdraw(partnership: Partnership, user, reason: str) -> TimelineEvent:
    with transaction.atomic():
        fresh = _locked(partnership)
        _require_reason(reason)
        if fresh.status not in (Status.ACTIVE, Status.PAUSED):
            raise TransitionRefused(
                _("A %(status)s partnership cannot be withdrawn.")
                % {"status": fresh.get_status_display().lower()}
            )
        return _set_status(
            partnership, fresh, user, Status.WITHDRAWN, TimelineEvent.Kind.WITHDRAWN, reason
        )


def _require_reason(reason: str) -> None:
    if not reason or not reason.strip():
        raise TransitionRefused(_("Give a reason."))


def _set_status(
    target: Partnership,
    fresh: Partnership,
    user,
    status: Status,
    kind: str,
    text: "str | EventText",
) -> TimelineEvent:
    fresh.status = status
    reason = str(text).strip()
    fresh.status_reason = reason if status in (Status.PAUSED, Status.WITHDRAWN) else ""
    fresh.save(update_fields=["status", "status_reason"])
    target.status = fresh.status
    target.status_reason = fresh.status_reason
    return record_event(
        target, user, kind, text if isinstance(text, EventText) else reason, from_step=fresh.step
    )
