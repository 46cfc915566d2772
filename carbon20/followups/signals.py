"""Follow-ups are planned the moment a partnership reaches step 6, whichever page or API
approved the plan: the workflow writes that step change as a timeline event."""

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from carbon20.followups.services import schedule_follow_ups
from carbon20.partnerships.models import Step, TimelineEvent


@receiver(post_save, sender=TimelineEvent, dispatch_uid="followups.schedule_on_step_6")
def schedule_when_plan_approved(sender, instance: TimelineEvent, created: bool, **kwargs) -> None:
    if not created or kwargs.get("raw"):
        return
    if instance.kind != TimelineEvent.Kind.STEP or instance.to_step != Step.FOLLOW_UP:
        return
    # The event is written inside the workflow's transaction, so planning joins it: a
    # refused approval leaves no follow-ups behind.
    schedule_follow_ups(instance.partnership, timezone.localdate(instance.at))
