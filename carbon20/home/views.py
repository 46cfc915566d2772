from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from carbon20.accounts.selectors import get_user_for_admin
from carbon20.core import tenancy
from carbon20.core.access_log import record_access
from carbon20.home import gdpr
from carbon20.organisations.models import ContactPerson
from carbon20.organisations.selectors import (
    companies_for_user,
    get_editable_company_for_user,
    get_editable_contact_for_user,
    municipalities_for_user,
    programmes_for_user,
)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One start page with a section per role the user holds; each says what to do next."""
    roles = request.user.roles
    context = {
        "municipalities": list(
            municipalities_for_user(request.user).filter(tenancy.officer_of(roles))
        ),
        "programmes": list(programmes_for_user(request.user).filter(tenancy.coordinator_of(roles))),
        "company_count": companies_for_user(request.user).count() if roles.manages_companies else 0,
        "own_companies": list(
            companies_for_user(request.user).filter(tenancy.company_user_of(roles))
        ),
    }
    return render(request, "home/home.html", context)


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _person(request: HttpRequest, kind: str, person_uuid):
    """The person whose data is asked for, through the same doors as their pages: a contact
    person for an officer of the contact's municipality, a user for an administrator."""
    if kind == "user":
        return get_user_for_admin(request.user, person_uuid)
    if kind == "contact":
        contact = ContactPerson.objects.filter(uuid=person_uuid).select_related("company").first()
        if contact is None:
            raise Http404
        company = get_editable_company_for_user(request.user, contact.company.uuid)
        return get_editable_contact_for_user(request.user, company, person_uuid)
    raise Http404


def _export(request: HttpRequest, person, data: dict) -> HttpResponse:
    record_access(instances=[person], actor=request.user, purpose="export")
    fmt = "csv" if request.GET.get("format") == "csv" else "json"
    body, content_type = (
        (gdpr.as_csv(data), "text/csv; charset=utf-8")
        if fmt == "csv"
        else (gdpr.as_json(data), "application/json")
    )
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="person-{person.uuid}.{fmt}"'
    return response


@login_required
@require_GET
def person_export(request: HttpRequest, kind: str, person_uuid) -> HttpResponse:
    person = _person(request, kind, person_uuid)
    data = gdpr.user_data(person) if kind == "user" else gdpr.contact_data(person)
    return _export(request, person, data)


@login_required
@require_GET
def my_data_export(request: HttpRequest) -> HttpResponse:
    return _export(request, request.user, gdpr.user_data(request.user))


@login_required
@require_POST
def person_erase(request: HttpRequest, kind: str, person_uuid) -> HttpResponse:
    person = _person(request, kind, person_uuid)
    if kind == "user":
        if person.pk == request.user.pk:
            raise PermissionDenied
        gdpr.erase_user(account=person, by=request.user)
        messages.success(request, _("The user's personal data is erased."))
        return redirect("accounts:user_detail", person.uuid)
    gdpr.erase_contact(contact=person, by=request.user)
    messages.success(request, _("The contact person's personal data is erased."))
    return redirect(person.company)
