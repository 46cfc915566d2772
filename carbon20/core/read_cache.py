"""What is read far more often than what it shows changes, kept in Django's cache (shared by
every app process when `CACHE_URL` is set) under a generation: a built programme dashboard and
the pipeline's results (`PROGRAMME_PAGES`), a partnership's measured and deemed results
(`PARTNERSHIP_RESULTS`), the public list's count (`public.selectors.LISTING`).

Every save or delete of a model a generation follows replaces it, so that nothing kept before
the write is found again; a kept value also expires after `KPI_CACHE_SECONDS`. A write replaces
it twice: at once, so that the rest of its own request (and a test, whose transaction never
commits) reads what it wrote, and again once its transaction commits, since a reader in
another process may have kept a value built from the state before the commit under the first
replacement. Writes that skip `save()` (`QuerySet.update`, `bulk_create`) send no signal: code
that makes them on a followed model calls `replace_after_write()` itself.

The keys hold the generation's name and shape, the language (pages carry translated titles),
the day (what is overdue changes at midnight) and the caller's parts: whose reach it is
(`tenancy.dashboard_reach_key`, `tenancy.pipeline_reach_key`), the filters.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

T = TypeVar("T")
# Saves that change nothing a kept value shows: a login stamps the user's last login.
_UNSHOWN_FIELDS = frozenset({"last_login"})


class Generation:
    def __init__(self, name: str, shape: int = 1) -> None:
        self.name = name
        self.key = f"read-cache:{name}:generation"
        # The shape of what is kept: a release that changes it (the dashboard's classes, the
        # API's answer) raises it, so that it never unpickles a value of the old shape.
        self.prefix = f"read-cache:{name}:{shape}:"

    def current(self) -> str:
        value = cache.get(self.key)
        if value is None:
            value = uuid.uuid4().hex
            # Another process may set it first; theirs and ours are equally new.
            cache.add(self.key, value, None)
            value = cache.get(self.key, value)
        return value

    def replace(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, None)

    def replace_after_write(self) -> None:
        self.replace()
        transaction.on_commit(self.replace)

    def _changed(self, sender, update_fields=None, **kwargs) -> None:
        if update_fields and _UNSHOWN_FIELDS.issuperset(update_fields):
            return
        self.replace_after_write()

    def follow(self, models: Iterable[type[Model]]) -> None:
        """Every save or delete of these models replaces the generation."""
        for model in models:
            uid = f"read-cache-{self.name}-{model._meta.label}"
            post_save.connect(self._changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(self._changed, sender=model, dispatch_uid=uid, weak=False)

    def cached(self, parts: tuple, build: Callable[[], T]) -> T:
        """The value kept for `parts` (with the language and the day) in this generation,
        built and kept if missing."""
        scope = (translation.get_language(), timezone.localdate().isoformat(), *parts)
        key = self.prefix + hashlib.sha256(repr(scope).encode()).hexdigest()
        # One round trip: the value is kept with the generation it was built in, and counts
        # only while that generation is the current one.
        found = cache.get_many([self.key, key])
        current = found.get(self.key) or self.current()
        kept = found.get(key)
        if kept is not None and kept[0] == current:
            return kept[1]
        value = build()
        cache.set(key, (current, value), settings.KPI_CACHE_SECONDS)
        return value


# Programme dashboards, their results pages, the API's KPIs and the pipeline; the models
# they read are followed in `reports.apps`.
PROGRAMME_PAGES = Generation("programme-pages", shape=2)
# A partnership's measured and deemed results (`followups.results_cache`). They read
# consumption and factors that the energy app also writes in bulk, and energy sits below
# followups, so the generation those writes replace lives here, where both reach it.
PARTNERSHIP_RESULTS = Generation("partnership-results")
