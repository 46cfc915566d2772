"""Who is told when company management approves the action plan: the officer, who follows
it up, and the consultant whose review it builds on."""

from carbon20.actionplans.models import ActionPlan
from carbon20.notifications.delivery import notify
from carbon20.partnerships.notify import officers, partnership_context


def plan_approved(plan: ActionPlan) -> None:
    partnership = plan.partnership
    notify(
        event="plan_approved",
        key=f"plan:{plan.uuid}",
        recipients=[*officers(partnership), partnership.consultant],
        template="actionplans/email/plan_approved",
        context=partnership_context(partnership),
        path=plan.get_absolute_url(),
    )
