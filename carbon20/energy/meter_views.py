"""Pages of meter data: import of a file from eloverblik.dk and the record of a power of
attorney. What the company has connected is shown on the company page (``meter_tags``)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carbon20.energy import meter_imports, meter_services, selectors
from carbon20.energy.meter_forms import MeterFileForm, PowerOfAttorneyForm


def _company_page(company) -> HttpResponse:
    url = reverse("organisations:company_detail", args=[company.uuid])
    return redirect(f"{url}#connected-data-heading")


@login_required
@require_http_methods(["GET", "POST"])
def meter_import(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_consumption_entry(request.user, company_uuid)
    form = MeterFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = meter_imports.import_meter_file(company=company, upload=form.cleaned_data["file"])
        if report.ok:
            messages.success(
                request,
                _("%(count)d rows of meter data were imported.") % {"count": report.imported},
            )
            return _company_page(company)
    return render(
        request, "energy/meter_import.html", {"company": company, "form": form, "report": report}
    )


@login_required
@require_http_methods(["GET", "POST"])
def power_of_attorney_add(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_consumption_entry(request.user, company_uuid)
    form = PowerOfAttorneyForm(request.POST or None, company=company)
    if request.method == "POST" and form.is_valid():
        try:
            meter_services.record_power_of_attorney(
                company=company, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            for field, field_messages in error.message_dict.items():
                form.add_error(field if field in form.fields else None, field_messages)
        else:
            messages.success(request, _("The power of attorney is recorded."))
            return _company_page(company)
    return render(request, "energy/power_of_attorney_form.html", {"company": company, "form": form})
