"""Documented savings per data kind by the agreement's method: bills and degree days computed
by hand, regression on a synthetic meter with a known saving, deemed beside (never added),
the engine's refusals shown, and the page with its chart for the right role only."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from carbon20.actionplans.models import Action, ActionStatus
from carbon20.energy import services as energy
from carbon20.energy.calc.periods import days_in_month
from carbon20.energy.calc.savings import synthetic
from carbon20.energy.models import WeatherDay, WeatherMonth
from carbon20.followups import documented
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def set_methods(partnership, methods, **fields):
    agreement = partnership.signed_agreement
    agreement.data_kinds = list(methods)
    agreement.documentation_methods = methods
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean(exclude=["data_sources", "created_by"])
    agreement.save()
    return agreement


def figure(result, kind):
    return next(f for f in result.figures if f.data_kind == kind)


def test_bills_compare_whole_years_by_hand(approved):
    set_methods(approved, {"electricity": "bills", "heat": "bills"})
    result = documented.documented_result(approved)
    electricity, heat = figure(result, "electricity"), figure(result, "heat")
    # 600 000 kWh in 2024, 500 000 kWh in 2025; 0.1 kg per kWh.
    assert electricity.evidence == "bills"
    assert (electricity.baseline_quantity, electricity.reporting_quantity) == (600000, 500000)
    assert electricity.savings == Decimal("100000")
    assert electricity.savings_percent == Decimal("16.67")
    assert electricity.co2e_saved_t == Decimal("10.000")
    assert electricity.uncertainty is None
    # 800 000 → 600 000 kWh of district heating at 0.05 kg: 10 t.
    assert heat.co2e_saved_t == Decimal("10.000")
    assert result.measured_co2e_t == Decimal("20.000")
    assert result.measured_uncertainty_t is None
    assert (heat.reporting_start, heat.reporting_end) == (date(2025, 1, 1), date(2025, 12, 31))


def test_degree_days_correct_the_reporting_year_by_hand(approved):
    series = energy.create_weather_series(area="municipality", code="0165", name="Albertslund")
    months = [date(year, month, 1) for year in (2024, 2025) for month in range(1, 13)]
    WeatherMonth.objects.bulk_create(
        WeatherMonth(
            series=series,
            month=m,
            heating_degree_days=Decimal(300 if m.year == 2024 else 250),
            source="csv",
        )
        for m in months
    )
    set_methods(approved, {"electricity": "bills", "heat": "degree_days"}, weather_series=series)
    heat = figure(documented.documented_result(approved), "heat")
    # 600 000 kWh in a year of 3 000 degree days, all heating: 600 000 × 3 600 / 3 000.
    assert heat.evidence == "normalised"
    assert heat.reporting_quantity == Decimal("720000")
    assert heat.savings == Decimal("80000")
    assert heat.co2e_saved_t == Decimal("4.000")


def test_degree_days_missing_are_named_by_month(approved):
    series = energy.create_weather_series(area="station", code="06181", name="Kastrup")
    set_methods(approved, {"heat": "degree_days"}, weather_series=series)
    heat = figure(documented.documented_result(approved), "heat")
    assert heat.savings is None
    assert "01-2025" in heat.reasons[0] and "Kastrup" in heat.reasons[0]


def test_no_whole_reporting_year_is_said(approved, company_a):
    company_a.consumption_records.filter(period_start__year=2025).delete()
    set_methods(approved, {"electricity": "bills"})
    electricity = figure(documented.documented_result(approved), "electricity")
    assert electricity.savings is None and electricity.reasons


def meter_records(company, carrier, bills):
    for bill in bills:
        energy.record_consumption(
            company=company,
            user=None,
            site=None,
            carrier=carrier,
            period_start=bill.start,
            period_end=bill.end,
            quantity=Decimal(str(round(bill.quantity, 1))),
            unit="kWh",
            source="meter_reading",
            heated_share_percent=None,
        )


@pytest.fixture
def regression(approved, company_a):
    """Two years of monthly district heating bills from a heating-slope meter whose true
    saving from 2025 is 12 %, and the daily temperatures it was made with."""
    company_a.consumption_records.filter(carrier="district_heating").delete()
    temperatures = synthetic.danish_temperatures(seed=3)
    series = energy.create_weather_series(area="municipality", code="0165", name="Albertslund")
    WeatherDay.objects.bulk_create(
        WeatherDay(
            series=series,
            day=day,
            mean_temperature_c=Decimal(str(t)),
            heating_degree_days=max(Decimal(0), Decimal("17") - Decimal(str(t))),
            source="csv",
            degree_days_source="derived",
        )
        for day, t in temperatures.items()
        if day.year >= 2024
    )
    model = synthetic.TrueModel(base=800, heating=120, heating_bp=15.5)
    daily = synthetic.meter(
        model, temperatures, saving=0.12, noise=0.02, seed=3, reporting_from=date(2025, 1, 1)
    )
    bills = [b for b in synthetic.monthly_bills(daily) if b.start.year in (2024, 2025)]
    meter_records(company_a, "district_heating", bills)
    set_methods(approved, {"electricity": "bills", "heat": "regression"}, weather_series=series)
    return approved


def test_regression_finds_the_known_saving_with_its_uncertainty(regression):
    result = documented.documented_result(regression)
    heat = figure(result, "heat")
    assert heat.evidence == "regression" and not heat.reasons
    assert Decimal("10") <= heat.savings_percent <= Decimal("14")
    assert heat.uncertainty > 0 and heat.uncertainty_percent > 0
    assert heat.model.r2 > Decimal("0.9") and abs(heat.model.nmbe) < Decimal("0.5")
    assert len(heat.periods) == 24
    assert {p.phase for p in heat.periods} == {"baseline", "reporting"}
    assert heat.co2e_uncertainty_t == (heat.uncertainty * Decimal("0.05") / 1000).quantize(
        Decimal("0.001")
    )
    assert result.measured_uncertainty_t == heat.co2e_uncertainty_t
    rows = documented.as_json(result)
    assert rows[1]["evidence"] == "regression" and rows[1]["periods"][0]["start"] == "2024-01-01"


def test_a_baseline_with_a_gap_is_refused_with_the_engines_reason(regression, company_a):
    # March and April missing: 305 days, short of the engine's 329.
    company_a.consumption_records.filter(
        carrier="district_heating", period_start__in=[date(2024, 3, 1), date(2024, 4, 1)]
    ).delete()
    heat = figure(documented.documented_result(regression), "heat")
    assert heat.savings is None
    assert heat.reasons and heat.reasons[0].startswith("Fjernvarme")


def test_deemed_stands_beside_and_is_never_added(approved):
    Action.objects.filter(plan__partnership=approved, title="LED i hallen").update(
        status=ActionStatus.DONE
    )
    set_methods(approved, {"electricity": "deemed", "heat": "bills"})
    result = documented.documented_result(approved)
    electricity = figure(result, "electricity")
    assert electricity.evidence == "deemed" and electricity.co2e_saved_t == Decimal("10.000")
    assert result.measured_co2e_t == Decimal("10.000")
    assert result.deemed_co2e_t == Decimal("10.000")


def test_the_page_shows_each_figure_with_its_grade_and_the_chart(
    regression, officer_a, officer_b, company_user, consultant
):
    url = reverse("followups:overview", args=[regression.uuid])
    page = client_for(officer_a).get(url).content.decode()
    assert 'data-testid="evidence-heat"' in page and "Regression" in page
    assert 'data-testid="evidence-electricity"' in page and "Regninger" in page
    assert "baseline-chart-heat" in page and "chart.umd.min.js" in page
    assert "CV(RMSE)" in page
    assert client_for(company_user).get(url).status_code == 200
    assert client_for(officer_b).get(url).status_code == 404


def test_quadrature_of_independent_uncertainties():
    from carbon20.energy.calc.documented import quadrature

    assert quadrature([Decimal(3), Decimal(4)]) == Decimal(5)
    assert quadrature([]) == Decimal(0)


def test_windows_follow_a_baseline_that_is_not_a_calendar_year():
    from carbon20.energy.calc.documented import reference_year, window_after

    assert window_after(date(2024, 7, 1), 1) == (date(2025, 7, 1), date(2026, 6, 30))
    assert reference_year(date(2026, 2, 1), date(2024, 7, 1)) == 2025
    assert reference_year(date(2026, 8, 1), date(2024, 7, 1)) == 2024
    assert days_in_month(2024, 2) == 29 and timedelta(days=1)
