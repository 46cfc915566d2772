from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carbon20.core import tenancy
from carbon20.core.forms import add_model_errors
from carbon20.core.validators import normalise_cvr
from carbon20.organisations import selectors, services
from carbon20.organisations.forms import (
    AdoptCompanyForm,
    CompanyCreateForm,
    CompanyForm,
    CompanySearchForm,
    ContactPersonForm,
    ProgrammeForm,
    SiteForm,
)

COMPANIES_PER_PAGE = 25


def _require_company_manager(user) -> None:
    if not tenancy.may_manage_companies(user):
        raise Http404


@login_required
def company_list(request: HttpRequest) -> HttpResponse:
    _require_company_manager(request.user)
    municipalities = selectors.municipalities_for_user(request.user)
    form = CompanySearchForm(request.GET or None, municipalities=municipalities)
    companies = selectors.companies_for_user(request.user).select_related("municipality")
    if form.is_valid():
        query = form.normalised_query
        if query:
            companies = companies.filter(Q(name__icontains=query) | Q(cvr__startswith=query))
        if form.cleaned_data.get("municipality"):
            companies = companies.filter(
                portfolioentry__municipality=form.cleaned_data["municipality"]
            )
    page = Paginator(companies.order_by("name", "cvr"), COMPANIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {"form": form, "page": page, "querystring": querystring.urlencode()}
    template = (
        "organisations/_company_table.html" if request.htmx else "organisations/company_list.html"
    )
    return render(request, template, context)


@login_required
def company_detail(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_company_for_user(request.user, company_uuid)
    can_edit = tenancy.may_manage_companies(request.user)
    can_edit_register = tenancy.may_edit_register_data(request.user, company)
    contact_municipality_ids = (
        set(
            selectors.contact_municipalities_for_user(request.user, company).values_list(
                "id", flat=True
            )
        )
        if can_edit
        else set()
    )
    context = {
        "company": company,
        "sites": selectors.sites_for_company(company),
        "contacts": selectors.contacts_for_user(request.user, company),
        "portfolio": company.portfolio_municipalities.filter(
            tenancy.municipality_reach(tenancy.roles_of(request.user))
        ),
        "can_edit": can_edit,
        "can_edit_register": can_edit_register,
        "contact_municipality_ids": contact_municipality_ids,
    }
    return render(request, "organisations/company_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def company_create(request: HttpRequest) -> HttpResponse:
    _require_company_manager(request.user)
    municipalities = selectors.editable_municipalities_for_user(request.user)
    if request.method == "POST" and "adopt" in request.POST:
        return _adopt_company(request, municipalities)
    form = CompanyCreateForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST":
        existing = selectors.find_company_by_cvr(normalise_cvr(request.POST.get("cvr", "")))
        if existing is not None:
            return _existing_company(request, existing, municipalities)
        if form.is_valid():
            fields = {k: v for k, v in form.cleaned_data.items() if k != "portfolio_municipality"}
            try:
                company = services.create_company(
                    portfolio_municipality=form.cleaned_data["portfolio_municipality"],
                    user=request.user,
                    **fields,
                )
            except ValidationError as error:
                add_model_errors(form, error)
            else:
                messages.success(request, _("%(name)s is added.") % {"name": company.name})
                return redirect(company)
    return render(request, "organisations/company_form.html", {"form": form, "creating": True})


def _existing_company(request, company, municipalities) -> HttpResponse:
    if selectors.companies_for_user(request.user).filter(pk=company.pk).exists():
        messages.info(
            request,
            _("A company with CVR %(cvr)s is already registered. Here it is.")
            % {"cvr": company.cvr},
        )
        return redirect(company)
    form = AdoptCompanyForm(
        initial={"company": company.uuid, "cvr": company.cvr}, municipalities=municipalities
    )
    return render(
        request, "organisations/company_existing.html", {"company": company, "form": form}
    )


def _adopt_company(request, municipalities) -> HttpResponse:
    form = AdoptCompanyForm(request.POST, municipalities=municipalities)
    if not form.is_valid():
        raise Http404
    try:
        company = services.adopt_company(
            cvr=form.cleaned_data["cvr"],
            company_uuid=form.cleaned_data["company"],
            municipality=form.cleaned_data["portfolio_municipality"],
            user=request.user,
        )
    except ValidationError as error:
        # The CVR typed and the company offered for it disagree: a tampered form.
        raise Http404 from error
    messages.success(
        request,
        _("%(name)s is now in the portfolio of %(municipality)s.")
        % {"name": company.name, "municipality": form.cleaned_data["portfolio_municipality"].name},
    )
    return redirect(company)


@login_required
@require_http_methods(["GET", "POST"])
def company_edit(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_register_editable_company_for_user(request.user, company_uuid)
    form = CompanyForm(request.POST or None, instance=company)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k != "cvr"}
        try:
            services.update_company(company=company, **changes)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(company)
    return render(request, "organisations/company_form.html", {"form": form, "company": company})


@login_required
@require_http_methods(["GET", "POST"])
def site_create(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_register_editable_company_for_user(request.user, company_uuid)
    form = SiteForm(request.POST or None, initial={"municipality": company.municipality_id})
    if request.method == "POST" and form.is_valid():
        try:
            site = services.add_site(company=company, **form.cleaned_data)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(
                request, _("The site with P-number %(p)s is added.") % {"p": site.p_number}
            )
            return redirect(company)
    return render(
        request, "organisations/site_form.html", {"form": form, "company": company, "site": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def site_edit(request: HttpRequest, company_uuid, site_uuid) -> HttpResponse:
    company = selectors.get_register_editable_company_for_user(request.user, company_uuid)
    site = selectors.get_site_for_company(company, site_uuid)
    form = SiteForm(request.POST or None, instance=site)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_site(site=site, **form.cleaned_data)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect(company)
    return render(
        request, "organisations/site_form.html", {"form": form, "company": company, "site": site}
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_create(request: HttpRequest, company_uuid) -> HttpResponse:
    company = selectors.get_editable_company_for_user(request.user, company_uuid)
    municipalities = selectors.contact_municipalities_for_user(request.user, company)
    if not municipalities.exists():
        # Only a municipality with the company in its portfolio records its contacts.
        raise Http404
    form = ContactPersonForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "municipality"}
        try:
            contact = services.record_contact(
                company=company, municipality=form.cleaned_data["municipality"], **fields
            )
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": contact.name})
            return redirect(company)
    return render(
        request,
        "organisations/contact_form.html",
        {"form": form, "company": company, "contact": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, company_uuid, contact_uuid) -> HttpResponse:
    company = selectors.get_editable_company_for_user(request.user, company_uuid)
    contact = selectors.get_editable_contact_for_user(request.user, company, contact_uuid)
    form = ContactPersonForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes are saved."))
        return redirect(company)
    return render(
        request,
        "organisations/contact_form.html",
        {"form": form, "company": company, "contact": contact},
    )


@login_required
def municipality_list(request: HttpRequest) -> HttpResponse:
    municipalities = selectors.municipalities_for_user(request.user)
    if not municipalities.exists():
        raise Http404
    return render(
        request, "organisations/municipality_list.html", {"municipalities": municipalities}
    )


@login_required
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = selectors.get_municipality_for_user(request.user, slug)
    context = {
        "municipality": municipality,
        "programmes": municipality.programmes.all(),
        "company_count": municipality.portfolio_companies.count(),
        "officers": municipality.membership_set.filter(role="officer").select_related("user"),
    }
    return render(request, "organisations/municipality_detail.html", context)


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = selectors.programmes_for_user(request.user).annotate(
        municipality_count=Count("municipalities", distinct=True)
    )
    if not programmes.exists():
        raise Http404
    return render(request, "organisations/programme_list.html", {"programmes": programmes})


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.get_programme_for_user(request.user, slug)
    context = {
        "programme": programme,
        "municipalities": programme.municipalities.all(),
        "partners": programme.partners.all(),
        "can_edit": tenancy.may_edit_programme(request.user, programme),
    }
    return render(request, "organisations/programme_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.get_editable_programme_for_user(request.user, slug)
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes are saved."))
        return redirect(programme)
    return render(
        request, "organisations/programme_form.html", {"form": form, "programme": programme}
    )
