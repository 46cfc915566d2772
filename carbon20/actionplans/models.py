"""Step 5: the climate action plan (klimahandlingsplan) of a partnership, its actions and
every status change of each action.

Expected CO2e of an action is computed from its savings per carrier with the factors the
agreement pins (`carbon20.actionplans.figures`); it is never typed.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel
from carbon20.partnerships.focus import FocusArea


class ActionPlan(BaseModel):
    partnership = models.OneToOneField(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="action_plan",
    )
    approved_by_name = models.CharField(_("approved by (name)"), max_length=200, blank=True)
    approved_by_title = models.CharField(_("approved by (title)"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approval_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approval recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    plan_pdf = models.FileField(_("action plan (PDF)"), upload_to="actionplans/", blank=True)
    # The plan template in force when the plan was started; its PDF follows that version.
    guide_version = models.ForeignKey(
        "guides.GuideVersion",
        verbose_name=_("template used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("climate action plan (klimahandlingsplan)")
        verbose_name_plural = _("climate action plans")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="plan_newest_first")]

    def __str__(self) -> str:
        return str(self.partnership)

    def get_absolute_url(self) -> str:
        return reverse("actionplans:plan", args=[self.uuid])

    @property
    def is_approved(self) -> bool:
        return self.approved_on is not None


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(BaseModel):
    """One effort of the plan: from a measure of the technical review, or the company's own.
    Savings per carrier are yearly amounts in the carrier's canonical unit."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="actions"
    )
    measure = models.ForeignKey(
        "screening.Measure",
        verbose_name=_("measure of the technical review"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
    )
    title = models.CharField(_("action"), max_length=200)
    focus_area = models.CharField(_("focus area"), max_length=20, choices=FocusArea.choices)
    owner = models.CharField(_("responsible person"), max_length=200)
    start_date = models.DateField(_("start"))
    deadline = models.DateField(_("deadline"))
    savings = models.JSONField(_("expected savings per carrier per year"), default=dict, blank=True)
    dkk_saved_per_year = models.DecimalField(
        _("expected DKK saved per year"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    investment = models.DecimalField(
        _("investment (DKK)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    dropped_reason = models.TextField(_("reason for dropping"), blank=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["plan_id", "deadline", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "measure"],
                condition=models.Q(measure__isnull=False),
                name="one_action_per_measure",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("start_date")),
                name="action_deadline_not_before_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="dropped") | ~models.Q(dropped_reason=""),
                name="dropped_action_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def savings_decimal(self) -> dict[str, Decimal]:
        return {carrier: Decimal(str(amount)) for carrier, amount in self.savings.items()}

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.deadline and self.deadline < self.start_date:
            errors["deadline"] = _("The deadline cannot be before the start.")
        if self.status == ActionStatus.DROPPED and not self.dropped_reason.strip():
            errors["dropped_reason"] = _("Say why the action is dropped.")
        if errors:
            raise ValidationError(errors)


class ActionStatusChange(models.Model):
    """One change of an action's status. Changes are only ever added."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ActionStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ActionStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["action_id", "changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.action}: {self.from_status} → {self.to_status}"
