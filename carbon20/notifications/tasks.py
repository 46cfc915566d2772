"""The notification mail as a background task; see `delivery` for the once-only rule."""

from celery import shared_task

from carbon20.notifications import delivery


@shared_task(name="carbon20.notifications.tasks.send_notification")
def send_notification(
    event: str, key: str, recipient_ids: list[int], template: str, context: dict, path: str
) -> int:
    return delivery.send_notification(
        event=event,
        key=key,
        recipient_ids=recipient_ids,
        template=template,
        context=context,
        path=path,
    )
