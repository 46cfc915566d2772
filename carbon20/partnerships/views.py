"""Pages of steps 1–3. Each view fetches through the selectors (another municipality's object
answers 404), parses its form, calls a service or the workflow, and redirects or renders.
A transition that a guard refuses is shown with its reason, never as a server error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from carbon20.agreements.selectors import can_sign_for_company
from carbon20.core import read_cache, tenancy
from carbon20.core.forms import add_model_errors
from carbon20.core.pagination import paginate
from carbon20.guides import documents as guide_documents
from carbon20.guides import selectors as guide_selectors
from carbon20.guides.kinds import LANGUAGES, GuideKind
from carbon20.organisations.models import Municipality
from carbon20.organisations.selectors import companies_for_user, get_company_for_user
from carbon20.partnerships import selectors, services, workflow
from carbon20.partnerships.focus import focus_area_labels
from carbon20.partnerships.forms import (
    MeetingForm,
    PartnershipStartForm,
    PipelineFilterForm,
    ReasonForm,
    RecruitmentForm,
    VisitForm,
)
from carbon20.partnerships.guides import STEP_GUIDES, guide_for_partnership, step_documents
from carbon20.partnerships.models import MeetingInvitation, Partnership, Status, Step
from carbon20.partnerships.workflow import TransitionRefused

ROWS_PER_STEP = 25
# With one step chosen, its partnerships come this many to a page.
ROWS_PER_STEP_PAGE = 100
# The columns `_pipeline_results.html` reads, with those `due_date`, `is_overdue` and
# `next_action_text` read.
PIPELINE_ROW_FIELDS = [
    "uuid",
    "step",
    "status",
    "step_changed_at",
    "next_action",
    "next_action_due",
    "company__name",
    "company__cvr",
    "company__ceased",
    "municipality__name",
    "owner__first_name",
    "owner__last_name",
    "owner__email",
]


def _require_pipeline_reader(user) -> None:
    if not tenancy.may_read_pipeline(user):
        raise Http404


def _refused(request: HttpRequest, error: TransitionRefused) -> None:
    messages.error(request, error.reason)


# Pipeline -------------------------------------------------------------------------------


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    _require_pipeline_reader(request.user)
    # The filters and the results, rendered, stay the same for this user's reach and these
    # parameters until a write changes what they show (core/read_cache.py); what belongs
    # to the request (the CSRF token, the CSP nonce, messages, the header) is rendered
    # around them on every request.
    parts = (
        "pipeline",
        tenancy.pipeline_reach_key(request.user),
        sorted(request.GET.lists()),
    )
    rendered = read_cache.PROGRAMME_PAGES.cached(parts, lambda: _render_pipeline(request))
    if request.htmx:
        return HttpResponse(rendered["results"])
    context = {
        "filters": rendered["filters"],
        "results": rendered["results"],
        "can_start": tenancy.may_start_partnership(request.user),
    }
    return render(request, "partnerships/pipeline.html", context)


def _render_pipeline(request: HttpRequest) -> dict[str, str]:
    """The pipeline's filter form and results as HTML: what `pipeline` caches."""
    roles = tenancy.roles_of(request.user)
    # Administrators are offered the municipalities that have partnerships: a probe of the
    # partnerships' municipality index for each, rather than a join of every partnership.
    municipalities = (
        Municipality.objects.filter(Exists(Partnership.objects.filter(municipality=OuterRef("pk"))))
        if tenancy.reaches_everything(request.user)
        else Municipality.objects.filter(tenancy.municipality_reach(roles))
    )
    form = PipelineFilterForm(request.GET or None, municipalities=municipalities)
    partnerships = (
        selectors.with_pipeline_dates(
            selectors.partnerships_for_user(request.user), timezone.localdate()
        )
        .select_related("company", "municipality", "owner")
        # What the rows show: ranking a programme's thousands of partnerships with every
        # column of the company, municipality and officer spilled the sort to disk.
        .only(*PIPELINE_ROW_FIELDS)
    )
    chosen_step = form.cleaned_data["step"] if form.is_valid() else None
    partnerships = selectors.filter_pipeline(
        partnerships, form.cleaned_data if form.is_valid() else {}
    )
    counts = selectors.pipeline_counts(partnerships)
    page, querystring = None, request.GET.urlencode()
    if chosen_step is None:
        by_step: dict[int, list[Partnership]] = {}
        for row in selectors.pipeline_first_rows(partnerships, ROWS_PER_STEP):
            by_step.setdefault(row.step, []).append(row)
    else:
        # One step asked for: all of it, a page at a time.
        page, querystring = paginate(
            request, partnerships.order_by(*selectors.PIPELINE_ORDER), ROWS_PER_STEP_PAGE
        )
        by_step = {chosen_step: list(page.object_list)}
    groups = []
    for step in Step:
        count, overdue = counts.get(step, (0, 0))
        rows = by_step.get(step, [])
        groups.append(
            {
                "step": step,
                "count": count,
                "overdue": overdue,
                "rows": rows,
                "more": max(0, count - len(rows)) if chosen_step is None else 0,
                "page": page if step == chosen_step else None,
            }
        )
    context = {
        "form": form,
        "groups": groups,
        "total": sum(count for count, _overdue in counts.values()),
        "total_overdue": sum(overdue for _count, overdue in counts.values()),
        "querystring": querystring,
    }
    # No request is passed: nothing of it may end up in what is cached.
    return {
        "filters": render_to_string("partnerships/_pipeline_filters.html", context),
        "results": render_to_string("partnerships/_pipeline_results.html", context),
    }


# Partnership ----------------------------------------------------------------------------


def _step_states(partnership: Partnership) -> list[dict]:
    states = []
    for step in Step:
        if partnership.step > step or partnership.status == Status.COMPLETED:
            state = "completed"
        elif partnership.step == step:
            state = "current"
        else:
            state = "disabled"
        states.append({"step": step, "state": state})
    return states


@login_required
def detail(request: HttpRequest, partnership_uuid) -> HttpResponse:
    partnership = selectors.get_partnership_with_follow_ups_for_user(request.user, partnership_uuid)
    can_edit = selectors.can_edit_partnership(request.user, partnership)
    agreements = list(
        partnership.agreements.select_related("template_version", "factor_set")
        .prefetch_related("signatures")
        .order_by("-version")
    )
    partnership.know_agreements(agreements)
    invitations = (
        MeetingInvitation.objects.filter(
            company=partnership.company, meeting__municipality=partnership.municipality
        )
        .select_related("meeting")
        .order_by("-meeting__starts_at")
        if tenancy.may_see_meeting_invitations(request.user, partnership)
        else MeetingInvitation.objects.none()
    )
    context = {
        "partnership": partnership,
        "can_edit": can_edit,
        "can_sign": can_sign_for_company(request.user, partnership),
        "steps": _step_states(partnership),
        "guide": STEP_GUIDES[partnership.step],
        "timeline": partnership.timeline.select_related("actor"),
        "visits": partnership.visits.select_related("recorded_by", "landlord"),
        "agreements": agreements,
        "invitations": invitations,
        "focus_labels": focus_area_labels(partnership.focus_areas),
        "reason_form": ReasonForm(),
        "step_documents": step_documents(request.user, partnership),
        "Step": Step,
        "Status": Status,
    }
    return render(request, "partnerships/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, company_uuid) -> HttpResponse:
    company = get_company_for_user(request.user, company_uuid)
    if not tenancy.may_start_partnership(request.user):
        raise Http404
    form = PartnershipStartForm(request.POST or None, company=company, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            partnership = services.start_partnership(
                company=company, user=request.user, **form.cleaned_data
            )
        except TransitionRefused as error:
            form.add_error(None, error.reason)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The partnership has started at step 1."))
            return redirect(partnership)
    return render(
        request, "partnerships/start.html", {"form": form, "company": company}, status=200
    )


@login_required
@require_http_methods(["GET", "POST"])
def recruitment(request: HttpRequest, partnership_uuid) -> HttpResponse:
    partnership = selectors.get_editable_partnership_for_user(request.user, partnership_uuid)
    form = RecruitmentForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_recruitment(
                partnership=partnership, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(partnership)
    return render(
        request,
        "partnerships/form_page.html",
        {
            "form": form,
            "partnership": partnership,
            "heading": _("Recruitment and next action"),
            "guide": STEP_GUIDES[Step.RECRUITMENT],
        },
    )


_TRANSITIONS_WITH_REASON = {"pause": workflow.pause, "withdraw": workflow.withdraw}


@login_required
@require_POST
def transition(request: HttpRequest, partnership_uuid, action: str) -> HttpResponse:
    partnership = selectors.get_editable_partnership_for_user(request.user, partnership_uuid)
    try:
        if action == "select-for-visit":
            workflow.select_for_visit(partnership, request.user)
            messages.success(request, _("Selected for a visit."))
        elif action == "resume":
            workflow.resume(partnership, request.user)
            messages.success(request, _("The partnership is active again."))
        elif action in _TRANSITIONS_WITH_REASON:
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return render(
                    request,
                    "partnerships/reason.html",
                    {"form": form, "partnership": partnership, "action": action},
                    status=400,
                )
            _TRANSITIONS_WITH_REASON[action](partnership, request.user, form.cleaned_data["reason"])
            messages.success(request, _("Saved."))
        else:
            raise Http404
    except TransitionRefused as error:
        _refused(request, error)
    return redirect(partnership)


@login_required
@require_http_methods(["GET", "POST"])
def visit(request: HttpRequest, partnership_uuid) -> HttpResponse:
    partnership = selectors.get_editable_partnership_for_user(request.user, partnership_uuid)
    # The version in force is the one `record_visit` keeps with the visit.
    guide_version = guide_selectors.in_force_for(partnership, GuideKind.FIRST_MEETING)
    form = VisitForm(
        request.POST or None,
        partnership=partnership,
        guide_sections=guide_selectors.sections_of(guide_version, partnership.municipality),
    )
    if partnership.step != Step.VISIT or partnership.status != Status.ACTIVE:
        messages.error(
            request, _("A visit is recorded at step 2, after the company is selected for it.")
        )
        return redirect(partnership)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_visit(
                partnership=partnership,
                visit=form.instance,
                user=request.user,
                landlord_name=form.cleaned_data["landlord_name"],
                landlord_email=form.cleaned_data["landlord_email"],
            )
        except TransitionRefused as error:
            form.add_error(None, error.reason)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The visit is recorded."))
            return redirect(partnership)
    return render(
        request,
        "partnerships/form_page.html",
        {
            "form": form,
            "partnership": partnership,
            "heading": _("Record the visit"),
            "guide": STEP_GUIDES[Step.VISIT],
            "guide_version": guide_version,
            "guide_url": reverse(
                "partnerships:step_guide", args=[partnership.uuid, GuideKind.FIRST_MEETING]
            ),
        },
    )


# The model's documents, as this partnership follows them ------------------------------

# Each language named in itself, as a link to a text in that language is.
ENDONYMS = {"da": "Dansk", "en": "English"}


def _step_guide(request: HttpRequest, partnership_uuid, kind: str):
    """The partnership (through its reach), and the guide version of `kind` it follows in the
    language asked for (`?language=`, the partnership's by default). Another tenant's
    partnership, a kind the user's role does not read, or an unknown kind answers 404."""
    partnership = selectors.get_partnership_for_user(request.user, partnership_uuid)
    language = request.GET.get("language") or partnership.language
    if (
        kind not in GuideKind.values
        or kind == GuideKind.MODEL
        or language not in dict(LANGUAGES)
        or not tenancy.may_read_partnership_guide(request.user, partnership, kind)
    ):
        raise Http404
    version = guide_for_partnership(partnership, kind, language)
    if version is None:
        raise Http404
    return partnership, version, language


@login_required
def step_guide(request: HttpRequest, partnership_uuid, kind: str) -> HttpResponse:
    partnership, version, language = _step_guide(request, partnership_uuid, kind)
    return render(
        request,
        "partnerships/step_guide.html",
        {
            "partnership": partnership,
            "version": version,
            "kind": kind,
            "language": language,
            "body": guide_selectors.rendered(version, partnership.municipality),
            "other_languages": [
                (code, name) for code, name in ENDONYMS.items() if code != language
            ],
        },
    )


@login_required
def step_guide_pdf(request: HttpRequest, partnership_uuid, kind: str) -> HttpResponse:
    partnership, version, _language = _step_guide(request, partnership_uuid, kind)
    response = HttpResponse(
        guide_documents.render_pdf(version, partnership.municipality),
        content_type="application/pdf",
    )
    filename = guide_documents.filename(version, "pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def step_guide_docx(request: HttpRequest, partnership_uuid, kind: str) -> HttpResponse:
    partnership, version, _language = _step_guide(request, partnership_uuid, kind)
    response = HttpResponse(
        guide_documents.render_docx(version, partnership.municipality),
        content_type=guide_documents.DOCX_TYPE,
    )
    filename = guide_documents.filename(version, "docx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# Agreement ------------------------------------------------------------------------------


# Information meetings -------------------------------------------------------------------


def _require_officer_or_reader(user) -> None:
    _require_pipeline_reader(user)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    _require_officer_or_reader(request.user)
    meetings = (
        selectors.meetings_for_user(request.user)
        .select_related("municipality", "programme")
        .annotate(
            invited_count=Count("invitations"),
            attended_count=Count("invitations", filter=Q(invitations__attended=True)),
        )
    )
    return render(
        request,
        "partnerships/meeting_list.html",
        {
            "meetings": meetings,
            "can_create": tenancy.may_create_meeting(request.user),
        },
    )


def _invitable_companies(user):
    return companies_for_user(user)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_form(request: HttpRequest, meeting_uuid=None) -> HttpResponse:
    if not tenancy.may_create_meeting(request.user):
        raise Http404
    meeting = None
    if meeting_uuid is not None:
        meeting = selectors.get_meeting_for_user(request.user, meeting_uuid)
        if not selectors.can_edit_meeting(request.user, meeting):
            raise Http404
    form = MeetingForm(
        request.POST or None,
        instance=meeting,
        user=request.user,
        companies=_invitable_companies(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.save_meeting(
                meeting=form.instance,
                presented_partners=form.cleaned_data["presented_partners"],
                invited_companies=form.cleaned_data["invited_companies"],
                user=request.user,
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect(meeting)
    return render(
        request,
        "partnerships/form_page.html",
        {
            "form": form,
            "heading": _("Information meeting"),
            "guide": STEP_GUIDES[Step.RECRUITMENT],
        },
    )


@login_required
def meeting_detail(request: HttpRequest, meeting_uuid) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, meeting_uuid)
    invitations = list(meeting.invitations.select_related("company").order_by("company__name"))
    skipped = selectors.advertising_protected_skips(
        meeting, [invitation.company_id for invitation in invitations]
    )
    return render(
        request,
        "partnerships/meeting_detail.html",
        {
            "meeting": meeting,
            "invitations": invitations,
            "skipped": skipped,
            "partners": meeting.presented_partners.all(),
            "can_edit": selectors.can_edit_meeting(request.user, meeting),
            "unsent": sum(
                1
                for invitation in invitations
                if invitation.sent_at is None and invitation.company_id not in skipped
            ),
            "is_past": meeting.starts_at <= timezone.now(),
        },
    )


@login_required
@require_POST
def meeting_send(request: HttpRequest, meeting_uuid) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, meeting_uuid)
    if not selectors.can_edit_meeting(request.user, meeting):
        raise Http404
    if meeting.starts_at <= timezone.now() and not request.POST.get("confirm_past"):
        # An invitation to a meeting already held is almost always a slip; it goes out only
        # when the officer confirms it on the meeting's page.
        messages.warning(
            request,
            _(
                "The meeting was held on %(when)s, so no invitations were sent. Confirm on "
                "this page if they are to be sent all the same."
            )
            % {
                "when": formats.date_format(
                    timezone.localtime(meeting.starts_at), "DATETIME_FORMAT"
                )
            },
        )
        return redirect(meeting)
    sent = services.send_invitations(meeting=meeting, user=request.user)
    messages.success(
        request,
        ngettext("%(count)d invitation sent.", "%(count)d invitations sent.", sent)
        % {"count": sent},
    )
    return redirect(meeting)


@login_required
@require_POST
def meeting_attendance(request: HttpRequest, meeting_uuid) -> HttpResponse:
    meeting = selectors.get_meeting_for_user(request.user, meeting_uuid)
    if not selectors.can_edit_meeting(request.user, meeting):
        raise Http404
    if meeting.starts_at > timezone.now():
        messages.error(request, _("Attendance is recorded after the meeting has been held."))
        return redirect(meeting)
    chosen = set(request.POST.getlist("attended"))
    attended_ids = {
        invitation.pk for invitation in meeting.invitations.all() if str(invitation.uuid) in chosen
    }
    services.record_attendance(meeting=meeting, attended_ids=attended_ids, user=request.user)
    messages.success(request, _("Attendance is recorded."))
    return redirect(meeting)


# Agreement templates --------------------------------------------------------------------
