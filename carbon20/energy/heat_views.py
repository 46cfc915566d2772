"""Pages of the district heating table (coordinators keep it, everyone with a role reads it)
and of a site's supplier (chosen by those who enter the company's consumption)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from carbon20.core import tenancy
from carbon20.core.forms import add_model_errors
from carbon20.energy import heat_selectors, heat_services
from carbon20.energy.heat_forms import HeatDeclarationForm, HeatSupplierForm, SiteHeatSupplyForm


@login_required
@require_GET
def heat_supplier_list(request: HttpRequest) -> HttpResponse:
    if not tenancy.has_any_role(request.user):
        raise Http404
    suppliers = list(heat_selectors.heat_suppliers_for_user(request.user))
    in_force = heat_selectors.in_force([supplier.pk for supplier in suppliers])
    context = {
        "rows": [
            (supplier, _newest_first(in_force.get(supplier.pk, {}))) for supplier in suppliers
        ],
        "can_manage": tenancy.may_manage_factor_sets(request.user),
    }
    return render(request, "energy/heat_supplier_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def heat_supplier_create(request: HttpRequest) -> HttpResponse:
    heat_selectors.require_table_keeper(request.user)
    form = HeatSupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = heat_services.create_supplier(**form.cleaned_data)
        except ValidationError as error:
            add_model_errors(form, error)
        else:
            messages.success(request, _("%(name)s is added.") % {"name": supplier.name})
            return redirect(supplier)
    return render(request, "energy/heat_supplier_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def heat_supplier_detail(request: HttpRequest, supplier_uuid) -> HttpResponse:
    supplier = heat_selectors.get_heat_supplier_for_user(request.user, supplier_uuid)
    can_manage = tenancy.may_manage_factor_sets(request.user)
    form = HeatDeclarationForm(request.POST or None, request.FILES or None) if can_manage else None
    if request.method == "POST":
        heat_selectors.require_table_keeper(request.user)
        if form is not None and form.is_valid():
            try:
                declaration = heat_services.add_declaration(
                    supplier=supplier, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_model_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Version %(version)d of %(year)d is saved as a draft.")
                    % {"version": declaration.version, "year": declaration.year},
                )
                return redirect(supplier)
    in_force = heat_selectors.in_force([supplier.pk]).get(supplier.pk, {})
    declarations = list(heat_selectors.declarations_of(supplier))
    for declaration in declarations:
        shown = in_force.get(declaration.year)
        declaration.in_force = shown is not None and shown.version == declaration.version
    context = {
        "supplier": supplier,
        "declarations": declarations,
        "form": form,
        "can_manage": can_manage,
    }
    return render(request, "energy/heat_supplier_detail.html", context)


@login_required
@require_POST
def heat_declaration_publish(request: HttpRequest, declaration_uuid) -> HttpResponse:
    declaration = heat_selectors.get_declaration_for_keeper(request.user, declaration_uuid)
    heat_services.publish_declaration(declaration=declaration)
    messages.success(
        request,
        _("Version %(version)d of %(year)d is published and in force.")
        % {"version": declaration.version, "year": declaration.year},
    )
    return redirect(declaration.supplier)


@login_required
@require_http_methods(["GET", "POST"])
def site_heat_supply(request: HttpRequest, site_uuid) -> HttpResponse:
    site = heat_selectors.get_site_for_heat_supply(request.user, site_uuid)
    current = getattr(site, "heat_supply", None)
    suppliers = heat_selectors.heat_suppliers_for_user(request.user)
    form = SiteHeatSupplyForm(
        request.POST or None,
        suppliers=suppliers,
        initial={"supplier": current.supplier_id if current else None},
    )
    if request.method == "POST" and form.is_valid():
        heat_services.choose_site_supplier(
            site=site, supplier=form.cleaned_data["supplier"], user=request.user
        )
        messages.success(request, _("The site's district heating supplier is saved."))
        return redirect("energy:site_heat_supply", site_uuid=site.uuid)
    in_force = heat_selectors.in_force([current.supplier_id]) if current else {}
    context = {
        "site": site,
        "form": form,
        "current": current,
        "declarations": _newest_first(in_force.get(current.supplier_id, {}) if current else {}),
    }
    return render(request, "energy/site_heat_supply.html", context)


def _newest_first(by_year: dict) -> list:
    return [by_year[year] for year in sorted(by_year, reverse=True)]
