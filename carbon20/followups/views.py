from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carbon20.actionplans.models import ActionStatus
from carbon20.core.forms import add_model_errors
from carbon20.followups import documented, results, services, snapshots
from carbon20.followups.forms import ClosingForm, HoldFollowUpForm, held_early_by
from carbon20.followups.models import BarrierCategory, ClosingRecord
from carbon20.followups.selectors import get_editable_follow_up_for_user, get_follow_up_for_user
from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.partnerships.models import Status, Step
from carbon20.partnerships.selectors import (
    can_edit_partnership,
    get_editable_partnership_for_user,
    get_partnership_for_user,
)


def _action_rows(held: list[snapshots.Snapshot]) -> list[tuple[str, list[str]]]:
    """Each action's status as every held follow-up's snapshot recorded it."""
    labels = dict(ActionStatus.choices)
    titles: dict[str, str] = {}
    for snapshot in held:
        for action in snapshot["actions"]:
            titles.setdefault(action["uuid"], action["title"])
    rows = []
    for uuid, title in titles.items():
        statuses = []
        for snapshot in held:
            found = next((a for a in snapshot["actions"] if a["uuid"] == uuid), None)
            statuses.append(str(labels.get(found["status"], "")) if found else "–")
        rows.append((title, statuses))
    return rows


def _documented_context(partnership, used: results.UsedRecords) -> dict:
    result = documented.documented_result(partnership, used)
    charts = [
        documented.ChartFigure.of(figure)
        for figure in (result.figures if result else [])
        if figure.periods
    ]
    return {"documented": result, "documented_charts": charts}


@login_required
def overview(request: HttpRequest, partnership_uuid) -> HttpResponse:
    """The partnership's follow-ups, the snapshots of the held ones side by side, and its
    measured result beside the deemed one."""
    partnership = get_partnership_for_user(request.user, partnership_uuid)
    follow_ups = list(partnership.follow_ups.select_related("held_by").order_by("number"))
    held = [f for f in follow_ups if f.is_held]
    held_snapshots = [snapshots.read(f.snapshot) for f in held]
    closing = ClosingRecord.objects.filter(partnership=partnership).first()
    labels = dict(BarrierCategory.choices)
    used = results.UsedRecords(partnership)
    context = {
        "partnership": partnership,
        "follow_ups": follow_ups,
        "held": held,
        "held_columns": list(zip(held, held_snapshots, strict=True)),
        "barrier_rows": [
            (label, [value in f.barriers for f in held]) for value, label in labels.items()
        ],
        "measured": results.measured_result(partnership, used),
        "deemed": results.deemed_result(partnership),
        **_documented_context(partnership, used),
        "action_rows": _action_rows(held_snapshots),
        "closing": closing,
        "can_edit": can_edit_partnership(request.user, partnership),
        "can_close": (
            closing is None
            and partnership.step == Step.FOLLOW_UP
            and partnership.status == Status.ACTIVE
            and bool(follow_ups)
            and len(held) == len(follow_ups)
        ),
    }
    return render(request, "followups/overview.html", context)


def _guidance_sections(partnership):
    """The sections of the follow-up guidance in force, which the form follows."""
    version = guides.in_force_for(partnership, GuideKind.FOLLOW_UP)
    return guides.sections_of(version, partnership.municipality)


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, follow_up_uuid) -> HttpResponse:
    """A follow-up: its record once held; the form to record it for the officers."""
    follow_up = get_follow_up_for_user(request.user, follow_up_uuid)
    editable = not follow_up.is_held and can_edit_partnership(request.user, follow_up.partnership)
    if request.method == "POST":
        if not editable:
            raise Http404
        follow_up = get_editable_follow_up_for_user(request.user, follow_up_uuid)
        form = HoldFollowUpForm(
            request.POST,
            instance=follow_up,
            actions=services.plan_actions(follow_up.partnership),
            guide_sections=_guidance_sections(follow_up.partnership),
        )
        if form.is_valid():
            try:
                services.hold_follow_up(
                    follow_up=form.save(commit=False),
                    user=request.user,
                    status_changes=form.status_changes(),
                )
            except ValidationError as error:
                add_model_errors(form, error)
            else:
                messages.success(
                    request, _("Follow-up %(number)d is recorded.") % {"number": follow_up.number}
                )
                return redirect("followups:overview", follow_up.partnership.uuid)
    else:
        form = (
            HoldFollowUpForm(
                instance=follow_up,
                actions=services.plan_actions(follow_up.partnership),
                guide_sections=_guidance_sections(follow_up.partnership),
            )
            if editable
            else None
        )
    return render(
        request,
        "followups/detail.html",
        {
            "follow_up": follow_up,
            "partnership": follow_up.partnership,
            "form": form,
            "planned_ahead_days": held_early_by(follow_up, timezone.localdate())
            if form is not None
            else None,
            "guidance_url": reverse(
                "partnerships:step_guide", args=[follow_up.partnership.uuid, GuideKind.FOLLOW_UP]
            ),
            "barrier_labels": [
                label for value, label in BarrierCategory.choices if value in follow_up.barriers
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, partnership_uuid) -> HttpResponse:
    partnership = get_editable_partnership_for_user(request.user, partnership_uuid)
    if ClosingRecord.objects.filter(partnership=partnership).exists():
        messages.info(request, _("The partnership has a closing record already."))
        return redirect("followups:overview", partnership.uuid)
    form = ClosingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_partnership(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The result is recorded and the partnership completed."))
            return redirect("followups:overview", partnership.uuid)
    return render(
        request,
        "followups/close.html",
        {
            "partnership": partnership,
            "form": form,
            "measured": results.measured_result(partnership),
        },
    )
