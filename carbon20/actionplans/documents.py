"""The action plan as PDF, in the layout of the screening report."""

from django.template.loader import render_to_string
from django.utils import translation

from carbon20.actionplans.figures import plan_figures
from carbon20.actionplans.models import ActionPlan
from carbon20.screening.documents import html_to_pdf


def render_plan_pdf(plan: ActionPlan) -> bytes:
    figures = plan_figures(plan)
    with translation.override(plan.partnership.language):
        html = render_to_string(
            "actionplans/plan_pdf.html",
            {"plan": plan, "partnership": plan.partnership, "figures": figures},
        )
    return html_to_pdf(html)
