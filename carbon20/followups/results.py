"""A partnership's result: measured (consumption of the latest year against the baseline
year, with the agreement's pinned factors and with each year's own factors) beside deemed
(the expected savings of the actions marked done). The two are never added together."""

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db.models import QuerySet, TextChoices, prefetch_related_objects
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbon20.actionplans.models import Action, ActionStatus
from carbon20.agreements.pinning import pinned_factors
from carbon20.energy import heat_selectors
from carbon20.energy import selectors as energy
from carbon20.energy.calc.emissions import MissingFactorsError
from carbon20.energy.calc.reduction import reduction_percent, round_percent
from carbon20.energy.models import Carrier, ConsumptionRecord, RecordSource
from carbon20.partnerships.models import Partnership
from carbon20.screening.calc import co2e_saved_kg

THREE_PLACES = Decimal("0.001")


class RecordScope(TextChoices):
    """Whose consumption records a result is made from."""

    COMPANY = "company", gettext_lazy("the whole company")
    SITE = "site", gettext_lazy("the P-unit")
    # A P-unit partnership whose P-unit has no records of its own.
    WHOLE_COMPANY_FOR_SITE = (
        "whole_company_for_site",
        gettext_lazy("the whole company, as the P-unit has no records of its own"),
    )


@dataclass(frozen=True)
class RecordBasis:
    """Which records a result uses: whose, and the days their periods span."""

    scope: str
    site: str
    first_day: date | None
    last_day: date | None

    def describe(self) -> str:
        days = {
            "first": formats.date_format(self.first_day) if self.first_day else "–",
            "last": formats.date_format(self.last_day) if self.last_day else "–",
            "site": self.site,
        }
        if self.scope == RecordScope.SITE:
            return _("Records of the P-unit %(site)s, from %(first)s to %(last)s.") % days
        if self.scope == RecordScope.WHOLE_COMPANY_FOR_SITE:
            return (
                _(
                    "The P-unit %(site)s has no records of its own, so the records entered for "
                    "the whole company are used, from %(first)s to %(last)s."
                )
                % days
            )
        return _("Records of the whole company, from %(first)s to %(last)s.") % days


def records_used(partnership: Partnership) -> tuple[QuerySet[ConsumptionRecord], str]:
    """The records a partnership's result is made from, and their scope: a P-unit's own
    records, else (for a P-unit without any) those entered for the whole company, that is
    without a P-unit, so that another P-unit's consumption is never counted."""
    if partnership.site_id is None:
        return energy.records_for(partnership.company), RecordScope.COMPANY
    own = energy.records_for(partnership.site)
    # Read rather than asked whether there are any: the caller reads them next, from here.
    if own:
        return own, RecordScope.SITE
    whole = ConsumptionRecord.objects.filter(company_id=partnership.company_id, site__isnull=True)
    return whole, RecordScope.WHOLE_COMPANY_FOR_SITE


class UsedRecords:
    """The records a partnership's result is made from and their scope, read once when first
    asked for: a page that shows several results of one partnership gives each the same."""

    def __init__(self, partnership: Partnership) -> None:
        self.partnership = partnership

    @cached_property
    def _read(self) -> tuple[list[ConsumptionRecord], str]:
        records, scope = records_used(self.partnership)
        return list(records), scope

    @property
    def rows(self) -> list[ConsumptionRecord]:
        return self._read[0]

    @property
    def scope(self) -> str:
        return self._read[1]


@dataclass(frozen=True)
class YearFigures:
    year: int
    pinned_t: Decimal
    own_year_t: Decimal | None
    # Whether every carrier's records cover the whole year: only whole years are compared.
    complete: bool = True
    # The carriers whose records leave days of the year uncovered.
    incomplete_carriers: list[str] = field(default_factory=list)


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
    # Water and waste the pinned set has no factor for: recorded, but in no CO2e figure.
    not_counted: list[str] = field(default_factory=list)
    records: RecordBasis | None = None
    # Which district heating factor the pinned figures use, in words, when heat is in the
    # records; the fallback to the set's national average is marked (docs/decisions/0015).
    district_heating: str = ""
    district_heating_fallback: bool = False

    @property
    def records_description(self) -> str:
        return self.records.describe() if self.records else ""

    @property
    def reduction_t(self) -> Decimal | None:
        if self.latest_t is None:
            return None
        return self.baseline_t - self.latest_t

    @property
    def exact_reduction_percent(self) -> Decimal | None:
        if self.latest_t is None or self.baseline_t <= 0:
            return None
        return reduction_percent(self.baseline_t, self.latest_t)

    @property
    def reduction_percent(self) -> Decimal | None:
        exact = self.exact_reduction_percent
        return None if exact is None else round_percent(exact)

    @property
    def target_reached(self) -> bool | None:
        # The exact figure, so that rounding never reaches a target the data do not.
        exact = self.exact_reduction_percent
        return None if exact is None else exact >= self.target_percent


@dataclass(frozen=True)
class NoMeasuredResult:
    """Why a partnership has no measured result yet, in words for the page."""

    reason: str


def measured_result(
    partnership: Partnership, used: UsedRecords | None = None
) -> MeasuredResult | NoMeasuredResult:
    """`used`: the partnership's records, when the caller reads them for other results too."""
    agreement = partnership.signed_agreement
    if agreement is None or agreement.factor_set is None:
        return NoMeasuredResult(_("No signed agreement with a factor set yet."))
    subject = partnership.site or partnership.company
    used = used or UsedRecords(partnership)
    records, scope = used.rows, used.scope
    sources = sorted({(record.source, record.period_end.year) for record in records})
    if not sources:
        if scope == RecordScope.WHOLE_COMPANY_FOR_SITE:
            return NoMeasuredResult(
                _(
                    "No consumption data has been entered yet, neither for the P-unit nor for "
                    "the whole company."
                )
            )
        return NoMeasuredResult(_("No consumption data has been entered yet."))
    last_year = max(year for _source, year in sources)
    years = list(range(agreement.baseline_year, max(last_year, agreement.baseline_year) + 1))
    heat = heat_selectors.heat_basis(subject, agreement.baseline_year)
    # The pinned set's factors once, for these figures and the deemed result's alike.
    prefetch_related_objects([agreement.factor_set], "factors")
    try:
        computed = energy.results_for_years(
            subject, years, agreement.factor_set, records=records, heat=heat
        )
    except ValidationError as error:
        return NoMeasuredResult(" ".join(error.messages))
    per_year = computed.rows
    uses_heat = any(Carrier.DISTRICT_HEATING in row.pinned.quantities for row in per_year)
    basis = RecordBasis(
        scope=scope,
        site=str(partnership.site) if partnership.site_id else "",
        first_day=min(record.period_start for record in records),
        last_day=max(record.period_end for record in records),
    )
    figures = [
        YearFigures(
            result.year,
            (result.pinned.emissions.total_kg / 1000).quantize(THREE_PLACES),
            None
            if result.own_year is None
            else (result.own_year.emissions.total_kg / 1000).quantize(THREE_PLACES),
            not result.pinned.incomplete_carriers,
            [str(carrier) for carrier in result.pinned.incomplete_carriers],
        )
        for result in per_year
    ]
    baseline = figures[0]
    if not baseline.complete:
        return NoMeasuredResult(
            _("The consumption data do not cover the whole baseline year %(year)d.")
            % {"year": baseline.year}
        )
    latest = next((y for y in reversed(figures[1:]) if y.complete), None)
    labels = dict(RecordSource.choices)
    uncounted = {code for row in per_year for code in row.pinned.emissions.without_factor}
    return MeasuredResult(
        baseline_year=agreement.baseline_year,
        baseline_t=baseline.pinned_t,
        latest_year=latest.year if latest else None,
        latest_t=latest.pinned_t if latest else None,
        latest_own_year_t=latest.own_year_t if latest else None,
        target_percent=agreement.target_percent,
        factor_set=str(agreement.factor_set),
        years=figures,
        evidence=sorted({str(labels[source]) for source, _year in sources}),
        not_counted=[str(Carrier(code).label) for code in Carrier.values if code in uncounted],
        records=basis,
        district_heating=heat.describe(computed.heat_pinned)
        if uses_heat and computed.heat_pinned
        else "",
        district_heating_fallback=bool(
            uses_heat and computed.heat_pinned and computed.heat_pinned.is_fallback
        ),
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
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    return value


@dataclass(frozen=True)
class DeemedResult:
    """Expected yearly savings of the actions marked done, with the pinned factors."""

    done_actions: int
    tonnes_per_year: Decimal | None
    missing_factors: list[str] = field(default_factory=list)


def deemed_result(partnership: Partnership) -> DeemedResult:
    done = list(Action.objects.filter(plan__partnership=partnership, status=ActionStatus.DONE))
    pinned = pinned_factors(partnership)
    if pinned.factor_set is None:
        return DeemedResult(len(done), None)
    total = Decimal(0)
    missing: set[str] = set()
    for action in done:
        try:
            total += co2e_saved_kg(action.savings_decimal(), pinned.table)
        except MissingFactorsError as error:
            missing.update(carrier.value for carrier in error.carriers)
    if missing:
        return DeemedResult(len(done), None, sorted(missing))
    return DeemedResult(len(done), (total / 1000).quantize(THREE_PLACES))


def deemed_as_json(result: DeemedResult) -> dict:
    return _stringify(asdict(result))
