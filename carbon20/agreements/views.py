"""Pages of the agreement (step 3) and of the municipality's templates. Each view fetches
through the selectors, parses its form, calls a service, and redirects or renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbon20.agreements import documents, selectors, services
from carbon20.agreements.agreement_text import PLACEHOLDERS
from carbon20.agreements.forms import (
    AgreementForm,
    ScanUploadForm,
    SignatureForm,
    TemplateVersionForm,
)
from carbon20.agreements.models import Agreement, AgreementSignature, AgreementTemplate
from carbon20.core import tenancy
from carbon20.organisations.models import Municipality
from carbon20.partnerships import selectors as partnership_selectors
from carbon20.partnerships.focus import focus_area_labels
from carbon20.partnerships.guides import STEP_GUIDES
from carbon20.partnerships.models import Language, Step
from carbon20.partnerships.workflow import TransitionRefused


@login_required
@require_http_methods(["GET", "POST"])
def agreement_create(request: HttpRequest, partnership_uuid) -> HttpResponse:
    partnership = partnership_selectors.get_editable_partnership_for_user(
        request.user, partnership_uuid
    )
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
            return redirect("agreements:agreement_detail", agreement.uuid)
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
    return agreement, partnership_selectors.can_edit_partnership(
        request.user, agreement.partnership
    )


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
        "method_lines": documents.method_text(agreement).splitlines(),
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
    return render(request, "agreements/agreement_detail.html", context)


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
        return redirect("agreements:agreement_detail", agreement.uuid)
    form = AgreementForm(
        request.POST or None, instance=agreement, partnership=agreement.partnership
    )
    if request.method == "POST" and form.is_valid():
        services.update_agreement(agreement=agreement, form=form, user=request.user)
        messages.success(request, _("Saved."))
        return redirect("agreements:agreement_detail", agreement.uuid)
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
        messages.error(request, error.reason)
    return redirect("agreements:agreement_detail", agreement.uuid)


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
            return redirect("agreements:agreement_detail", agreement.uuid)
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
    return render(request, "agreements/agreement_detail.html", context, status=400)


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
            return redirect("agreements:agreement_detail", agreement.uuid)
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
        "agreements/template_list.html",
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
    return redirect("agreements:template_edit", template.uuid)


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
            return redirect("agreements:template_edit", template.uuid)
    return render(
        request,
        "agreements/template_edit.html",
        {
            "template": template,
            "form": form,
            "editable": editable,
            "versions": template.versions.select_related("created_by"),
            "placeholders": sorted(PLACEHOLDERS.items()),
        },
    )
