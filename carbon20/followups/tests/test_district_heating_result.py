"""A result counts district heat with the site's supplier's declaration, and labels the
national average of the pinned set as the fallback when there is none."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from carbon20.accounts.models import User
from carbon20.energy import heat_services
from carbon20.energy.services import record_consumption
from carbon20.followups import results
from carbon20.followups.tests.conftest import (
    add_year,
    make_factor_set,
    make_partnership,
    sign_agreement,
)
from testsupport.fixtures import client_for, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(company_a, programme, officer_a):
    """Baseline 2024 (600 MWh electricity, 800 MWh district heat) and 2025 (500 and 600)
    with the test set: electricity 0.1 and district heating 0.05 kg/kWh."""
    partnership = make_partnership(company_a, programme, officer_a)
    sign_agreement(partnership, make_factor_set())
    make_factor_set("Testfaktorer", year=2025)
    add_year(company_a, 2024, 600_000, 800_000)
    add_year(company_a, 2025, 500_000, 600_000)
    return partnership


@pytest.fixture
def supplier(muni_a, coordinator):
    supplier = heat_services.create_supplier(name="Testvarme A.m.b.a.", municipalities=[muni_a])
    for year, value in ((2024, "10"), (2025, "8")):
        declaration = heat_services.add_declaration(
            supplier=supplier,
            year=year,
            kg_co2e_per_gj=Decimal(value),
            method="200",
            source_url="https://testvarme.example.dk/deklaration",
            user=coordinator,
        )
        heat_services.publish_declaration(declaration=declaration)
    return supplier


def test_without_a_supplier_the_national_average_is_the_labelled_fallback(measured, officer_a):
    result = results.measured_result(measured)
    # 60 t electricity + 40 t heat (800 MWh × 0.05).
    assert result.baseline_t == Decimal("100.000")
    assert result.district_heating_fallback is True
    with translation.override("en"):
        text = results.measured_result(measured).district_heating
    assert "national average of the factor set (fallback)" in text
    assert "no district heating supplier is chosen" in text
    page = client_for(officer_a).get(reverse("followups:overview", args=[measured.uuid])).text
    assert 'data-testid="district-heating-factor"' in page
    assert "badge-warning" in page


def test_the_suppliers_declaration_replaces_the_national_average(
    measured, supplier, company_a, officer_a
):
    heat_services.choose_site_supplier(
        site=company_a.sites.get(), supplier=supplier, user=officer_a
    )
    result = results.measured_result(measured)
    # 10 kg/GJ = 0.036 kg/kWh: 800 MWh → 28.8 t; pinned 2025 keeps 2024's declaration:
    # 50 t + 600 MWh × 0.036 = 21.6 t. Beside it, 2025's own: 8 kg/GJ → 17.28 t.
    assert result.baseline_t == Decimal("88.800")
    assert result.latest_t == Decimal("71.600")
    assert result.latest_own_year_t == Decimal("67.280")
    assert result.district_heating_fallback is False
    with translation.override("en"):
        text = results.measured_result(measured).district_heating
    assert text == (
        "District heating: Testvarme A.m.b.a.'s declaration for 2024, version 1 "
        "(10 kg CO2e/GJ, 200 % method)."
    )
    assert results.as_json(result)["district_heating_fallback"] is False


def test_a_corrected_version_is_used_once_published_and_the_old_one_stays(
    measured, supplier, company_a, officer_a, coordinator
):
    heat_services.choose_site_supplier(
        site=company_a.sites.get(), supplier=supplier, user=officer_a
    )
    correction = heat_services.add_declaration(
        supplier=supplier,
        year=2024,
        kg_co2e_per_gj=Decimal("12"),
        method="200",
        source_url="https://testvarme.example.dk/deklaration-rettet",
        note="Net loss added.",
        user=coordinator,
    )
    assert correction.version == 2
    assert results.measured_result(measured).baseline_t == Decimal("88.800")  # draft: not used
    heat_services.publish_declaration(declaration=correction)
    # 12 kg/GJ = 0.0432 kg/kWh: 800 MWh → 34.56 t.
    assert results.measured_result(measured).baseline_t == Decimal("94.560")
    assert supplier.declarations.filter(year=2024).count() == 2


def test_a_supplier_without_the_baseline_years_declaration_falls_back(
    measured, muni_a, company_a, officer_a, coordinator
):
    other = heat_services.create_supplier(name="Nyvarme", municipalities=[muni_a])
    heat_services.choose_site_supplier(site=company_a.sites.get(), supplier=other, user=officer_a)
    result = results.measured_result(measured)
    assert result.baseline_t == Decimal("100.000")
    assert result.district_heating_fallback is True
    with translation.override("en"):
        text = results.measured_result(measured).district_heating
    assert "as Nyvarme has no published declaration for 2024" in text


def test_a_company_whose_sites_buy_from_two_suppliers_uses_the_fallback(
    measured, supplier, company_a, muni_a, officer_a
):
    second = make_site(company_a)
    other = heat_services.create_supplier(name="Anden Varme", municipalities=[muni_a])
    heat_services.choose_site_supplier(
        site=company_a.sites.first(), supplier=supplier, user=officer_a
    )
    heat_services.choose_site_supplier(site=second, supplier=other, user=officer_a)
    assert results.measured_result(measured).district_heating_fallback is True


def test_no_district_heat_no_label(company_a, programme, officer_a):
    partnership = make_partnership(company_a, programme, officer_a)
    sign_agreement(partnership, make_factor_set())
    record_consumption(
        company=company_a,
        user=None,
        site=None,
        carrier="electricity",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        quantity=Decimal("1000"),
        unit="kWh",
        source="bill",
        heated_share_percent=None,
    )
    result = results.measured_result(partnership)
    assert (result.district_heating, result.district_heating_fallback) == ("", False)


def test_the_user_who_chose_is_kept(measured, supplier, company_a, officer_a):
    supply = heat_services.choose_site_supplier(
        site=company_a.sites.get(), supplier=supplier, user=officer_a
    )
    assert isinstance(supply.chosen_by, User)
    assert (
        heat_services.choose_site_supplier(
            site=company_a.sites.get(), supplier=None, user=officer_a
        )
        is None
    )
    assert results.measured_result(measured).district_heating_fallback is True
