"""The guide library: each programme's guides, their versions, PDF and DOCX, and the pages
where coordinators publish versions and officers write their municipality's own."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carbon20.core import tenancy
from carbon20.guides import documents, selectors, services
from carbon20.guides.forms import AdoptForm, GuideVersionForm
from carbon20.guides.kinds import PLACEHOLDERS, SECTIONS
from carbon20.guides.models import Guide, GuideVersion
from carbon20.organisations.models import Municipality


@login_required
def library(request: HttpRequest) -> HttpResponse:
    if not tenancy.may_read_guide_library(request.user):
        raise Http404
    return render(
        request, "guides/library.html", {"programmes": selectors.library_for_user(request.user)}
    )


def _version(request: HttpRequest, guide: Guide) -> GuideVersion:
    number = request.GET.get("version")
    if number is None:
        if guide.latest_version is None:
            raise Http404
        return selectors.get_version(guide, guide.latest_version.number)
    try:
        return selectors.get_version(guide, int(number))
    except ValueError as exc:
        raise Http404 from exc


@login_required
def guide_detail(request: HttpRequest, guide_uuid) -> HttpResponse:
    guide = selectors.get_guide_for_user(request.user, guide_uuid)
    version = _version(request, guide)
    return render(
        request,
        "guides/guide_detail.html",
        {
            "guide": guide,
            "version": version,
            "body": selectors.rendered(version),
            "versions": guide.versions.select_related("created_by"),
            "editable": tenancy.may_edit_guide(request.user, guide),
            "can_adopt": guide.municipality_id is None and tenancy.may_adopt_guide(request.user),
        },
    )


@login_required
def guide_pdf(request: HttpRequest, guide_uuid, number: int) -> HttpResponse:
    guide = selectors.get_guide_for_user(request.user, guide_uuid)
    version = selectors.get_version(guide, number)
    response = HttpResponse(documents.render_pdf(version), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{documents.filename(version, "pdf")}"'
    return response


@login_required
def guide_docx(request: HttpRequest, guide_uuid, number: int) -> HttpResponse:
    guide = selectors.get_guide_for_user(request.user, guide_uuid)
    version = selectors.get_version(guide, number)
    response = HttpResponse(documents.render_docx(version), content_type=documents.DOCX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="{documents.filename(version, "docx")}"'
    )
    return response


def _help_context(kind: str) -> dict:
    return {
        "placeholders": list(PLACEHOLDERS.items()),
        "sections": list(SECTIONS[kind].items()),
    }


def _add_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
@require_http_methods(["GET", "POST"])
def guide_edit(request: HttpRequest, guide_uuid) -> HttpResponse:
    guide = selectors.get_guide_for_user(request.user, guide_uuid)
    if not tenancy.may_edit_guide(request.user, guide):
        raise Http404
    latest = guide.latest_version
    initial = {"title": latest.title, "body": latest.body} if latest else {}
    form = GuideVersionForm(request.POST or None, initial=initial, kind=guide.kind)
    if request.method == "POST" and form.is_valid():
        try:
            if "correct" in request.POST and latest is not None:
                version = services.correct_version(
                    version=latest, user=request.user, **form.cleaned_data
                )
                messages.success(
                    request, _("Version %(number)d is corrected.") % {"number": version.number}
                )
            else:
                version = services.publish_version(
                    guide=guide, user=request.user, **form.cleaned_data
                )
                messages.success(
                    request, _("Version %(number)d is published.") % {"number": version.number}
                )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect("guides:guide_detail", guide.uuid)
    return render(
        request,
        "guides/guide_edit.html",
        {
            "guide": guide,
            "form": form,
            "latest": latest,
            "latest_in_use": latest.is_in_use if latest else False,
            **_help_context(guide.kind),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def guide_adopt(request: HttpRequest, guide_uuid) -> HttpResponse:
    """An officer's municipality's own version of a programme guide, started from its text."""
    guide = selectors.get_guide_for_user(request.user, guide_uuid)
    if guide.municipality_id is not None or not tenancy.may_adopt_guide(request.user):
        raise Http404
    roles = tenancy.roles_of(request.user)
    municipalities = guide.programme.municipalities.filter(tenancy.own_municipality_reach(roles))
    latest = guide.latest_version
    initial = {"title": latest.title, "body": latest.body} if latest else {}
    form = AdoptForm(
        request.POST or None, initial=initial, kind=guide.kind, municipalities=municipalities
    )
    if request.method == "POST" and form.is_valid():
        municipality: Municipality = form.cleaned_data["municipality"]
        try:
            version = services.adopt_for_municipality(
                guide=guide,
                municipality=municipality,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                user=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request,
                _("%(municipality)s's own version is published.")
                % {"municipality": municipality.display_name},
            )
            return redirect("guides:guide_detail", version.guide.uuid)
    return render(
        request,
        "guides/guide_edit.html",
        {"guide": guide, "form": form, "adopting": True, **_help_context(guide.kind)},
    )
