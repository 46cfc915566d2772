"""A partnership's documented savings per data kind, by the method its signed agreement
records (bills, degree-day normalised, regression or deemed), each figure with its evidence
grade, its uncertainty where measured, the model's quality for regression, and CO2e with the
pinned factors and with each year's own factors.

The arithmetic is in ``energy.calc.documented`` and ``energy.calc.savings``; this module feeds
them from the database. Decision record:
docs/decisions/0012-documentation-method-weather-results.md.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbon20.actionplans.models import Action, ActionStatus
from carbon20.agreements.models import Agreement, DataKind, DocumentationMethod
from carbon20.agreements.pinning import pinned_factors
from carbon20.energy import selectors as energy
from carbon20.energy.calc import carriers as calc_carriers
from carbon20.energy.calc import documented as calc
from carbon20.energy.calc.baseline import Consumption
from carbon20.energy.calc.degree_days import MissingDegreeDaysError
from carbon20.energy.calc.emissions import FactorTable
from carbon20.energy.calc.savings import Period, estimate_savings
from carbon20.energy.models import Carrier, ProductionRecord
from carbon20.followups.results import UsedRecords
from carbon20.partnerships.models import Partnership

THREE_PLACES = Decimal("0.001")
TWO_PLACES = Decimal("0.01")
WHOLE = Decimal("1")

# Which carriers each data kind of the agreement documents.
KIND_CARRIERS: dict[str, tuple[str, ...]] = {
    DataKind.ELECTRICITY: (Carrier.ELECTRICITY,),
    DataKind.HEAT: (Carrier.DISTRICT_HEATING,),
    DataKind.FUELS: (
        Carrier.NATURAL_GAS,
        Carrier.HEATING_OIL,
        Carrier.LPG,
        Carrier.WOOD_PELLETS,
        Carrier.WOOD_CHIPS,
    ),
    DataKind.TRANSPORT: (Carrier.DIESEL, Carrier.PETROL),
    DataKind.WATER: (Carrier.WATER,),
    DataKind.WASTE: (Carrier.WASTE,),
}


class Evidence(TextChoices):
    """How a figure is known, strongest first; every published figure carries one."""

    REGRESSION = "regression", gettext_lazy("Regression")
    NORMALISED = "normalised", gettext_lazy("Normalised")
    BILLS = "bills", gettext_lazy("Bills")
    DEEMED = "deemed", gettext_lazy("Deemed")


EVIDENCE = {
    DocumentationMethod.REGRESSION: Evidence.REGRESSION,
    DocumentationMethod.DEGREE_DAYS: Evidence.NORMALISED,
    DocumentationMethod.BILLS: Evidence.BILLS,
    DocumentationMethod.DEEMED: Evidence.DEEMED,
}
MEASURED = (Evidence.REGRESSION, Evidence.NORMALISED, Evidence.BILLS)


@dataclass(frozen=True)
class ChartPeriod:
    """One period of the chart: what was measured and what the baseline model predicts."""

    phase: str  # "baseline" or "reporting"
    start: date
    end: date
    observed: Decimal
    predicted: Decimal


@dataclass(frozen=True)
class ModelQuality:
    kind: str
    r2: Decimal
    cv_rmse: Decimal
    nmbe: Decimal


@dataclass(frozen=True)
class KindFigure:
    """The documented saving of one data kind. Energy in the kind's canonical unit (kWh,
    m³ water, tonnes waste), CO2e in tonnes; None where it cannot be said, with the reasons."""

    data_kind: str
    method: str
    evidence: str
    unit: str = ""
    baseline_start: date | None = None
    baseline_end: date | None = None
    reporting_start: date | None = None
    reporting_end: date | None = None
    baseline_quantity: Decimal | None = None
    reporting_quantity: Decimal | None = None
    savings: Decimal | None = None
    savings_percent: Decimal | None = None
    # At 90 % confidence (ASHRAE Guideline 14), in the unit and as per cent of the saving.
    uncertainty: Decimal | None = None
    uncertainty_percent: Decimal | None = None
    co2e_saved_t: Decimal | None = None
    co2e_saved_own_years_t: Decimal | None = None
    co2e_uncertainty_t: Decimal | None = None
    model: ModelQuality | None = None
    periods: list[ChartPeriod] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def is_measured(self) -> bool:
        return self.evidence in MEASURED

    @property
    def data_kind_label(self) -> str:
        return str(DataKind(self.data_kind).label)

    @property
    def method_label(self) -> str:
        return str(DocumentationMethod(self.method).label)

    @property
    def evidence_label(self) -> str:
        return str(Evidence(self.evidence).label)


@dataclass(frozen=True)
class DocumentedResult:
    figures: list[KindFigure]

    @property
    def measured(self) -> list[KindFigure]:
        return [f for f in self.figures if f.is_measured and f.co2e_saved_t is not None]

    @property
    def measured_co2e_t(self) -> Decimal | None:
        if not self.measured:
            return None
        return sum((f.co2e_saved_t for f in self.measured if f.co2e_saved_t), Decimal(0))

    @property
    def measured_uncertainty_t(self) -> Decimal | None:
        """√(Σ u²) over the figures that state an uncertainty (regression)."""
        stated = [f.co2e_uncertainty_t for f in self.measured if f.co2e_uncertainty_t is not None]
        if not stated:
            return None
        return calc.quadrature(stated).quantize(THREE_PLACES)

    @property
    def deemed_co2e_t(self) -> Decimal | None:
        deemed = [f.co2e_saved_t for f in self.figures if f.evidence == Evidence.DEEMED]
        known = [value for value in deemed if value is not None]
        return sum(known, Decimal(0)) if known else None


def _unit(kind: str) -> str:
    if kind == DataKind.WATER:
        return "m³"
    if kind == DataKind.WASTE:
        return "t"
    return "kWh"


def _co2e_t(quantities: Mapping[str, Decimal], table: FactorTable) -> Decimal | None:
    """Tonnes CO2e of quantities per carrier; None when a carrier lacks its factor."""
    total = Decimal(0)
    for code, quantity in quantities.items():
        factor = table.get(calc_carriers.Carrier(code))
        if factor is None:
            return None
        total += quantity * factor.kg_co2e_per_unit
    return (total / 1000).quantize(THREE_PLACES)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part / whole * 100).quantize(TWO_PLACES) if whole > 0 else None


class _Inputs:
    """What every figure of one partnership reads, fetched once."""

    def __init__(
        self, partnership: Partnership, agreement: Agreement, used: UsedRecords | None
    ) -> None:
        self.partnership = partnership
        self.agreement = agreement
        self.records = (used or UsedRecords(partnership)).rows
        self.pinned = pinned_factors(partnership).table
        self.baseline_start, self.baseline_end = agreement.baseline_period
        self._own_years: dict[int, FactorTable] | None = None

    def consumption(self, kind: str) -> list[Consumption]:
        carriers = KIND_CARRIERS[kind]
        return [energy.to_calc(r) for r in self.records if r.carrier in carriers]

    def own_year_table(self, year: int) -> FactorTable | None:
        if self._own_years is None:
            factor_set = self.agreement.factor_set
            years = range(self.baseline_start.year, timezone.localdate().year + 1)
            sets = (
                energy.factor_sets_by_year(
                    years, method=factor_set.method, programme=self.partnership.programme
                )
                if factor_set is not None
                else {}
            )
            self._own_years = {y: energy.factor_table(s) for y, s in sets.items()}
        return self._own_years.get(year)

    def own_years_co2e(
        self, baseline: Mapping[str, Decimal], reporting: Mapping[str, Decimal], year: int
    ) -> Decimal | None:
        """Baseline CO2e with the baseline year's set less reporting CO2e with the reporting
        year's set; None when either year has no set or a factor is missing."""
        base_table = self.own_year_table(self.baseline_start.year)
        report_table = self.own_year_table(year)
        if base_table is None or report_table is None:
            return None
        before, after = _co2e_t(baseline, base_table), _co2e_t(reporting, report_table)
        return None if before is None or after is None else before - after


def _before_after_figure(inputs: _Inputs, kind: str, method: str) -> KindFigure:
    evidence = EVIDENCE[method]
    records = inputs.consumption(kind)
    empty = KindFigure(kind, method, evidence, _unit(kind))
    if not records:
        return _refused(empty, _("No consumption of this kind has been entered."))
    baseline_records: list[Consumption] | None = None
    if method == DocumentationMethod.DEGREE_DAYS:
        series = inputs.agreement.weather_series
        if series is None:
            return _refused(empty, _("The agreement names no weather series."))
        try:
            baseline_records = records
            records = calc.normalise(
                records, energy.monthly_degree_days(series), inputs.baseline_start
            )
        except MissingDegreeDaysError as error:
            months = ", ".join(f"{month:02d}-{year}" for year, month in error.months)
            return _refused(
                empty,
                _("The weather series %(series)s has no degree days for %(months)s.")
                % {"series": series.name, "months": months},
            )
    try:
        compared = calc.before_after(records, inputs.baseline_start, baseline_records)
    except calc.NoWholePeriodError as error:
        if error.code == "baseline_not_covered":
            return _refused(
                empty,
                _("The consumption data do not cover the whole baseline period %(start)s–%(end)s.")
                % {
                    "start": inputs.baseline_start.strftime("%d-%m-%Y"),
                    "end": inputs.baseline_end.strftime("%d-%m-%Y"),
                },
            )
        return _refused(empty, _("No whole reporting period after the baseline has data yet."))
    baseline = {c.value: q for c, q in compared.baseline.items()}
    reporting = {c.value: q for c, q in compared.reporting.items()}
    savings = compared.baseline_total - compared.reporting_total
    before, after = _co2e_t(baseline, inputs.pinned), _co2e_t(reporting, inputs.pinned)
    return KindFigure(
        data_kind=kind,
        method=method,
        evidence=evidence,
        unit=_unit(kind),
        baseline_start=compared.baseline_start,
        baseline_end=compared.baseline_end,
        reporting_start=compared.reporting_start,
        reporting_end=compared.reporting_end,
        baseline_quantity=compared.baseline_total.quantize(WHOLE),
        reporting_quantity=compared.reporting_total.quantize(WHOLE),
        savings=savings.quantize(WHOLE),
        savings_percent=_percent(savings, compared.baseline_total),
        co2e_saved_t=None if before is None or after is None else before - after,
        co2e_saved_own_years_t=inputs.own_years_co2e(
            baseline, reporting, compared.reporting_end.year
        ),
        reasons=[]
        if before is not None and after is not None
        else [_("The pinned factor set lacks a factor for this kind; no CO2e is stated.")],
    )


def _refused(figure: KindFigure, reason: str) -> KindFigure:
    return KindFigure(
        figure.data_kind, figure.method, figure.evidence, figure.unit, reasons=[reason]
    )


def _production(inputs: _Inputs) -> list[Period] | None:
    if not inputs.agreement.production_variable:
        return None
    partnership = inputs.partnership
    rows = ProductionRecord.objects.filter(company_id=partnership.company_id)
    # As for consumption: a P-unit's own records, else those entered for the whole company.
    if partnership.site_id is not None:
        own = rows.filter(site_id=partnership.site_id)
        rows = own if own.exists() else rows.filter(site__isnull=True)
    return [
        Period(row.period_start, row.period_end, float(row.quantity))
        for row in rows.order_by("period_start")
    ]


def _regression_figure(inputs: _Inputs, kind: str) -> KindFigure:
    method = DocumentationMethod.REGRESSION
    empty = KindFigure(kind, method, Evidence.REGRESSION, _unit(kind))
    records = inputs.consumption(kind)
    series = inputs.agreement.weather_series
    if series is None:
        return _refused(empty, _("The agreement names no weather series."))
    if not records:
        return _refused(empty, _("No consumption of this kind has been entered."))
    reporting_start = date.fromordinal(inputs.baseline_end.toordinal() + 1)
    last_day = max(r.period_end for r in records)
    temperatures = energy.temperatures(
        series, inputs.baseline_start, max(last_day, reporting_start)
    )
    production = _production(inputs)
    # The reporting period ends with the last whole record whose days the drivers cover: a
    # bill past the last day of weather (or production) data waits for it, never counts half.
    covered_until = max(temperatures, default=reporting_start)
    if production:
        covered_until = min(covered_until, max(p.end for p in production))
    ends = [r.period_end for r in records if reporting_start <= r.period_end <= covered_until]
    if ends:
        last_day = max(ends)
    # One model per carrier (each its own meter); a kind's savings add up, their
    # uncertainties in quadrature.
    estimates = []
    reasons: list[str] = []
    for carrier in sorted({r.carrier for r in records}):
        readings = [
            Period(r.period_start, r.period_end, float(r.canonical_quantity))
            for r in records
            if r.carrier == carrier
        ]
        estimate = estimate_savings(
            consumption=readings,
            temperatures=temperatures,
            baseline=(inputs.baseline_start, inputs.baseline_end),
            reporting=(reporting_start, last_day),
            production=production,
        )
        if not estimate.sufficient:
            reasons += [
                f"{Carrier(carrier.value).label}: {reason.message}" for reason in estimate.reasons
            ]
        estimates.append((carrier, estimate))
    if reasons:
        return KindFigure(kind, method, Evidence.REGRESSION, _unit(kind), reasons=reasons)
    predicted = {c.value: Decimal(str(e.predicted)) for c, e in estimates}
    observed = {c.value: Decimal(str(e.observed)) for c, e in estimates}
    savings = sum(predicted.values(), Decimal(0)) - sum(observed.values(), Decimal(0))
    uncertainty = calc.quadrature(Decimal(str(e.savings_uncertainty_90)) for _c, e in estimates)
    per_carrier_u = {c.value: Decimal(str(e.savings_uncertainty_90)) for c, e in estimates}
    u_co2e = _co2e_t(per_carrier_u, inputs.pinned)
    before, after = _co2e_t(predicted, inputs.pinned), _co2e_t(observed, inputs.pinned)
    first = estimates[0][1]
    model = first.model
    periods = (
        [
            ChartPeriod(
                phase,
                p.start,
                p.end,
                Decimal(str(round(p.observed))),
                Decimal(str(round(p.predicted))),
            )
            for phase, source in (
                ("baseline", first.baseline_periods),
                ("reporting", first.reporting_periods),
            )
            for p in source
        ]
        if len(estimates) == 1
        else []
    )
    total_predicted = sum(predicted.values(), Decimal(0))
    return KindFigure(
        data_kind=kind,
        method=method,
        evidence=Evidence.REGRESSION,
        unit=_unit(kind),
        baseline_start=inputs.baseline_start,
        baseline_end=inputs.baseline_end,
        reporting_start=reporting_start,
        reporting_end=last_day,
        baseline_quantity=total_predicted.quantize(WHOLE),
        reporting_quantity=sum(observed.values(), Decimal(0)).quantize(WHOLE),
        savings=savings.quantize(WHOLE),
        savings_percent=_percent(savings, total_predicted),
        uncertainty=uncertainty.quantize(WHOLE),
        uncertainty_percent=_percent(uncertainty, abs(savings)) if savings else None,
        co2e_saved_t=None if before is None or after is None else before - after,
        co2e_saved_own_years_t=inputs.own_years_co2e(predicted, observed, last_day.year),
        co2e_uncertainty_t=u_co2e,
        model=ModelQuality(
            model.kind,
            Decimal(str(model.r2)).quantize(THREE_PLACES),
            Decimal(str(model.cv_rmse)).quantize(TWO_PLACES),
            Decimal(str(model.nmbe)).quantize(TWO_PLACES),
        )
        if model is not None and len(estimates) == 1
        else None,
        periods=periods,
    )


def _deemed_figure(partnership: Partnership, inputs: _Inputs, kind: str) -> KindFigure:
    carriers = set(KIND_CARRIERS[kind])
    savings: dict[str, Decimal] = {}
    for action in Action.objects.filter(plan__partnership=partnership, status=ActionStatus.DONE):
        for carrier, amount in action.savings_decimal().items():
            if carrier in carriers and amount:
                savings[carrier] = savings.get(carrier, Decimal(0)) + amount
    total = sum(savings.values(), Decimal(0))
    co2e = _co2e_t(savings, inputs.pinned)
    return KindFigure(
        data_kind=kind,
        method=DocumentationMethod.DEEMED,
        evidence=Evidence.DEEMED,
        unit=_unit(kind),
        savings=total.quantize(WHOLE),
        co2e_saved_t=co2e,
        reasons=[]
        if co2e is not None
        else [_("The pinned factor set lacks a factor for this kind; no CO2e is stated.")],
    )


def documented_result(
    partnership: Partnership, used: UsedRecords | None = None
) -> DocumentedResult | None:
    """Each data kind the signed agreement documents, by its method; None before one is
    signed with a factor set. `used`: the records, when the caller has read them already."""
    agreement = partnership.signed_agreement
    if agreement is None or agreement.factor_set is None:
        return None
    inputs = _Inputs(partnership, agreement, used)
    figures = []
    for kind in DataKind.values:
        if kind not in (agreement.data_kinds or []):
            continue
        method = agreement.method_for(kind)
        if method == DocumentationMethod.REGRESSION:
            figures.append(_regression_figure(inputs, kind))
        elif method == DocumentationMethod.DEEMED:
            figures.append(_deemed_figure(partnership, inputs, kind))
        else:
            figures.append(_before_after_figure(inputs, kind, method))
    return DocumentedResult(figures)


def as_json(result: DocumentedResult | None) -> list[dict]:
    """Plain JSON for snapshots and the API: Decimals and dates as strings."""
    if result is None:
        return []
    rows = []
    for figure in result.figures:
        data = asdict(figure)
        data["periods"] = [
            {**period, "start": period["start"].isoformat(), "end": period["end"].isoformat()}
            for period in data["periods"]
        ]
        rows.append(_plain(data))
    return rows


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class ChartFigure:
    """A figure with its chart's data, as the result page draws it."""

    data_kind: str
    data_kind_label: str
    unit: str
    periods: list[ChartPeriod]
    chart: dict
    chart_id: str

    @classmethod
    def of(cls, figure: KindFigure) -> "ChartFigure":
        labels = [
            f"{p.start.strftime('%m-%Y')}" if p.start.day == 1 else p.start.isoformat()
            for p in figure.periods
        ]
        return cls(
            data_kind=figure.data_kind,
            data_kind_label=figure.data_kind_label,
            unit=figure.unit,
            periods=figure.periods,
            chart={
                "labels": labels,
                "observed": [str(p.observed) for p in figure.periods],
                "predicted": [str(p.predicted) for p in figure.periods],
                "observed_label": _("Measured"),
                "predicted_label": _("Baseline model"),
            },
            chart_id=f"chart-data-{figure.data_kind}",
        )
