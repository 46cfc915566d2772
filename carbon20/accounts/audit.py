"""The audit log (django-auditlog): who created, changed, deleted or viewed what.

`AUDITED_MODELS` is the one list of audited models; a new model joins by its label here.
Models are named by label, not imported, because accounts sits below the apps whose models
it audits. Entries are append-only: the app never edits one, and deletes only those older
than `AUDIT_RETENTION_DAYS` (`delete_expired`).
"""

import csv
import io
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta

from auditlog.context import auditlog_value
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.db.models.signals import pre_delete, pre_save
from django.utils import timezone

from carbon20.core.access_log import record_access

__all__ = ["record_access"]

# label, fields whose values stay out of the log (secrets, hashes)
AUDITED_MODELS: list[tuple[str, list[str]]] = [
    ("accounts.User", ["password", "last_login"]),
    ("accounts.Membership", []),
    ("accounts.Invitation", ["token_hash"]),
    ("organisations.Company", []),
    ("organisations.ContactPerson", []),
    ("energy.FactorSet", []),
    ("energy.EmissionFactor", []),
    ("energy.ConsumptionRecord", []),
    ("energy.ProductionRecord", []),
    ("agreements.AgreementTemplate", []),
    ("agreements.AgreementTemplateVersion", []),
    ("agreements.Agreement", []),
    ("agreements.AgreementSignature", []),
    ("screening.Measure", []),
    ("actionplans.Action", []),
    ("followups.FollowUp", []),
]


def register_models() -> None:
    """Register every audited model that this installation has (some arrive with later
    branches; a label whose app has no such model yet is skipped)."""
    for label, excluded in AUDITED_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=excluded)


def attribute_to(user) -> None:
    """Name the actor of the changes in this request when authentication happens after the
    audit middleware ran (API tokens)."""
    try:
        context = auditlog_value.get()
    except LookupError:
        return
    if context.get("actor") is None:
        context["actor"] = user


def record_event(*, instance, actor, message: str, detail: dict | None = None) -> LogEntry:
    """An entry for a change that is not a field's new value (a second factor removed)."""
    entry = LogEntry.objects.log_create(
        instance,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={message: ["", str(detail or "")]},
        actor=actor,
        actor_email=getattr(actor, "email", None),
    )
    return entry


# Deleting entries is allowed only inside `delete_expired`.
_retention_run: ContextVar[bool] = ContextVar("audit_retention_run", default=False)


def _refuse_edit(sender, instance, **kwargs) -> None:
    if instance.pk is not None and LogEntry.objects.filter(pk=instance.pk).exists():
        raise PermissionDenied("Audit log entries are never changed.")


def _refuse_delete(sender, instance, **kwargs) -> None:
    if not _retention_run.get():
        raise PermissionDenied("Audit log entries are deleted only when their time is up.")


def connect_guards() -> None:
    pre_save.connect(_refuse_edit, sender=LogEntry, dispatch_uid="audit_append_only_save")
    pre_delete.connect(_refuse_delete, sender=LogEntry, dispatch_uid="audit_append_only_delete")


def delete_expired(now: datetime | None = None) -> int:
    """The only delete: entries older than the retention period."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)
    token = _retention_run.set(True)
    try:
        deleted, _ = LogEntry.objects.filter(timestamp__lt=cutoff).delete()
    finally:
        _retention_run.reset(token)
    return deleted


def search(
    *,
    actor: str = "",
    object_type: int | None = None,
    action: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    text: str = "",
) -> QuerySet[LogEntry]:
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp")
    if actor:
        entries = entries.filter(
            Q(actor_email__icontains=actor)
            | Q(actor__first_name__icontains=actor)
            | Q(actor__last_name__icontains=actor)
        )
    if object_type:
        entries = entries.filter(content_type_id=object_type)
    if action is not None:
        entries = entries.filter(action=action)
    tz = timezone.get_current_timezone()
    if date_from:
        entries = entries.filter(timestamp__gte=datetime.combine(date_from, time.min, tz))
    if date_to:
        entries = entries.filter(
            timestamp__lt=datetime.combine(date_to + timedelta(days=1), time.min, tz)
        )
    if text:
        entries = entries.filter(
            Q(object_repr__icontains=text)
            | Q(changes_text__icontains=text)
            | Q(changes__icontains=text)
        )
    return entries


def audited_content_types():
    from django.contrib.contenttypes.models import ContentType

    models = []
    for label, _excluded in AUDITED_MODELS:
        try:
            models.append(apps.get_model(label))
        except LookupError:
            continue
    return ContentType.objects.get_for_models(*models).values()


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """A spreadsheet runs a cell that starts like a formula; a leading quote makes it text
    (OWASP CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def to_csv(entries: Iterable[LogEntry], header: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for entry in entries:
        writer.writerow(
            [
                safe_cell(value)
                for value in (
                    timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
                    entry.actor_email or (entry.actor.email if entry.actor else ""),
                    entry.get_action_display(),
                    entry.content_type.model if entry.content_type_id else "",
                    entry.object_pk,
                    entry.object_repr,
                    entry.changes_str if entry.changes else "",
                    entry.remote_addr or "",
                )
            ]
        )
    return out.getvalue()
