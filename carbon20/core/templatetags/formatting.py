"""The one way the pages print a date, a time stamp, an amount of money and a year.

Templates use these filters instead of `date:"…"` and `floatformat` so that every page and
document agrees: Danish pages read "1. dec. 2026" and "12.345", English pages "1 Dec 2026" and
"12,345" (the formats are the active language's, see `config/formats/`).
"""

from datetime import date, datetime
from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats

register = template.Library()


@register.filter(expects_localtime=True)
def local_date(value: date | datetime | None) -> str:
    """A date in the active language's DATE_FORMAT; a time stamp shows its local day."""
    if value in (None, ""):
        return ""
    return formats.date_format(value, "DATE_FORMAT")


@register.filter(expects_localtime=True)
def local_datetime(value: datetime | None) -> str:
    """A time stamp in the active language's DATETIME_FORMAT, in the installation's time zone."""
    if value in (None, ""):
        return ""
    return formats.date_format(value, "DATETIME_FORMAT")


@register.filter
def dkk(value: Decimal | float | int | None) -> str:
    """Whole kroner with the active language's thousands separator; the unit (DKK) is said
    once, in the column heading or the sentence around the figure."""
    if value in (None, ""):
        return ""
    return floatformat(value, "0g")


@register.filter
def year(value: int | None) -> str:
    """A year as written, never with a thousands separator ("2016", not "2.016")."""
    if value in (None, ""):
        return ""
    return str(int(value))


@register.filter
def stated(value: Decimal | None) -> str:
    """A decimal with the places it was stated with, in the active language's format: 15,82
    and 10 (never 15,820 or 1E+1), as a supplier's declaration gives them."""
    if value in (None, ""):
        return ""
    exponent = Decimal(value).normalize().as_tuple().exponent
    places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return floatformat(value, str(places))
