from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation

from carbon20.core.pagination import CountedPaginator
from carbon20.guides import selectors as guide_selectors
from carbon20.organisations.models import Partner, Programme
from carbon20.partnerships.focus import focus_area_labels
from carbon20.public.selectors import listed_count, listed_partnerships, published_result


def home(request: HttpRequest) -> HttpResponse:
    """Who takes part: programmes and their public partners. No login, no personal data."""
    programmes = Programme.objects.prefetch_related("municipalities")
    partners = Partner.objects.filter(is_public=True).order_by("type", "name")
    return render(request, "public/home.html", {"programmes": programmes, "partners": partners})


def _entry(partnership) -> dict:
    return {
        "partnership": partnership,
        "company": partnership.company,
        "focus_areas": focus_area_labels(partnership.focus_areas),
        "result": published_result(partnership),
    }


def companies(request: HttpRequest) -> HttpResponse:
    """The participating companies that consented to being listed."""
    page = CountedPaginator(listed_partnerships(), 50, listed_count()).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "public/companies.html",
        {"page": page, "entries": [_entry(p) for p in page.object_list]},
    )


def company(request: HttpRequest, company_uuid) -> HttpResponse:
    """One participating company: only its partnerships that consented to being listed."""
    entries = [_entry(p) for p in listed_partnerships().filter(company__uuid=company_uuid)]
    if not entries:
        raise Http404
    return render(
        request, "public/company.html", {"company": entries[0]["company"], "entries": entries}
    )


def model_page(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's description of the six steps of the model, in the reader's language;
    no login."""
    programme = get_object_or_404(Programme, slug=slug)
    language = "en" if translation.get_language() == "en" else "da"
    version = guide_selectors.public_model_page(programme, language)
    if version is None:
        raise Http404
    return render(
        request,
        "public/model.html",
        {"programme": programme, "version": version, "body": guide_selectors.rendered(version)},
    )


def privacy(request: HttpRequest) -> HttpResponse:
    """How the platform handles personal data (GDPR art. 13 and 14), open to everyone."""
    return render(
        request,
        "public/privacy.html",
        {
            "audit_retention_years": settings.AUDIT_RETENTION_DAYS // 365,
            "lead_retention_months": settings.LEAD_RETENTION_MONTHS,
            "idle_minutes": settings.SESSION_IDLE_MINUTES,
        },
    )
