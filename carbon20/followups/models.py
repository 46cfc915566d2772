"""Step 6: the follow-ups of an approved action plan, what each recorded that day, the
reminders sent about them and the closing record of the partnership's result."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel


class Form(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")


class BarrierCategory(models.TextChoices):
    FINANCE = "finance", _("Finance")
    LANDLORD = "landlord", _("Landlord")
    TECHNICAL = "technical", _("Technical")
    TIME = "time", _("Time")
    KNOWLEDGE = "knowledge", _("Knowledge")
    OTHER = "other", _("Other")


def validate_barriers(value: object) -> None:
    if not isinstance(value, list) or any(item not in BarrierCategory.values for item in value):
        raise ValidationError(_("Choose barriers from the listed categories."), code="invalid")
    if len(set(value)) != len(value):
        raise ValidationError(_("A barrier category is listed twice."), code="invalid")


class FollowUp(BaseModel):
    """One planned follow-up (opfølgning) of a partnership at step 6; once held it keeps a
    snapshot of the action statuses and the figures as they were that day."""

    partnership = models.ForeignKey(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="follow_ups",
    )
    number = models.PositiveSmallIntegerField(
        _("number"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    planned_date = models.DateField(_("planned date"))
    held_date = models.DateField(_("held on"), null=True, blank=True)
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, blank=True)
    participants = models.TextField(_("participants"), blank=True)
    barriers = models.JSONField(
        _("barriers met"), default=list, blank=True, validators=[validate_barriers]
    )
    barrier_notes = models.TextField(_("about the barriers"), blank=True)
    help_needed = models.TextField(_("help needed"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    next_date = models.DateField(_("next follow-up"), null=True, blank=True)
    snapshot = models.JSONField(
        _("snapshot"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Action statuses and figures on the day the follow-up was held."),
    )
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The follow-up guidance in force when the follow-up was held.
    guide_version = models.ForeignKey(
        "guides.GuideVersion",
        verbose_name=_("guidance used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up (opfølgning)")
        verbose_name_plural = _("follow-ups")
        ordering = ["partnership_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="unique_follow_up_number"
            ),
            models.CheckConstraint(
                condition=models.Q(held_date__isnull=True) | models.Q(snapshot__isnull=False),
                name="held_follow_up_has_snapshot",
            ),
        ]
        indexes = [
            models.Index(fields=["held_date", "planned_date"]),
            # The `NextFollowUp` view's aggregate, read from the index alone.
            models.Index(
                fields=["partnership", "planned_date"],
                condition=models.Q(held_date__isnull=True),
                name="followup_unheld_idx",
            ),
        ]

    def __str__(self) -> str:
        return _("Follow-up %(number)d") % {"number": self.number}

    def get_absolute_url(self) -> str:
        return reverse("followups:detail", args=[self.uuid])

    @property
    def is_held(self) -> bool:
        return self.held_date is not None


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class ReminderSent(models.Model):
    """That a reminder went out. The unique pair is what keeps a rerun, or a second worker,
    from sending the same reminder twice: the row is written in the transaction that sends."""

    follow_up = models.ForeignKey(
        FollowUp,
        verbose_name=_("follow-up"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReminderKind.choices)
    recipient = models.EmailField(_("recipient"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.follow_up_id} {self.kind}"


class ClosingRecord(BaseModel):
    """The result of a partnership, recorded after its last follow-up."""

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="closing_record",
    )
    final_year = models.PositiveSmallIntegerField(
        _("final year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    baseline_t = models.DecimalField(_("baseline (t CO2e)"), max_digits=14, decimal_places=3)
    final_t = models.DecimalField(_("final year (t CO2e)"), max_digits=14, decimal_places=3)
    reduction_percent = models.DecimalField(_("reduction (%)"), max_digits=7, decimal_places=2)
    target_percent = models.DecimalField(_("target (%)"), max_digits=5, decimal_places=2)
    target_reached = models.BooleanField(_("target reached"))
    result_summary = models.TextField(
        _("result"), help_text=_("What the company achieved, in a few sentences.")
    )
    publish_case = models.BooleanField(
        _("consent to publish the case"),
        default=False,
        help_text=_("The company agrees that its result and case are shown on the public pages."),
    )
    figures = models.JSONField(_("figures"), editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("closing record")
        verbose_name_plural = _("closing records")

    def __str__(self) -> str:
        return str(self.partnership)


class NextFollowUp(models.Model):
    """A partnership's next follow-up not yet held, as a database view (migration 0004): the
    earliest planned date among its unheld follow-ups. The pipeline joins it once instead of
    asking a subquery for every partnership and every place the date is used (its order, its
    overdue flag and its counts), so that a programme's thousands of partnerships cost one
    aggregate of the unheld follow-ups."""

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        on_delete=models.DO_NOTHING,
        primary_key=True,
        related_name="next_follow_up",
        db_constraint=False,
    )
    planned_date = models.DateField(_("planned date"))

    class Meta:
        managed = False
        db_table = "followups_next_follow_up"
        verbose_name = _("next follow-up")
        verbose_name_plural = _("next follow-ups")

    def __str__(self) -> str:
        return f"{self.partnership_id} {self.planned_date}"
