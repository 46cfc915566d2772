"""Which factor sets are pinned, asked of the app that owns agreements.

A signed partnership agreement pins its factor set, and a pinned set never changes. The
agreement lives in `agreements`, which stands above `energy` (it imports energy, never the
reverse), so energy cannot ask the agreement itself. Instead the agreements app answers:
its `AppConfig.ready()` registers `carbon20.agreements.pinning`, which holds the one
definition of "the signed agreement and its pinned factors". Asking before an answerer is
registered is a configuration error and fails loudly rather than letting a pinned set be
edited.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Protocol

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from carbon20.energy.models import FactorSet
    from carbon20.organisations.models import Company


class PinnedSets(Protocol):
    def pinned_factor_set_ids(self, candidate_ids: Collection[int] | None = None) -> set[int]:
        """Ids of the sets (among the candidates, or all) that a signed agreement pins."""
        ...

    def pinned_factor_set_for_company(self, company: Company) -> FactorSet | None:
        """The set of the company's most recently signed agreement, if any."""
        ...

    def production_unit_for_company(self, company: Company) -> str | None:
        """The production unit the company's most recently signed agreement names, if any."""
        ...

    def weather_series_ids_in_use(self) -> set[int]:
        """The weather series that signed agreements read."""
        ...


_answerer: PinnedSets | None = None


def register(answerer: PinnedSets) -> None:
    global _answerer
    _answerer = answerer


def answerer() -> PinnedSets:
    if _answerer is None:
        raise ImproperlyConfigured(
            "No app answers which factor sets are pinned; is carbon20.agreements installed?"
        )
    return _answerer
