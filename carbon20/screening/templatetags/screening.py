from django import template

from carbon20.screening.selectors import assigned_reviews

register = template.Library()


@register.simple_tag
def my_reviews(user) -> list:
    """The consultant's own reviews, for the start page."""
    return list(assigned_reviews(user))
