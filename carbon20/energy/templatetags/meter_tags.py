"""The company page's "Connected data" section, read through the meter selectors; the company
page itself (organisations) has already checked that the user may see the company."""

from django import template

from carbon20.energy import meter_selectors, selectors

register = template.Library()


@register.simple_tag
def connected_data(user, company) -> dict:
    return {
        "data": meter_selectors.connected_data(company),
        "can_write": selectors.can_write_consumption(user, company),
    }
