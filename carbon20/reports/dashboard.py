"""The programme dashboard: reads the partnerships a user may see with a fixed number of
queries, whatever their number, and hands plain values to the pure KPI functions.

Every figure is also a table (`KpiTable`): the page shows it beside its chart, and the CSV,
XLSX and PDF exports write the same tables.
"""

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from carbon20.actionplans.models import Action, ActionStatus
from carbon20.agreements.models import Agreement, DataKind
from carbon20.core import read_cache as kpi_cache
from carbon20.followups import snapshots as follow_up_snapshots
from carbon20.followups.models import BarrierCategory, ClosingRecord, FollowUp
from carbon20.organisations.models import Municipality, Programme
from carbon20.partnerships.focus import FocusArea
from carbon20.partnerships.models import Partnership, Status, Step
from carbon20.reports import kpis, selectors

T = TypeVar("T")


@dataclass(frozen=True)
class Filters:
    municipality: Municipality | None = None
    year: int | None = None
    sector: str = ""

    def apply(self, partnerships: QuerySet[Partnership]) -> QuerySet[Partnership]:
        if self.municipality is not None:
            partnerships = partnerships.filter(municipality=self.municipality)
        if self.year is not None:
            partnerships = partnerships.filter(first_contact_date__year=self.year)
        if self.sector:
            partnerships = partnerships.filter(company__industry_text=self.sector)
        return partnerships

    def key(self) -> tuple:
        return (self.municipality.pk if self.municipality else None, self.year, self.sector)


@dataclass
class KpiTable:
    key: str
    title: str
    headers: list[str]
    rows: list[list[object]]
    chart: dict | None = None
    note: str = ""
    # A table with a row per company keeps only its number of rows here: the page reads
    # one page of them and the exports all of them in chunks (`result_rows`), so that a
    # built dashboard stays small whatever the number of companies.
    paged: bool = False
    row_count: int = 0


@dataclass
class Dashboard:
    partnerships: int
    reductions: kpis.ReductionSummary
    investments: kpis.InvestmentSummary
    follow_ups_held: int
    tables: list[KpiTable] = field(default_factory=list)
    published: int = 0
    left_out_without_consent: int = 0

    def table(self, key: str) -> KpiTable:
        return next(t for t in self.tables if t.key == key)


def _bar_chart(labels: list[str], datasets: list[tuple[str, list]], stacked=False) -> dict:
    return {
        "type": "bar",
        "labels": labels,
        "datasets": [{"label": name, "data": values} for name, values in datasets],
        "stacked": stacked,
    }


def build(
    partnerships: QuerySet[Partnership], programme: Programme | None, filters: Filters
) -> Dashboard:
    """Every table's figures over all the partnerships in reach; what grows with the data is
    counted or summed in SQL, and only the few values a figure needs are read."""
    scoped = filters.apply(partnerships)
    # The related tables filter on a subquery, so each reads in one query whatever the count.
    id_filter = {"partnership_id__in": scoped.values("id")}
    steps = list(
        scoped.order_by()
        .values_list("municipality__name", "step", "status")
        .annotate(count=Count("id"))
    )
    figures, published = _documented_figures_and_consent(id_filter)
    documented = kpis.summarise_documented(_evidence_figures(id_filter))
    reductions = kpis.summarise_reductions(figures)
    # Held follow-ups counted by number and list of barriers: a few hundred rows at most.
    held = list(
        FollowUp.objects.filter(held_date__isnull=False, **id_filter)
        .order_by()
        .values_list("number", "barriers")
        .annotate(count=Count("id"))
    )
    actions = Action.objects.filter(plan__partnership_id__in=scoped.values("id"))
    action_counts = list(
        actions.order_by().values_list("focus_area", "status").annotate(count=Count("id"))
    )
    investments = kpis.summarise_investments(
        [
            kpis.Investment(investment, saving)
            for investment, saving in actions.exclude(status=ActionStatus.DROPPED)
            .order_by()
            .values_list("investment", "dkk_saved_per_year")
        ]
    )
    left_out = len(figures) - published
    tables = [
        funnel_table(steps),
        signups_table(id_filter, programme),
        reductions_table(reductions),
        evidence_table(documented),
        actions_table(action_counts),
        economics_table(investments),
        follow_ups_table(held),
        barriers_table(held),
        results_table(published, left_out=left_out),
    ]
    return Dashboard(
        partnerships=sum(count for *_row, count in steps),
        reductions=reductions,
        investments=investments,
        follow_ups_held=sum(count for _number, _barriers, count in held),
        tables=tables,
        published=published,
        left_out_without_consent=left_out,
    )


def cached_for_reader(kind: str, user, programme: Programme, build: Callable[[], T], *parts) -> T:
    """`build()` kept in the programme pages' cache per programme (as last changed), the
    reader's reach and `parts`, while nothing the dashboards count changed."""
    return kpi_cache.PROGRAMME_PAGES.cached(
        (
            kind,
            programme.pk,
            programme.updated_at.isoformat(),
            selectors.dashboard_reach_key(user, programme),
            *parts,
        ),
        build,
    )


def build_for(user, programme: Programme, filters: Filters) -> Dashboard:
    """The user's dashboard of the programme, from the cache while nothing it counts changed."""
    return cached_for_reader(
        "dashboard",
        user,
        programme,
        lambda: build(selectors.dashboard_partnerships(user, programme), programme, filters),
        filters.key(),
    )


def scoped_partnerships(user, programme: Programme, filters: Filters) -> QuerySet[Partnership]:
    return filters.apply(selectors.dashboard_partnerships(user, programme))


def filter_choices(user, programme: Programme) -> tuple[list[int], list[str]]:
    """The years of first contact and the sectors the dashboard's filters offer."""

    def read() -> tuple[list[int], list[str]]:
        partnerships = selectors.dashboard_partnerships(user, programme)
        years = partnerships.annotate(year=ExtractYear("first_contact_date")).values_list(
            "year", flat=True
        )
        sectors = partnerships.exclude(company__industry_text="").values_list(
            "company__industry_text", flat=True
        )
        return sorted(set(years.order_by().distinct())), sorted(set(sectors.order_by().distinct()))

    return cached_for_reader("filter-choices", user, programme, read)


def funnel_table(rows: list[tuple[str, int, str, int]]) -> KpiTable:
    """Companies per step and municipality, from (municipality, step, status, count) rows."""
    funnel = kpis.funnel_of_counts(
        (name, step, status == Status.COMPLETED, count) for name, step, status, count in rows
    )
    step_labels = [str(label) for _value, label in Step.choices]
    table = KpiTable(
        "funnel",
        _("Companies per step and municipality"),
        [_("Municipality"), *step_labels, _("Completed")],
        [
            [name, *(counts[str(s)] for s in kpis.STEPS), counts["completed"]]
            for name, counts in funnel.items()
        ],
        note=_("A company counts in every step it has reached."),
    )
    table.chart = _bar_chart(
        [*step_labels, _("Completed")], [(row[0], row[1:]) for row in table.rows]
    )
    return table


def signups_table(id_filter: dict, programme: Programme | None) -> KpiTable:
    signed = (
        Agreement.objects.signed()
        .filter(**id_filter)
        .values("partnership_id")
        .annotate(first=Min("signed_at"))
    )
    signed_dates = [row["first"].date() for row in signed if row["first"]]
    if programme is not None:
        goal_start, goal_end = programme.start_date, max(programme.start_date, programme.end_date)
    else:
        goal_start = min(signed_dates, default=timezone.localdate())
        goal_end = max(signed_dates, default=timezone.localdate())
    start, end = kpis.signup_period(goal_start, goal_end, signed_dates)
    points = kpis.signups_over_time(
        signed_dates,
        programme.company_goal if programme else None,
        start,
        end,
        goal_start=goal_start,
        goal_end=goal_end,
    )
    table = KpiTable(
        "signups",
        _("Sign-ups over time against the programme's goal"),
        [_("Month"), _("Signed that month"), _("Signed in total"), _("Goal pace")],
        [[p.month.strftime("%Y-%m"), p.new, p.cumulative, p.goal] for p in points],
        note=_(
            "A sign-up is a signed partnership agreement. The months run from the first to "
            "the last agreement signed, and at least over the programme's period "
            "(%(start)s to %(end)s), over which the goal pace is spread."
        )
        % {"start": goal_start.strftime("%Y-%m"), "end": goal_end.strftime("%Y-%m")},
    )
    table.chart = {
        "type": "line",
        "labels": [p.month.strftime("%Y-%m") for p in points],
        "datasets": [
            {"label": _("Signed in total"), "data": [p.cumulative for p in points]},
            {"label": _("Goal pace"), "data": [p.goal for p in points]},
        ],
    }
    return table


def reductions_table(reductions: kpis.ReductionSummary) -> KpiTable:
    return KpiTable(
        "reductions",
        _("Documented reductions"),
        [_("Key figure"), _("Value")],
        [
            [_("Companies with a documented result"), reductions.companies],
            [_("Average reduction (%)"), _round(reductions.average_percent)],
            [_("Median reduction (%)"), _round(reductions.median_percent)],
            [_("Reduction weighted by baseline (%)"), _round(reductions.weighted_percent)],
            [_("Tonnes CO2e saved"), _round(reductions.tonnes_saved)],
            [
                _("Share that reached the target (%)"),
                _round(reductions.share_reaching_target_percent),
            ],
        ],
        note=_(
            "Measured results: the closing record of completed partnerships, else the latest "
            "follow-up's snapshot. Deemed savings are never added."
        ),
    )


def evidence_table(summary: kpis.DocumentedSummary) -> KpiTable:
    labels = {
        "regression": _("Regression"),
        "normalised": _("Normalised"),
        "bills": _("Bills"),
        "deemed": _("Deemed"),
    }
    rows: list[list[object]] = [
        [labels[total.evidence], total.figures, _round(total.tonnes), _round(total.uncertainty)]
        for total in summary.by_evidence
        if total.evidence != "deemed"
    ]
    rows.append(
        [
            _("Measured in all"),
            sum(t.figures for t in summary.by_evidence if t.evidence != "deemed"),
            _round(summary.measured_t),
            _round(summary.measured_uncertainty_t),
        ]
    )
    deemed = summary.by_evidence[-1]
    rows.append([labels["deemed"], deemed.figures, _round(deemed.tonnes), None])
    return KpiTable(
        "evidence",
        _("Savings by evidence grade"),
        [
            _("Evidence"),
            _("Figures"),
            _("Tonnes CO2e saved per year"),
            _("Uncertainty, 90 % (t)"),
        ],
        rows,
        note=_(
            "From each partnership's latest follow-up: the savings per data kind by the "
            "agreement's method. The programme's uncertainty is the square root of the sum of "
            "the squared uncertainties of the figures that state one (regression). Deemed "
            "savings are a total of their own, never added to the measured."
        ),
    )


def follow_ups_table(held: list[tuple[int, list[str], int]]) -> KpiTable:
    """Held follow-ups by number, from (number, barriers, count) rows."""
    by_number: Counter[int] = Counter()
    for number, _barriers, count in held:
        by_number[number] += count
    table = KpiTable(
        "follow_ups",
        _("Follow-ups held"),
        [_("Follow-up"), _("Held")],
        [[str(n), count] for n, count in sorted(by_number.items())],
    )
    table.chart = _bar_chart(
        [str(r[0]) for r in table.rows], [(_("Held"), [r[1] for r in table.rows])]
    )
    return table


def barriers_table(held: list[tuple[int, list[str], int]]) -> KpiTable:
    """Barriers by category, from (number, barriers, count) rows of held follow-ups."""
    barrier_counts: Counter[str] = Counter()
    for _number, barriers, count in held:
        for barrier in barriers:
            barrier_counts[barrier] += count
    table = KpiTable(
        "barriers",
        _("Barriers by category"),
        [_("Category"), _("Times met")],
        [[str(label), barrier_counts.get(value, 0)] for value, label in BarrierCategory.choices],
    )
    table.chart = _bar_chart(
        [r[0] for r in table.rows], [(_("Times met"), [r[1] for r in table.rows])]
    )
    return table


def actions_table(action_counts: list[tuple[str, str, int]]) -> KpiTable:
    """Actions by focus area and status, from (focus area, status, count) rows."""
    focus_labels = dict(FocusArea.choices)
    status_labels = dict(ActionStatus.choices)
    by_area = kpis.cross_count_of_counts(action_counts)
    table = KpiTable(
        "actions",
        _("Actions by focus area and status"),
        [_("Focus area"), *(str(label) for label in status_labels.values()), _("Total")],
        [
            [
                str(focus_labels.get(area, area)),
                *(counts.get(status, 0) for status in status_labels),
                sum(counts.values()),
            ]
            for area, counts in by_area.items()
        ],
    )
    table.chart = _bar_chart(
        [row[0] for row in table.rows],
        [
            (str(label), [row[1 + index] for row in table.rows])
            for index, label in enumerate(status_labels.values())
        ],
        stacked=True,
    )
    return table


def economics_table(investments: kpis.InvestmentSummary) -> KpiTable:
    return KpiTable(
        "economics",
        _("Investment and savings of the actions"),
        [_("Key figure"), _("Value")],
        [
            [_("Actions (not dropped)"), investments.actions],
            [_("Investment (DKK)"), investments.investment_dkk],
            [_("Annual saving (DKK)"), investments.annual_saving_dkk],
            [_("Average simple payback (years)"), _round(investments.average_payback_years)],
            [
                _("Payback of all actions together (years)"),
                _round(investments.portfolio_payback_years),
            ],
        ],
        note=_("Expected figures from the action plans; dropped actions are left out."),
    )


RESULTS_PER_PAGE = 50
# The export reads the results this many rows at a time.
RESULTS_CHUNK = 2000


def results_table(published: int, *, left_out: int) -> KpiTable:
    """The published results, one row per company: its rows are read apart
    (`results_page`, `result_rows`); the table knows how many there are."""
    return KpiTable(
        "results",
        _("Results per company (published with consent)"),
        [
            _("Company"),
            _("Municipality"),
            _("Baseline (t CO2e)"),
            _("Latest (t CO2e)"),
            _("Reduction (%)"),
            _("Target reached"),
            _("Evidence"),
        ],
        [],
        note=_(
            "%(count)d partnerships without consent to publish are left out of this table "
            "(they are counted in the totals)."
        )
        % {"count": left_out},
        paged=True,
        row_count=published,
    )


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"))


# --- What a held follow-up's snapshot says, read in SQL ---------------------------------------
#
# Only the values a figure needs are read, as text, from each partnership's latest follow-up
# that has them: decoding whole snapshots cost seconds at national scale. Stored snapshots
# never change and `followups.snapshots.read` gives versions 1 and 2 the keys read here
# unchanged (their `documented` reads as empty, as a missing key does here).

# A measured result with a latest year: what `snapshots.read(...)["result"]` holds then.
_MEASURED = (
    Q(snapshot__result__measured=True)
    & Q(snapshot__result__latest_t__isnull=False)
    & ~Q(snapshot__result__latest_t=None)
)
# Documented savings: a non-empty list, at most one figure per data kind.
_DOCUMENTED = Q(snapshot__documented__0__isnull=False)
_MAX_FIGURES = len(DataKind.values)


def _latest_follow_ups(condition: Q, **filters) -> QuerySet[FollowUp]:
    """Each partnership's held follow-up with the highest number among those meeting
    `condition`."""
    later = FollowUp.objects.filter(
        condition, partnership_id=OuterRef("partnership_id"), number__gt=OuterRef("number")
    )
    return (
        FollowUp.objects.filter(condition, snapshot__isnull=False, **filters)
        .exclude(Exists(later))
        .order_by()
    )


def _check_versions(versions: Iterable[str | None]) -> None:
    for version in set(versions):
        follow_up_snapshots.check_version(int(version) if version else None)


def _documented_figures_and_consent(id_filter) -> tuple[list[kpis.PartnershipFigures], int]:
    """Each partnership's documented measured result (its closing record, else the latest
    held follow-up whose snapshot has a measured latest year) and how many of them may be
    published: the closing record's consent, else the signed agreement's."""
    closings = {
        partnership_id: (kpis.PartnershipFigures(baseline, final, target), consent)
        for partnership_id, baseline, final, target, consent in ClosingRecord.objects.filter(
            **id_filter
        )
        .order_by()
        .values_list("partnership_id", "baseline_t", "final_t", "target_percent", "publish_case")
    }
    snapshots = list(
        _latest_follow_ups(_MEASURED, **id_filter)
        .annotate(consent=Exists(_consent("partnership_id")))
        .values_list(
            "partnership_id",
            KT("snapshot__version"),
            KT("snapshot__result__baseline_t"),
            KT("snapshot__result__latest_t"),
            KT("snapshot__result__target_percent"),
            "consent",
        )
    )
    _check_versions(version for _id, version, *_values in snapshots)
    figures = [figure for figure, _consent in closings.values()]
    published = sum(1 for _figure, consent in closings.values() if consent)
    for partnership_id, _version, baseline, latest, target, consent in snapshots:
        if partnership_id in closings:
            continue
        figures.append(kpis.PartnershipFigures(Decimal(baseline), Decimal(latest), Decimal(target)))
        published += consent
    return figures, published


def _consent(partnership: str) -> QuerySet[Agreement]:
    """The signed agreement of the partnership `partnership` refers to, if it consents to
    publishing the result."""
    return Agreement.objects.signed().filter(
        partnership_id=OuterRef(partnership), publish_consent=True
    )


def _evidence_figures(id_filter) -> list[dict[str, str | None]]:
    """The documented figures of each partnership's latest held follow-up that has any: of
    each figure its evidence grade, CO2e saved and uncertainty."""
    keys = ("evidence", "co2e_saved_t", "co2e_uncertainty_t")
    columns = {
        f"f{index}_{key}": KT(f"snapshot__documented__{index}__{key}")
        for index in range(_MAX_FIGURES)
        for key in keys
    }
    # One figure per data kind: a longer list would be one this code does not know.
    columns["beyond"] = KT(f"snapshot__documented__{_MAX_FIGURES}__evidence")
    figures = []
    for row in _latest_follow_ups(_DOCUMENTED, **id_filter).values(
        version=KT("snapshot__version"), **columns
    ):
        _check_versions([row["version"]])
        if row["beyond"] is not None:
            raise ValueError("A snapshot documents more figures than there are data kinds.")
        for index in range(_MAX_FIGURES):
            if row[f"f{index}_evidence"] is None:
                break
            figures.append({key: _text(row[f"f{index}_{key}"]) for key in keys})
    return figures


def _text(value: str | None) -> str | None:
    """A value read as text; a JSON null is None (SQLite reads it as the text "null")."""
    return None if value in (None, "null") else value


def _published_results(scoped: QuerySet[Partnership]) -> QuerySet:
    """The documented results that may be published, as (company, municipality, baseline,
    latest, target) rows by company name: the closing record's, else the latest held
    follow-up's measured result, as in `_documented_figures_and_consent`."""
    latest = FollowUp.objects.filter(
        _MEASURED, snapshot__isnull=False, partnership_id=OuterRef("pk")
    ).order_by("-number")
    return (
        scoped.annotate(
            snapshot_baseline=Subquery(latest.values(v=KT("snapshot__result__baseline_t"))[:1]),
            snapshot_latest=Subquery(latest.values(v=KT("snapshot__result__latest_t"))[:1]),
            snapshot_target=Subquery(latest.values(v=KT("snapshot__result__target_percent"))[:1]),
        )
        .filter(
            Q(closing_record__publish_case=True)
            | Q(closing_record__isnull=True, snapshot_latest__isnull=False) & Exists(_consent("pk"))
        )
        .order_by("company__name", "municipality__name", "id")
        .values_list(
            "company__name",
            "municipality__name",
            "closing_record__baseline_t",
            "closing_record__final_t",
            "closing_record__target_percent",
            "snapshot_baseline",
            "snapshot_latest",
            "snapshot_target",
        )
    )


def _result_row(values: tuple) -> list[object]:
    company, municipality, closing_baseline, closing_final, closing_target, *snapshot = values
    if closing_baseline is not None:
        baseline, current, target = closing_baseline, closing_final, closing_target
    else:
        baseline, current, target = (Decimal(value) for value in snapshot)
    figure = kpis.PartnershipFigures(baseline, current, target)
    measured = baseline > 0
    return [
        company,
        municipality,
        baseline,
        current,
        _round(figure.reduction_percent if measured else None),
        _("Yes") if measured and figure.reached_target else _("No"),
        # Whole calendar years of consumption against the baseline year.
        _("Bills"),
    ]


def result_rows(scoped: QuerySet[Partnership]) -> Iterator[list[object]]:
    """Every published result's row, read from the database in chunks."""
    for values in _published_results(scoped).iterator(chunk_size=RESULTS_CHUNK):
        yield _result_row(values)


def results_page(user, programme: Programme, filters: Filters, number: int) -> list[list[object]]:
    """Page `number` of the published results' rows, cached as the dashboard is."""
    start = (number - 1) * RESULTS_PER_PAGE

    def read(scoped: QuerySet[Partnership]) -> list[list[object]]:
        return [
            _result_row(values)
            for values in _published_results(scoped)[start : start + RESULTS_PER_PAGE]
        ]

    return cached_for_reader(
        "results-page",
        user,
        programme,
        lambda: read(scoped_partnerships(user, programme, filters)),
        filters.key(),
        number,
    )


def rows_reader(scoped: QuerySet[Partnership]) -> Callable[[KpiTable], Iterable[list[object]]]:
    """For the exports: each table's rows, those of a paged table read in chunks."""

    def rows_of(table: KpiTable) -> Iterable[list[object]]:
        return result_rows(scoped) if table.paged else table.rows

    return rows_of
