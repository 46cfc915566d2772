"""Energy carriers, emission factor sets, consumption records and degree days.

Quantities are kept as entered and in the carrier's canonical unit (kWh for energy
carriers, m³ for water, tonnes for waste) together with the conversion factor used, so a
later change of calorific values never silently rewrites history. The arithmetic lives in
`carbon20.energy.calc`, which knows nothing of the ORM.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel
from carbon20.energy import pinning
from carbon20.energy.validators import validate_evidence_file


class Carrier(models.TextChoices):
    """Energy carriers and the two non-energy resources the partnerships follow."""

    ELECTRICITY = "electricity", _("Electricity")
    DISTRICT_HEATING = "district_heating", _("District heating")
    NATURAL_GAS = "natural_gas", _("Natural gas")
    HEATING_OIL = "heating_oil", _("Heating oil")
    LPG = "lpg", _("LPG (bottled gas)")
    DIESEL = "diesel", _("Diesel")
    PETROL = "petrol", _("Petrol")
    WOOD_PELLETS = "wood_pellets", _("Wood pellets")
    WOOD_CHIPS = "wood_chips", _("Wood chips")
    WATER = "water", _("Water")
    WASTE = "waste", _("Waste")


class Unit(models.TextChoices):
    KWH = "kWh", _("kWh")
    MWH = "MWh", _("MWh")
    GJ = "GJ", _("GJ")
    M3 = "m3", _("m³")
    LITRE = "litre", _("litre")
    KG = "kg", _("kg")
    TONNE = "tonne", _("tonne")


class Scope(models.IntegerChoices):
    """GHG Protocol scopes."""

    SCOPE_1 = 1, _("Scope 1 (direct)")
    SCOPE_2 = 2, _("Scope 2 (purchased energy)")
    SCOPE_3 = 3, _("Scope 3 (value chain)")


class FactorMethod(models.TextChoices):
    NATIONAL_AVERAGE = "national_average", _("National average")
    ENERGINET_125 = "energinet_125", _("Energinet, 125 % method (location-based)")
    ENERGINET_200 = "energinet_200", _("Energinet, 200 % method (location-based)")
    MARKET_BASED = "market_based", _("Market-based (guarantees of origin)")
    SUPPLIER = "supplier", _("Supplier's declaration")
    OTHER = "other", _("Other")


class Reliability(models.TextChoices):
    """The marks used in the reference data: how far a value has been checked."""

    A = "A", _("A – primary or official source")
    B = "B", _("B – reputable secondary source")
    C = "C", _("C – not checked against its source; verify before use")


class FactorSet(BaseModel):
    """A named, dated set of emission factors, one per carrier.

    A signed partnership agreement pins one set so that the company's result shows its own
    effort with fixed factors. A pinned set is never edited: coordinators publish a new one.
    Sets without a programme are the installation's reference sets, shared by everyone.
    """

    name = models.CharField(_("name"), max_length=200)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    method = models.CharField(_("method"), max_length=30, choices=FactorMethod.choices)
    source_url = models.URLField(_("source (URL)"), max_length=500)
    reliability = models.CharField(_("reliability"), max_length=1, choices=Reliability.choices)
    reliability_note = models.TextField(_("reliability note"), blank=True)
    programme = models.ForeignKey(
        "organisations.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="factor_sets",
        null=True,
        blank=True,
        help_text=_("Empty for the installation's reference sets, shared by all programmes."),
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published sets can be chosen in a partnership agreement."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("emission factor set")
        verbose_name_plural = _("emission factor sets")
        ordering = ["-year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "year"], name="unique_factor_set_name_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("energy:factor_set_detail", args=[self.uuid])

    @property
    def is_pinned(self) -> bool:
        """Whether a signed agreement uses this set (then it must never change)."""
        return self.pk is not None and self.pk in pinning.answerer().pinned_factor_set_ids(
            [self.pk]
        )


class EmissionFactor(models.Model):
    """kg CO2e per canonical unit of one carrier (kWh, m³ water or tonne waste)."""

    factor_set = models.ForeignKey(
        FactorSet, verbose_name=_("factor set"), on_delete=models.CASCADE, related_name="factors"
    )
    carrier = models.CharField(_("carrier"), max_length=30, choices=Carrier.choices)
    kg_co2e_per_unit = models.DecimalField(
        _("kg CO2e per canonical unit"),
        max_digits=14,
        decimal_places=7,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_("Per kWh for energy carriers, per m³ for water, per tonne for waste."),
    )
    scope = models.PositiveSmallIntegerField(_("scope"), choices=Scope.choices)
    source = models.CharField(_("source"), max_length=500)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("emission factor")
        verbose_name_plural = _("emission factors")
        ordering = ["factor_set_id", "carrier"]
        constraints = [
            models.UniqueConstraint(
                fields=["factor_set", "carrier"], name="unique_factor_per_carrier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_carrier_display()}: {self.kg_co2e_per_unit}"


class RecordSource(models.TextChoices):
    BILL = "bill", _("Bill")
    METER_READING = "meter_reading", _("Meter reading")
    SUPPLIER_STATEMENT = "supplier_statement", _("Supplier statement")
    ESTIMATE = "estimate", _("Estimate")


class ConsumptionRecord(BaseModel):
    """Consumption of one carrier by a company (or one of its sites) over a period."""

    company = models.ForeignKey(
        "organisations.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="consumption_records",
    )
    site = models.ForeignKey(
        "organisations.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="consumption_records",
        null=True,
        blank=True,
    )
    carrier = models.CharField(_("carrier"), max_length=30, choices=Carrier.choices)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"), help_text=_("The last day of the period."))
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=16,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    # Six decimals keep litres of water and kilograms of waste exact in m³ and tonnes.
    canonical_quantity = models.DecimalField(
        _("quantity in the canonical unit"), max_digits=22, decimal_places=6, editable=False
    )
    conversion_factor = models.DecimalField(
        _("conversion factor used"),
        max_digits=24,
        decimal_places=12,
        editable=False,
        help_text=_("Canonical units per entered unit."),
    )
    conversion_source = models.CharField(
        _("source of the conversion"), max_length=500, blank=True, editable=False
    )
    source = models.CharField(
        _("source of the figure"), max_length=30, choices=RecordSource.choices
    )
    heated_share_percent = models.DecimalField(
        _("share used for space heating (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "The weather-dependent part that degree-day correction adjusts. "
            "Defaults to 100 % for district heating, natural gas, heating oil and wood fuels."
        ),
    )
    evidence = models.FileField(
        _("evidence"),
        upload_to="energy/evidence/%Y/%m/",
        blank=True,
        validators=[validate_evidence_file],
        help_text=_("PDF, PNG, JPEG, XLSX or CSV."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consumption record")
        verbose_name_plural = _("consumption records")
        ordering = ["company_id", "-period_start", "carrier"]
        indexes = [
            models.Index(fields=["company", "carrier", "period_start"]),
            # A company's records newest first, as its pages list them.
            models.Index(
                fields=["company", "-period_start", "carrier"], name="consumption_company_newest"
            ),
            # What changed since a client's last walk (`updated_since` on the API list): a few
            # rows of 1.2 million, otherwise found by reading them all (140 ms).
            models.Index(fields=["updated_at"], name="consumption_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="consumption_period_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="consumption_quantity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_carrier_display()} {self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}"
        )


class DegreeDayYear(BaseModel):
    """Monthly heating degree days (graddage, base 17 °C) of one year in one series.

    Series from different stations and methods disagree by hundreds of degree days, so a
    correction only ever compares years of the same series.
    """

    series = models.CharField(
        _("series"), max_length=200, help_text=_("Station or publisher, e.g. 'DMI Aarhus'.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    source_url = models.URLField(_("source (URL)"), max_length=500, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("degree-day year")
        verbose_name_plural = _("degree-day years")
        ordering = ["series", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="unique_degree_day_year")
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.year}"


class DegreeDayMonth(models.Model):
    degree_year = models.ForeignKey(
        DegreeDayYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="months"
    )
    month = models.PositiveSmallIntegerField(
        _("month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    degree_days = models.DecimalField(
        _("degree days"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("degree-day month")
        verbose_name_plural = _("degree-day months")
        ordering = ["degree_year_id", "month"]
        constraints = [
            models.UniqueConstraint(fields=["degree_year", "month"], name="unique_degree_day_month")
        ]

    def __str__(self) -> str:
        return f"{self.degree_year} {self.month}: {self.degree_days}"


class WeatherArea(models.TextChoices):
    """Where DMI measures a series: a municipality (DMI's code, e.g. 0751 for Aarhus) or a
    weather station (DMI's station id, e.g. 06074)."""

    MUNICIPALITY = "municipality", _("DMI municipality")
    STATION = "station", _("DMI station")


class WeatherSource(models.TextChoices):
    DMI = "dmi", _("DMI climate data")
    CSV = "csv", _("Imported table")
    DERIVED = "derived", _("Derived from the mean temperature")


class WeatherSeries(BaseModel):
    """The outdoor temperature of one place, day by day: what degree-day normalisation and
    the regression models read. Shared by every programme, like DMI's data itself."""

    area = models.CharField(_("area"), max_length=20, choices=WeatherArea.choices)
    code = models.CharField(
        _("DMI code"),
        max_length=10,
        help_text=_(
            "The municipality code (e.g. 0751) or station id (e.g. 06074) as DMI writes it."
        ),
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("weather series")
        verbose_name_plural = _("weather series")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["area", "code"], name="unique_weather_series_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_area_display()} {self.code})"


class WeatherDay(models.Model):
    """One day's mean temperature and heating degree days (base 17 °C)."""

    series = models.ForeignKey(
        WeatherSeries,
        verbose_name=_("weather series"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    day = models.DateField(_("date"))
    mean_temperature_c = models.DecimalField(
        _("mean temperature (°C)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-60")), MaxValueValidator(Decimal("60"))],
    )
    heating_degree_days = models.DecimalField(
        _("heating degree days (17 °C)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(_("source"), max_length=10, choices=WeatherSource.choices)
    degree_days_source = models.CharField(
        _("source of the degree days"), max_length=10, choices=WeatherSource.choices
    )

    class Meta:
        verbose_name = _("weather day")
        verbose_name_plural = _("weather days")
        ordering = ["series", "day"]
        constraints = [models.UniqueConstraint(fields=["series", "day"], name="unique_weather_day")]

    def __str__(self) -> str:
        return f"{self.series.name} {self.day:%d-%m-%Y}"


class WeatherMonth(models.Model):
    """A month's heating degree days where only the monthly figure exists."""

    series = models.ForeignKey(
        WeatherSeries,
        verbose_name=_("weather series"),
        on_delete=models.CASCADE,
        related_name="months",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    heating_degree_days = models.DecimalField(
        _("heating degree days (17 °C)"),
        max_digits=6,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0"))],
    )
    source = models.CharField(_("source"), max_length=10, choices=WeatherSource.choices)

    class Meta:
        verbose_name = _("weather month")
        verbose_name_plural = _("weather months")
        ordering = ["series", "month"]
        constraints = [
            models.UniqueConstraint(fields=["series", "month"], name="unique_weather_month"),
        ]

    def __str__(self) -> str:
        return f"{self.series.name} {self.month:%m-%Y}"

    def clean(self) -> None:
        if self.month and self.month.day != 1:
            raise ValidationError({"month": _("Give the month as its first day.")})


class ProductionRecord(BaseModel):
    """What a company (or one of its P-units) produced over a period: the driver that a
    regression model of its consumption may use beside the outdoor temperature."""

    company = models.ForeignKey(
        "organisations.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="production_records",
    )
    site = models.ForeignKey(
        "organisations.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="production_records",
        null=True,
        blank=True,
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"), help_text=_("The last day of the period."))
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=16,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0"))],
    )
    unit = models.CharField(_("unit"), max_length=30, help_text=_("E.g. tonne, pieces, m²."))
    product = models.CharField(_("what is produced"), max_length=200)
    evidence = models.FileField(
        _("evidence"),
        upload_to="energy/production/%Y/%m/",
        blank=True,
        validators=[validate_evidence_file],
        help_text=_("PDF, PNG, JPEG, XLSX or CSV."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("production record")
        verbose_name_plural = _("production records")
        ordering = ["company", "-period_start"]
        indexes = [models.Index(fields=["company", "period_start"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="production_period_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="production_quantity_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.period_start:%d-%m-%Y}–{self.period_end:%d-%m-%Y}"


# Meter data lives in its own module; importing it here registers its models with the app.
# District heating per supplier lives in its own module; imported here for Django to find it.
from carbon20.energy.heat_models import (  # noqa: E402
    HeatDeclaration,
    HeatMethod,
    HeatSupplier,
    SiteHeatSupply,
)
from carbon20.energy.meter_models import (  # noqa: E402
    GridEmissionDay,
    MeterDay,
    MeteringPoint,
    PowerOfAttorney,
)

__all__ = [
    "Carrier",
    "ConsumptionRecord",
    "DegreeDayMonth",
    "DegreeDayYear",
    "EmissionFactor",
    "FactorMethod",
    "FactorSet",
    "GridEmissionDay",
    "HeatDeclaration",
    "HeatMethod",
    "HeatSupplier",
    "MeterDay",
    "MeteringPoint",
    "PowerOfAttorney",
    "ProductionRecord",
    "RecordSource",
    "Reliability",
    "Scope",
    "SiteHeatSupply",
    "Unit",
    "WeatherArea",
    "WeatherDay",
    "WeatherMonth",
    "WeatherSeries",
    "WeatherSource",
]
