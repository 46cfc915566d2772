import pytest
from django.utils import timezone

from carbon20.energy import demo, selectors
from carbon20.energy.models import ConsumptionRecord, DegreeDayYear

pytestmark = pytest.mark.django_db


def test_demo_consumption_computes_with_the_reference_sets(company_a, company_b, hb2016):
    context = {"companies": [company_a, company_b], "users": {}}
    demo.load(context)
    today = timezone.localdate()
    months = (today.year - (today.year - 2)) * 12 + today.month - 1
    assert ConsumptionRecord.objects.filter(company=company_a).count() == 2 * months
    assert context["consumption_companies"] == [company_a, company_b]
    years = DegreeDayYear.objects.filter(series=demo.DEGREE_DAY_SERIES)
    assert sorted(years.values_list("year", flat=True)) == [
        today.year - 2,
        today.year - 1,
        today.year,
    ]
    assert all("Illustrative" in year.note for year in years)
    results = selectors.results_for_years(
        company_a,
        [today.year - 2, today.year - 1],
        hb2016,
        degree_day_series=demo.DEGREE_DAY_SERIES,
        baseline_year=today.year - 1,
    )
    assert all(row.pinned.emissions.total_kg > 0 for row in results.rows)
    assert all(not row.pinned.incomplete_carriers for row in results.rows)
