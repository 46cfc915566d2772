"""Who viewed or exported personal data: an ACCESS entry in the audit log (django-auditlog)
for each person shown, written in one statement. Here in core so that every app's pages can
log without importing the accounts app above them."""

from collections.abc import Iterable

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone


def record_access(*, instances: Iterable, actor, purpose: str) -> None:
    now = timezone.now()
    entries = [
        LogEntry(
            content_type=ContentType.objects.get_for_model(instance),
            object_pk=str(instance.pk),
            object_id=instance.pk,
            object_repr=str(instance),
            action=LogEntry.Action.ACCESS,
            changes={"purpose": [purpose, purpose]},
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_email=getattr(actor, "email", None),
            timestamp=now,
        )
        for instance in instances
    ]
    if entries:
        LogEntry.objects.bulk_create(entries)
