"""The result page in the browser: the savings per data kind with their evidence grades and
the chart of the baseline model against the measured consumption, drawn by Chart.js beside
its data table, with no accessibility violation."""

import pytest
from django.urls import reverse

from carbon20.followups.tests.test_documented import regression  # noqa: F401  (shared fixture)
from testsupport.browser import assert_accessible, login, screenshot


@pytest.mark.browser
def test_the_result_page_draws_the_baseline_model(page, live_server, regression, officer_a):  # noqa: F811
    login(page, live_server, officer_a.email)
    page.goto(live_server.url + reverse("followups:overview", args=[regression.uuid]))
    section = page.get_by_test_id("documented")
    assert "Regression" in section.get_by_test_id("evidence-heat").inner_text()
    chart = page.get_by_test_id("baseline-chart-heat")
    chart.scroll_into_view_if_needed()
    drawn = page.evaluate(
        "() => { const c = document.querySelector('canvas[data-documented-chart]');"
        " const chart = Chart.getChart(c); return chart ? chart.data.datasets.map("
        "d => d.data.length) : null; }"
    )
    assert drawn == [24, 24]
    assert chart.locator("tbody tr").count() == 24
    screenshot(page, "documented-result")
    assert_accessible(page)
