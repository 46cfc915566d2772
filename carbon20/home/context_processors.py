from django.conf import settings
from django.utils.functional import SimpleLazyObject


def platform(request):
    """What the base layout needs on every page: the user's roles and where they work."""
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    return {
        "roles": user.roles if authenticated else None,
        "header_affiliation": SimpleLazyObject(lambda: user.affiliation) if authenticated else "",
        "demo_mode": settings.DEMO_MODE,
    }
