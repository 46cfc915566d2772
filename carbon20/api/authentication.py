from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from carbon20.accounts.audit import attribute_to
from carbon20.api.models import ApiToken, hash_secret
from carbon20.api.throttling import AnonymousRateThrottle

KEYWORDS = (b"bearer", b"token")
# Writing last_used on every request would turn each read into a write; a minute's
# precision is all the token page shows.
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <token>` (or `Token <token>`) with a personal API token."""

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            # Counted when the request came through the middleware as anonymous: a browser
            # session is not, and the schema generator's stand-in requests have no user.
            session_user = getattr(request._request, "user", None)
            if session_user is not None and not session_user.is_authenticated:
                _count_anonymous(request)
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("The Authorization header must be 'Bearer' followed by one token."),
                code="token_malformed",
            )
        try:
            secret = parts[1].decode()
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(
                _("The token contains characters that no token has."), code="token_malformed"
            ) from exc
        token = (
            ApiToken.objects.select_related("user").filter(secret_hash=hash_secret(secret)).first()
        )
        if token is None or not token.user.is_active:
            _count_anonymous(request)
            raise exceptions.AuthenticationFailed(
                _("The token is not valid."), code="token_invalid"
            )
        if token.is_revoked:
            raise exceptions.AuthenticationFailed(
                _("The token has been revoked."), code="token_revoked"
            )
        if AxesProxyHandler.is_locked(request._request, {"username": token.user.email}):
            # Locked for this account at this address: a token is no way round the lock.
            raise exceptions.AuthenticationFailed(
                _("The account is locked after too many failed logins. Try again later."),
                code="account_locked",
            )
        attribute_to(token.user)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Makes DRF answer 401 with this challenge, not 403, when credentials are missing.
        return 'Bearer realm="api"'


def _count_anonymous(request) -> None:
    """Requests without valid credentials share one budget per client address, so guessing
    tokens or scanning the API is slowed down before any lookup."""
    throttle = AnonymousRateThrottle()
    if not throttle.allow_request(request, None):
        raise exceptions.Throttled(wait=throttle.wait())


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("A personal API token, created on your account page: Authorization: Bearer …")
            ),
        }
