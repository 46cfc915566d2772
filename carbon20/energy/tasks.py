"""Background work of the energy app: the nightly fetches, thin wrappers around the services
(beat schedule in settings).

Meter data and grid emissions (``meter_services``): a timeout, a 429 or a 5xx is retried with
exponential back-off (1, 2, 4 … minutes, at most five times); the parts already stored stay,
and a retry stores nothing twice. A refused token is not retried: it is recorded on the powers
of attorney, where the company page shows it, until someone replaces the token.

DMI weather (``services.fetch_dmi_series``): one transaction per series, and a day already
stored with the same values is left alone, so a repeated or overlapping run adds nothing. A
timeout is tried again with back-off; any other refusal of DMI's is logged for that series and
the others are still fetched.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from carbon20.energy import meter_services, pinning, services
from carbon20.energy.models import WeatherSeries
from carbon20.integrations import dmi, eloverblik, energidataservice

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


# DMI recalculates recent days for a while after they end; fetching the last weeks again each
# night picks up its corrections.
REFETCH_DAYS = 40


def dmi_client() -> dmi.DmiClient:
    return dmi.DmiClient(api_key=settings.DMI_API_KEY, base_url=settings.DMI_CLIMATE_DATA_URL)


@shared_task(
    name="carbon20.energy.tasks.fetch_dmi_weather",
    autoretry_for=(dmi.DmiTimeout,),
    retry_backoff=60,
    retry_backoff_max=60 * 60,
    max_retries=5,
)
def fetch_dmi_weather() -> int:
    """Fetch the recent days of every series a signed agreement uses; returns how many days
    changed. Without DMI_API_KEY nothing is fetched."""
    if not settings.DMI_API_KEY:
        logger.info("DMI_API_KEY is not set; no weather fetched.")
        return 0
    client = dmi_client()
    yesterday = timezone.localdate() - timedelta(days=1)
    changed = 0
    in_use = pinning.answerer().weather_series_ids_in_use()
    for series in WeatherSeries.objects.filter(pk__in=in_use).order_by("pk"):
        latest = series.days.order_by("-day").values_list("day", flat=True).first()
        first_day = yesterday - timedelta(days=REFETCH_DAYS)
        if latest is None:
            # A new series starts with the years a baseline may reach back to.
            first_day = yesterday.replace(year=yesterday.year - 3, month=1, day=1)
        try:
            changed += services.fetch_dmi_series(
                series=series, client=client, first_day=first_day, last_day=yesterday
            )
        except dmi.DmiTimeout:
            raise
        except dmi.DmiError as error:
            logger.warning("DMI refused the weather of %s: %s", series, error)
    return changed
