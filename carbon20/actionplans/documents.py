"""The action plan as PDF, in the print layout of every document (`core.documents`)."""

from django.utils import translation

from carbon20.actionplans.figures import plan_figures
from carbon20.actionplans.models import ActionPlan
from carbon20.core.documents import render_pdf


def render_plan_pdf(plan: ActionPlan) -> bytes:
    figures = plan_figures(plan)
    with translation.override(plan.partnership.language):
        return render_pdf(
            "actionplans/plan_pdf.html",
            {"plan": plan, "partnership": plan.partnership, "figures": figures},
        )
