"""Energinet's hourly CO2 stored per local day, the nightly task, the bundled file and the
yearly factor sets derived from it."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from carbon20.energy import meter_services, tasks
from carbon20.energy.meter_models import GridEmissionDay
from carbon20.energy.models import FactorMethod
from carbon20.integrations import energidataservice
from carbon20.integrations.tests.transport import Recorder, ok

pytestmark = pytest.mark.django_db


def client(recorder: Recorder) -> energidataservice.EnergiDataServiceClient:
    return energidataservice.EnergiDataServiceClient(
        base_url="https://api.energidataservice.dk", timeout=5, transport=recorder.transport()
    )


def recorder() -> Recorder:
    return Recorder(
        {
            "/dataset/DeclarationGridEmission": ok(
                "energinet/declarationgridemission_2025-03-30.json"
            )
        }
    )


def test_fetch_stores_the_spring_day_per_area_and_method_and_twice_adds_nothing():
    written = meter_services.fetch_grid_emissions(client(recorder()), date(2025, 3, 30), days=0)
    assert written == 4
    rows = {(r.price_area, r.method): r for r in GridEmissionDay.objects.all()}
    assert set(rows) == {("DK1", "125%"), ("DK1", "200%"), ("DK2", "125%"), ("DK2", "200%")}
    assert all(len(r.mg_per_kwh) == 23 for r in rows.values())
    assert rows[("DK2", "125%")].mg_per_kwh[0] == 65_192
    assert rows[("DK1", "200%")].mg_per_kwh[11] is None  # 10:00 UTC is 12:00 summer time
    before = list(GridEmissionDay.objects.values_list("price_area", "method", "day", "mg_per_kwh"))
    meter_services.fetch_grid_emissions(client(recorder()), date(2025, 3, 30), days=0)
    assert (
        list(GridEmissionDay.objects.values_list("price_area", "method", "day", "mg_per_kwh"))
        == before
    )


def test_task_runs_only_when_enabled(settings, monkeypatch):
    settings.ENERGIDATASERVICE_ENABLED = False
    assert tasks.fetch_grid_emissions.delay().get() == 0
    settings.ENERGIDATASERVICE_ENABLED = True
    monkeypatch.setattr(meter_services, "energidataservice_client", lambda: client(recorder()))
    assert tasks.fetch_grid_emissions.delay().get() == 4


def test_partial_days_are_merged():
    hours = energidataservice.read_hourly_csv(
        "HourUTC,CO2PerkWh\n2025-06-01 10:00:00,50\n", price_area="DK1", method="125%"
    )
    meter_services.store_grid_emissions(hours=hours, source="a")
    hours = energidataservice.read_hourly_csv(
        "HourUTC,CO2PerkWh\n2025-06-01 11:00:00,60\n", price_area="DK1", method="125%"
    )
    meter_services.store_grid_emissions(hours=hours, source="b")
    day = GridEmissionDay.objects.get()
    assert day.mg_per_kwh[12:14] == [50_000, 60_000]
    assert meter_services.store_grid_emissions(hours=[], source="c") == 0


def test_command_loads_the_bundled_year_and_derives_the_set():
    out = StringIO()
    call_command("load_grid_emissions", "--derive-year", "2025", stdout=out)
    assert "8760 hours stored as 365 days." in out.getvalue()
    factor_set = meter_services.derive_yearly_factor_set(year=2025, price_area="DK2", method="125%")
    assert factor_set.method == FactorMethod.ENERGINET_125
    assert factor_set.programme is None
    assert "DeclarationGridEmission" in factor_set.source_url
    factor = factor_set.factors.get()
    # The unweighted mean of the 8,760 hours, as the reference data README works it out
    # (40.5 g/kWh for the UTC year; the local year differs by one hour at each end).
    assert factor.kg_co2e_per_unit == Decimal("0.0404715")
    assert factor.scope == 2
    # Made once: a second call returns the same set.
    again = meter_services.derive_yearly_factor_set(year=2025, price_area="DK2", method="125%")
    assert again.pk == factor_set.pk


def test_command_refuses_missing_or_bad_files(tmp_path):
    with pytest.raises(CommandError):
        call_command("load_grid_emissions", str(tmp_path / "none.csv"))
    bad = tmp_path / "bad.csv"
    bad.write_text("A,B\n1,2\n")
    with pytest.raises(CommandError):
        call_command("load_grid_emissions", str(bad))


def test_derive_without_data_is_refused():
    with pytest.raises(ValidationError):
        meter_services.derive_yearly_factor_set(year=2019, price_area="DK1", method="200%")
