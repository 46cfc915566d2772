from itertools import chain

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from carbon20.core.pagination import paginate
from carbon20.reports import dashboard as dashboards
from carbon20.reports import exports, programme_reports
from carbon20.reports.forms import DashboardFilterForm
from carbon20.reports.models import ProgrammeReport
from carbon20.reports.selectors import (
    dashboard_municipalities,
    dashboard_programmes_for_user,
    get_dashboard_programme_for_user,
)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    programmes = list(dashboard_programmes_for_user(request.user))
    if not programmes:
        raise Http404
    if len(programmes) == 1:
        return redirect("reports:dashboard", programmes[0].slug)
    return render(request, "reports/index.html", {"programmes": programmes})


def _filters_for(request: HttpRequest, slug: str):
    """The programme, filter form and filters the request asks for. A municipality the
    user may not read is not a choice: asking for it answers 404."""
    programme = get_dashboard_programme_for_user(request.user, slug)
    municipalities = list(dashboard_municipalities(request.user, programme))
    years, sectors = dashboards.filter_choices(request.user, programme)
    form = DashboardFilterForm(
        request.GET or None, municipalities=municipalities, years=years, sectors=sectors
    )
    filters = dashboards.Filters()
    if request.GET:
        slug_asked = request.GET.get("municipality")
        if slug_asked and slug_asked not in {m.slug for m in municipalities}:
            raise Http404
        if form.is_valid():
            chosen = form.cleaned_data
            filters = dashboards.Filters(
                municipality=next(
                    (m for m in municipalities if m.slug == chosen["municipality"]), None
                ),
                year=chosen["year"],
                sector=chosen["sector"],
            )
    return programme, form, filters


def _dashboard_for(request: HttpRequest, slug: str):
    """The programme, filter form, filters and (cached) dashboard the request asks for."""
    programme, form, filters = _filters_for(request, slug)
    return programme, form, filters, dashboards.build_for(request.user, programme, filters)


def _results_page(request: HttpRequest, programme, filters, data):
    """One page of the published results (the table has a row per company) and the
    request's other parameters, for the page links and the exports."""
    # The rows are counted already: the paginator pages their positions.
    page, others = paginate(
        request, range(data.table("results").row_count), dashboards.RESULTS_PER_PAGE
    )
    rows = dashboards.results_page(request.user, programme, filters, page.number)
    return page, rows, others


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    programme, form, filters, data = _dashboard_for(request, slug)
    results_page, results_rows, query = _results_page(request, programme, filters, data)
    return render(
        request,
        "reports/dashboard.html",
        {
            "programme": programme,
            "form": form,
            "filters": filters,
            "dashboard": data,
            "results_page": results_page,
            "results_rows": results_rows,
            "query": query,
        },
    )


def _filename(programme, extension: str) -> str:
    return f"carbon20-{programme.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


def _rows_of(request: HttpRequest, programme, filters):
    return dashboards.rows_reader(dashboards.scoped_partnerships(request.user, programme, filters))


@login_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _form, filters, data = _dashboard_for(request, slug)
    # Streamed line by line, the results read in chunks; the BOM first lets Excel open the
    # Danish letters correctly.
    response = StreamingHttpResponse(
        chain(["\ufeff"], exports.csv_lines(data, _rows_of(request, programme, filters))),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(programme, "csv")}"'
    return response


@login_required
def export_xlsx(request: HttpRequest, slug: str) -> FileResponse:
    """Written in the request into a temporary file and streamed from it: the whole
    programme takes a second or two, which a task and a waiting page would only lengthen."""
    programme, _form, filters, data = _dashboard_for(request, slug)
    return FileResponse(
        exports.xlsx_file(data, _rows_of(request, programme, filters)),
        as_attachment=True,
        filename=_filename(programme, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme report of the chosen filters: the file when an identical one is ready,
    else the page that asks for it (it is rendered by a task, never in the request)."""
    programme, form, filters = _filters_for(request, slug)
    ready = programme_reports.ready_report(request.user, programme, filters)
    if ready is not None:
        return _report_file(ready, programme)
    return render(
        request,
        "reports/report_request.html",
        {
            "programme": programme,
            "filters": filters,
            "form": form,
            "preparing": programme_reports.preparing_report(request.user, programme, filters),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_POST
def request_report(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for the programme report of the filters in the query string."""
    programme, _form, filters = _filters_for(request, slug)
    report = programme_reports.request_report(request.user, programme, filters)
    return redirect("reports:programme_report", programme.slug, report.uuid)


def _report_for(request: HttpRequest, slug: str, report_uuid) -> ProgrammeReport:
    """A report of a programme the user has a dashboard of, and of the user's own reach;
    any other answers 404."""
    programme = dashboards.selectors.get_dashboard_programme_for_user(request.user, slug)
    report = get_object_or_404(
        ProgrammeReport.objects.select_related("programme", "municipality"),
        programme=programme,
        uuid=report_uuid,
    )
    if not programme_reports.may_read(request.user, report):
        raise Http404
    return report


@login_required
def programme_report(request: HttpRequest, slug: str, report_uuid) -> HttpResponse:
    """The report's state: being prepared (the page asks again until it is not), ready with
    its download, or failed."""
    report = _report_for(request, slug, report_uuid)
    template = (
        "reports/_report_status.html" if request.htmx else "reports/programme_report_status.html"
    )
    return render(
        request,
        template,
        {
            "programme": report.programme,
            "report": report,
            "Status": ProgrammeReport.Status,
            "download": reverse(
                "reports:programme_report_file", args=[report.programme.slug, report.uuid]
            ),
        },
    )


@login_required
def programme_report_file(request: HttpRequest, slug: str, report_uuid) -> FileResponse:
    report = _report_for(request, slug, report_uuid)
    if report.status != ProgrammeReport.Status.READY or not report.file:
        raise Http404
    return _report_file(report, report.programme)


def _report_file(report: ProgrammeReport, programme) -> FileResponse:
    return FileResponse(
        report.file.open("rb"),
        content_type="application/pdf",
        filename=f"carbon20-{programme.slug}-{report.created_at:%Y-%m-%d}.pdf",
    )
