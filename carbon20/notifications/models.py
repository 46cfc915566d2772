"""That a notification went out to one person: the record that keeps a retried or repeated
task from mailing the same event to the same person twice."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SentNotification(models.Model):
    event = models.CharField(_("event"), max_length=40)
    # What the event happened to, e.g. "agreement:<uuid>"; with the event it names one
    # occurrence, so a later occurrence (a new agreement version) is mailed again.
    key = models.CharField(_("subject"), max_length=100)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(_("e-mail address"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent notification")
        verbose_name_plural = _("sent notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "key", "recipient"], name="one_notification_per_event_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.key} → {self.email}"
