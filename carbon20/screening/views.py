from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from carbon20.core import tenancy
from carbon20.core.forms import add_model_errors
from carbon20.core.pagination import join_page, paginate
from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.partnerships.focus import focus_area_labels
from carbon20.partnerships.selectors import get_editable_partnership_for_user
from carbon20.partnerships.workflow import TransitionRefused
from carbon20.screening import completeness, selectors, services
from carbon20.screening.figures import review_figures
from carbon20.screening.forms import (
    AssignConsultantForm,
    BaselineForm,
    EndUseForm,
    IssueForm,
    MeasureForm,
    MeasureImportForm,
    ReviewForm,
)
from carbon20.screening.imports import import_measures, template_workbook
from carbon20.screening.models import EndUse, TechnicalReview

REVIEWS_PER_PAGE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def review_list(request: HttpRequest) -> HttpResponse:
    """The consultant's own reviews ("my reviews"), the reviews the user reads, and for
    officers the step-4 partnerships that wait for a consultant."""
    user = request.user
    # Only a consultant is shown "my reviews".
    assigned, assigned_query = paginate(
        request,
        selectors.assigned_reviews(user)
        if tenancy.roles_of(user).is_consultant
        else TechnicalReview.objects.none(),
        REVIEWS_PER_PAGE,
        param="mine",
    )
    # Sorted by the review's status, the page is taken from the reviews alone and only its
    # rows are joined to their companies: joined first, PostgreSQL read every company.
    join_page(assigned, "partnership__company", "partnership__municipality")
    reviews, reviews_query = paginate(
        request,
        selectors.other_reviews(user)
        .select_related("partnership__company", "partnership__municipality")
        .order_by("-created_at", "-id"),
        REVIEWS_PER_PAGE,
    )
    context = {
        "assigned": assigned,
        "assigned_query": assigned_query,
        "awaiting": list(selectors.partnerships_awaiting_consultant(user)),
        "reviews": reviews,
        "reviews_query": reviews_query,
    }
    return render(request, "screening/review_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assign_consultant(request: HttpRequest, partnership_uuid) -> HttpResponse:
    partnership = get_editable_partnership_for_user(request.user, partnership_uuid)
    form = AssignConsultantForm(
        request.POST or None,
        initial={"consultant": partnership.consultant_id},
        programme=partnership.programme,
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.assign_consultant(
                partnership=partnership,
                consultant=form.cleaned_data["consultant"],
                user=request.user,
            )
        except TransitionRefused as refusal:
            form.add_error(None, refusal.reason)
        else:
            messages.success(request, _("The consultant is assigned to the technical review."))
            return redirect(review.get_absolute_url())
    return render(request, "screening/assign.html", {"form": form, "partnership": partnership})


def _guidelines(review: TechnicalReview) -> dict:
    """The screening guidelines beside the review, and links to both of its guides."""
    partnership = review.partnership
    screening = completeness.screening_guidelines(review)
    return {
        "screening_guide": screening,
        "screening_guide_html": guides.rendered(screening, partnership.municipality)
        if screening
        else "",
        "guide_links": [
            (
                GuideKind(kind).label,
                reverse("partnerships:step_guide", args=[partnership.uuid, kind]),
            )
            for kind in (GuideKind.SCREENING, GuideKind.SCREENING_REPORT)
        ],
    }


def _review_page_context(request, review: TechnicalReview, **extra) -> dict:
    figures = review_figures(review)
    writable = selectors.can_write_review(request.user, review)
    context = {
        "review": review,
        "partnership": review.partnership,
        "figures": figures,
        "editable": writable,
        "focus_area_labels": focus_area_labels(review.focus_areas),
        "end_uses": [
            (label, review.end_use_shares[value])
            for value, label in EndUse.choices
            if review.end_use_shares.get(value)
        ],
        "import_form": MeasureImportForm() if writable else None,
        "issue_form": IssueForm() if writable else None,
        "missing_items": completeness.missing_items(review) if not review.is_issued else [],
        **_guidelines(review),
    }
    context.update(extra)
    return context


@login_required
def review_detail(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_review_for_user(request.user, review_uuid)
    return render(request, "screening/review_detail.html", _review_page_context(request, review))


@login_required
@require_http_methods(["GET", "POST"])
def review_edit(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    agreement = review.partnership.signed_agreement
    areas = list(agreement.focus_areas) if agreement else list(review.partnership.focus_areas)
    form = ReviewForm(request.POST or None, instance=review, agreement_areas=areas)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_review(review=review, **form.cleaned_data)
        except ValidationError as error:
            add_model_errors(form, error)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.reason)
        else:
            messages.success(request, _("The review is saved."))
            return redirect(review.get_absolute_url())
    return render(
        request,
        "screening/review_form.html",
        {"form": form, "review": review, **_guidelines(review)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def baseline_edit(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    form = BaselineForm(request.POST or None, initial_lines=list(review.baseline.all()))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_baseline(review=review, lines=form.lines())
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The baseline is saved."))
            return redirect(review.get_absolute_url())
    return render(request, "screening/baseline_form.html", {"form": form, "review": review})


@login_required
@require_POST
def baseline_from_records(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    if review.baseline_start is None or review.baseline_end is None:
        messages.error(request, _("Give the baseline's 12 months first."))
    elif services.fill_baseline_from_records(review):
        messages.success(request, _("The baseline is filled in from the consumption records."))
    else:
        messages.error(
            request, _("There are no consumption records for the company in those 12 months.")
        )
    return redirect(review.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def end_uses_edit(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    form = EndUseForm(request.POST or None, shares=review.end_use_shares)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_review(review=review, end_use_shares=form.shares())
        except ValidationError as error:
            add_model_errors(form, error)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.reason)
        else:
            messages.success(request, _("The end-use breakdown is saved."))
            return redirect(review.get_absolute_url())
    return render(request, "screening/end_uses_form.html", {"form": form, "review": review})


def _measures_section(request, review, form=None, status=200) -> HttpResponse:
    context = _review_page_context(request, review, measure_form=form)
    return render(request, "screening/_measures_section.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    return _measure_form(request, review, MeasureForm(request.POST or None))


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, review_uuid, measure_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    measure = selectors.get_measure(review, measure_uuid)
    return _measure_form(request, review, MeasureForm(request.POST or None, instance=measure))


def _measure_form(request, review: TechnicalReview, form: MeasureForm) -> HttpResponse:
    """Row by row with htmx: the form and the table are one partial that the full page
    renders too; without JavaScript the same form works as a page of its own."""
    if request.method == "POST" and form.is_valid():
        try:
            services.save_measure(review=review, measure=form.instance)
        except ValidationError as error:
            add_model_errors(form, error)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.reason)
        else:
            if request.htmx:
                return _measures_section(request, review)
            messages.success(request, _("The measure is saved."))
            return redirect(review.get_absolute_url() + "#measures")
    if request.htmx:
        return _measures_section(request, review, form)
    return render(request, "screening/measure_form.html", {"form": form, "review": review})


@login_required
@require_POST
def measure_delete(request: HttpRequest, review_uuid, measure_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    services.delete_measure(selectors.get_measure(review, measure_uuid))
    if request.htmx:
        return _measures_section(request, review)
    messages.success(request, _("The measure is deleted."))
    return redirect(review.get_absolute_url() + "#measures")


@login_required
def measure_template(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="measures-template-{review.uuid}.xlsx"'
    return response


@login_required
@require_POST
def measure_import(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    form = MeasureImportForm(request.POST, request.FILES)
    report = None
    if form.is_valid():
        report = import_measures(review, form.cleaned_data["file"])
        if report.ok:
            messages.success(
                request, _("%(count)d measures imported.") % {"count": report.imported}
            )
            return redirect(review.get_absolute_url() + "#measures")
    context = _review_page_context(request, review, import_form=form, import_report=report)
    return render(request, "screening/review_detail.html", context, status=400)


@login_required
@require_POST
def issue(request: HttpRequest, review_uuid) -> HttpResponse:
    review = selectors.get_writable_review_for_user(request.user, review_uuid)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.issue_review(review=review, user=request.user)
        except TransitionRefused as refusal:
            form.add_error(None, refusal.reason)
        else:
            messages.success(request, _("The review is issued and the screening report made."))
            return redirect(review.get_absolute_url())
    context = _review_page_context(request, review, issue_form=form)
    return render(request, "screening/review_detail.html", context, status=400)


@login_required
def report_pdf(request: HttpRequest, review_uuid) -> FileResponse:
    review = selectors.get_review_for_user(request.user, review_uuid)
    if not review.report_pdf:
        raise Http404
    return FileResponse(
        review.report_pdf.open("rb"),
        content_type="application/pdf",
        filename=f"screeningsrapport-{review.partnership.company.cvr}.pdf",
    )
