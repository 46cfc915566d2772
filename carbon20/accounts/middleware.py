"""Middleware of the accounts app: the second factor, the idle timeout and the security
headers that every answer carries."""

import time
from urllib.parse import urlencode

from auditlog.middleware import AuditlogMiddleware
from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse

from carbon20.accounts import second_factor
from carbon20.accounts.client_ip import client_ip

LAST_SEEN = "last_seen"
# The session is written at most this often just to move its idle deadline, not on every
# request.
TOUCH_SECONDS = 60

# Pages a session that owes its second factor may still open.
OPEN_BEFORE_SECOND_FACTOR = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor",
    "accounts:invitation",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "set_language",
}
OPEN_NAMESPACES = {"public"}


def on_login(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    second_factor.mark_login(request.session, user)
    request.session[LAST_SEEN] = int(time.time())


def _is_open(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        # An unknown address answers 404 whoever asks.
        return True
    return match.view_name in OPEN_BEFORE_SECOND_FACTOR or match.namespace in OPEN_NAMESPACES


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a session that owes its second factor sees only the
    verification page (and the pages open to everyone) until it is given."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        required = request.session.get(second_factor.REQUIRED)
        if required is None and request.user.is_authenticated:
            # A session that began before two-factor login existed is judged once, as a
            # login would have been.
            second_factor.mark_login(request.session, request.user)
            required = request.session[second_factor.REQUIRED]
        if (
            required
            and request.user.is_authenticated
            and not request.user.is_verified()
            and not _is_open(request)
        ):
            target = reverse("accounts:two_factor")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """A session ends after SESSION_IDLE_MINUTES without a request (ASVS 3.3.2)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        last_seen = request.session.get(LAST_SEEN)
        now = int(time.time())
        if last_seen is not None and now - last_seen > settings.SESSION_IDLE_MINUTES * 60:
            logout(request)
            login_url = reverse("accounts:login")
            if request.path_info.startswith("/api/") or request.path_info == login_url:
                return self.get_response(request)
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        stale_mark = last_seen is not None and now - last_seen >= TOUCH_SECONDS
        if stale_mark or (last_seen is None and request.user.is_authenticated):
            request.session[LAST_SEEN] = now
        return self.get_response(request)


class ClientAddressAuditlogMiddleware(AuditlogMiddleware):
    """The audit log records the client's address as the trusted proxies report it, not the
    first X-Forwarded-For entry, which the client writes itself."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer; `no-store` on every answer to a logged-in user
    and every API answer, since those hold personal data; no `Server` software name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        user = getattr(request, "user", None)
        if request.path_info.startswith("/api/") or (user is not None and user.is_authenticated):
            response["Cache-Control"] = "no-store"
        if "Server" in response:
            del response["Server"]
        return response
