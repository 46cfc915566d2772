from django.conf import settings
from django.utils.functional import SimpleLazyObject

from carbon20.core import tenancy


def _affiliation(user) -> str:
    from carbon20.organisations.models import Company, Municipality, Partner, Programme

    held = tenancy.memberships(user.roles)
    names: list[str] = []
    if "municipality" in held:
        names += [str(m.display_name) for m in Municipality.objects.filter(held["municipality"])]
    if "programme" in held:
        names += list(Programme.objects.filter(held["programme"]).values_list("name", flat=True))
    if "partner" in held:
        names += list(Partner.objects.filter(held["partner"]).values_list("name", flat=True))
    if "company" in held:
        names += list(Company.objects.filter(held["company"]).values_list("name", flat=True))
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
