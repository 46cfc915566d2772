"""The partnership agreement: templates and their versions, each agreement version and its
signatures.

These models were born in `partnerships` and keep its tables (`Meta.db_table`), so moving
them here touched no data; see docs/decisions/0008-rooms-that-say-what-they-hold.md.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carbon20.core.models import BaseModel
from carbon20.energy.calc.periods import add_months
from carbon20.organisations.models import Municipality
from carbon20.partnerships.focus import validate_focus_areas
from carbon20.partnerships.models import Language, Partnership


class AgreementTemplate(BaseModel):
    """A municipality's agreement text in one language; its versions are kept forever. The
    templates without a municipality are the product's defaults."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreement_templates",
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)

    class Meta:
        db_table = "partnerships_agreementtemplate"
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "language"],
                name="one_template_per_municipality_language",
            ),
            models.UniqueConstraint(
                fields=["language"],
                condition=Q(municipality__isnull=True),
                name="one_default_template_per_language",
            ),
        ]

    def __str__(self) -> str:
        owner = self.municipality.name if self.municipality_id else _("Default")
        return f"{owner} ({self.get_language_display()})"

    @cached_property
    def latest_version(self) -> "AgreementTemplateVersion | None":
        return self.versions.order_by("-number").first()


class AgreementTemplateVersion(BaseModel):
    template = models.ForeignKey(
        AgreementTemplate,
        verbose_name=_("template"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(pgettext_lazy("heading of a document", "title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        db_table = "partnerships_agreementtemplateversion"
        verbose_name = _("agreement template version")
        verbose_name_plural = _("agreement template versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="unique_template_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class DataKind(models.TextChoices):
    ELECTRICITY = "electricity", _("Electricity")
    HEAT = "heat", _("Heat")
    FUELS = "fuels", _("Fuels")
    TRANSPORT = "transport", _("Transport")
    WATER = "water", _("Water")
    WASTE = "waste", _("Waste")


class DataSource(models.TextChoices):
    BILLS = "bills", _("Bills")
    METER_READINGS = "meter_readings", _("Meter readings")
    SUPPLIER_STATEMENTS = "supplier_statements", _("Supplier statements")
    CALCULATED = "calculated", _("Calculated per measure")


class DocumentationMethod(models.TextChoices):
    """How the agreement documents the savings of one data kind (step 3 of the model)."""

    DEEMED = "deemed", _("Deemed: the measures' engineering estimates")
    BILLS = "bills", _("Bills before and after: whole years compared")
    DEGREE_DAYS = "degree_days", _("Degree-day normalised (base 17 °C, heated share)")
    REGRESSION = "regression", _("Regression (IPMVP option C): a model of the baseline period")


# Degree-day normalisation corrects the heated share of heating carriers; electricity,
# transport, water and waste have no heating share to correct.
DEGREE_DAY_KINDS = ("heat", "fuels")
WEATHER_METHODS = (DocumentationMethod.DEGREE_DAYS, DocumentationMethod.REGRESSION)


def validate_documentation_methods(value) -> None:
    if not isinstance(value, dict) or any(
        kind not in DataKind.values or method not in DocumentationMethod.values
        for kind, method in value.items()
    ):
        raise ValidationError(
            _("Choose a documentation method for each data kind."), code="invalid_method"
        )


class ReportingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


def _validate_choice_list(value, choices: type[models.TextChoices]) -> None:
    if not isinstance(value, list) or any(item not in choices.values for item in value):
        raise ValidationError(_("Choose from the listed values."), code="invalid")


def validate_data_kinds(value) -> None:
    _validate_choice_list(value, DataKind)


def validate_data_sources(value) -> None:
    _validate_choice_list(value, DataSource)


class AgreementQuerySet(models.QuerySet["Agreement"]):
    def signed(self) -> "AgreementQuerySet":
        """The one definition of a signed agreement: both parties have signed it."""
        return self.filter(status=Agreement.State.SIGNED)


class Agreement(BaseModel):
    """One version of a partnership's agreement. Once signed it is read-only: changing it
    means a new version with new signatures."""

    objects = AgreementQuerySet.as_manager()

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Awaiting signatures")
        SIGNED = "signed", _("Signed")

    class SigningMethod(models.TextChoices):
        IN_APP = "in_app", _("Signed in the app")
        SCAN = "scan", _("Signed on paper (scan)")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    version = models.PositiveIntegerField(_("version"))
    template_version = models.ForeignKey(
        AgreementTemplateVersion,
        verbose_name=_("template version"),
        on_delete=models.PROTECT,
        related_name="agreements",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=State.choices, default=State.DRAFT
    )
    target_percent = models.DecimalField(
        _("target reduction (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    start_date = models.DateField(_("start date"))
    target_date = models.DateField(_("target date"))
    focus_areas = models.JSONField(
        _("focus areas"), default=list, blank=True, validators=[validate_focus_areas]
    )
    company_obligations = models.TextField(_("the company's obligations"))
    municipality_obligations = models.TextField(_("the municipality's obligations"))
    offers = models.TextField(_("offers to the company"), blank=True)
    data_kinds = models.JSONField(
        _("data documented"), default=list, validators=[validate_data_kinds]
    )
    data_sources = models.JSONField(
        _("sources of the data"), default=list, validators=[validate_data_sources]
    )
    documentation_methods = models.JSONField(
        _("documentation method per data kind"),
        default=dict,
        blank=True,
        validators=[validate_documentation_methods],
    )
    baseline_start = models.DateField(
        _("baseline period from"),
        null=True,
        blank=True,
        help_text=_(
            "The first day of the 12 consecutive months of the baseline; empty: the baseline "
            "year from 1 January."
        ),
    )
    weather_series = models.ForeignKey(
        "energy.WeatherSeries",
        verbose_name=_("weather series"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text=_("DMI municipality or station whose temperatures normalise the results."),
    )
    production_variable = models.CharField(
        _("production variable"),
        max_length=200,
        blank=True,
        help_text=_("What the regression model uses as production, e.g. tonnes of furniture."),
    )
    production_unit = models.CharField(_("production unit"), max_length=30, blank=True)
    factor_set = models.ForeignKey(
        "energy.FactorSet",
        verbose_name=_("emission factor set"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        help_text=_("The factors the company's result is calculated with, fixed for the period."),
    )
    reporting_frequency = models.CharField(
        _("reporting frequency"),
        max_length=20,
        choices=ReportingFrequency.choices,
        default=ReportingFrequency.YEARLY,
    )
    publish_consent = models.BooleanField(_("consent to be listed publicly"), default=False)
    sent_pdf = models.FileField(
        _("document for signature"), upload_to="agreements/sent/", blank=True
    )
    sent_pdf_sha256 = models.CharField(_("SHA-256 of the document"), max_length=64, blank=True)
    signing_method = models.CharField(
        _("signing method"), max_length=10, choices=SigningMethod.choices, blank=True
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)
    signed_pdf = models.FileField(_("signed document"), upload_to="agreements/signed/", blank=True)
    signed_pdf_sha256 = models.CharField(
        _("SHA-256 of the signed document"), max_length=64, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        db_table = "partnerships_agreement"
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["partnership_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "version"], name="unique_agreement_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership} v{self.version}"

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.target_date and self.target_date <= self.start_date:
            errors["target_date"] = _("The target date must be after the start date.")
        if self.baseline_year and self.target_date and self.baseline_year > self.target_date.year:
            errors["baseline_year"] = _("The baseline year cannot be after the target date.")
        if (
            self.baseline_start
            and self.baseline_year
            and self.baseline_start.year != self.baseline_year
        ):
            errors["baseline_start"] = _("The baseline period starts in the baseline year.")
        errors.update(self._method_errors())
        if errors:
            raise ValidationError(errors)

    def _method_errors(self) -> dict[str, str]:
        # Keyed by the fields the agreement form shows, where the officer can mend them.
        methods = self.documentation_methods if isinstance(self.documentation_methods, dict) else {}
        errors = {}
        stray = [kind for kind in methods if kind not in (self.data_kinds or [])]
        if stray:
            errors["data_kinds"] = _(
                "A method is chosen for data the agreement does not document: %(kinds)s."
            ) % {"kinds": ", ".join(str(DataKind(k).label) for k in stray if k in DataKind.values)}
        wrong = [
            kind
            for kind, method in methods.items()
            if method == DocumentationMethod.DEGREE_DAYS and kind not in DEGREE_DAY_KINDS
        ]
        if wrong:
            errors["data_kinds"] = _(
                "Degree-day normalisation applies to heat and fuels only, not to %(kinds)s."
            ) % {"kinds": ", ".join(str(DataKind(k).label).lower() for k in wrong)}
        if self.weather_series_id is None and any(m in WEATHER_METHODS for m in methods.values()):
            errors["weather_series"] = _(
                "Degree-day normalisation and regression need a weather series."
            )
        if bool(self.production_variable) != bool(self.production_unit):
            errors["production_unit"] = _("Give both the production variable and its unit.")
        return errors

    def method_for(self, kind: str) -> str:
        """The method of one data kind; an agreement older than the choice compares bills."""
        methods = self.documentation_methods or {}
        return methods.get(kind, DocumentationMethod.BILLS)

    @property
    def baseline_period(self) -> tuple[date, date]:
        """The 12 consecutive months of the baseline, both ends included."""
        start = self.baseline_start or date(self.baseline_year, 1, 1)
        return start, add_months(start, 12) - timedelta(days=1)

    @property
    def is_signed(self) -> bool:
        return self.status == self.State.SIGNED

    @property
    def is_editable(self) -> bool:
        return self.status == self.State.DRAFT

    @property
    def target_year(self) -> int:
        return self.target_date.year

    def signature_for(self, party: str) -> "AgreementSignature | None":
        for signature in self.signatures.all():
            if signature.party == party:
                return signature
        return None


class AgreementSignature(BaseModel):
    """A person's signature in the app, kept with the hash of the exact PDF they saw."""

    class Party(models.TextChoices):
        COMPANY = "company", _("The company")
        MUNICIPALITY = "municipality", _("The municipality")

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    party = models.CharField(_("party"), max_length=20, choices=Party.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)
    pdf_sha256 = models.CharField(_("SHA-256 of the document signed"), max_length=64)

    class Meta:
        db_table = "partnerships_agreementsignature"
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "party"], name="one_signature_per_party"),
            models.UniqueConstraint(fields=["agreement", "user"], name="one_signature_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.title}"
