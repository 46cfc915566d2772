"""Step 4: the technical review (teknisk gennemgang / energiscreening) of a partnership, its
12-month baseline, end-use breakdown and the measures the consultant proposes.

Figures that follow from others (CO2e saved, payback, cost per tonne, key figures) are
never stored: `carbon20.screening.figures` computes them with `carbon20.screening.calc`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel
from carbon20.energy.models import Carrier
from carbon20.organisations.models import Partner, PartnerType
from carbon20.partnerships.focus import FocusArea, validate_focus_areas


class EndUse(models.TextChoices):
    """The standard Danish end uses of energy ("Energiledelse light" areas)."""

    LIGHTING = "lighting", _("Lighting")
    VENTILATION = "ventilation", _("Ventilation")
    COMPRESSED_AIR = "compressed_air", _("Compressed air")
    COOLING = "cooling", _("Cooling and refrigeration")
    IT = "it", _("IT and servers")
    PROCESS = "process", _("Process equipment")
    PUMPS = "pumps", _("Pumps")
    SPACE_HEATING = "space_heating", _("Space heating")
    ENVELOPE = "envelope", _("Building envelope")
    TRANSPORT = "transport", _("Transport")
    FOOD = "food", _("Food and canteen")
    OTHER = "other", _("Other")


class MeasureType(models.TextChoices):
    BEHAVIOUR = "behaviour", _("Behaviour")
    NO_COST = "no_cost", _("No cost")
    LOW_COST = "low_cost", _("Low cost")
    INVESTMENT = "investment", _("Investment")


def validate_measure_savings(value) -> None:
    """A dict of energy carrier → yearly saving, none of them negative."""
    if not isinstance(value, dict):
        raise ValidationError(_("The savings must be a mapping."), code="invalid")
    unknown = set(value) - set(Carrier.values)
    if unknown:
        raise ValidationError(
            _("Unknown energy carrier: %(value)s."),
            code="invalid_choice",
            params={"value": ", ".join(sorted(unknown))},
        )
    if any(Decimal(str(amount)) < 0 for amount in value.values()):
        raise ValidationError(_("A saving cannot be negative."), code="min_value")


def validate_end_use_shares(value) -> None:
    """A dict of end use → percent of the baseline energy, each 0–100, summing to ≤ 100."""
    if not isinstance(value, dict):
        raise ValidationError(_("The end-use breakdown must be a mapping."), code="invalid")
    total = Decimal(0)
    for key, share in value.items():
        if key not in EndUse.values:
            raise ValidationError(
                _("Unknown end use: %(value)s."), code="invalid_choice", params={"value": key}
            )
        amount = Decimal(str(share))
        if amount < 0 or amount > 100:
            raise ValidationError(_("Each share must be between 0 and 100 %."), code="range")
        total += amount
    if total > 100:
        raise ValidationError(
            _("The shares add up to %(total)s %%; they may not exceed 100 %%."),
            code="total",
            # "110", not "110.00": the same figure whichever door gave the shares.
            params={"total": format(total.normalize(), "f")},
        )


class TechnicalReview(BaseModel):
    """The consultant's review of one partnership. Issued once; then it is read-only."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    partnership = models.OneToOneField(
        "partnerships.Partnership",
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="technical_review",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    site_visit_date = models.DateField(_("date of the site visit"), null=True, blank=True)
    focus_areas = models.JSONField(
        _("focus areas covered"),
        default=list,
        blank=True,
        validators=[validate_focus_areas],
        help_text=_("From the focus areas of the partnership agreement."),
    )
    baseline_start = models.DateField(_("baseline from"), null=True, blank=True)
    baseline_end = models.DateField(
        _("baseline to"), null=True, blank=True, help_text=_("The last day of the 12 months.")
    )
    floor_area_m2 = models.PositiveIntegerField(_("heated floor area (m²)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    end_use_shares = models.JSONField(
        _("end-use breakdown (share of energy)"),
        default=dict,
        blank=True,
        validators=[validate_end_use_shares],
    )
    summary = models.TextField(_("summary"), blank=True)
    issued_at = models.DateTimeField(_("issued"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    report_pdf = models.FileField(_("screening report"), upload_to="screening/reports/", blank=True)
    # The guidelines in force when the consultant was assigned: the review's missing items and
    # the report's chapters follow these versions.
    screening_guide_version = models.ForeignKey(
        "guides.GuideVersion",
        verbose_name=_("screening guidelines used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    report_guide_version = models.ForeignKey(
        "guides.GuideVersion",
        verbose_name=_("report guidelines used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("technical review (teknisk gennemgang)")
        verbose_name_plural = _("technical reviews")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="review_newest_first")]

    def __str__(self) -> str:
        return str(self.partnership)

    def get_absolute_url(self) -> str:
        return reverse("screening:review", args=[self.uuid])

    @property
    def is_issued(self) -> bool:
        return self.status == self.State.ISSUED

    def clean(self) -> None:
        if self.baseline_start and self.baseline_end:
            days = (self.baseline_end - self.baseline_start).days + 1
            if days < 1:
                raise ValidationError(
                    {"baseline_end": _("The end of the baseline must be after its start.")}
                )
            if not 365 <= days <= 366:
                raise ValidationError(
                    {
                        "baseline_end": _(
                            "The baseline covers 12 months (365 or 366 days); this period "
                            "has %(days)d days."
                        )
                        % {"days": days}
                    }
                )


class BaselineSource(models.TextChoices):
    RECORDS = "records", _("From the consumption records")
    ENTERED = "entered", _("Entered by the consultant")


class BaselineConsumption(models.Model):
    """Consumption of one carrier over the review's 12 months, in the carrier's canonical
    unit (kWh; m³ for water; tonnes for waste)."""

    review = models.ForeignKey(
        TechnicalReview,
        verbose_name=_("technical review"),
        on_delete=models.CASCADE,
        related_name="baseline",
    )
    carrier = models.CharField(_("carrier"), max_length=30, choices=Carrier.choices)
    quantity = models.DecimalField(
        _("quantity per year"),
        max_digits=16,
        decimal_places=3,
        validators=[MinValueValidator(Decimal(0))],
    )
    cost_dkk = models.DecimalField(
        _("cost per year (DKK)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    source = models.CharField(_("source"), max_length=10, choices=BaselineSource.choices)

    class Meta:
        verbose_name = _("baseline consumption")
        verbose_name_plural = _("baseline consumption")
        ordering = ["review_id", "carrier"]
        constraints = [
            models.UniqueConstraint(fields=["review", "carrier"], name="one_baseline_per_carrier"),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="baseline_quantity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_carrier_display()}: {self.quantity}"


def energy_companies():
    return models.Q(type=PartnerType.ENERGY_COMPANY)


class Measure(BaseModel):
    """One proposed measure. Savings per carrier are yearly amounts in the carrier's
    canonical unit, stored as {carrier: "decimal"}."""

    review = models.ForeignKey(
        TechnicalReview,
        verbose_name=_("technical review"),
        on_delete=models.CASCADE,
        related_name="measures",
    )
    number = models.PositiveSmallIntegerField(_("no."))
    focus_area = models.CharField(_("focus area"), max_length=20, choices=FocusArea.choices)
    description = models.TextField(_("description"))
    type = models.CharField(_("type"), max_length=20, choices=MeasureType.choices)
    savings = models.JSONField(
        _("savings per carrier per year"),
        default=dict,
        blank=True,
        validators=[validate_measure_savings],
    )
    dkk_saved_per_year = models.DecimalField(
        _("DKK saved per year"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    investment = models.DecimalField(
        _("investment (DKK)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    lifetime_years = models.PositiveSmallIntegerField(
        _("lifetime (years)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    other_benefits = models.TextField(_("other benefits"), blank=True)
    obligation_company = models.ForeignKey(
        Partner,
        verbose_name=_("assigned to the savings obligation of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to=energy_companies,
        help_text=_("The energy company that counts the saving towards its obligation."),
    )
    obligation_date = models.DateField(_("date of the assignment"), null=True, blank=True)
    # Unanswered (None) differs from "not assigned" (False): the screening guidelines ask
    # for an answer for every measure before the review is issued.
    obligation_assigned = models.BooleanField(
        _("assigned to an energy company's savings obligation"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["review_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="unique_measure_number"),
            models.CheckConstraint(
                condition=models.Q(lifetime_years__gte=1), name="measure_lifetime_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(investment__gte=0) & models.Q(dkk_saved_per_year__gte=0),
                name="measure_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.description[:60]}"

    def savings_decimal(self) -> dict[str, Decimal]:
        return {carrier: Decimal(str(amount)) for carrier, amount in self.savings.items()}

    def clean(self) -> None:
        errors = {}
        if bool(self.obligation_company_id) != bool(self.obligation_date):
            errors["obligation_date"] = ValidationError(
                _("Give both the energy company and the date of the assignment, or neither."),
                code="obligation_incomplete",
            )
        elif self.obligation_assigned is False and self.obligation_company_id:
            errors["obligation_assigned"] = ValidationError(
                _("The saving is assigned to an energy company: answer yes."),
                code="obligation_contradiction",
            )
        elif self.obligation_assigned and not self.obligation_company_id:
            errors["obligation_company"] = ValidationError(
                _("Name the energy company and the date of the assignment."),
                code="obligation_incomplete",
            )
        if errors:
            raise ValidationError(errors)
