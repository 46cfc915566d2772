"""Background work of the reports: the programme report PDF and its cleanup (beat schedule
in settings)."""

from celery import shared_task

from carbon20.reports import programme_reports


@shared_task(name="carbon20.reports.tasks.render_programme_report")
def render_programme_report(report_id: int) -> None:
    programme_reports.render(report_id)


@shared_task(name="carbon20.reports.tasks.delete_expired_reports")
def delete_expired_reports() -> int:
    """Hourly: programme reports older than REPORT_RETENTION_HOURS go, with their files."""
    return programme_reports.delete_expired()
