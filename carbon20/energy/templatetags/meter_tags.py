"""The company page's "Connected data" section, read through the meter selectors. The company
page itself (organisations) has checked that the user may see the company; meter data is the
company's own data, shared per partnership (decision 0017), so a municipality that only adopted
the company sees the page without it."""

from django import template

from carbon20.energy import meter_selectors, selectors
from carbon20.organisations.selectors import companies_sharing_data_with

register = template.Library()


@register.simple_tag
def connected_data(user, company) -> dict:
    if not companies_sharing_data_with(user).filter(pk=company.pk).exists():
        return {"hidden": True}
    return {
        "data": meter_selectors.connected_data(company),
        "can_write": selectors.can_write_consumption(user, company),
    }
