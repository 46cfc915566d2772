"""The client's address as the platform's own reverse proxies saw it.

X-Forwarded-For is a list each proxy appends to; only the entries the trusted proxies wrote
can be believed, so the client is the TRUSTED_PROXY_COUNT-th address from the right. With
no proxy (count 0) the header is ignored, since any client can send it.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
