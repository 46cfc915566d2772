"""Deployment checks of the platform's own settings, run by `manage.py check --deploy`."""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register


def _is_local(host: str | None) -> bool:
    if not host or host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified or address.is_private


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs):
    """Links in e-mails are built from SITE_URL; a local or plain-http address in production
    sends people links that do not open, or open without TLS."""
    parts = urlsplit(settings.SITE_URL)
    if _is_local(parts.hostname) or parts.scheme != "https":
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL!r}: links in e-mails would not reach users.",
                hint="Set SITE_URL to the https address users reach the platform at.",
                id="carbon20.W001",
            )
        ]
    return []
