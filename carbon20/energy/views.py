from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbon20.core import tenancy
from carbon20.core.forms import add_model_errors
from carbon20.core.imports import ImportFileForm
from carbon20.energy import heat_selectors, imports, selectors, services
from carbon20.energy.calc.carriers import canonical_unit
from carbon20.energy.calc.units import all_conversions
from carbon20.energy.forms import (
    ConsumptionRecordForm,
    DegreeDayImportForm,
    EmissionFactorForm,
    FactorSetCopyForm,
    FactorSetImportForm,
    ProductionRecordForm,
    SummaryForm,
    WeatherImportForm,
    WeatherSeriesForm,
)
from carbon20.energy.models import Carrier, EmissionFactor, Unit

RECORDS_PER_PAGE = 50
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_role(user) -> None:
    if not selectors.has_any_role(user):
        raise Http404


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Consumption --------------------------------------------------------------------------


@login_required
@require_GET
def company_list(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    companies = selectors.companies_with_consumption(request.user)
    page = Paginator(companies, 25).get_page(request.GET.get("page"))
    page.object_list = selectors.count_records(page.object_list)
    return render(request, "energy/company_list.html", {"page": page})


def _year_summary(request: HttpRequest, company, records_exist: bool) -> dict:
    factor_sets = selectors.factor_sets_for_user(request.user).filter(is_published=True)
    # Paging through the records alone must not count as a (then incomplete) choice.
    form = SummaryForm(
        request.GET if "factor_set" in request.GET else None,
        factor_sets=factor_sets.order_by("-year", "name"),
        series_names=selectors.degree_day_series_names(),
    )
    summary: dict = {"summary_form": form}
    if not records_exist:
        return summary
    pinned = selectors.pinned_factor_set_for_company(company)
    chosen = None
    series = None
    baseline_year = None
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["factor_set"]
        series = form.cleaned_data["degree_day_series"] or None
        baseline_year = form.cleaned_data["baseline_year"]
    elif not form.is_bound:
        chosen = pinned or factor_sets.order_by("-year", "name").first()
        form.initial["factor_set"] = chosen
    if chosen is None:
        return summary
    years = selectors.consumption_years(company)
    try:
        # The chosen set's year stands for the pinned year of district heating declarations.
        heat = heat_selectors.heat_basis(company, chosen.year)
        results = selectors.results_for_years(
            company,
            years,
            chosen,
            degree_day_series=series if baseline_year else None,
            baseline_year=baseline_year if series else None,
            heat=heat,
        )
    except ValidationError as error:
        summary["summary_error"] = " ".join(error.messages)
        return summary
    summary.update(
        {
            "chosen_set": chosen,
            "pinned_set": pinned,
            "results": results,
            "corrected_to": baseline_year if series else None,
            "carriers": [
                (Carrier(code), Carrier(code).label)
                for code in Carrier.values
                if any(code in row.pinned.quantities for row in results.rows)
            ],
            "heat_label": heat.describe(results.heat_pinned)
            if results.heat_pinned
            and any(Carrier.DISTRICT_HEATING in row.pinned.quantities for row in results.rows)
            else "",
            "not_counted": [
                Carrier(code).label
                for code in Carrier.values
                if any(code in row.pinned.emissions.without_factor for row in results.rows)
            ],
        }
    )
    return summary


@login_required
@require_GET
def consumption_list(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_consumption(request.user, company_uuid)
    records = selectors.consumption_for_company(company)
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "company": company,
        "page": page,
        "querystring": querystring.urlencode(),
        "can_write": selectors.can_write_consumption(request.user, company),
        "heat_sites": heat_selectors.company_sites_with_supply(company),
        **_year_summary(request, company, bool(page.object_list)),
    }
    return render(request, "energy/consumption_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consumption_add(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_consumption_entry(request.user, company_uuid)
    form = ConsumptionRecordForm(request.POST or None, request.FILES or None, company=company)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_consumption(
                company=company,
                user=request.user,
                site=data.get("site"),
                carrier=data["carrier"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                quantity=data["quantity"],
                unit=data["unit"],
                source=data["source"],
                heated_share_percent=data.get("heated_share_percent"),
                evidence=data.get("evidence"),
                note=data.get("note", ""),
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The consumption was saved."))
            return redirect("energy:consumption_list", company_uuid=company.uuid)
    return render(request, "energy/consumption_form.html", {"company": company, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def consumption_import(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_consumption_entry(request.user, company_uuid)
    form = ImportFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.import_consumption(company, form.cleaned_data["file"], request.user)
        if report.unchanged:
            messages.info(
                request, _("Every row of the file is already imported; nothing was changed.")
            )
            return redirect("energy:consumption_list", company_uuid=company.uuid)
        if report.ok:
            messages.success(
                request,
                _("%(count)d consumption records were imported.") % {"count": report.imported},
            )
            return redirect("energy:consumption_list", company_uuid=company.uuid)
    return render(
        request,
        "energy/consumption_import.html",
        {"company": company, "form": form, "report": report},
    )


@login_required
@require_GET
def consumption_template(request: HttpRequest, file_format: str) -> HttpResponse:
    _require_role(request.user)
    if file_format == "xlsx":
        return _download(imports.consumption_template_xlsx(), "forbrug-skabelon.xlsx", XLSX_TYPE)
    return _download(
        imports.consumption_template_csv(), "forbrug-skabelon.csv", "text/csv; charset=utf-8"
    )


@login_required
@require_GET
def consumption_evidence(request: HttpRequest, record_uuid) -> FileResponse:
    record = selectors.get_consumption_record_for_user(request.user, record_uuid)
    if not record.evidence:
        raise Http404
    filename = record.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(record.evidence.open("rb"), as_attachment=True, filename=filename)


# --- Factor sets --------------------------------------------------------------------------


@login_required
@require_GET
def factor_set_list(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    factor_sets = list(selectors.factor_sets_with_counts(request.user))
    pinned = selectors.pinned_ids_among(factor_sets)
    conversions = [
        (
            Carrier(conversion.carrier).label,
            Unit(conversion.unit).label,
            conversion.canonical_per_unit.quantize(Decimal("0.000001")).normalize(),
            Unit(canonical_unit(conversion.carrier)).label,
            conversion.source,
        )
        for conversion in all_conversions()
    ]
    context = {
        "factor_sets": factor_sets,
        "conversions": conversions,
        "pinned_ids": pinned,
        "can_manage": selectors.can_manage_factor_sets(request.user),
    }
    return render(request, "energy/factor_set_list.html", context)


@login_required
@require_GET
def factor_set_detail(request: HttpRequest, factor_set_uuid) -> HttpResponse:
    factor_set = selectors.get_factor_set_for_user(request.user, factor_set_uuid)
    can_edit = tenancy.may_edit_factor_set(request.user, factor_set)
    is_pinned = factor_set.is_pinned
    factors = list(factor_set.factors.order_by("carrier"))
    present = {factor.carrier for factor in factors}
    context = {
        "factor_set": factor_set,
        "factors": factors,
        "missing_carriers": [label for code, label in Carrier.choices if code not in present],
        "is_pinned": is_pinned,
        "can_edit": can_edit and not is_pinned,
        "can_copy": selectors.can_manage_factor_sets(request.user),
    }
    return render(request, "energy/factor_set_detail.html", context)


def _managed_programmes(request: HttpRequest):
    if not selectors.can_manage_factor_sets(request.user):
        raise Http404
    return selectors.programmes_managed_by(request.user)


@login_required
@require_http_methods(["GET", "POST"])
def factor_set_import(request: HttpRequest) -> HttpResponse:
    programmes = _managed_programmes(request)
    form = FactorSetImportForm(
        request.POST or None,
        request.FILES or None,
        programmes=programmes,
        allow_reference=tenancy.may_keep_reference_factor_sets(request.user),
    )
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        factor_set, report = imports.import_factor_set(
            user=request.user,
            programme=data.get("programme"),
            name=data["name"],
            year=data["year"],
            method=data["method"],
            source_url=data["source_url"],
            reliability=data["reliability"],
            reliability_note=data["reliability_note"],
            upload=data["file"],
        )
        if factor_set is not None:
            messages.success(
                request,
                _("The set was imported as a draft with %(count)d factors. Check and publish it.")
                % {"count": report.imported},
            )
            return redirect(factor_set.get_absolute_url())
    return render(request, "energy/factor_set_import.html", {"form": form, "report": report})


@login_required
@require_GET
def factor_template(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    return _download(
        imports.factor_template_csv(), "emissionsfaktorer-skabelon.csv", "text/csv; charset=utf-8"
    )


@login_required
@require_POST
def factor_set_publish(request: HttpRequest, factor_set_uuid) -> HttpResponse:
    factor_set = selectors.get_editable_factor_set_for_user(request.user, factor_set_uuid)
    try:
        services.publish_factor_set(factor_set=factor_set)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The set was published."))
    return redirect(factor_set.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def factor_set_copy(request: HttpRequest, factor_set_uuid) -> HttpResponse:
    source = selectors.get_factor_set_for_user(request.user, factor_set_uuid)
    programmes = _managed_programmes(request)
    form = FactorSetCopyForm(
        request.POST or None,
        programmes=programmes,
        allow_reference=tenancy.may_keep_reference_factor_sets(request.user),
        initial={"name": source.name, "year": source.year + 1},
    )
    if request.method == "POST" and form.is_valid():
        copy = services.copy_factor_set(
            factor_set=source,
            user=request.user,
            programme=form.cleaned_data.get("programme"),
            name=form.cleaned_data["name"],
            year=form.cleaned_data["year"],
        )
        messages.success(request, _("A draft copy was made. Change its factors and publish it."))
        return redirect(copy.get_absolute_url())
    return render(request, "energy/factor_set_copy.html", {"form": form, "source": source})


@login_required
@require_http_methods(["GET", "POST"])
def factor_edit(request: HttpRequest, factor_set_uuid, carrier: str | None = None) -> HttpResponse:
    factor_set = selectors.get_editable_factor_set_for_user(request.user, factor_set_uuid)
    instance = None
    if carrier is not None:
        try:
            instance = factor_set.factors.get(carrier=carrier)
        except EmissionFactor.DoesNotExist as exc:
            raise Http404 from exc
    form = EmissionFactorForm(request.POST or None, instance=instance)
    if instance is not None:
        form.fields["carrier"].disabled = True
    if factor_set.is_pinned:
        form.add_error(None, services.FactorSetLockedError(factor_set).messages[0])
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_factor(
                factor_set=factor_set,
                carrier=data["carrier"],
                kg_co2e_per_unit=data["kg_co2e_per_unit"],
                scope=data["scope"],
                source=data["source"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The factor was saved."))
            return redirect(factor_set.get_absolute_url())
    return render(
        request,
        "energy/factor_form.html",
        {"form": form, "factor_set": factor_set, "factor": instance},
    )


# --- Degree days --------------------------------------------------------------------------


@login_required
@require_GET
def degree_day_list(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    context = {
        "rows": selectors.degree_day_rows(selectors.degree_day_years_for_user(request.user)),
        "can_import": selectors.can_import_degree_days(request.user),
    }
    return render(request, "energy/degree_day_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def degree_day_import(request: HttpRequest) -> HttpResponse:
    if not selectors.can_import_degree_days(request.user):
        raise Http404
    form = DegreeDayImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        report = imports.import_degree_days(
            series=data["series"],
            source_url=data["source_url"],
            note=data["note"],
            upload=data["file"],
        )
        if report.ok:
            messages.success(
                request,
                _("%(count)d monthly values were imported.") % {"count": report.imported},
            )
            return redirect(reverse("energy:degree_day_list"))
    return render(request, "energy/degree_day_import.html", {"form": form, "report": report})


@login_required
@require_GET
def degree_day_template(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    return _download(
        imports.degree_day_template_csv(), "graddage-skabelon.csv", "text/csv; charset=utf-8"
    )


# --- Weather ------------------------------------------------------------------------------


def _require_weather_reader(user) -> None:
    if not selectors.can_read_weather(user):
        raise Http404


@login_required
@require_GET
def weather_list(request: HttpRequest) -> HttpResponse:
    _require_weather_reader(request.user)
    series = list(selectors.weather_series_for_user(request.user))
    coverage = selectors.weather_coverage(series)
    context = {
        "rows": [(item, coverage[item.pk]) for item in series],
        "can_keep": selectors.can_keep_weather(request.user),
        "dmi_connected": bool(settings.DMI_API_KEY),
        "form": WeatherSeriesForm() if selectors.can_keep_weather(request.user) else None,
    }
    return render(request, "energy/weather_list.html", context)


@login_required
@require_POST
def weather_series_add(request: HttpRequest) -> HttpResponse:
    if not selectors.can_keep_weather(request.user):
        raise Http404
    form = WeatherSeriesForm(request.POST)
    if form.is_valid():
        try:
            services.create_weather_series(**form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The weather series was added."))
    else:
        for field_errors in form.errors.values():
            for message in field_errors:
                messages.error(request, message)
    return redirect("energy:weather_list")


@login_required
@require_http_methods(["GET", "POST"])
def weather_import(request: HttpRequest, series_uuid) -> HttpResponse:
    series = selectors.get_weather_series_for_user(request.user, series_uuid)
    if not selectors.can_keep_weather(request.user):
        raise Http404
    form = WeatherImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.name.lower().endswith((".json", ".geojson")):
            report = imports.import_dmi_answer(series=series, upload=upload)
        else:
            report = imports.import_weather(series=series, upload=upload)
        if report.ok:
            messages.success(
                request, _("%(count)d values were imported.") % {"count": report.imported}
            )
            return redirect("energy:weather_list")
    return render(
        request, "energy/weather_import.html", {"series": series, "form": form, "report": report}
    )


@login_required
@require_GET
def weather_template(request: HttpRequest) -> HttpResponse:
    _require_weather_reader(request.user)
    return _download(
        imports.weather_template_csv(), "temperaturer-skabelon.csv", "text/csv; charset=utf-8"
    )


# --- Production ---------------------------------------------------------------------------


@login_required
@require_GET
def production_list(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_consumption(request.user, company_uuid)
    records = selectors.production_for_company(company)
    page = Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "company": company,
        "page": page,
        "querystring": "",
        "can_write": selectors.can_write_consumption(request.user, company),
        "required_unit": selectors.production_unit_for_company(company),
    }
    return render(request, "energy/production_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def production_add(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_consumption_entry(request.user, company_uuid)
    required_unit = selectors.production_unit_for_company(company)
    form = ProductionRecordForm(
        request.POST or None, request.FILES or None, company=company, required_unit=required_unit
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_production(
                company=company,
                user=request.user,
                site=data.get("site"),
                period_start=data["period_start"],
                period_end=data["period_end"],
                quantity=data["quantity"],
                unit=data["unit"],
                product=data["product"],
                required_unit=required_unit,
                evidence=data.get("evidence"),
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The production was saved."))
            return redirect("energy:production_list", company_uuid=company.uuid)
    return render(request, "energy/production_form.html", {"company": company, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def production_import(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_consumption_entry(request.user, company_uuid)
    form = ImportFileForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.import_production(
            company,
            form.cleaned_data["file"],
            request.user,
            required_unit=selectors.production_unit_for_company(company),
        )
        if report.ok:
            messages.success(
                request,
                _("%(count)d production records were imported.") % {"count": report.imported},
            )
            return redirect("energy:production_list", company_uuid=company.uuid)
    return render(
        request,
        "energy/production_import.html",
        {"company": company, "form": form, "report": report},
    )


@login_required
@require_GET
def production_template(request: HttpRequest) -> HttpResponse:
    _require_role(request.user)
    return _download(
        imports.production_template_csv(), "produktion-skabelon.csv", "text/csv; charset=utf-8"
    )
