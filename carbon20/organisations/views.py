from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from carbon20.core import tenancy
from carbon20.core.access_log import record_access
from carbon20.core.forms import add_model_errors
from carbon20.core.validators import normalise_cvr, validate_cvr
from carbon20.integrations import cvr
from carbon20.organisations import register, selectors, services
from carbon20.organisations.forms import (
    AdoptCompanyForm,
    CompanyCreateForm,
    CompanyForm,
    CompanySearchForm,
    ContactPersonForm,
    ProgrammeForm,
    SiteForm,
)
from carbon20.organisations.models import Company, Municipality

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
    contacts = list(selectors.contacts_for_user(request.user, company))
    record_access(instances=contacts, actor=request.user, purpose="company page")
    can_edit_register = tenancy.may_edit_register_data(request.user, company)
    roles = tenancy.roles_of(request.user)
    portfolio = list(company.portfolio_municipalities.filter(tenancy.municipality_reach(roles)))
    # Where the user may record a contact (`selectors.contact_municipalities_for_user`): of
    # the portfolio's municipalities the user reads, those they edit in.
    contact_municipality_ids = (
        {m.id for m in portfolio if tenancy.in_municipality_edit_reach(roles, m.id)}
        if can_edit
        else set()
    )
    context = {
        "company": company,
        "sites": selectors.sites_for_company(company),
        "contacts": contacts,
        "portfolio": portfolio,
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
    connected = cvr.is_configured()
    if request.method == "GET":
        form = CompanyCreateForm(municipalities=municipalities, register_connected=connected)
        return _company_form_page(request, form, connected)
    existing = selectors.find_company_by_cvr(normalise_cvr(request.POST.get("cvr", "")))
    if existing is not None:
        return _existing_company(request, existing, municipalities)
    # The register is asked when the CVR number is entered (htmx), or when a form with only
    # the CVR number is sent without JavaScript: the answer fills the form, nothing is saved.
    if connected and (request.POST.get("lookup") or not request.POST.get("name")):
        return _company_lookup(request, municipalities)
    lookup, problem = _register_answer(request.POST.get("cvr", "")) if connected else (None, "")
    form = CompanyCreateForm(
        request.POST,
        municipalities=municipalities,
        register_connected=connected,
        units=lookup.units if lookup else (),
    )
    if lookup is not None and lookup.record.ceased:
        form.add_error("cvr", register.ceased_message(lookup.record))
    elif isinstance(problem, cvr.CvrNotFound):
        form.add_error("cvr", register.error_message(problem, normalise_cvr(request.POST["cvr"])))
    if form.is_valid():
        company = _create_company(request, form, lookup)
        if company is not None:
            return redirect(company)
    # The P-units stay offered beside the errors, so that a choice is not lost.
    shown = lookup if lookup is not None and not lookup.record.ceased else None
    return _company_form_page(request, form, connected, lookup=shown)


def _company_form_page(request, form, connected, lookup=None) -> HttpResponse:
    context = {"form": form, "creating": True, "register_connected": connected, "lookup": lookup}
    if request.htmx:
        return render(request, "organisations/_company_create_body.html", context)
    return render(request, "organisations/company_form.html", context)


def _register_answer(typed_cvr: str):
    """The register's answer for a CVR number the platform accepts, or the problem."""
    try:
        number = validate_cvr(typed_cvr, allow_demo=settings.DEMO_MODE)
    except ValidationError:
        return None, None
    try:
        return register.look_up(number), None
    except cvr.CvrError as error:
        return None, error


def _company_lookup(request, municipalities) -> HttpResponse:
    lookup, problem = _register_answer(request.POST.get("cvr", ""))
    data = request.POST.copy()
    message = ""
    if lookup is not None and lookup.record.ceased:
        message = register.ceased_message(lookup.record)
    elif lookup is not None:
        for name, value in lookup.fields.items():
            data[name] = value.pk if isinstance(value, Municipality) else value
        data.setlist("p_numbers", [])
    elif problem is not None:
        message = register.error_message(problem, normalise_cvr(data.get("cvr", "")))
    form = CompanyCreateForm(
        data,
        municipalities=municipalities,
        register_connected=True,
        units=lookup.units if lookup and not lookup.record.ceased else (),
    )
    form.show_only_cvr_errors(message)
    shown = lookup if lookup is not None and not lookup.record.ceased else None
    return _company_form_page(request, form, True, lookup=shown)


def _create_company(request, form, lookup) -> "Company | None":
    """Save the company with the register's own flags and the chosen P-units as sites; when
    the register did not answer, as typed (the nightly refresh adds the flags later)."""
    fields = {
        k: v
        for k, v in form.cleaned_data.items()
        if k not in ("portfolio_municipality", "p_numbers")
    }
    sites = []
    if lookup is not None:
        fields.update(vars(lookup.flags), cvr_refreshed_at=timezone.now())
        sites, refused = register.units_as_sites(
            lookup.units, set(form.cleaned_data.get("p_numbers") or [])
        )
        if refused:
            form.add_error(
                "p_numbers",
                _(
                    "These P-units lie outside the Danish municipalities and cannot be a "
                    "site: %(p)s."
                )
                % {"p": ", ".join(refused)},
            )
            return None
    try:
        company = services.create_company(
            portfolio_municipality=form.cleaned_data["portfolio_municipality"],
            user=request.user,
            sites=sites,
            **fields,
        )
    except ValidationError as error:
        add_model_errors(form, error)
        return None
    messages.success(request, _("%(name)s is added.") % {"name": company.name})
    if lookup is None and cvr.is_configured():
        messages.warning(
            request,
            _(
                "The CVR register did not answer, so the company is saved as typed; its register "
                "data will be fetched tonight. Add its P-units on this page."
            ),
        )
    return company


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
