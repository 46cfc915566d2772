"""The action plan as PDF, in the print layout of every document (`core.documents`)."""

from django.utils import translation

from carbon20.actionplans.figures import plan_figures
from carbon20.actionplans.models import ActionPlan
from carbon20.core.documents import render_pdf
from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.guides.models import GuideVersion


def plan_template(plan: ActionPlan) -> GuideVersion | None:
    return guides.recorded_or_in_force(plan.partnership, GuideKind.ACTION_PLAN, plan.guide_version)


def render_plan_pdf(plan: ActionPlan) -> bytes:
    """The plan's chapters in the order and under the headings of its plan template."""
    figures = plan_figures(plan)
    with translation.override(plan.partnership.language):
        sections = guides.document_sections(plan_template(plan), GuideKind.ACTION_PLAN)
        return render_pdf(
            "actionplans/plan_pdf.html",
            {
                "plan": plan,
                "partnership": plan.partnership,
                "figures": figures,
                "sections": sections,
            },
        )
