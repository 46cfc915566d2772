"""The dashboard reads only the snapshot keys a figure needs, in SQL, and counts in SQL: its
figures are identical to those of decoding every whole snapshot in Python (the former way,
kept in `former_dashboard`), on the same data, with snapshots of every version and shape."""

from decimal import Decimal

import pytest

from carbon20.followups.models import ClosingRecord, FollowUp
from carbon20.reports import dashboard as dashboards
from carbon20.reports.dashboard import Filters, build, result_rows
from carbon20.reports.selectors import dashboard_partnerships
from carbon20.reports.tests import former_dashboard
from carbon20.reports.tests.conftest import generate


def documented(evidence, tonnes, uncertainty=None, **extra):
    return {
        "data_kind": "electricity",
        "evidence": evidence,
        "co2e_saved_t": tonnes,
        "co2e_uncertainty_t": uncertainty,
        "periods": [{"phase": "baseline", "start": "2024-01-01", "observed": "1"}],
        **extra,
    }


def measured(baseline, latest, target="20"):
    return {
        "measured": True,
        "baseline_t": baseline,
        "latest_t": latest,
        "target_percent": target,
        "records": None,
    }


def vary_the_snapshots() -> None:
    """Every shape the dashboard meets: versions 1–3, documented figures of every grade
    (with and without CO2e and uncertainty), a later follow-up that measured nothing or has
    no documented figures, a measured result without a latest year, a zero baseline."""
    held = list(
        FollowUp.objects.filter(snapshot__isnull=False).order_by("partnership_id", "number")
    )
    by_partnership: dict[int, list[FollowUp]] = {}
    for follow_up in held:
        by_partnership.setdefault(follow_up.partnership_id, []).append(follow_up)
    shapes = [
        lambda s: {**s, "version": 2},
        lambda s: {
            **s,
            "version": 3,
            "documented": [
                documented("regression", "12.500", "3.125", model={"r2": "0.9"}),
                documented("bills", "4.000"),
                documented("deemed", "40.000"),
            ],
        },
        lambda s: {
            **s,
            "version": 3,
            "documented": [
                documented("normalised", "-2.250"),
                documented("regression", "7.000", "4.000"),
                documented("bills", None),
            ],
        },
        lambda s: {**s, "version": 3, "result": {"measured": False}, "documented": []},
        lambda s: {**s, "version": 3, "result": {**measured("10", "8"), "latest_t": None}},
        lambda s: {**s, "version": 3, "result": measured("0", "1.5")},
        lambda s: {**s, "version": 3, "result": measured("55.125", "41.000", "30.00")},
    ]
    changed = []
    for index, follow_ups in enumerate(by_partnership.values()):
        shape = shapes[index % len(shapes)]
        # The last follow-up takes the shape; earlier ones keep theirs, so that "the latest
        # that has it" is not always the last one.
        last = follow_ups[-1]
        last.snapshot = shape(dict(last.snapshot))
        changed.append(last)
        if len(follow_ups) > 1 and index % 3 == 0:
            first = follow_ups[0]
            first.snapshot = {
                **first.snapshot,
                "version": 3,
                "documented": [documented("regression", "1.000", "0.500")],
            }
            changed.append(first)
    FollowUp.objects.bulk_update(changed, ["snapshot"])
    closing = ClosingRecord.objects.order_by("id").first()
    closing.baseline_t = Decimal(0)
    closing.save(update_fields=["baseline_t"])


def assert_same_figures(partnerships, programme, filters: Filters) -> None:
    scoped = filters.apply(partnerships)
    new = build(partnerships, programme, filters)
    old = former_dashboard.figures(scoped)
    assert new.partnerships == old["partnerships"]
    assert new.reductions == old["reductions"]
    assert new.investments == old["investments"]
    assert new.follow_ups_held == old["follow_ups_held"]
    assert new.table("evidence").rows == dashboards.evidence_table(old["documented"]).rows
    assert new.table("reductions").rows == dashboards.reductions_table(old["reductions"]).rows
    assert new.table("economics").rows == dashboards.economics_table(old["investments"]).rows
    for key in ("funnel", "follow_ups", "barriers", "actions"):
        assert new.table(key).rows == old[key], key
    assert new.left_out_without_consent == old["left_out"]
    assert new.published == new.table("results").row_count == len(old["published"])
    assert list(result_rows(scoped)) == [
        [
            row["company"],
            row["municipality"],
            row["baseline_t"],
            row["current_t"],
            dashboards._round(row["reduction"]),
            "Ja" if row["reached"] else "Nej",
            "Regninger",
        ]
        for row in old["published"]
    ]


@pytest.fixture
def varied(wide_programme, muni_a, muni_b, muni_c):
    generated = generate(wide_programme, [muni_a, muni_b, muni_c], 144)
    vary_the_snapshots()
    return generated


def test_coordinator_figures_are_those_of_the_whole_snapshots(varied, wide_programme, coordinator):
    partnerships = dashboard_partnerships(coordinator, wide_programme)
    data = build(partnerships, wide_programme, Filters())
    # The data has what the comparison is about.
    evidence = {row[0]: row[1] for row in data.table("evidence").rows}
    assert evidence["Regression"] > 0 and evidence["Beregnet"] > 0
    assert data.published > 0 and data.left_out_without_consent > 0
    assert_same_figures(partnerships, wide_programme, Filters())


def test_officer_and_filtered_figures_are_those_of_the_whole_snapshots(
    varied, wide_programme, officer_a, coordinator, muni_b
):
    assert_same_figures(
        dashboard_partnerships(officer_a, wide_programme), wide_programme, Filters()
    )
    assert_same_figures(
        dashboard_partnerships(coordinator, wide_programme),
        wide_programme,
        Filters(municipality=muni_b, year=2026),
    )


def test_a_snapshot_newer_than_the_code_is_refused(varied, wide_programme, coordinator):
    # One the dashboard reads: its partnership's latest with a measured latest year. (The
    # highest-numbered "measured" one overall may lack that year; which one the database
    # returned first among equal numbers decided the test before.)
    follow_up = dashboards._latest_follow_ups(dashboards._MEASURED).order_by("id")[0]
    follow_up.snapshot = {**follow_up.snapshot, "version": 99}
    follow_up.save(update_fields=["snapshot"])
    with pytest.raises(ValueError, match="newer"):
        build(dashboard_partnerships(coordinator, wide_programme), wide_programme, Filters())
