from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel
from carbon20.core.validators import (
    validate_cvr,
    validate_industry_code,
    validate_p_number,
    validate_postcode,
)


class Region(models.TextChoices):
    NORDJYLLAND = "Region Nordjylland", _("North Denmark Region")
    MIDTJYLLAND = "Region Midtjylland", _("Central Denmark Region")
    SYDDANMARK = "Region Syddanmark", _("Region of Southern Denmark")
    HOVEDSTADEN = "Region Hovedstaden", _("Capital Region of Denmark")
    SJAELLAND = "Region Sjælland", _("Region Zealand")


class Municipality(models.Model):
    code = models.PositiveSmallIntegerField(_("municipality code"), unique=True)
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    region = models.CharField(_("region"), max_length=40, choices=Region.choices)
    region_code = models.PositiveSmallIntegerField(_("region code"))
    logo = models.FileField(_("logo"), upload_to="municipality-logos/", blank=True)
    official_name = models.CharField(
        _("official name"),
        max_length=100,
        blank=True,
        help_text=_("As the municipality writes it, e.g. Københavns Kommune."),
    )

    class Meta:
        verbose_name = _("municipality (kommune)")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:municipality_detail", args=[self.slug])

    @property
    def display_name(self) -> str:
        # Danish pages use the official name ("Københavns Kommune", not "København Kommune").
        if get_language() == "da" and self.official_name:
            return self.official_name
        return _("%(name)s Municipality") % {"name": self.name}


class PartnerType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    UNIVERSITY = "university", _("University")
    ASSOCIATION = "association", _("Association")
    BUSINESS_SERVICE = "business_service", _("Business service")
    ENERGY_COMPANY = "energy_company", _("Energy company")
    CONSULTANCY = "consultancy", _("Consultancy")
    SECRETARIAT = "secretariat", _("Secretariat")


# Only these partners employ energy consultants who may make technical reviews.
CONSULTING_PARTNER_TYPES = (PartnerType.ENERGY_COMPANY, PartnerType.CONSULTANCY)


class Partner(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    type = models.CharField(_("type"), max_length=30, choices=PartnerType.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("For partners that are a municipality."),
    )
    is_public = models.BooleanField(_("shown publicly"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(BaseModel):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    target_percent = models.DecimalField(
        _("target reduction (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("100"))],
    )
    funder_reference = models.CharField(_("funder reference"), max_length=100, blank=True)
    company_goal = models.PositiveIntegerField(
        _("goal for participating companies"), null=True, blank=True
    )
    follow_up_count = models.PositiveSmallIntegerField(
        _("number of follow-ups"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    municipalities = models.ManyToManyField(
        Municipality, verbose_name=_("participating municipalities"), related_name="programmes"
    )
    partners = models.ManyToManyField(
        Partner, verbose_name=_("partners"), related_name="programmes", blank=True
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_date", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end date must be after the start date.")})

    def get_absolute_url(self) -> str:
        return reverse("organisations:programme_detail", args=[self.slug])


class EmployeeBand(models.TextChoices):
    MICRO = "0-9", _("0–9 employees")
    SMALL = "10-49", _("10–49 employees")
    MEDIUM = "50-249", _("50–249 employees")
    LARGE = "250+", _("250 or more employees")


class Company(BaseModel):
    """A legal entity in the CVR register. Its register data is public and stored once per
    installation; what a municipality does with it lives in its own records."""

    cvr = models.CharField(_("CVR number"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[validate_postcode])
    city = models.CharField(_("city"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="registered_companies",
    )
    industry_code = models.CharField(
        _("industry code (DB07)"),
        max_length=6,
        blank=True,
        validators=[validate_industry_code],
        help_text=_("Six digits, e.g. 310100."),
    )
    industry_text = models.CharField(_("industry"), max_length=200, blank=True)
    employee_band = models.CharField(
        _("employees"), max_length=10, choices=EmployeeBand.choices, blank=True
    )
    website = models.URLField(_("website"), blank=True)
    # Kept from the CVR register (see docs/decisions/0015-cvr-register-and-heat-suppliers.md):
    # the company's own wish not to be contacted for marketing, which recruitment mail obeys.
    advertising_protected = models.BooleanField(
        _("advertising protected (reklamebeskyttet)"),
        default=False,
        help_text=_(
            "The company has asked the CVR register that it is not contacted for marketing; "
            "invitations to information meetings skip it unless it asked to take part."
        ),
    )
    register_status = models.CharField(_("status in the CVR register"), max_length=60, blank=True)
    ceased = models.BooleanField(_("ceased"), default=False)
    ceased_on = models.DateField(_("ceased on"), null=True, blank=True)
    cvr_refreshed_at = models.DateTimeField(_("register data fetched"), null=True, blank=True)
    portfolio_municipalities = models.ManyToManyField(
        Municipality,
        through="PortfolioEntry",
        related_name="portfolio_companies",
        verbose_name=_("in the portfolio of"),
    )

    class Meta:
        verbose_name = _("company (virksomhed)")
        verbose_name_plural = _("companies")
        ordering = ["name"]
        # The company list's order (name, then CVR), read a page at a time.
        indexes = [models.Index(fields=["name", "cvr"], name="company_name_cvr")]

    def __str__(self) -> str:
        return f"{self.name} ({self.cvr})"

    def clean(self) -> None:
        if self.cvr:
            try:
                self.cvr = validate_cvr(self.cvr, allow_demo=settings.DEMO_MODE)
            except ValidationError as error:
                raise ValidationError({"cvr": error.messages}) from error

    def get_absolute_url(self) -> str:
        return reverse("organisations:company_detail", args=[self.uuid])


class PortfolioEntry(models.Model):
    """A municipality works with a company. Officers see the companies in their
    municipalities' portfolios and nothing of the rest."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.CASCADE
    )
    company = models.ForeignKey(Company, verbose_name=_("company"), on_delete=models.CASCADE)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)
    # Adopting a registered company (by its CVR) grants its public register data, not what
    # the municipalities working with it recorded; see core.tenancy and decision 0017.
    adopted = models.BooleanField(
        _("adopted"),
        default=False,
        help_text=_("Added to the portfolio after another municipality had registered it."),
    )

    class Meta:
        verbose_name = _("portfolio entry")
        verbose_name_plural = _("portfolio entries")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "company"], name="unique_portfolio_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.company}"


class Site(BaseModel):
    """A production unit (P-number) of a company: where a screening happens."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="sites"
    )
    p_number = models.CharField(
        _("P-number"), max_length=10, unique=True, validators=[validate_p_number]
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=200)
    postcode = models.CharField(_("postcode"), max_length=4, validators=[validate_postcode])
    city = models.CharField(_("city"), max_length=100)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    floor_area_m2 = models.PositiveIntegerField(_("floor area (m²)"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees at the site"), null=True, blank=True)

    class Meta:
        verbose_name = _("site (production unit)")
        verbose_name_plural = _("sites")
        ordering = ["company_id", "address"]

    def __str__(self) -> str:
        return f"{self.name or self.address} (P {self.p_number})"


class ContactPerson(BaseModel):
    """A person at a company, as recorded by one municipality: other municipalities working
    with the same company do not see them."""

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.CASCADE, related_name="contacts"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("recorded by municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_management = models.BooleanField(_("management"), default=False)
    is_landlord = models.BooleanField(_("landlord or property owner"), default=False)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
