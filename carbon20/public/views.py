from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from carbon20.organisations.models import Partner, Programme


def home(request: HttpRequest) -> HttpResponse:
    """Who takes part: programmes and their public partners. No login, no personal data."""
    programmes = Programme.objects.prefetch_related("municipalities")
    partners = Partner.objects.filter(is_public=True).order_by("type", "name")
    return render(request, "public/home.html", {"programmes": programmes, "partners": partners})
