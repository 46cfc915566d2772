from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from carbon20.core import tenancy
from carbon20.organisations.selectors import (
    companies_for_user,
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
