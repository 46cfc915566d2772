"""District heating per supplier: who supplies a site, and each supplier's yearly declaration
of kg CO2e per GJ (the fjernvarmedeklaration / varedeklaration).

District heating factors belong to each network, so the national average of a factor set is
only the fallback (docs/decisions/0015-cvr-register-and-heat-suppliers.md). A declaration is
versioned: a published version is never changed (results and snapshots cite it); a
correction is a new version of the same supplier and year, and the newest published version
is the one in force. Imported by `models` so that Django finds these models.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carbon20.core.models import BaseModel
from carbon20.core.validators import validate_cvr
from carbon20.energy.validators import validate_evidence_file


class HeatMethod(models.TextChoices):
    """How the supplier split the fuel of combined heat and power between heat and power."""

    ENERGY = "energy", _("Energy method")
    PERCENT_200 = "200", _("200 % method")
    PERCENT_125 = "125", _("125 % method")
    OTHER = "other", _("Other")


def _validate_supplier_cvr(value: str) -> None:
    validate_cvr(value, allow_demo=settings.DEMO_MODE)


class HeatSupplier(BaseModel):
    """A district heating company (fjernvarmeselskab) and the area it supplies."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    cvr = models.CharField(
        _("CVR number"), max_length=8, blank=True, validators=[_validate_supplier_cvr]
    )
    municipalities = models.ManyToManyField(
        "organisations.Municipality",
        verbose_name=_("municipalities supplied"),
        related_name="heat_suppliers",
        blank=True,
    )
    area = models.CharField(
        _("area"), max_length=200, blank=True, help_text=_("E.g. the towns or network supplied.")
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("district heating supplier")
        verbose_name_plural = _("district heating suppliers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("energy:heat_supplier_detail", args=[self.uuid])


class HeatDeclaration(BaseModel):
    """One version of a supplier's declaration for one year."""

    supplier = models.ForeignKey(
        HeatSupplier,
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    kg_co2e_per_gj = models.DecimalField(
        _("kg CO2e per GJ"),
        max_digits=8,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("500"))],
    )
    method = models.CharField(_("method"), max_length=10, choices=HeatMethod.choices)
    source_url = models.URLField(_("source (URL)"), max_length=500, blank=True)
    source_document = models.FileField(
        _("source document"),
        upload_to="energy/heat-declarations/%Y/",
        blank=True,
        validators=[validate_evidence_file],
        help_text=_("The supplier's declaration as a PDF."),
    )
    note = models.CharField(
        _("note"),
        max_length=500,
        blank=True,
        help_text=_("E.g. a heating year instead of a calendar year, or what a correction fixed."),
    )
    is_published = models.BooleanField(_("published"), default=False)
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
        verbose_name = _("district heating declaration")
        verbose_name_plural = _("district heating declarations")
        ordering = ["supplier", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "year", "version"], name="unique_heat_declaration_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier} {self.year} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        # The one door for every writer, the admin included: a published version is cited by
        # results and snapshots, so it never changes; a correction is the next version.
        if (
            self.pk is not None
            and HeatDeclaration.objects.filter(pk=self.pk, is_published=True).exists()
        ):
            raise ValidationError(
                _(
                    "A published declaration is never changed: add a corrected version of "
                    "%(year)d instead."
                )
                % {"year": self.year},
                code="declaration_published",
            )
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if not self.source_url and not self.source_document:
            raise ValidationError(
                {
                    "source_url": _(
                        "Give the declaration's address or upload it: every factor cites its "
                        "source."
                    )
                }
            )


class SiteHeatSupply(BaseModel):
    """Which supplier's district heating a site buys. A site without one is counted with the
    national average of the factor set, and the result says so."""

    site = models.OneToOneField(
        "organisations.Site",
        verbose_name=_("site"),
        on_delete=models.CASCADE,
        related_name="heat_supply",
    )
    supplier = models.ForeignKey(
        HeatSupplier,
        verbose_name=_("district heating supplier"),
        on_delete=models.PROTECT,
        related_name="site_supplies",
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chosen by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("district heating supply of a site")
        verbose_name_plural = _("district heating supplies of sites")

    def __str__(self) -> str:
        return f"{self.site}: {self.supplier}"
