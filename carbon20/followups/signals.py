"""Follow-ups are planned the moment a partnership reaches step 6, whichever page or API
approved the plan: the workflow announces it with `follow_up_started`."""

from datetime import date

from django.dispatch import receiver

from carbon20.followups.services import schedule_follow_ups
from carbon20.partnerships.models import Partnership
from carbon20.partnerships.workflow import follow_up_started


@receiver(follow_up_started, sender=Partnership, dispatch_uid="followups.schedule_on_step_6")
def schedule_when_plan_approved(
    sender, partnership: Partnership, started_on: date, **kwargs
) -> None:
    # Sent inside the workflow's transaction, so planning joins it: a refused approval
    # leaves no follow-ups behind.
    schedule_follow_ups(partnership, started_on)
