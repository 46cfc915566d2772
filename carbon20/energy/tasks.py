"""Nightly fetches, thin wrappers around ``meter_services`` (beat schedule in settings).

A timeout, a 429 or a 5xx is retried with exponential back-off (1, 2, 4 … minutes, at most
five times); the parts already stored stay, and a retry stores nothing twice. A refused token
is not retried: it is recorded on the powers of attorney, where the company page shows it,
until someone replaces the token.
"""

import logging

from celery import shared_task
from django.utils import timezone

from carbon20.energy import meter_services
from carbon20.integrations import eloverblik, energidataservice

logger = logging.getLogger(__name__)

RETRY = {
    "retry_backoff": 60,
    "retry_backoff_max": 60 * 60,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(
    name="carbon20.energy.tasks.fetch_meter_data",
    autoretry_for=(eloverblik.ServiceUnavailable,),
    **RETRY,
)
def fetch_meter_data() -> dict[str, int]:
    """Every begun power of attorney's metering points up to yesterday."""
    if not meter_services.eloverblik_configured():
        return {"skipped": 1}
    with meter_services.eloverblik_client() as client:
        try:
            report = meter_services.fetch_all_meter_data(client, timezone.localdate())
        except eloverblik.TokenRefused:
            logger.error("Eloverblik refused the refresh token; meter data is not fetched.")
            return {"token_refused": 1}
    return vars(report)


@shared_task(
    name="carbon20.energy.tasks.fetch_grid_emissions",
    autoretry_for=(energidataservice.ServiceUnavailable,),
    **RETRY,
)
def fetch_grid_emissions() -> int:
    """The last week of hourly CO2 in DK1 and DK2; returns the days written."""
    if not meter_services.energidataservice_enabled():
        return 0
    with meter_services.energidataservice_client() as client:
        return meter_services.fetch_grid_emissions(client, timezone.localdate())
