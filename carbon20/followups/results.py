"""A partnership's result: measured (consumption of the latest year against the baseline
year, with the agreement's pinned factors and with each year's own factors) beside deemed
(the expected savings of the actions marked done). The two are never added together."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from carbon20.energy.calc.baseline import Consumption, results_for_years
from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.calc.emissions import Factor, MissingFactorsError
from carbon20.energy.models import ConsumptionRecord, EmissionFactor, FactorSet, RecordSource
from carbon20.partnerships.models import Agreement, Partnership

TWO_PLACES = Decimal("0.01")
THREE_PLACES = Decimal("0.001")


@dataclass(frozen=True)
class YearFigures:
    year: int
    pinned_t: Decimal
    own_year_t: Decimal | None


@dataclass(frozen=True)
class MeasuredResult:
    baseline_year: int
    baseline_t: Decimal
    latest_year: int | None
    latest_t: Decimal | None
    latest_own_year_t: Decimal | None
    target_percent: Decimal
    factor_set: str
    years: list[YearFigures] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)

    @property
    def reduction_t(self) -> Decimal | None:
        if self.latest_t is None:
            return None
        return self.baseline_t - self.latest_t

    @property
    def reduction_percent(self) -> Decimal | None:
        if self.latest_t is None or self.baseline_t <= 0:
            return None
        return reduction_percent(self.baseline_t, self.latest_t)

    @property
    def target_reached(self) -> bool | None:
        reduction = self.reduction_percent
        return None if reduction is None else reduction >= self.target_percent


@dataclass(frozen=True)
class NoMeasuredResult:
    """Why a partnership has no measured result yet, in words for the page."""

    reason: str


def reduction_percent(baseline_t: Decimal, current_t: Decimal) -> Decimal:
    return ((baseline_t - current_t) / baseline_t * 100).quantize(TWO_PLACES)


def signed_agreement(partnership: Partnership) -> Agreement | None:
    return (
        partnership.agreements.filter(status=Agreement.State.SIGNED)
        .select_related("factor_set")
        .order_by("-version")
        .first()
    )


def _factor_table(factors) -> dict[Carrier, Factor]:
    return {
        Carrier(f.carrier): Factor(Carrier(f.carrier), f.kg_co2e_per_unit, f.scope) for f in factors
    }


def measured_result(partnership: Partnership) -> MeasuredResult | NoMeasuredResult:
    agreement = signed_agreement(partnership)
    if agreement is None or agreement.factor_set is None:
        return NoMeasuredResult(_("No signed agreement with a factor set yet."))
    records = ConsumptionRecord.objects.filter(company_id=partnership.company_id)
    if partnership.site_id:
        records = records.filter(site_id=partnership.site_id)
    rows = list(records)
    if not rows:
        return NoMeasuredResult(_("No consumption data has been entered yet."))
    consumption = [
        Consumption(
            carrier=Carrier(r.carrier),
            period_start=r.period_start,
            period_end=r.period_end,
            canonical_quantity=r.canonical_quantity,
            heated_share_percent=r.heated_share_percent,
        )
        for r in rows
    ]
    last_year = max(r.period_end.year for r in rows)
    years = list(range(agreement.baseline_year, max(last_year, agreement.baseline_year) + 1))
    pinned = _factor_table(agreement.factor_set.factors.all())
    own_sets: dict[int, dict[Carrier, Factor]] = {}
    by_year: dict[int, list[EmissionFactor]] = defaultdict(list)
    candidate_sets = FactorSet.objects.filter(
        year__in=years, is_published=True, method=agreement.factor_set.method
    ).filter(programme__isnull=True) | FactorSet.objects.filter(
        year__in=years, is_published=True, programme_id=partnership.programme_id
    )
    for factor in EmissionFactor.objects.filter(factor_set__in=candidate_sets).select_related(
        "factor_set"
    ):
        by_year[factor.factor_set.year].append(factor)
    for year, factors in by_year.items():
        own_sets[year] = _factor_table(factors)
    try:
        per_year = results_for_years(consumption, years, pinned, own_sets)
    except MissingFactorsError as error:
        return NoMeasuredResult(
            _("The factor set has no factor for: %(carriers)s.")
            % {"carriers": ", ".join(error.carriers)}
        )
    figures = []
    for result in per_year:
        own = result.own_year
        own_t = None
        if own is not None:
            own_t = own.emissions.total_tonnes.quantize(THREE_PLACES)
        figures.append(
            YearFigures(
                result.year, result.pinned.emissions.total_tonnes.quantize(THREE_PLACES), own_t
            )
        )
    baseline = figures[0]
    latest = figures[-1] if len(figures) > 1 else None
    labels = dict(RecordSource.choices)
    return MeasuredResult(
        baseline_year=agreement.baseline_year,
        baseline_t=baseline.pinned_t,
        latest_year=latest.year if latest else None,
        latest_t=latest.pinned_t if latest else None,
        latest_own_year_t=latest.own_year_t if latest else None,
        target_percent=agreement.target_percent,
        factor_set=str(agreement.factor_set),
        years=figures,
        evidence=sorted({str(labels[r.source]) for r in rows}),
    )


def as_json(result: MeasuredResult | NoMeasuredResult) -> dict:
    """Plain JSON for snapshots: Decimals as strings so nothing is rounded by a float."""
    if isinstance(result, NoMeasuredResult):
        return {"measured": False, "reason": result.reason}
    data = asdict(result)
    data.update(
        measured=True,
        reduction_t=result.reduction_t,
        reduction_percent=result.reduction_percent,
        target_reached=result.target_reached,
    )
    return _stringify(data)


def _stringify(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    return value
