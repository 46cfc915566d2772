"""The dashboard's figures as they were computed before they were read in SQL: every held
follow-up's whole snapshot decoded in Python (`followups.snapshots.read`), every partnership
and action read as a row. Kept as the reference that `test_dashboard_sql` compares the
dashboard with on the same data."""

from decimal import Decimal

from django.db.models import Q

from carbon20.actionplans.models import Action, ActionStatus
from carbon20.agreements.models import Agreement
from carbon20.followups import snapshots as follow_up_snapshots
from carbon20.followups.models import BarrierCategory, ClosingRecord, FollowUp
from carbon20.partnerships.focus import FocusArea
from carbon20.partnerships.models import Status
from carbon20.reports import kpis


def figures(scoped) -> dict:
    id_filter = {"partnership_id__in": scoped.values("id")}
    rows = list(scoped.values_list("municipality__name", "step", "status"))
    held_snapshots = [
        (partnership_id, follow_up_snapshots.read(stored))
        for partnership_id, stored in FollowUp.objects.filter(snapshot__isnull=False, **id_filter)
        .order_by("partnership_id", "number")
        .values_list("partnership_id", "snapshot")
    ]
    results = _documented_results(scoped, id_filter, held_snapshots)
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
    published = [row for _f, row in results if row["consent"]]
    funnel = kpis.funnel((name, step, status == Status.COMPLETED) for name, step, status in rows)
    barrier_counts = kpis.count_by(b for _n, barriers in held for b in barriers)
    focus_labels = dict(FocusArea.choices)
    return {
        "partnerships": len(rows),
        "reductions": kpis.summarise_reductions([f for f, _row in results]),
        "documented": kpis.summarise_documented(_documented_figures(held_snapshots)),
        "investments": kpis.summarise_investments(
            [
                kpis.Investment(investment, saving)
                for _area, status, investment, saving in action_rows
                if status != ActionStatus.DROPPED
            ]
        ),
        "follow_ups_held": len(held),
        "funnel": [
            [name, *(counts[str(s)] for s in kpis.STEPS), counts["completed"]]
            for name, counts in funnel.items()
        ],
        "follow_ups": [
            [n, count]
            for n, count in sorted(
                kpis.count_by(str(n) for n, _b in held).items(), key=lambda i: int(i[0])
            )
        ],
        "barriers": [
            [str(label), barrier_counts.get(value, 0)] for value, label in BarrierCategory.choices
        ],
        "actions": [
            [
                str(focus_labels.get(area, area)),
                *(counts.get(status, 0) for status in ActionStatus.values),
                sum(counts.values()),
            ]
            for area, counts in kpis.cross_count(
                (area, status) for area, status, _i, _s in action_rows
            ).items()
        ],
        "published": published,
        "left_out": len(results) - len(published),
    }


def _documented_figures(held_snapshots) -> list[dict]:
    latest: dict[int, list[dict]] = {}
    for partnership_id, snapshot in held_snapshots:
        if snapshot and snapshot["documented"]:
            latest[partnership_id] = snapshot["documented"]
    return [figure for figures in latest.values() for figure in figures]


def _documented_results(scoped, id_filter, held_snapshots) -> list:
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
    candidates = scoped.filter(
        Q(closing_record__isnull=False) | Q(follow_ups__snapshot__isnull=False)
    ).distinct()
    names = {
        r[0]: (r[1], r[2])
        for r in candidates.values_list("id", "company__name", "municipality__name")
        if r[0] in documented
    }
    results = []
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
        results.append(
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
    return results
