"""Water and waste count in CO2e only when the set has a factor for them; a water record
beside electricity never blanks the electricity's CO2e."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from carbon20.energy import selectors
from carbon20.energy.calc.carriers import Carrier
from carbon20.energy.tests.conftest import add_record, monthly_records
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def test_water_beside_electricity_under_a_set_without_water(company_a, hb2016):
    monthly_records(company_a, "electricity", 2024, "1000", "kWh")
    add_record(company_a, "water", date(2024, 1, 1), date(2024, 12, 31), "300", "m3")
    assert not hb2016.factors.filter(carrier="water").exists()
    result = selectors.baseline_for(company_a, date(2024, 1, 1), date(2024, 12, 31), hb2016)
    # 12 × 1,000 kWh × 0.197 = 2,364 kg; the 300 m³ water count in no CO2e figure.
    assert result.emissions.total_kg == Decimal("2364")
    assert result.emissions.without_factor == (Carrier.WATER,)
    assert result.quantities[Carrier.WATER] == Decimal("300")
    rows = selectors.results_for_years(company_a, [2024], hb2016).rows
    assert rows[0].pinned.emissions.total_kg == Decimal("2364")


def test_the_consumption_page_names_what_is_not_counted(officer_a, officer_b, company_a, hb2016):
    monthly_records(company_a, "electricity", 2024, "1000", "kWh")
    add_record(company_a, "water", date(2024, 1, 1), date(2024, 12, 31), "300", "m3")
    url = reverse("energy:consumption_list", args=[company_a.uuid])
    response = client_for(officer_a).get(url, {"factor_set": str(hb2016.uuid)})
    assert response.status_code == 200
    assert "summary_error" not in response.context
    assert "Ikke medregnet i CO2e, da sættet ikke har en faktor for dem: Vand." in response.text
    assert client_for(officer_b).get(url).status_code == 404


def test_an_energy_carrier_without_a_factor_is_still_refused(company_a, hb2016):
    monthly_records(company_a, "electricity", 2024, "1000", "kWh")
    add_record(company_a, "diesel", date(2024, 1, 1), date(2024, 1, 31), "50", "litre")
    with pytest.raises(selectors.FactorSetIncompleteError):
        selectors.results_for_years(company_a, [2024], hb2016)
