from django.conf import settings
from django.utils.functional import SimpleLazyObject


def _affiliation(user) -> str:
    from carbon20.organisations.models import Company, Municipality, Partner, Programme

    roles = user.roles
    names: list[str] = []
    if roles.municipality_ids:
        names += [
            str(m.display_name) for m in Municipality.objects.filter(id__in=roles.municipality_ids)
        ]
    if roles.programme_ids:
        names += list(
            Programme.objects.filter(id__in=roles.programme_ids).values_list("name", flat=True)
        )
    if roles.partner_ids:
        names += list(
            Partner.objects.filter(id__in=roles.partner_ids).values_list("name", flat=True)
        )
    if roles.company_ids:
        names += list(
            Company.objects.filter(id__in=roles.company_ids).values_list("name", flat=True)
        )
    return ", ".join(names)


def platform(request):
    """What the base layout needs on every page: the user's roles and where they work."""
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "roles": user.roles if authenticated else None,
        "header_affiliation": SimpleLazyObject(lambda: _affiliation(user)) if authenticated else "",
        "demo_mode": settings.DEMO_MODE,
    }
