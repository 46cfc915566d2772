"""The company page's "Connected data" section, read through the meter selectors. The company
page itself (organisations) has checked that the user may see the company; meter data is the
company's own data, shared per partnership (decision 0017), so a municipality that only adopted
the company sees the page without it."""

from django import template

from carbon20.core import tenancy
from carbon20.energy import meter_selectors, selectors

register = template.Library()


@register.simple_tag
def connected_data(user, company) -> dict:
    if not tenancy.may_read_company_data(user, company):
        return {"hidden": True}
    return {
        "data": meter_selectors.connected_data(company),
        "can_write": selectors.can_write_consumption(user, company),
    }
