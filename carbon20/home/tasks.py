from celery import shared_task

from carbon20.home import gdpr


@shared_task(name="carbon20.home.tasks.erase_stale_leads")
def erase_stale_leads() -> int:
    """Daily: leads that never became partnerships lose their contact persons' data."""
    return gdpr.erase_stale_leads()
