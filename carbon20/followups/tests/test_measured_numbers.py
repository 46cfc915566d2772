"""The measured result never overstates: water without a factor is named, not counted, and
rounding never reaches a target that the exact figure misses."""

from datetime import date
from decimal import Decimal

from django.urls import reverse

from carbon20.energy.services import record_consumption
from carbon20.followups import results
from testsupport.fixtures import client_for


def add_water(company, year: int) -> None:
    record_consumption(
        company=company,
        user=None,
        site=None,
        carrier="water",
        period_start=date(year, 1, 1),
        period_end=date(year, 12, 31),
        quantity=Decimal("900"),
        unit="m3",
        source="bill",
        heated_share_percent=None,
    )


def test_water_beside_electricity_is_named_and_left_out(approved, company_a, officer_a, officer_b):
    add_water(company_a, 2024)
    add_water(company_a, 2025)
    measured = results.measured_result(approved)
    assert measured.baseline_t == Decimal("100.000") and measured.latest_t == Decimal("80.000")
    assert measured.not_counted == ["Vand"]
    assert results.as_json(measured)["not_counted"] == ["Vand"]
    url = reverse("followups:overview", args=[approved.uuid])
    page = client_for(officer_a).get(url).content.decode()
    assert "Ikke medregnet i CO2e, da det fastlagte sæt ikke har en faktor for dem: Vand." in page
    assert client_for(officer_b).get(url).status_code == 404


def test_a_target_is_reached_by_the_exact_figure_not_the_rounded_one():
    measured = results.MeasuredResult(
        baseline_year=2024,
        baseline_t=Decimal("100.000"),
        latest_year=2025,
        latest_t=Decimal("80.004"),
        latest_own_year_t=None,
        target_percent=Decimal("20"),
        factor_set="Testfaktorer (2024)",
    )
    assert measured.reduction_percent == Decimal("20.00")  # 19.996 % printed to two places
    assert measured.target_reached is False
