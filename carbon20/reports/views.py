from itertools import chain

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from carbon20.reports import dashboard as dashboards
from carbon20.reports import exports
from carbon20.reports.forms import DashboardFilterForm
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


def _dashboard_for(request: HttpRequest, slug: str):
    """The programme, filter form and dashboard the request asks for. A municipality the
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
    return programme, form, filters, dashboards.build_for(request.user, programme, filters)


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    programme, form, filters, data = _dashboard_for(request, slug)
    return render(
        request,
        "reports/dashboard.html",
        {
            "programme": programme,
            "form": form,
            "filters": filters,
            "dashboard": data,
            "query": request.GET.urlencode(),
        },
    )


def _filename(programme, extension: str) -> str:
    return f"carbon20-{programme.slug}-{timezone.localdate():%Y-%m-%d}.{extension}"


@login_required
def export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _form, _filters, data = _dashboard_for(request, slug)
    # Streamed line by line; the BOM first lets Excel open the Danish letters correctly.
    response = StreamingHttpResponse(
        chain(["\ufeff"], exports.csv_lines(data)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(programme, "csv")}"'
    return response


@login_required
def export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _form, _filters, data = _dashboard_for(request, slug)
    response = HttpResponse(
        exports.as_xlsx(data),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(programme, "xlsx")}"'
    return response


@login_required
def report_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    programme, _form, filters, data = _dashboard_for(request, slug)
    pdf = exports.as_pdf(
        data,
        {
            "programme": programme,
            "filters": filters,
            "generated": timezone.now(),
            "title": _("Programme report"),
        },
        base_url=request.build_absolute_uri("/"),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(programme, "pdf")}"'
    return response
