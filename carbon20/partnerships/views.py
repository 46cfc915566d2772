"""Pages of steps 1–3. Each view fetches through the selectors (another municipality's object
answers 404), parses its form, calls a service or the workflow, and redirects or renders.
A transition that a guard refuses is shown with its reason, never as a server error."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from carbon20.core import tenancy
from carbon20.core.forms import add_model_errors
from carbon20.organisations.models import Municipality
from carbon20.organisations.selectors import companies_for_user, get_company_for_user
from carbon20.partnerships import documents, selectors, services, workflow
from carbon20.partnerships.agreement_text import PLACEHOLDERS
from carbon20.partnerships.focus import focus_area_labels
from carbon20.partnerships.forms import (
    AgreementForm,
    MeetingForm,
    PartnershipStartForm,
    PipelineFilterForm,
    ReasonForm,
    RecruitmentForm,
    ScanUploadForm,
    SignatureForm,
    TemplateVersionForm,
    VisitForm,
)
from carbon20.partnerships.guides import STEP_GUIDES
from carbon20.partnerships.models import (
    Agreement,
    AgreementSignature,
    AgreementTemplate,
    Language,
    MeetingInvitation,
    Partnership,
    Status,
    Step,
)
from carbon20.partnerships.workflow import TransitionRefused

ROWS_PER_STEP = 25


def _require_pipeline_reader(user) -> None:
    if not tenancy.may_read_pipeline(user):
        raise Http404


def _refused(request: HttpRequest, error: TransitionRefused) -> None:
    messages.error(request, error.reason)


# Pipeline -------------------------------------------------------------------------------


@login_required
def pipeline(request: HttpRequest) -> HttpResponse:
    _require_pipeline_reader(request.user)
    municipalities = (
        Municipality.objects.filter(partnerships__isnull=False).distinct()
        if tenancy.reaches_everything(request.user)
        else Municipality.objects.filter(tenancy.municipality_reach(tenancy.roles_of(request.user)))
    )
    form = PipelineFilterForm(request.GET or None, municipalities=municipalities)
    partnerships = selectors.with_follow_up_dates(
        selectors.partnerships_for_user(request.user), timezone.localdate()
    ).select_related("company", "municipality", "owner")
    only_overdue = False
    status_chosen = False
    limit = ROWS_PER_STEP
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            query = data["q"].strip().replace(" ", "")
            partnerships = partnerships.filter(
                company__name__icontains=data["q"].strip()
            ) | partnerships.filter(company__cvr__startswith=query)
        if data["municipality"]:
            partnerships = partnerships.filter(municipality=data["municipality"])
        if data["step"]:
            partnerships = partnerships.filter(step=data["step"])
            limit = None
        if data["channel"]:
            partnerships = partnerships.filter(channel=data["channel"])
        if data["status"]:
            partnerships = partnerships.filter(status=data["status"])
            status_chosen = True
        if data["owner"]:
            partnerships = partnerships.filter(owner=data["owner"])
        only_overdue = data["overdue"]
    if not status_chosen:
        partnerships = partnerships.filter(status__in=[Status.ACTIVE, Status.PAUSED])
    rows = list(partnerships.order_by("company__name"))
    if only_overdue:
        rows = [row for row in rows if row.is_overdue]
    counts = Counter(row.step for row in rows)
    overdue_counts = Counter(row.step for row in rows if row.is_overdue)
    groups = []
    for step in Step:
        in_step = sorted(
            (row for row in rows if row.step == step),
            key=lambda row: (not row.is_overdue, row.due_date or timezone.localdate().max),
        )
        groups.append(
            {
                "step": step,
                "count": counts[step],
                "overdue": overdue_counts[step],
                "rows": in_step[:limit],
                "more": max(0, len(in_step) - limit) if limit else 0,
            }
        )
    context = {
        "form": form,
        "groups": groups,
        "total": len(rows),
        "total_overdue": sum(overdue_counts.values()),
        "can_start": tenancy.may_start_partnership(request.user),
        "querystring": request.GET.urlencode(),
    }
    template = (
        "partnerships/_pipeline_results.html" if request.htmx else "partnerships/pipeline.html"
    )
    return render(request, template, context)


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
        partnership.agreements.select_related("template_version").prefetch_related("signatures")
    )
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
        "can_sign": selectors.can_sign_for_company(request.user, partnership),
        "steps": _step_states(partnership),
        "guide": STEP_GUIDES[partnership.step],
        "timeline": partnership.timeline.select_related("actor"),
        "visits": partnership.visits.select_related("recorded_by", "landlord"),
        "agreements": agreements,
        "invitations": invitations,
        "focus_labels": focus_area_labels(partnership.focus_areas),
        "reason_form": ReasonForm(),
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
    form = VisitForm(request.POST or None, partnership=partnership)
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
        },
    )


# Agreement ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, partnership_uuid) -> HttpResponse:
    partnership = selectors.get_editable_partnership_for_user(request.user, partnership_uuid)
    form = AgreementForm(
        request.POST or None,
        partnership=partnership,
        initial=services.initial_agreement_values(partnership),
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.create_agreement(
                partnership=partnership, form=form, user=request.user
            )
        except TransitionRefused as error:
            form.add_error(None, error.reason)
        else:
            messages.success(request, _("The draft agreement is saved."))
            return redirect("partnerships:agreement_detail", agreement.uuid)
    return render(
        request,
        "partnerships/form_page.html",
        {
            "form": form,
            "partnership": partnership,
            "heading": _("Draft the partnership agreement"),
            "guide": STEP_GUIDES[Step.AGREEMENT],
        },
    )


def _get_agreement(request: HttpRequest, agreement_uuid) -> tuple[Agreement, bool]:
    agreement = selectors.get_agreement_for_user(request.user, agreement_uuid)
    return agreement, selectors.can_edit_partnership(request.user, agreement.partnership)


@login_required
def agreement_detail(request: HttpRequest, agreement_uuid) -> HttpResponse:
    agreement, can_edit = _get_agreement(request, agreement_uuid)
    partnership = agreement.partnership
    company_signature = agreement.signature_for(AgreementSignature.Party.COMPANY)
    can_sign = selectors.can_sign_for_company(request.user, partnership)
    is_latest = agreement.version == partnership.latest_agreement.version
    context = {
        "agreement": agreement,
        "partnership": partnership,
        "can_edit": can_edit,
        "is_latest": is_latest,
        "company_signature": company_signature,
        "municipality_signature": agreement.signature_for(AgreementSignature.Party.MUNICIPALITY),
        "focus_labels": focus_area_labels(agreement.focus_areas),
        "guide": STEP_GUIDES[Step.AGREEMENT],
    }
    awaiting = agreement.status == Agreement.State.SENT and is_latest
    if awaiting and can_sign and company_signature is None:
        context["sign_form"] = SignatureForm(
            agreement=agreement, user=request.user, party=AgreementSignature.Party.COMPANY
        )
    if awaiting and can_edit and company_signature is not None:
        context["countersign_form"] = SignatureForm(
            agreement=agreement, user=request.user, party=AgreementSignature.Party.MUNICIPALITY
        )
    if can_edit and not agreement.is_signed and is_latest:
        context["scan_form"] = ScanUploadForm(agreement=agreement)
    if can_edit and agreement.is_editable:
        # Said before the officer presses "send", which would be refused.
        context["no_company_user"] = not services.company_users(partnership.company).exists()
    return render(request, "partnerships/agreement_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agreement_edit(request: HttpRequest, agreement_uuid) -> HttpResponse:
    agreement, can_edit = _get_agreement(request, agreement_uuid)
    if not can_edit:
        raise Http404
    if not agreement.is_editable:
        messages.error(
            request, _("A sent or signed agreement is read-only; make a new version to change it.")
        )
        return redirect("partnerships:agreement_detail", agreement.uuid)
    form = AgreementForm(
        request.POST or None, instance=agreement, partnership=agreement.partnership
    )
    if request.method == "POST" and form.is_valid():
        services.update_agreement(agreement=agreement, form=form, user=request.user)
        messages.success(request, _("Saved."))
        return redirect("partnerships:agreement_detail", agreement.uuid)
    return render(
        request,
        "partnerships/form_page.html",
        {
            "form": form,
            "partnership": agreement.partnership,
            "heading": _("Edit agreement version %(version)d") % {"version": agreement.version},
            "guide": STEP_GUIDES[Step.AGREEMENT],
        },
    )


@login_required
@require_POST
def agreement_action(request: HttpRequest, agreement_uuid, action: str) -> HttpResponse:
    agreement, can_edit = _get_agreement(request, agreement_uuid)
    if not can_edit:
        raise Http404
    try:
        if action == "send":
            services.send_for_signature(agreement=agreement, user=request.user)
            messages.success(request, _("The agreement is sent to the company for signature."))
        elif action == "new-version":
            agreement = services.new_version(agreement=agreement, user=request.user)
            messages.success(request, _("A new draft version is made."))
        else:
            raise Http404
    except TransitionRefused as error:
        _refused(request, error)
    return redirect("partnerships:agreement_detail", agreement.uuid)


@login_required
@require_POST
def agreement_sign(request: HttpRequest, agreement_uuid) -> HttpResponse:
    agreement, can_edit = _get_agreement(request, agreement_uuid)
    if selectors.can_sign_for_company(request.user, agreement.partnership):
        party = AgreementSignature.Party.COMPANY
    elif can_edit:
        party = AgreementSignature.Party.MUNICIPALITY
    else:
        # A reader of the partnership (coordinator, consultant) may see it but not sign.
        raise PermissionDenied
    form = SignatureForm(request.POST, agreement=agreement, user=request.user, party=party)
    if form.is_valid():
        try:
            services.sign(
                agreement=agreement,
                user=request.user,
                party=party,
                name=form.cleaned_data["name"],
                title=form.cleaned_data["title"],
                pdf_sha256=form.cleaned_data["pdf_sha256"],
            )
        except TransitionRefused as error:
            form.add_error(None, error.reason)
        else:
            messages.success(request, _("Thank you: your signature is recorded."))
            return redirect("partnerships:agreement_detail", agreement.uuid)
    return _agreement_with_form(request, agreement, can_edit, form, party)


def _agreement_with_form(request, agreement, can_edit, form, party=None, scan_form=None):
    partnership = agreement.partnership
    context = {
        "agreement": agreement,
        "partnership": partnership,
        "can_edit": can_edit,
        "is_latest": True,
        "company_signature": agreement.signature_for(AgreementSignature.Party.COMPANY),
        "municipality_signature": agreement.signature_for(AgreementSignature.Party.MUNICIPALITY),
        "focus_labels": focus_area_labels(agreement.focus_areas),
        "guide": STEP_GUIDES[Step.AGREEMENT],
    }
    if party == AgreementSignature.Party.COMPANY:
        context["sign_form"] = form
    elif party == AgreementSignature.Party.MUNICIPALITY:
        context["countersign_form"] = form
    if scan_form is not None:
        context["scan_form"] = scan_form
    return render(request, "partnerships/agreement_detail.html", context, status=400)


@login_required
@require_POST
def agreement_scan(request: HttpRequest, agreement_uuid) -> HttpResponse:
    agreement, can_edit = _get_agreement(request, agreement_uuid)
    if not can_edit:
        raise Http404
    form = ScanUploadForm(request.POST, request.FILES, agreement=agreement)
    if form.is_valid():
        try:
            services.upload_scan(agreement=agreement, user=request.user, data=form.cleaned_data)
        except TransitionRefused as error:
            form.add_error(None, error.reason)
        else:
            messages.success(request, _("The signed agreement is stored."))
            return redirect("partnerships:agreement_detail", agreement.uuid)
    return _agreement_with_form(request, agreement, can_edit, None, scan_form=form)


def _filename(agreement: Agreement, extension: str) -> str:
    return f"{slugify(agreement.partnership.company.name)}-v{agreement.version}.{extension}"


@login_required
def agreement_pdf(request: HttpRequest, agreement_uuid) -> HttpResponse:
    """A signed agreement serves the stored signed file, a sent one the exact file that is
    signed (its hash is what a signature records); a draft is rendered as a preview."""
    agreement, _can_edit = _get_agreement(request, agreement_uuid)
    stored = agreement.signed_pdf if agreement.is_signed else agreement.sent_pdf
    if stored:
        return FileResponse(
            stored.open("rb"),
            content_type="application/pdf",
            filename=_filename(agreement, "pdf"),
        )
    response = HttpResponse(documents.render_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(agreement, "pdf")}"'
    return response


@login_required
def agreement_docx(request: HttpRequest, agreement_uuid) -> HttpResponse:
    agreement, _can_edit = _get_agreement(request, agreement_uuid)
    response = HttpResponse(
        documents.render_docx(agreement),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(agreement, "docx")}"'
    return response


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
    invitations = meeting.invitations.select_related("company")
    return render(
        request,
        "partnerships/meeting_detail.html",
        {
            "meeting": meeting,
            "invitations": invitations,
            "partners": meeting.presented_partners.all(),
            "can_edit": selectors.can_edit_meeting(request.user, meeting),
            "unsent": sum(1 for invitation in invitations if invitation.sent_at is None),
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


def _template_editable(user, template: AgreementTemplate) -> bool:
    return tenancy.may_edit_templates_of(user, template.municipality_id)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    if not tenancy.may_manage_companies(request.user):
        raise Http404
    templates = selectors.templates_for_user(request.user).select_related("municipality")
    existing = {(template.municipality_id, template.language) for template in templates}
    municipalities = (
        Municipality.objects.filter(tenancy.municipality_reach(tenancy.roles_of(request.user)))
        if not tenancy.reaches_everything(request.user)
        else Municipality.objects.filter(partnerships__isnull=False).distinct()
    )
    missing = [
        {"municipality": municipality, "language": language}
        for municipality in municipalities
        for language in Language
        if (municipality.id, language.value) not in existing
    ]
    return render(
        request,
        "partnerships/template_list.html",
        {
            "templates": sorted(
                templates,
                key=lambda t: (t.municipality is not None, str(t.municipality or ""), t.language),
            ),
            "missing": missing,
        },
    )


@login_required
@require_POST
def template_create(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    if not tenancy.may_manage_companies(request.user) or language not in Language.values:
        raise Http404
    municipality = Municipality.objects.filter(slug=slug).first()
    if municipality is None or not tenancy.may_read_municipality(request.user, municipality.id):
        raise Http404
    template = services.municipality_template(municipality=municipality, language=language)
    return redirect("partnerships:template_edit", template.uuid)


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, template_uuid) -> HttpResponse:
    template = selectors.get_template_for_user(request.user, template_uuid)
    editable = _template_editable(request.user, template)
    latest = template.latest_version
    if latest is None:
        default = AgreementTemplate.objects.filter(
            municipality__isnull=True, language=template.language
        ).first()
        latest = default.latest_version if default else None
    initial = {"title": latest.title, "body": latest.body} if latest else {}
    form = TemplateVersionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not editable:
            raise Http404
        if form.is_valid():
            version = services.save_template_version(
                template=template, data=form.cleaned_data, user=request.user
            )
            messages.success(
                request,
                _("Version %(number)d of the template is saved.") % {"number": version.number},
            )
            return redirect("partnerships:template_edit", template.uuid)
    return render(
        request,
        "partnerships/template_edit.html",
        {
            "template": template,
            "form": form,
            "editable": editable,
            "versions": template.versions.select_related("created_by"),
            "placeholders": sorted(PLACEHOLDERS.items()),
        },
    )
