"""The programme report PDF, rendered by a task rather than in the request: at national scale
WeasyPrint needs minutes for it, longer than a web worker may take.

`request_report` records what was asked for, or hands back an identical report (same
programme, reach, filters, language and data generation) that is ready or being prepared;
the task starts once the request's transaction commits. `render` is the task's work: it
never raises, a failure is recorded on the report and shown on its page.
`delete_expired` runs periodically and removes reports older than REPORT_RETENTION_HOURS
with their files.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carbon20.accounts.models import User
from carbon20.core import read_cache as kpi_cache
from carbon20.organisations.models import Programme
from carbon20.reports import dashboard as dashboards
from carbon20.reports import exports, selectors
from carbon20.reports.models import ProgrammeReport

logger = logging.getLogger(__name__)
Status = ProgrammeReport.Status


def _identity(user, programme: Programme, filters: dashboards.Filters) -> dict:
    """What makes two reports the same: the reader's reach, the filters, the language and the
    figures' generation."""
    return {
        "programme": programme,
        "reach_key": selectors.dashboard_reach_key(user, programme),
        "municipality": filters.municipality,
        "year": filters.year,
        "sector": filters.sector,
        "language": translation.get_language(),
        "generation": kpi_cache.PROGRAMME_PAGES.current(),
    }


def _same_report(user, programme: Programme, filters: dashboards.Filters):
    return ProgrammeReport.objects.filter(**_identity(user, programme, filters))


def ready_report(user, programme: Programme, filters: dashboards.Filters):
    """An identical report whose file is ready, if there is one."""
    return _same_report(user, programme, filters).filter(status=Status.READY).first()


def preparing_report(user, programme: Programme, filters: dashboards.Filters):
    return _same_report(user, programme, filters).filter(status=Status.PENDING).first()


def request_report(user, programme: Programme, filters: dashboards.Filters) -> ProgrammeReport:
    """The identical report ready or being prepared, else a new one, rendered by a task
    once this transaction commits. The active language is the report's."""
    existing = (
        _same_report(user, programme, filters)
        .filter(status__in=[Status.READY, Status.PENDING])
        .first()
    )
    if existing is not None:
        return existing
    report = ProgrammeReport.objects.create(
        **_identity(user, programme, filters), requested_by=user
    )
    from carbon20.reports.tasks import render_programme_report

    transaction.on_commit(lambda: render_programme_report.delay(report.pk))
    return report


def may_read(user, report: ProgrammeReport) -> bool:
    """Only users whose reach of the programme is the report's read it."""
    return report.reach_key == selectors.dashboard_reach_key(user, report.programme)


def render(report_id: int) -> None:
    """Render the report's PDF and store it; a failure is recorded, not raised."""
    report = ProgrammeReport.objects.select_related(
        "programme", "municipality", "requested_by"
    ).get(pk=report_id)
    if report.status != Status.PENDING:
        # Delivered twice (a worker lost mid-task gives it back): done already.
        return
    try:
        with translation.override(report.language):
            pdf = _render_pdf(report)
    except Exception as error:
        logger.exception("Programme report %s could not be rendered.", report.uuid)
        report.status = Status.FAILED
        report.error = f"{type(error).__name__}: {error}"[:2000]
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at", "updated_at"])
        return
    report.file.save(f"programme-report-{report.uuid}.pdf", ContentFile(pdf), save=False)
    report.status = Status.READY
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "file", "finished_at", "updated_at"])


class ReachChangedError(Exception):
    """The requester's reach is no longer the report's: nothing is rendered for it."""


def _render_pdf(report: ProgrammeReport) -> bytes:
    user: User | None = report.requested_by
    programme = report.programme
    if user is None or not may_read(user, report):
        raise ReachChangedError(report.reach_key)
    filters = dashboards.Filters(
        municipality=report.municipality, year=report.year, sector=report.sector
    )
    board = dashboards.build_for(user, programme, filters)
    rows_of = dashboards.rows_reader(dashboards.scoped_partnerships(user, programme, filters))
    return exports.as_pdf(
        board,
        {
            "programme": programme,
            "filters": filters,
            "generated": report.created_at,
            "title": _("Programme report"),
        },
        rows_of=rows_of,
    )


def delete_expired() -> int:
    """Reports older than REPORT_RETENTION_HOURS, with their files; returns how many."""
    cutoff = timezone.now() - timedelta(hours=settings.REPORT_RETENTION_HOURS)
    deleted = 0
    for report in ProgrammeReport.objects.filter(created_at__lt=cutoff).iterator():
        if report.file:
            report.file.delete(save=False)
        report.delete()
        deleted += 1
    return deleted
