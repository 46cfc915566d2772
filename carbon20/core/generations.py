"""Cache generations: figures that are read far more often than what they count changes are
kept in Django's cache (shared by every app process when `CACHE_URL` is set) under a
generation, and every write that could change one replaces the generation, so that nothing
kept before the write is found again.

A write replaces it twice: at once, for the rest of its own request (and its tests, whose
transaction never commits), and again once its transaction commits, since a reader in another
process may have kept figures from the state before the commit under the first replacement.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

T = TypeVar("T")


class Generation:
    def __init__(self, name: str) -> None:
        self.name = name
        self.key = f"generation:{name}"

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
        """For a write that sends no signal (`bulk_create`, `update`)."""
        self.replace()
        transaction.on_commit(self.replace)

    def _changed(self, sender, **kwargs) -> None:
        self.replace_after_write()

    def follow(self, models: Iterable[type[Model]]) -> None:
        """Every save or delete of these models replaces the generation."""
        for model in models:
            uid = f"generation-{self.name}-{model._meta.label}"
            post_save.connect(self._changed, sender=model, dispatch_uid=uid, weak=False)
            post_delete.connect(self._changed, sender=model, dispatch_uid=uid, weak=False)

    def cached(self, parts: tuple, build: Callable[[], T], seconds: int) -> T:
        """The value kept for `parts` (with the language and the day) in this generation,
        built and kept if missing."""
        scope = (
            self.current(),
            translation.get_language(),
            timezone.localdate().isoformat(),
            *parts,
        )
        key = f"{self.name}:" + hashlib.sha256(repr(scope).encode()).hexdigest()
        value = cache.get(key)
        if value is None:
            value = build()
            cache.set(key, value, seconds)
        return value


# A partnership's measured and deemed results (`followups.results_cache`). They read
# consumption and factors that the energy app also writes in bulk, and energy sits below
# followups, so the generation those writes replace lives here, where both reach it.
PARTNERSHIP_RESULTS = Generation("partnership-results")
