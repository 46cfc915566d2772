"""The interface the screening, action plan and report apps call, checked against
hand-computed figures with the seeded factors (REFERENCE.md §1)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from carbon20.energy import imports, selectors
from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.models import FactorSet
from carbon20.energy.tests.conftest import add_record, monthly_records
from testsupport.fixtures import make_site

pytestmark = pytest.mark.django_db

KREDSLOEB_CSV = "\r\n".join(
    ["År;Måned;Graddage"]
    + [
        f"{year};{month};{value}"
        for year, values in (
            (2020, "357 364 396 285 212 42 78 28 108 213 285 397"),
            (2021, "507 481 404 346 219 37 8 50 91 210 313 466"),
        )
        for month, value in enumerate(values.split(), 1)
    ]
)


def test_baseline_to_the_kg_with_hb2016(company_a, hb2016):
    monthly_records(company_a, "electricity", 2024, "1000", "kWh")
    monthly_records(company_a, "natural_gas", 2024, "100", "m3")
    result = selectors.baseline_for(company_a, date(2024, 1, 1), date(2024, 12, 31), hb2016)
    # 12,000 kWh × 0.197 = 2,364 kg; 1,200 m³ × 11.00 = 13,200 kWh × 0.204 = 2,692.8 → 2,693.
    assert result.quantities == {Carrier.ELECTRICITY: 12000, Carrier.NATURAL_GAS: 13200}
    assert result.emissions.kg_for(Carrier.ELECTRICITY) == Decimal("2364")
    assert result.emissions.kg_for(Carrier.NATURAL_GAS) == Decimal("2693")
    assert result.emissions.by_scope == {1: Decimal("2693"), 2: Decimal("2364")}
    assert result.emissions.total_kg == Decimal("5057")
    assert result.incomplete_carriers == ()


def test_twelve_month_baseline_from_july(company_a, hb2016):
    monthly_records(company_a, "electricity", 2023, "1000", "kWh")
    monthly_records(company_a, "electricity", 2024, "2000", "kWh")
    result = selectors.twelve_month_baseline_for(company_a, date(2023, 7, 1), hb2016)
    assert result.end == date(2024, 6, 30)
    # 6 × 1,000 + 6 × 2,000 = 18,000 kWh × 0.197 = 3,546 kg.
    assert result.emissions.total_kg == Decimal("3546")


def test_a_site_baseline_counts_only_the_site(company_a, hb2016):
    site = company_a.sites.get()
    other_site = make_site(company_a)
    add_record(
        company_a, "electricity", date(2024, 1, 1), date(2024, 12, 31), "10000", "kWh", site=site
    )
    add_record(
        company_a,
        "electricity",
        date(2024, 1, 1),
        date(2024, 12, 31),
        "5000",
        "kWh",
        site=other_site,
    )
    site_result = selectors.baseline_for(site, date(2024, 1, 1), date(2024, 12, 31), hb2016)
    company_result = selectors.baseline_for(company_a, date(2024, 1, 1), date(2024, 12, 31), hb2016)
    assert site_result.emissions.total_kg == Decimal("1970")
    assert company_result.emissions.total_kg == Decimal("2955")


def test_diesel_by_the_litre_with_the_2015_set(company_a, energinet_2015):
    records = [
        add_record(company_a, "diesel", date(2024, 1, 1), date(2024, 12, 31), "1000", "litre")
    ]
    # 1,000 l × 0.82 kg/l × 42.90 GJ/t = 35.178 GJ × 72.967 kg/GJ = 2,566.83 kg → 2,567.
    result = selectors.co2e_by_carrier(records, energinet_2015)
    assert records[0].canonical_quantity == Decimal("9771.666667")
    assert result.total_kg == Decimal("2567")
    assert result.by_scope == {1: Decimal("2567")}


def test_a_set_without_a_factor_in_use_is_refused_naming_it(company_a, hb2016):
    add_record(company_a, "petrol", date(2024, 1, 1), date(2024, 1, 31), "50", "litre")
    add_record(company_a, "diesel", date(2024, 1, 1), date(2024, 1, 31), "50", "litre")
    with pytest.raises(selectors.FactorSetIncompleteError) as caught:
        selectors.baseline_for(company_a, date(2024, 1, 1), date(2024, 12, 31), hb2016)
    assert caught.value.carriers == ("diesel", "petrol")
    assert "ingen emissionsfaktor for: Diesel, Benzin" in caught.value.messages[0]
    with pytest.raises(selectors.FactorSetIncompleteError):
        selectors.results_for_years(company_a, [2024], hb2016)


def test_results_with_pinned_and_each_years_factors(company_a, energinet_2015):
    for year in (2022, 2023):
        monthly_records(company_a, "electricity", year, "1000", "kWh")
        monthly_records(company_a, "district_heating", year, "10", "MWh")
    results = selectors.results_for_years(company_a, [2022, 2023], energinet_2015)
    pinned = [row.pinned.emissions.total_kg for row in results.rows]
    own = [row.own_year.emissions.total_kg for row in results.rows]
    # Pinned 2015 125 %: 12,000 × 0.195 = 2,340 + 120,000 × 0.065 = 7,800 → 10,140 each year.
    assert pinned == [Decimal("10140"), Decimal("10140")]
    # Own years (DK2 proxy): 12,000 × 0.0639 = 766.8 → 767; 12,000 × 0.0392 = 470.4 → 470.
    assert own == [Decimal("767") + 7800, Decimal("470") + 7800]
    assert results.own_sets[2023].name.startswith("Energinet DK2")


def test_results_corrected_to_the_baseline_years_degree_days(company_a, hb2016):
    report = imports.import_degree_days(
        series="Kredsløb (Aarhus)",
        source_url="https://www.kredslob.dk/produkter-og-services/fjernvarme/din-varme-og-forbrug/graddage",
        note="",
        upload=SimpleUploadedFile("graddage.csv", KREDSLOEB_CSV.encode("utf-8-sig")),
    )
    assert report.ok and report.imported == 24
    add_record(
        company_a,
        "district_heating",
        date(2021, 1, 1),
        date(2021, 12, 31),
        "100",
        "MWh",
        heated_share_percent=Decimal("80"),
    )
    uncorrected = selectors.results_for_years(company_a, [2021], hb2016)
    corrected = selectors.results_for_years(
        company_a, [2021], hb2016, degree_day_series="Kredsløb (Aarhus)", baseline_year=2020
    )
    # 100,000 × 0.065 = 6,500 kg. Corrected: 20,000 + 80,000 × 2,765 / 3,132 = 90,625.80 kWh
    # × 0.065 = 5,890.68 → 5,891 kg.
    assert uncorrected.rows[0].pinned.emissions.total_kg == Decimal("6500")
    assert corrected.rows[0].pinned.emissions.total_kg == Decimal("5891")
    with pytest.raises(selectors.DegreeDaysMissingError) as caught:
        selectors.results_for_years(
            company_a, [2021], hb2016, degree_day_series="Kredsløb (Aarhus)", baseline_year=2019
        )
    assert "01-2019" in caught.value.messages[0]


def test_factor_sets_by_year_prefers_the_programmes_own(programme, hb2016):
    own = FactorSet.objects.create(
        name="Programmets 2016",
        year=2016,
        method=hb2016.method,
        source_url="https://x.dk",
        reliability="B",
        programme=programme,
        is_published=True,
    )
    assert selectors.factor_sets_by_year([2016], method=hb2016.method) == {2016: hb2016}
    assert selectors.factor_sets_by_year([2016], method=hb2016.method, programme=programme) == {
        2016: own
    }


def test_window_longer_than_366_days_is_refused(company_a, hb2016):
    with pytest.raises(selectors.ValidationError):
        selectors.baseline_for(company_a, date(2023, 1, 1), date(2024, 12, 31), hb2016)
