"""Pages read far more often than what they show changes: a built programme dashboard, the
partnership pipeline's results. They are kept in Django's cache (shared by every app process
when `CACHE_URL` is set) until a write that changes what they show, or `KPI_CACHE_SECONDS`.

Every save or delete of a model they read (connected in `reports.apps`) replaces the cache's
generation, once its transaction commits, so that nothing built before it is found again.
The keys hold the generation, the language (the pages carry translated titles), the day
(what is overdue changes at midnight) and the caller's parts: whose reach it is
(`tenancy.dashboard_reach_key`, `tenancy.pipeline_reach_key`), the filters.

Writes that skip `save()` (`QuerySet.update`, `bulk_create`) send no signal: code that makes
them on a connected model calls `invalidate()` itself.
"""

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

T = TypeVar("T")
GENERATION_KEY = "reports:kpi-generation"
# Saves that change nothing a cached page shows: a login stamps the user's last login.
_UNSHOWN_FIELDS = frozenset({"last_login"})


def generation() -> str:
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        # Another process may set it first; theirs and ours are equally new.
        cache.add(GENERATION_KEY, value, None)
        value = cache.get(GENERATION_KEY, value)
    return value


def invalidate() -> None:
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


def _changed(sender, update_fields=None, **kwargs) -> None:
    if update_fields and _UNSHOWN_FIELDS.issuperset(update_fields):
        return
    # After the commit, so that a rolled-back write leaves the cache alone and no reader
    # builds a new page from the state before the write commits.
    transaction.on_commit(invalidate)


def connect(models: list[type]) -> None:
    for model in models:
        post_save.connect(_changed, sender=model, dispatch_uid=f"kpis-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"kpis-{model._meta.label}")


def cached(parts: tuple, build: Callable[[], T]) -> T:
    """The cached value for `parts` in this generation, built and kept if missing."""
    scope = (translation.get_language(), timezone.localdate().isoformat(), *parts)
    # The prefix names the shape of what is kept: a release that changes it (the dashboard's
    # classes, the API's answer) changes the prefix, so that it never unpickles an old shape.
    key = "reports:kpis:2:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    # One round trip: the value is kept with the generation it was built in, and counts only
    # while that generation is the current one.
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    kept = found.get(key)
    if kept is not None and kept[0] == current:
        return kept[1]
    value = build()
    cache.set(key, (current, value), settings.KPI_CACHE_SECONDS)
    return value
