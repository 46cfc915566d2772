"""The programme dashboard: reads the partnerships a user may see with a fixed number of
queries, whatever their number, and hands plain values to the pure KPI functions.

Every figure is also a table (`KpiTable`): the page shows it beside its chart, and the CSV,
XLSX and PDF exports write the same tables.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Min, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from carbon20.actionplans.models import Action, ActionStatus
from carbon20.agreements.models import Agreement
from carbon20.core import read_cache as kpi_cache
from carbon20.followups import snapshots as follow_up_snapshots
from carbon20.followups.models import BarrierCategory, ClosingRecord, FollowUp
from carbon20.organisations.models import Municipality, Programme
from carbon20.partnerships.focus import FocusArea
from carbon20.partnerships.models import Partnership, Status, Step
from carbon20.reports import kpis, selectors


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


@dataclass
class Dashboard:
    partnerships: int
    reductions: kpis.ReductionSummary
    investments: kpis.InvestmentSummary
    follow_ups_held: int
    tables: list[KpiTable] = field(default_factory=list)
    published_results: list[dict] = field(default_factory=list)
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
    scoped = filters.apply(partnerships)
    # The related tables filter on a subquery, so each reads in one query whatever the count.
    id_filter = {"partnership_id__in": scoped.values("id")}
    rows = list(scoped.values_list("municipality__name", "step", "status"))
    # The held follow-ups' snapshots, read once for the results and for the evidence grades.
    held_snapshots = [
        (partnership_id, follow_up_snapshots.read(stored))
        for partnership_id, stored in FollowUp.objects.filter(snapshot__isnull=False, **id_filter)
        .order_by("partnership_id", "number")
        .values_list("partnership_id", "snapshot")
    ]
    figures = _documented_results(scoped, id_filter, held_snapshots)
    documented = kpis.summarise_documented(_documented_figures(held_snapshots))
    reductions = kpis.summarise_reductions([f for f, _row in figures])
    held = list(
        FollowUp.objects.filter(held_date__isnull=False, **id_filter).values_list(
            "number", "barriers"
        )
    )
    action_rows = list(
        Action.objects.filter(plan__partnership_id__in=scoped.values("id")).values_list(
            "focus_area", "status", "investment", "dkk_saved_per_year"
        )
    )
    investments = kpis.summarise_investments(
        [
            kpis.Investment(investment, saving)
            for _area, status, investment, saving in action_rows
            if status != ActionStatus.DROPPED
        ]
    )
    published = [row for _f, row in figures if row["consent"]]
    tables = [
        funnel_table(rows),
        signups_table(id_filter, programme),
        reductions_table(reductions),
        evidence_table(documented),
        actions_table(action_rows),
        economics_table(investments),
        follow_ups_table(held),
        barriers_table(held),
        results_table(published, left_out=len(figures) - len(published)),
    ]
    return Dashboard(
        partnerships=len(rows),
        reductions=reductions,
        investments=investments,
        follow_ups_held=len(held),
        tables=tables,
        published_results=published,
        left_out_without_consent=len(figures) - len(published),
    )


def build_for(user, programme: Programme, filters: Filters) -> Dashboard:
    """The user's dashboard of the programme, from the cache while nothing it counts changed."""
    return kpi_cache.cached(
        (
            "dashboard",
            programme.pk,
            programme.updated_at.isoformat(),
            selectors.dashboard_reach_key(user, programme),
            filters.key(),
        ),
        lambda: build(selectors.dashboard_partnerships(user, programme), programme, filters),
    )


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

    return kpi_cache.cached(
        (
            "filter-choices",
            programme.pk,
            programme.updated_at.isoformat(),
            selectors.dashboard_reach_key(user, programme),
        ),
        read,
    )


def funnel_table(rows: list[tuple[str, int, str]]) -> KpiTable:
    """Companies per step and municipality, from (municipality, step, status) rows."""
    funnel = kpis.funnel((name, step, status == Status.COMPLETED) for name, step, status in rows)
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


def follow_ups_table(held: list[tuple[int, list[str]]]) -> KpiTable:
    """Held follow-ups by number, from (number, barriers) rows."""
    table = KpiTable(
        "follow_ups",
        _("Follow-ups held"),
        [_("Follow-up"), _("Held")],
        [
            [n, count]
            for n, count in sorted(
                kpis.count_by(str(n) for n, _b in held).items(), key=lambda i: int(i[0])
            )
        ],
    )
    table.chart = _bar_chart(
        [str(r[0]) for r in table.rows], [(_("Held"), [r[1] for r in table.rows])]
    )
    return table


def barriers_table(held: list[tuple[int, list[str]]]) -> KpiTable:
    barrier_counts = kpis.count_by(b for _n, barriers in held for b in barriers)
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


def actions_table(action_rows: list[tuple]) -> KpiTable:
    """Actions by focus area and status, from (focus area, status, investment, saving) rows."""
    focus_labels = dict(FocusArea.choices)
    status_labels = dict(ActionStatus.choices)
    by_area = kpis.cross_count((area, status) for area, status, _i, _s in action_rows)
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


def results_table(published: list[dict], *, left_out: int) -> KpiTable:
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
        [
            [
                r["company"],
                r["municipality"],
                r["baseline_t"],
                r["current_t"],
                _round(r["reduction"]),
                _("Yes") if r["reached"] else _("No"),
                # Whole calendar years of consumption against the baseline year.
                _("Bills"),
            ]
            for r in published
        ],
        note=_(
            "%(count)d partnerships without consent to publish are left out of this table "
            "(they are counted in the totals)."
        )
        % {"count": left_out},
    )


def _round(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"))


def _documented_figures(held_snapshots) -> list[dict]:
    """The documented figures of each partnership's latest held follow-up."""
    latest: dict[int, list[dict]] = {}
    for partnership_id, snapshot in held_snapshots:
        if snapshot and snapshot["documented"]:
            latest[partnership_id] = snapshot["documented"]
    return [figure for figures in latest.values() for figure in figures]


def _documented_results(scoped, id_filter, held_snapshots) -> list:
    """Each partnership's documented measured result: its closing record, else the latest
    held follow-up whose snapshot has a measured latest year. Consent to publish is the
    closing record's, else the signed agreement's."""
    closings = {
        c["partnership_id"]: c
        for c in ClosingRecord.objects.filter(**id_filter).values(
            "partnership_id", "baseline_t", "final_t", "target_percent", "publish_case"
        )
    }
    snapshots: dict[int, dict] = {}
    for partnership_id, snapshot in held_snapshots:
        result = snapshot["result"] if snapshot else {}
        if result.get("measured") and result.get("latest_t") is not None:
            snapshots[partnership_id] = result
    consents = set(
        Agreement.objects.signed()
        .filter(publish_consent=True, **id_filter)
        .values_list("partnership_id", flat=True)
    )
    documented = set(closings) | set(snapshots)
    # The candidates by a join rather than a list of thousands of ids in the query.
    candidates = scoped.filter(
        Q(closing_record__isnull=False) | Q(follow_ups__snapshot__isnull=False)
    ).distinct()
    names = {
        r[0]: (r[1], r[2])
        for r in (
            candidates.values_list("id", "company__name", "municipality__name")
            if documented
            else []
        )
        if r[0] in documented
    }
    figures = []
    for partnership_id, (company, municipality) in sorted(names.items(), key=lambda i: i[1]):
        if partnership_id in closings:
            c = closings[partnership_id]
            baseline, current, target = c["baseline_t"], c["final_t"], c["target_percent"]
            consent = c["publish_case"]
        else:
            s = snapshots[partnership_id]
            baseline, current = Decimal(s["baseline_t"]), Decimal(s["latest_t"])
            target = Decimal(s["target_percent"])
            consent = partnership_id in consents
        figure = kpis.PartnershipFigures(baseline, current, target)
        figures.append(
            (
                figure,
                {
                    "company": company,
                    "municipality": municipality,
                    "baseline_t": baseline,
                    "current_t": current,
                    "reduction": figure.reduction_percent if baseline > 0 else None,
                    "reached": baseline > 0 and figure.reached_target,
                    "consent": consent,
                },
            )
        )
    return figures
