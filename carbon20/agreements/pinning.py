"""The signed agreement and the factors it pins: the one place this fact is written.

* what makes an agreement signed: `AgreementQuerySet.signed()`;
* the agreement that binds a partnership now: `Partnership.signed_agreement`;
* its pinned factors, as the one type every figure reads: `pinned_factors(partnership)`;
* which sets are pinned (and so never change): `pinned_factor_set_ids`, registered with
  `carbon20.energy.pinning` so that energy can ask without importing this app;
* the set a new agreement starts from: `default_factor_set(programme)`.
"""

from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, prefetch_related_objects
from django.utils.translation import gettext_lazy as _

from carbon20.agreements.models import Agreement
from carbon20.energy.calc.emissions import FactorTable
from carbon20.energy.models import EmissionFactor, FactorSet, Reliability
from carbon20.energy.selectors import factor_table
from carbon20.organisations.models import Company, Programme
from carbon20.partnerships.models import Partnership

FACTOR_SET_REQUIRED = _(
    "Choose the emission factor set before the agreement is sent for signature: without it "
    "no CO2e figure and no least-cost plan can be computed."
)


@dataclass(frozen=True)
class PinnedFactors:
    """The factors of a partnership's signed agreement, or (factor_set None) none yet."""

    factor_set: FactorSet | None
    target_percent: Decimal
    factors: list[EmissionFactor] = field(default_factory=list)
    table: FactorTable = field(default_factory=dict)


def pinned_factors(partnership: Partnership) -> PinnedFactors:
    """The signed agreement's set and target; the programme's target before one is signed."""
    agreement = partnership.signed_agreement
    if agreement is None:
        return PinnedFactors(None, partnership.programme.target_percent)
    factor_set = agreement.factor_set
    if factor_set is None:
        return PinnedFactors(None, agreement.target_percent)
    # One query for the factors, read by both the list and the table.
    prefetch_related_objects([factor_set], "factors")
    factors = list(factor_set.factors.all())
    return PinnedFactors(factor_set, agreement.target_percent, factors, factor_table(factor_set))


def pinned_factor_set_ids(candidate_ids: Collection[int] | None = None) -> set[int]:
    agreements = Agreement.objects.signed().filter(factor_set__isnull=False)
    if candidate_ids is not None:
        agreements = agreements.filter(factor_set_id__in=list(candidate_ids))
    return set(agreements.values_list("factor_set_id", flat=True))


def pinned_factor_set_for_company(company: Company) -> FactorSet | None:
    agreement = (
        Agreement.objects.signed()
        .filter(partnership__company=company, factor_set__isnull=False)
        .select_related("factor_set")
        .order_by("-created_at")
        .first()
    )
    return agreement.factor_set if agreement is not None else None


def default_factor_set(programme: Programme) -> FactorSet | None:
    """The programme's newest published set, else the newest published reference set whose
    values have been checked against their source (reliability A or B, never C)."""
    published = FactorSet.objects.filter(is_published=True).order_by(
        "-year", "-published_at", "name"
    )
    own = published.filter(programme=programme).first()
    if own is not None:
        return own
    return published.filter(
        Q(programme__isnull=True), reliability__in=[Reliability.A, Reliability.B]
    ).first()


def production_unit_for_company(company: Company) -> str | None:
    agreement = (
        Agreement.objects.signed()
        .filter(partnership__company=company)
        .exclude(production_unit="")
        .order_by("-created_at")
        .first()
    )
    return agreement.production_unit if agreement is not None else None


def weather_series_ids_in_use() -> set[int]:
    return set(
        Agreement.objects.signed()
        .filter(weather_series__isnull=False)
        .values_list("weather_series_id", flat=True)
    )
