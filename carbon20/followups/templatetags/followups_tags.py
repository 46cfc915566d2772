"""The partnership page's section on the later steps. A tag rather than view context so that
the partnerships app, which comes first in the six steps, never imports the later ones."""

from django import template

from carbon20.followups.selectors import partnership_work

register = template.Library()


@register.inclusion_tag("followups/_partnership_work.html", takes_context=True)
def partnership_work_section(context, partnership) -> dict:
    return {
        "partnership": partnership,
        "work": partnership_work(context["request"].user, partnership),
        "csrf_token": context.get("csrf_token"),
    }
