from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from carbon20.api.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """One budget per API token, so a busy integration does not starve the same person's
    other tokens or their browser session; session requests count per user, anonymous ones
    per address."""

    scope = "api"

    def get_rate(self):
        # Read at request time, not at import, so the rate follows the settings of the
        # running process (tests and the fuzzing server change it).
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken):
            ident = f"token-{request.auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class AnonymousRateThrottle(SimpleRateThrottle):
    """Requests that name no valid credentials (guessed tokens, scanners), counted per
    client address in the shared cache; `ApiTokenAuthentication` applies it, since DRF's own
    throttles run only after an anonymous request has been refused."""

    scope = "anon"

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
