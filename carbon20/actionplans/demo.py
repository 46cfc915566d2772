"""Demo action plans for the demo partnerships at step 5 or later: the measures of the
least-cost proposal (or all of them when no set reaches the target) as actions. Plans of
partnerships at step 6 are approved, with their PDF, and show progress in their history."""

from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from carbon20.actionplans import services
from carbon20.actionplans.documents import render_plan_pdf
from carbon20.actionplans.figures import plan_figures
from carbon20.actionplans.models import ActionPlan, ActionStatus
from carbon20.partnerships.models import Step

OWNERS = ["Driftschef", "Produktionsleder", "Teknisk ansvarlig", "Kantineleder"]


def load(context: dict) -> None:
    today = timezone.localdate()
    user = context["users"].get("officer@albertslund.demo")
    plans = []
    for review in context.get("technical_reviews", []):
        partnership = review.partnership
        if partnership.step < Step.ACTION_PLAN:
            continue
        plan = ActionPlan.objects.create(partnership=partnership)
        figures = plan_figures(plan)
        proposal = figures.least_cost()
        chosen = set(proposal.chosen) if proposal and proposal.feasible else None
        measures = [
            row.measure
            for row in figures.measure_rows
            if chosen is None or str(row.measure.uuid) in chosen
        ]
        start = date(today.year, 1, 15)
        services.actions_from_measures(
            plan=plan,
            measures=measures,
            owner=OWNERS[len(plans) % len(OWNERS)],
            start=start,
            deadline=start + timedelta(days=300),
            user=user,
        )
        if partnership.step >= Step.FOLLOW_UP:
            actions = list(plan.actions.order_by("deadline", "title"))
            for position, action in enumerate(actions):
                if position == 0:
                    services.change_status(
                        action=action, status=ActionStatus.IN_PROGRESS, reason="", user=user
                    )
                    services.change_status(
                        action=action, status=ActionStatus.DONE, reason="", user=user
                    )
                elif position == 1:
                    services.change_status(
                        action=action, status=ActionStatus.IN_PROGRESS, reason="", user=user
                    )
                elif position == len(actions) - 1 and len(actions) > 3:
                    services.change_status(
                        action=action,
                        status=ActionStatus.DROPPED,
                        reason="Udlejer vil ikke betale sin del.",
                        user=user,
                    )
            plan.approved_by_name = "Direktionen"
            plan.approved_by_title = "Administrerende direktør"
            plan.approved_on = start - timedelta(days=5)
            plan.approval_recorded_by = user
            plan.plan_pdf.save(
                f"action-plan-{plan.uuid}.pdf", ContentFile(render_plan_pdf(plan)), save=False
            )
            plan.save()
        plans.append(plan)
    context["action_plans"] = plans
