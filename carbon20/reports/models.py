"""A programme report asked for on the report page: rendered to PDF by a task, kept for a
while (`REPORT_RETENTION_HOURS`), and given to anyone with the same reach of the programme
who asks for the same report while the figures have not changed."""

from urllib.parse import urlencode

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel


class ProgrammeReport(BaseModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    # `tenancy.dashboard_reach_key`: the report shows what this reach sees, and only users
    # with the same reach may read it.
    reach_key = models.CharField(_("reach"), max_length=1000)
    municipality = models.ForeignKey(
        "organisations.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("year started"), null=True, blank=True)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10)
    # The dashboards' cache generation when it was asked for
    # (`core.read_cache.PROGRAMME_PAGES.current()`): a report of the same generation holds the
    # same figures.
    generation = models.CharField(_("data generation"), max_length=64)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    file = models.FileField(_("file"), upload_to="reports/programme/%Y/%m/", blank=True)
    # What went wrong, for the operators; the page shows the user a translated message.
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme report")
        verbose_name_plural = _("programme reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["programme", "reach_key", "generation"])]

    @property
    def filter_query(self) -> str:
        """Its filters as the dashboard's query string."""
        chosen = {
            "municipality": self.municipality.slug if self.municipality else "",
            "year": self.year or "",
            "sector": self.sector,
        }
        return urlencode({key: value for key, value in chosen.items() if value})

    def __str__(self) -> str:
        return f"{self.programme_id} {self.created_at:%Y-%m-%d %H:%M}"
