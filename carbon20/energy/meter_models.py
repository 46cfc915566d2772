"""Meter data: metering points, the company's power of attorney to fetch their data, the
hourly values per local day, and the grid's hourly CO2e intensity per local day.

Interval data is one row per metering point and local day, holding the day's 23, 24 or 25
hourly values as whole Wh in a JSON array beside the day's total; decision 0014 says why
(5 years × 365 days × thousands of meters is millions of rows instead of billions of
hourly ones, and a day is what the savings engine and the results read). The grid's
intensity is laid out the same way, so a day's scope 2 is one pairing of two arrays.

Imported by ``models`` so that Django finds these models in the energy app.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel

validate_gsrn = RegexValidator(
    r"^57\d{16}$", _("A metering point ID (GSRN) is 18 digits beginning with 57.")
)


class PriceArea(models.TextChoices):
    DK1 = "DK1", _("DK1 (west of the Great Belt)")
    DK2 = "DK2", _("DK2 (east of the Great Belt)")


class AllocationMethod(models.TextChoices):
    """Energinet's fuel allocation of combined heat and power (``FuelAllocationMethod``)."""

    M125 = "125%", _("125 % method")
    M200 = "200%", _("200 % method")


class MeterSource(models.TextChoices):
    ELOVERBLIK = "eloverblik", _("Eloverblik (fetched)")
    FILE = "file", _("File from eloverblik.dk")
    DEMO = "demo", _("Demo data (synthesised)")


class PowerOfAttorney(BaseModel):
    """A company's power of attorney (fuldmagt) for the platform to fetch its meter data from
    Eloverblik. The nightly fetch reads only inside its dates and only its metering points
    (all of the company's when none are named)."""

    company = models.ForeignKey(
        "organisations.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="powers_of_attorney",
    )
    granted_by_name = models.CharField(_("granted by"), max_length=200)
    granted_by_role = models.CharField(_("role of the grantor"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    authorization_id = models.CharField(
        _("Eloverblik authorisation ID"),
        max_length=100,
        blank=True,
        help_text=_("The ID Eloverblik gives the authorisation the company signed there."),
    )
    metering_points = models.ManyToManyField(
        "energy.MeteringPoint",
        verbose_name=_("metering points covered"),
        blank=True,
        related_name="powers_of_attorney",
        help_text=_("None chosen: every metering point of the company."),
    )
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("power of attorney")
        verbose_name_plural = _("powers of attorney")
        ordering = ["company", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="power_of_attorney_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} ({self.valid_from:%d-%m-%Y})"


class MeteringPoint(BaseModel):
    """An electricity metering point (målepunkt), known by its 18-digit GSRN."""

    company = models.ForeignKey(
        "organisations.Company",
        verbose_name=_("company"),
        on_delete=models.CASCADE,
        related_name="metering_points",
    )
    gsrn = models.CharField(
        _("metering point ID (GSRN)"), max_length=18, unique=True, validators=[validate_gsrn]
    )
    type_of_mp = models.CharField(_("type"), max_length=10, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    price_area = models.CharField(_("price area"), max_length=3, choices=PriceArea.choices)
    source = models.CharField(_("source"), max_length=20, choices=MeterSource.choices)
    disappeared_at = models.DateTimeField(
        _("no longer listed since"),
        null=True,
        blank=True,
        help_text=_("Eloverblik stopped listing the metering point under the company."),
    )
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)

    class Meta:
        verbose_name = _("metering point")
        verbose_name_plural = _("metering points")
        ordering = ["company", "gsrn"]

    def __str__(self) -> str:
        return self.gsrn


class MeterDay(models.Model):
    """One local day (Europe/Copenhagen) of a metering point: Wh per hour in the day's order
    (23, 24 or 25 values, ``null`` for an hour without data) and the day's total."""

    metering_point = models.ForeignKey(
        MeteringPoint,
        verbose_name=_("metering point"),
        on_delete=models.CASCADE,
        related_name="days",
    )
    day = models.DateField(_("day"))
    wh = models.JSONField(_("Wh per hour"))
    total_wh = models.BigIntegerField(_("total (Wh)"))
    missing_hours = models.PositiveSmallIntegerField(_("hours without data"), default=0)

    class Meta:
        verbose_name = _("meter day")
        verbose_name_plural = _("meter days")
        ordering = ["metering_point", "day"]
        constraints = [
            models.UniqueConstraint(fields=["metering_point", "day"], name="unique_meter_day")
        ]

    def __str__(self) -> str:
        return f"{self.metering_point_id} {self.day}"


class GridEmissionDay(models.Model):
    """One local day of Energinet's hourly CO2e intensity in a price area under one fuel
    allocation method: mg CO2e per kWh per hour in the day's order (``null`` when missing)."""

    price_area = models.CharField(_("price area"), max_length=3, choices=PriceArea.choices)
    method = models.CharField(
        _("fuel allocation method"), max_length=4, choices=AllocationMethod.choices
    )
    day = models.DateField(_("day"))
    mg_per_kwh = models.JSONField(_("mg CO2e per kWh per hour"))
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("grid emission day")
        verbose_name_plural = _("grid emission days")
        ordering = ["price_area", "method", "day"]
        constraints = [
            models.UniqueConstraint(
                fields=["price_area", "method", "day"], name="unique_grid_emission_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.price_area} {self.method} {self.day}"
