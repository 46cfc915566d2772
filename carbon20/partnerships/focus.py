"""The focus areas of a partnership, defined once for every app (visit, agreement, technical
review, action plan, reports)."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class FocusArea(models.TextChoices):
    ELECTRICITY = "electricity", _("Electricity")
    HEAT = "heat", _("Heat")
    SUPPLY = "supply", _("Supply")
    WASTE = "waste", _("Waste")
    WATER = "water", _("Water")
    TRANSPORT = "transport", _("Transport")
    FOOD = "food", _("Food and canteen")
    IT = "it", _("IT and server room")
    COMMUTING = "commuting", _("Commuting")
    PRODUCTS = "products", _("Products")


def validate_focus_areas(value: Iterable[str]) -> None:
    """A stored list of focus areas holds known values only, each once."""
    if not isinstance(value, list):
        raise ValidationError(_("Focus areas must be a list."), code="invalid")
    unknown = [item for item in value if item not in FocusArea.values]
    if unknown:
        raise ValidationError(
            _("Unknown focus area: %(value)s."), code="invalid", params={"value": unknown[0]}
        )
    if len(set(value)) != len(value):
        raise ValidationError(_("A focus area is listed twice."), code="invalid")


def focus_area_labels(values: Iterable[str]) -> list[str]:
    """The translated names of stored focus areas, in the order of FocusArea."""
    chosen = set(values)
    return [str(area.label) for area in FocusArea if area.value in chosen]
