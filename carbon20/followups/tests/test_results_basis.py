"""Which records a result uses, and that only whole years become a result."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from carbon20.energy.services import record_consumption
from carbon20.followups import results
from carbon20.followups.models import ClosingRecord
from carbon20.followups.tests.conftest import (
    add_plan,
    add_year,
    make_factor_set,
    make_partnership,
    sign_agreement,
)
from carbon20.followups.tests.test_follow_ups import hold_data
from carbon20.partnerships import workflow
from carbon20.partnerships.models import Status, Step
from testsupport.fixtures import client_for, make_site


def add_months(company, year, months, electricity_kwh, heat_kwh, site=None, source="bill"):
    for month in months:
        end = date(year + (month == 12), month % 12 + 1, 1) - date.resolution
        for carrier, quantity in (
            ("electricity", electricity_kwh),
            ("district_heating", heat_kwh),
        ):
            record_consumption(
                company=company,
                user=None,
                site=site,
                carrier=carrier,
                period_start=date(year, month, 1),
                period_end=end,
                quantity=Decimal(quantity),
                unit="kWh",
                source=source,
                heated_share_percent=None,
            )


@pytest.fixture
def p_unit_partnership(company_a, programme, officer_a):
    """A partnership tied to a P-unit of Albertslund's company, at step 6 with its plan
    approved; the consumption was entered for the whole company (2024: 100 t, 2025: 80 t)."""
    site = make_site(company_a, name="Hal 2")
    partnership = make_partnership(company_a, programme, officer_a, step=Step.ACTION_PLAN)
    partnership.site = site
    partnership.save(update_fields=["site"])
    sign_agreement(partnership, make_factor_set())
    add_year(company_a, 2024, 600_000, 800_000)
    add_year(company_a, 2025, 500_000, 600_000)
    add_plan(partnership)
    workflow.plan_approved(partnership, officer_a)
    return partnership


def test_a_p_unit_without_records_is_measured_by_the_whole_companys(p_unit_partnership):
    measured = results.measured_result(p_unit_partnership)
    assert isinstance(measured, results.MeasuredResult)
    assert (measured.baseline_t, measured.latest_t) == (Decimal("100.000"), Decimal("80.000"))
    assert measured.records.scope == results.RecordScope.WHOLE_COMPANY_FOR_SITE
    assert (measured.records.first_day, measured.records.last_day) == (
        date(2024, 1, 1),
        date(2025, 12, 31),
    )
    assert "Hal 2" in measured.records_description
    assert "hele virksomheden" in measured.records_description
    stored = results.as_json(measured)["records"]
    assert stored == {
        "scope": "whole_company_for_site",
        "site": str(p_unit_partnership.site),
        "first_day": "2024-01-01",
        "last_day": "2025-12-31",
    }


def test_a_p_unit_with_records_of_its_own_uses_only_those(p_unit_partnership, company_a):
    site = p_unit_partnership.site
    add_months(company_a, 2024, range(1, 13), 10_000, 10_000, site=site)
    # Another P-unit's consumption is never the whole company's.
    add_months(company_a, 2025, range(1, 13), 1, 1, site=make_site(company_a, name="Lager"))
    measured = results.measured_result(p_unit_partnership)
    assert measured.records.scope == results.RecordScope.SITE
    # 12 × (10 MWh × 0.1 + 10 MWh × 0.05) = 18 t, and no whole year after the baseline.
    assert measured.baseline_t == Decimal("18.000") and measured.latest_year is None
    assert "P-enheden Hal 2" in measured.records_description


def test_a_company_partnership_says_it_uses_the_whole_companys_records(
    company_a, programme, officer_a
):
    partnership = make_partnership(company_a, programme, officer_a)
    sign_agreement(partnership, make_factor_set())
    add_year(company_a, 2024, 600_000, 800_000)
    measured = results.measured_result(partnership)
    assert measured.records.scope == results.RecordScope.COMPANY


def test_the_result_page_names_the_records_used(
    p_unit_partnership, officer_a, company_user, officer_b, consultant
):
    url = reverse("followups:overview", args=[p_unit_partnership.uuid])
    for user in (officer_a, company_user):
        page = client_for(user).get(url).content.decode()
        assert 'data-testid="records-used"' in page
        assert "har ingen egne registreringer" in page and "Hal 2" in page
        assert "Kun hele kalenderår sammenlignes: 2025 mod basisåret 2024." in page
    assert client_for(officer_b).get(url).status_code == 404
    assert client_for(consultant).get(url).status_code == 404


@pytest.fixture
def part_final_year(company_a, programme, officer_a):
    """Baseline 2024 a whole year (100 t); 2025 only January to November at the same rate, so
    the 11 months read as an 8 % reduction before anything was saved."""
    partnership = make_partnership(company_a, programme, officer_a, step=Step.ACTION_PLAN)
    sign_agreement(partnership, make_factor_set(), target="5")
    add_months(company_a, 2024, range(1, 13), 50_000, 100_000)
    add_months(company_a, 2025, range(1, 12), 50_000, 100_000)
    add_plan(partnership)
    workflow.plan_approved(partnership, officer_a)
    client = client_for(officer_a)
    for follow_up in partnership.follow_ups.all():
        assert client.post(follow_up.get_absolute_url(), hold_data()).status_code == 302
    return partnership


def test_a_part_final_year_is_refused_at_the_field(part_final_year, officer_a):
    url = reverse("followups:close", args=[part_final_year.uuid])
    response = client_for(officer_a).post(url, {"final_year": 2025, "result_summary": "8 %"})
    assert response.status_code == 200
    errors = response.context["form"].errors["final_year"]
    assert "dækker ikke hele året" in errors[0] and "El, Fjernvarme" in errors[0]
    assert not ClosingRecord.objects.exists()
    part_final_year.refresh_from_db()
    assert part_final_year.status == Status.ACTIVE


def test_a_part_final_year_becomes_a_result_once_the_year_is_whole(
    part_final_year, officer_a, company_a
):
    add_months(company_a, 2025, [12], 50_000, 100_000)
    url = reverse("followups:close", args=[part_final_year.uuid])
    response = client_for(officer_a).post(url, {"final_year": 2025, "result_summary": "0 %"})
    assert response.status_code == 302
    record = ClosingRecord.objects.get()
    assert record.reduction_percent == Decimal("0.00") and not record.target_reached


def test_closing_is_refused_to_the_wrong_role_and_the_other_tenant(
    part_final_year, company_user, officer_b, consultant
):
    url = reverse("followups:close", args=[part_final_year.uuid])
    data = {"final_year": 2025, "result_summary": "x"}
    for user in (company_user, officer_b, consultant):
        assert client_for(user).post(url, data).status_code == 404
    assert not ClosingRecord.objects.exists()


def test_the_records_used_are_read_once_for_every_result_of_a_request(
    p_unit_partnership, django_assert_num_queries
):
    """A P-unit's own records are read, not first asked whether there are any; the whole
    company's when it has none: one query, or two."""
    site = p_unit_partnership.site
    add_months(p_unit_partnership.company, 2024, [1, 2], 1000, 2000, site=site)
    with django_assert_num_queries(1):
        used = results.UsedRecords(p_unit_partnership)
        assert used.scope == results.RecordScope.SITE
        assert len(used.rows) == 4
    other = make_site(p_unit_partnership.company, name="Hal 3")
    p_unit_partnership.site = other
    with django_assert_num_queries(2):
        used = results.UsedRecords(p_unit_partnership)
        assert used.scope == results.RecordScope.WHOLE_COMPANY_FOR_SITE
        assert {record.site_id for record in used.rows} == {None}
