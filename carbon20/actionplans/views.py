from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbon20.actionplans import selectors, services
from carbon20.actionplans.figures import PlanFigures, plan_figures
from carbon20.actionplans.forms import ActionForm, ApprovalForm, FromMeasuresForm, StatusForm
from carbon20.actionplans.models import ActionPlan, ActionStatusChange
from carbon20.core.forms import add_model_errors
from carbon20.core.pagination import paginate
from carbon20.partnerships.selectors import get_partnership_for_user
from carbon20.partnerships.workflow import TransitionRefused

PLANS_PER_PAGE = 50


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    plans, querystring = paginate(
        request,
        selectors.plans_for_user(request.user)
        .select_related("partnership__company", "partnership__municipality")
        .order_by("partnership__company__name", "id"),
        PLANS_PER_PAGE,
    )
    context = {
        "plans": plans,
        "querystring": querystring,
        "startable": list(selectors.partnerships_without_plan(request.user)),
    }
    return render(request, "actionplans/plan_list.html", context)


@login_required
@require_POST
def plan_start(request: HttpRequest, partnership_uuid) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, partnership_uuid)
    if not selectors.may_keep_plan(request.user, partnership):
        raise Http404
    try:
        plan = services.start_plan(partnership)
    except TransitionRefused as refusal:
        messages.error(request, refusal.reason)
        return redirect("actionplans:list")
    return redirect(plan.get_absolute_url())


def _measure_choices(figures: PlanFigures, taken: set[int]) -> list[tuple[str, str]]:
    return [
        (str(row.measure.uuid), f"{row.measure.number}. {row.measure.description}")
        for row in figures.measure_rows
        if row.measure.pk not in taken
    ]


def _mac_chart_data(figures: PlanFigures) -> list[dict]:
    """One bar per measure, cheapest tonne first: it stands on zero, spans its tonnes along
    the cumulative reduction (from x0 to x1) and its height is its cost per tonne (below
    zero when it saves money)."""
    return [
        {
            "x0": float(step.cumulative_from),
            "x1": float(step.cumulative_to),
            "y": float(step.cost_per_tonne),
            "label": f"{row.measure.number}. {row.measure.description[:40]}",
        }
        for step, row in figures.mac_steps()
    ]


def _plan_context(request, plan: ActionPlan, **extra) -> dict:
    figures = plan_figures(plan)
    editable = selectors.can_edit_plan(request.user, plan)
    taken = {row.action.measure_id for row in figures.actions if row.action.measure_id}
    rows = {row.action.id: row for row in figures.actions}
    for change in ActionStatusChange.objects.filter(action__plan=plan).select_related("changed_by"):
        rows[change.action_id].history.append(change)
    choices = _measure_choices(figures, taken)
    context = {
        "plan": plan,
        "partnership": plan.partnership,
        "figures": figures,
        "editable": editable,
        "can_update_status": selectors.can_update_status(request.user, plan),
        "mac_steps": figures.mac_steps(),
        "mac_points": _mac_chart_data(figures),
        "from_measures_form": (
            FromMeasuresForm(measure_choices=choices) if editable and choices else None
        ),
        "approval_form": ApprovalForm(instance=plan) if editable else None,
        "status_choices": StatusForm.base_fields["status"].choices,
    }
    context.update(extra)
    return context


@login_required
def plan_detail(request: HttpRequest, plan_uuid) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, plan_uuid)
    return render(request, "actionplans/plan_detail.html", _plan_context(request, plan))


@login_required
def least_cost(request: HttpRequest, plan_uuid) -> HttpResponse:
    """The proposal, with its measures ticked in the form that turns measures into
    actions, so the user can accept it as it is or adjust it."""
    plan = selectors.get_editable_plan_for_user(request.user, plan_uuid)
    context = _plan_context(request, plan)
    proposal = context["figures"].least_cost()
    form = context["from_measures_form"]
    if form is not None and proposal is not None and proposal.feasible:
        form.initial["measures"] = list(proposal.chosen)
    context["proposal"] = proposal
    context["proposal_rows"] = [
        row
        for row in context["figures"].measure_rows
        if proposal is not None and str(row.measure.uuid) in proposal.chosen
    ]
    template = "actionplans/_least_cost.html" if request.htmx else "actionplans/plan_detail.html"
    return render(request, template, context)


@login_required
@require_POST
def from_measures(request: HttpRequest, plan_uuid) -> HttpResponse:
    plan = selectors.get_editable_plan_for_user(request.user, plan_uuid)
    figures = plan_figures(plan)
    taken = {row.action.measure_id for row in figures.actions if row.action.measure_id}
    form = FromMeasuresForm(request.POST, measure_choices=_measure_choices(figures, taken))
    if form.is_valid():
        chosen = set(form.cleaned_data["measures"])
        measures = [row.measure for row in figures.measure_rows if str(row.measure.uuid) in chosen]
        count = services.actions_from_measures(
            plan=plan,
            measures=measures,
            owner=form.cleaned_data["owner"],
            start=form.cleaned_data["start_date"],
            deadline=form.cleaned_data["deadline"],
            user=request.user,
        )
        messages.success(
            request, _("%(count)d actions added from the measures.") % {"count": count}
        )
        return redirect(plan.get_absolute_url())
    context = _plan_context(request, plan, from_measures_form=form)
    return render(request, "actionplans/plan_detail.html", context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest, plan_uuid) -> HttpResponse:
    plan = selectors.get_editable_plan_for_user(request.user, plan_uuid)
    return _action_form(request, plan, ActionForm(request.POST or None))


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: HttpRequest, plan_uuid, action_uuid) -> HttpResponse:
    plan = selectors.get_editable_plan_for_user(request.user, plan_uuid)
    action = selectors.get_action(plan, action_uuid)
    return _action_form(request, plan, ActionForm(request.POST or None, instance=action))


def _action_form(request, plan: ActionPlan, form: ActionForm) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        try:
            services.save_action(plan=plan, action=form.instance, user=request.user)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The action is saved."))
            return redirect(plan.get_absolute_url() + "#actions")
    return render(request, "actionplans/action_form.html", {"form": form, "plan": plan})


@login_required
@require_POST
def action_status(request: HttpRequest, plan_uuid, action_uuid) -> HttpResponse:
    plan = selectors.get_plan_for_user(request.user, plan_uuid)
    if not selectors.can_update_status(request.user, plan):
        raise Http404
    action = selectors.get_action(plan, action_uuid)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.change_status(
                action=action,
                status=form.cleaned_data["status"],
                reason=form.cleaned_data["reason"],
                user=request.user,
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The status is saved."))
            return redirect(plan.get_absolute_url() + "#actions")
    context = _plan_context(request, plan, status_form=form, status_action=action)
    return render(request, "actionplans/plan_detail.html", context, status=400)


@login_required
@require_POST
def approve(request: HttpRequest, plan_uuid) -> HttpResponse:
    plan = selectors.get_editable_plan_for_user(request.user, plan_uuid)
    form = ApprovalForm(request.POST, instance=ActionPlan.objects.get(pk=plan.pk))
    if form.is_valid():
        try:
            services.approve_plan(
                plan=plan,
                name=form.cleaned_data["approved_by_name"],
                title=form.cleaned_data["approved_by_title"],
                approved_on=form.cleaned_data["approved_on"],
                user=request.user,
            )
        except TransitionRefused as refusal:
            form.add_error(None, refusal.reason)
        else:
            messages.success(request, _("The plan is approved and its PDF made."))
            return redirect(plan.get_absolute_url())
    context = _plan_context(request, plan, approval_form=form)
    return render(request, "actionplans/plan_detail.html", context, status=400)


@login_required
def plan_pdf(request: HttpRequest, plan_uuid) -> FileResponse:
    plan = selectors.get_plan_for_user(request.user, plan_uuid)
    if not plan.plan_pdf:
        raise Http404
    return FileResponse(
        plan.plan_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"klimahandlingsplan-{plan.partnership.company.cvr}.pdf",
    )
