"""Programme KPIs are read far more often than what they count changes, so a built dashboard
is kept in Django's cache (shared by every app process when `CACHE_URL` is set) until
a write that changes a figure, or `KPI_CACHE_SECONDS`.

Every save or delete of a model the dashboard reads replaces the cache's generation, once
its transaction commits, so that no dashboard built before it is found again. The keys hold
the generation, the programme, whose reach it is (`tenancy.dashboard_reach_key`), the
filters, the language (the tables carry translated titles) and the day.
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


def _changed(sender, **kwargs) -> None:
    # After the commit, so that a rolled-back write leaves the cache alone and no reader
    # builds a new dashboard from the state before the write commits.
    transaction.on_commit(invalidate)


def connect(models: list[type]) -> None:
    for model in models:
        post_save.connect(_changed, sender=model, dispatch_uid=f"kpis-{model._meta.label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"kpis-{model._meta.label}")


def cached(parts: tuple, build: Callable[[], T]) -> T:
    """The cached value for `parts` in this generation, built and kept if missing."""
    scope = (generation(), translation.get_language(), timezone.localdate().isoformat(), *parts)
    # The prefix names the shape of what is kept: a release that changes it (the dashboard's
    # classes, the API's answer) changes the prefix, so that it never unpickles an old shape.
    key = "reports:kpis:2:" + hashlib.sha256(repr(scope).encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.KPI_CACHE_SECONDS)
    return value
