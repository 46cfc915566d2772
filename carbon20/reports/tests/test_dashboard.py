import io
import statistics
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from carbon20.core import read_cache as kpi_cache
from carbon20.organisations.models import Company
from carbon20.reports import dashboard as dashboards
from carbon20.reports.dashboard import Filters, build, result_rows
from carbon20.reports.selectors import dashboard_partnerships
from carbon20.reports.tests.conftest import generate
from testsupport.fixtures import client_for

TOLERANCE = Decimal("1e-9")


def expected(rows):
    """The dashboard's figures, computed here from the generator's raw values."""
    documented = [r for r in rows if r["step"] == 6]
    reductions = [(r["baseline_t"] - r["latest_t"]) / r["baseline_t"] * 100 for r in documented]
    funnel = {}
    for r in rows:
        counts = funnel.setdefault(r["municipality"], [0] * 7)
        for step in range(1, r["step"] + 1):
            counts[step - 1] += 1
        counts[6] += r["completed"]
    barriers = {}
    for r in documented:
        for _number, held in r["held"]:
            for b in held:
                barriers[b] = barriers.get(b, 0) + 1
    published = [
        r["company"]
        for r in documented
        if (r["closing_consent"] if r["completed"] else r["agreement_consent"])
    ]
    actions = [a for r in rows for a in r.get("actions", [])]
    by_area = {}
    for a in actions:
        by_area.setdefault(a["focus_area"], {}).setdefault(a["status"], 0)
        by_area[a["focus_area"]][a["status"]] += 1
    kept = [a for a in actions if a["status"] != "dropped"]
    paybacks = [a["investment"] / a["saving"] for a in kept if a["saving"] > 0]
    return {
        "actions_by_area": by_area,
        "investment": sum(a["investment"] for a in kept),
        "saving": sum(a["saving"] for a in kept),
        "payback": sum(paybacks) / len(paybacks),
        "partnerships": len(rows),
        "average": sum(reductions) / len(reductions),
        "median": statistics.median(reductions),
        "weighted": sum(r["baseline_t"] - r["latest_t"] for r in documented)
        / sum(r["baseline_t"] for r in documented)
        * 100,
        "tonnes": sum(r["baseline_t"] - r["latest_t"] for r in documented),
        "share": Decimal(sum(1 for x in reductions if x >= 20)) / len(reductions) * 100,
        "funnel": funnel,
        "held": sum(len(r["held"]) for r in documented),
        "barriers": barriers,
        "signed": sum(1 for r in rows if "signed_on" in r),
        "published": sorted(published),
    }


def assert_dashboard_matches(data, rows, partnerships):
    want = expected(rows)
    assert data.partnerships == want["partnerships"]
    assert abs(data.reductions.average_percent - want["average"]) < TOLERANCE
    assert abs(data.reductions.median_percent - want["median"]) < TOLERANCE
    assert abs(data.reductions.weighted_percent - want["weighted"]) < TOLERANCE
    assert data.reductions.tonnes_saved == want["tonnes"]
    assert abs(data.reductions.share_reaching_target_percent - want["share"]) < TOLERANCE
    funnel = {row[0]: row[1:] for row in data.table("funnel").rows}
    assert funnel == want["funnel"]
    assert data.follow_ups_held == want["held"]
    barriers = {row[0]: row[1] for row in data.table("barriers").rows if row[1]}
    from carbon20.followups.models import BarrierCategory

    labels = dict(BarrierCategory.choices)
    assert barriers == {str(labels[k]): v for k, v in want["barriers"].items()}
    assert data.table("signups").rows[-1][2] == want["signed"]
    results = list(result_rows(partnerships))
    assert sorted(r[0] for r in results) == want["published"]
    assert data.table("results").row_count == data.published == len(results)
    statuses = ["planned", "in_progress", "done", "dropped"]
    areas = {"electricity": "El", "heat": "Varme", "transport": "Transport"}
    assert {row[0]: row[1:5] for row in data.table("actions").rows} == {
        areas[area]: [counts.get(s, 0) for s in statuses]
        for area, counts in want["actions_by_area"].items()
    }
    assert data.investments.investment_dkk == want["investment"]
    assert data.investments.annual_saving_dkk == want["saving"]
    assert abs(data.investments.average_payback_years - want["payback"]) < TOLERANCE


@pytest.fixture
def generated(wide_programme, muni_a, muni_b, muni_c):
    return generate(wide_programme, [muni_a, muni_b, muni_c], 72)


def test_coordinator_figures_equal_those_computed_from_the_raw_rows(
    generated, wide_programme, coordinator
):
    partnerships = dashboard_partnerships(coordinator, wide_programme)
    data = build(partnerships, wide_programme, Filters())
    assert_dashboard_matches(data, generated.rows, partnerships)
    assert len(data.table("funnel").rows) == 3


def test_officer_sees_only_their_municipality(generated, wide_programme, officer_a, muni_a):
    partnerships = dashboard_partnerships(officer_a, wide_programme)
    data = build(partnerships, wide_programme, Filters())
    assert_dashboard_matches(
        data, [r for r in generated.rows if r["municipality"] == "Albertslund"], partnerships
    )
    assert [row[0] for row in data.table("funnel").rows] == ["Albertslund"]


def test_filters_by_municipality_year_and_sector(generated, wide_programme, coordinator, muni_b):
    filters = Filters(municipality=muni_b, year=2026, sector="Kantine")
    data = build(dashboard_partnerships(coordinator, wide_programme), wide_programme, filters)
    rows = [
        r
        for r in generated.rows
        if r["municipality"] == "Herning" and r["year"] == 2026 and r["sector"] == "Kantine"
    ]
    assert rows
    assert data.partnerships == len(rows)
    assert {row[0]: row[1:] for row in data.table("funnel").rows} == expected(rows)["funnel"]


def test_the_page_shows_each_chart_with_its_table(generated, wide_programme, coordinator):
    response = client_for(coordinator).get(
        reverse("reports:dashboard", args=[wide_programme.slug]), {"municipality": "herning"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    for key in ("funnel", "signups", "actions", "follow_ups", "barriers"):
        assert f'id="chart-{key}"' in html
        assert f'data-testid="table-{key}"' in html
    assert "chart.umd.min.js" in html
    assert response.context["dashboard"].partnerships == sum(
        1 for r in generated.rows if r["municipality"] == "Herning"
    )


def test_xlsx_and_csv_hold_the_same_figures(generated, wide_programme, coordinator):
    client = client_for(coordinator)
    response = client.get(reverse("reports:export_xlsx", args=[wide_programme.slug]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    want = expected(generated.rows)
    sheet = workbook["Reduktioner"]
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]}
    assert values["Virksomheder med et dokumenteret resultat"] == len(
        [r for r in generated.rows if r["step"] == 6]
    )
    assert values["Sparet ton CO2e"] == pytest.approx(float(want["tonnes"]), abs=0.05)
    funnel = {
        row[0]: list(row[1:])
        for row in workbook["Trin"].iter_rows(min_row=3, max_row=5, values_only=True)
    }
    assert funnel == want["funnel"]
    csv_response = client.get(reverse("reports:export_csv", args=[wide_programme.slug]))
    # The CSV is streamed, line by line.
    assert csv_response.streaming
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "Virksomheder pr. trin og kommune" in text
    assert f"Albertslund;{';'.join(map(str, want['funnel']['Albertslund']))}" in text


def test_results_without_consent_are_left_out_with_a_note(generated, wide_programme, coordinator):
    data = build(dashboard_partnerships(coordinator, wide_programme), wide_programme, Filters())
    left_out = sum(1 for r in generated.rows if r["step"] == 6) - len(
        expected(generated.rows)["published"]
    )
    assert left_out > 0
    assert data.left_out_without_consent == left_out
    assert str(left_out) in data.table("results").note


PAGES = ["reports:dashboard", "reports:export_csv", "reports:export_xlsx", "reports:report_pdf"]


@pytest.mark.parametrize("page", PAGES)
def test_tenancy(
    page, wide_programme, officer_a, officer_b, coordinator, company_user, consultant, no_role_user
):
    url = reverse(page, args=[wide_programme.slug])
    assert client_for(coordinator).get(url).status_code == 200
    assert client_for(officer_a).get(url).status_code == 200
    # Another municipality's officer may not choose A as a filter.
    assert client_for(officer_b).get(url, {"municipality": "albertslund"}).status_code == 404
    for user in (company_user, consultant, no_role_user):
        assert client_for(user).get(url).status_code == 404
    assert client_for(None).get(url).status_code == 302


def test_index_lists_or_redirects(wide_programme, coordinator, company_user):
    response = client_for(coordinator).get(reverse("reports:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:dashboard", args=[wide_programme.slug])
    assert client_for(company_user).get(reverse("reports:index")).status_code == 404


def _queries(client, url) -> int:
    # The built dashboard is cached; it is the building whose queries are counted here.
    kpi_cache.PROGRAMME_PAGES.replace()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["reports:dashboard", "reports:export_xlsx"])
def test_query_count_is_the_same_at_10_and_1000_partnerships(
    page, wide_programme, muni_a, muni_b, muni_c, coordinator
):
    client = client_for(coordinator)
    url = reverse(page, args=[wide_programme.slug])
    generate(wide_programme, [muni_a, muni_b, muni_c], 10)
    client.get(url)
    small = _queries(client, url)
    generate(wide_programme, [muni_a, muni_b, muni_c], 990, seed=8)
    large = _queries(client, url)
    assert small == large


def test_signups_cover_agreements_signed_after_the_programmes_period(
    generated, wide_programme, coordinator
):
    wide_programme.start_date, wide_programme.end_date = date(2023, 1, 1), date(2023, 12, 31)
    wide_programme.save()
    data = build(dashboard_partnerships(coordinator, wide_programme), wide_programme, Filters())
    table = data.table("signups")
    signed = sorted(r["signed_on"] for r in generated.rows if "signed_on" in r)
    assert table.rows[0][0] == "2023-01"
    assert table.rows[-1][0] == signed[-1].strftime("%Y-%m")
    assert sum(row[1] for row in table.rows) == len(signed) == table.rows[-1][2]
    # The goal pace is spread over the programme's year and stays at the goal after it.
    assert table.rows[11][3] == wide_programme.company_goal == table.rows[-1][3]
    assert "2023-01" in table.note and "2023-12" in table.note


def test_results_table_is_paged_with_the_filters_kept(
    generated, wide_programme, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(dashboards, "RESULTS_PER_PAGE", 2)
    client = client_for(coordinator)
    url = reverse("reports:dashboard", args=[wide_programme.slug])
    scoped = Filters(year=2026).apply(dashboard_partnerships(coordinator, wide_programme))
    every = list(result_rows(scoped))
    assert len(every) > 2
    pages = []
    for number in range(1, (len(every) + 1) // 2 + 1):
        response = client.get(url, {"year": "2026", "page": number})
        assert response.context["results_page"].number == number
        pages += response.context["results_rows"]
    assert pages == every
    first = client.get(url, {"year": "2026"}).content.decode()
    assert 'href="?year=2026&amp;page=2"' in first
    # The exports take the filters, not the page.
    assert "kpis.csv?year=2026&quot;" not in first and 'kpis.csv?year=2026"' in first
    assert every[0][0] in first and every[2][0] not in first
    # A committed change of a name shows on the cached page.
    company = Company.objects.get(name=every[0][0])
    company.name = "Aaa Omdøbt ApS"
    with django_capture_on_commit_callbacks(execute=True):
        company.save(update_fields=["name"])
    assert "Aaa Omdøbt ApS" in client.get(url, {"year": "2026"}).content.decode()
