"""The nightly fetch from Eloverblik against recorded answers: idempotent, never half a
fetch, and every failure recorded where the company page shows it."""

import json
from datetime import date, timedelta

import httpx
import pytest
from django.utils import translation

from carbon20.energy import meter_services, tasks
from carbon20.energy.meter_models import MeterDay, MeteringPoint, MeterSource
from carbon20.integrations import eloverblik
from carbon20.integrations.tests.transport import Recorder, ok

API = "/thirdpartyapi/api"
MP_PATH = f"{API}/authorization/authorization/meteringpoints/customerCVR/"
TS_PATH = f"{API}/meterdata/gettimeseries/"
TODAY = date(2025, 4, 2)
GSRN_A = "571313174100000017"
GSRN_B = "571313174100000024"


@pytest.fixture(autouse=True)
def _english():
    # Errors are recorded in the language active when the fetch or import runs; these tests
    # read them in English.
    with translation.override("en"):
        yield


def by_gsrn(other: str = "eloverblik/timeseries_hour_missing_hours.json"):
    """A time-series answer for the metering point the request names."""
    spring = ok("eloverblik/timeseries_hour_spring.json")
    other_answer = ok(other)

    def answer(request: httpx.Request) -> httpx.Response:
        (gsrn,) = json.loads(request.content)["meteringPoints"]["meteringPoint"]
        return spring if gsrn == GSRN_A else other_answer

    return answer


def make_client(recorder: Recorder) -> eloverblik.EloverblikClient:
    return eloverblik.EloverblikClient(
        refresh_token="recorded",
        base_url="https://api.eloverblik.dk/thirdpartyapi",
        timeout=5,
        transport=recorder.transport(),
    )


def recorder_with(**routes) -> Recorder:
    return Recorder(
        {
            f"{API}/token": ok("eloverblik/token.json"),
            f"{API}/authorization/authorizations": ok("eloverblik/authorizations.json"),
            MP_PATH: routes.get("points", ok("eloverblik/meteringpoints_customercvr.json")),
            TS_PATH: routes.get("series", by_gsrn()),
        }
    )


@pytest.fixture
def power(company_a):
    return meter_services.record_power_of_attorney(
        company=company_a,
        user=None,
        granted_by_name="Direktør Hansen",
        granted_by_role="Administrerende direktør",
        valid_from=date(2025, 3, 29),
        valid_to=None,
        authorization_id="a3f1c2d4-5b6e-4f70-8a9b-0c1d2e3f4a5b",
    )


def test_fetch_stores_local_days_with_the_spring_day_of_23_hours(power):
    recorder = recorder_with()
    report = meter_services.fetch_power(power, make_client(recorder), TODAY)
    assert report.metering_points == 2
    point = MeteringPoint.objects.get(gsrn=GSRN_A)
    assert point.source == MeterSource.ELOVERBLIK
    assert point.price_area == "DK2"  # postcode 2620
    assert point.last_fetched_at is not None
    days = {d.day: d for d in point.days.all()}
    assert sorted(days) == [
        date(2025, 3, 29),
        date(2025, 3, 30),
        date(2025, 3, 31),
        date(2025, 4, 1),
    ]
    spring = days[date(2025, 3, 30)]
    assert len(spring.wh) == 23
    assert spring.missing_hours == 0
    # 9 working hours at 12.5 kWh and 14 others at 3.25 kWh (a Sunday has the same profile
    # in the recording): 112.5 + 45.5 = 158 kWh.
    assert spring.total_wh == 158_000
    # The history reaches back to the power of attorney's first day, not further.
    assert recorder.paths(TS_PATH)[0] == f"{TS_PATH}2025-03-29/2025-04-02/Hour"


def test_missing_hours_are_kept_as_gaps(power):
    meter_services.fetch_power(power, make_client(recorder_with()), TODAY)
    day = MeterDay.objects.get(metering_point__gsrn=GSRN_B, day=date(2025, 3, 31))
    assert day.missing_hours == 2
    assert day.wh[4] is None and day.wh[5] is None
    assert len(day.wh) == 24


def test_nightly_task_twice_adds_nothing(power, settings, monkeypatch):
    settings.ELOVERBLIK_REFRESH_TOKEN = "recorded"
    recorder = recorder_with()
    monkeypatch.setattr(meter_services, "eloverblik_client", lambda: make_client(recorder))
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: TODAY)
    first = tasks.fetch_meter_data.delay().get()
    rows = list(
        MeterDay.objects.order_by("metering_point__gsrn", "day").values_list(
            "metering_point__gsrn", "day", "total_wh", "wh"
        )
    )
    second = tasks.fetch_meter_data.delay().get()
    assert first["days_written"] == 8
    assert second["days_written"] == 2  # the last stored day is fetched again, and replaced
    assert MeterDay.objects.count() == 8
    assert MeteringPoint.objects.count() == 2
    assert (
        list(
            MeterDay.objects.order_by("metering_point__gsrn", "day").values_list(
                "metering_point__gsrn", "day", "total_wh", "wh"
            )
        )
        == rows
    )
    assert recorder.paths(TS_PATH)[-1] == f"{TS_PATH}2025-04-01/2025-04-02/Hour"


def test_task_without_a_token_does_nothing(settings, power):
    settings.ELOVERBLIK_REFRESH_TOKEN = ""
    assert tasks.fetch_meter_data.delay().get() == {"skipped": 1}
    assert not MeteringPoint.objects.exists()


def test_expired_token_is_recorded_on_the_power_and_not_retried(power, settings, monkeypatch):
    settings.ELOVERBLIK_REFRESH_TOKEN = "expired"
    recorder = Recorder({f"{API}/token": httpx.Response(401, json={"title": "Unauthorized"})})
    monkeypatch.setattr(meter_services, "eloverblik_client", lambda: make_client(recorder))
    assert tasks.fetch_meter_data.delay().get() == {"token_refused": 1}
    assert len(recorder.requests) == 1  # asked once; a retry cannot mend a refused token
    power.refresh_from_db()
    assert "refused" in power.last_error
    assert not MeterDay.objects.exists()


def test_token_revoked_during_the_series_keeps_what_was_stored(power):
    answers = [by_gsrn(), httpx.Response(401)]
    recorder = recorder_with(series=answers)
    with pytest.raises(eloverblik.TokenRefused):
        meter_services.fetch_power(power, make_client(recorder), TODAY)
    power.refresh_from_db()
    assert power.last_error
    # The first metering point's chunk was stored whole, the second not at all.
    assert set(MeterDay.objects.values_list("metering_point__gsrn", flat=True)) == {GSRN_A}
    assert MeterDay.objects.count() == 4


def test_timeout_is_retried_with_back_off(power, settings, monkeypatch):
    settings.ELOVERBLIK_REFRESH_TOKEN = "recorded"
    recorder = recorder_with(
        points=[httpx.ReadTimeout("slow"), ok("eloverblik/meteringpoints_customercvr.json")]
    )
    monkeypatch.setattr(meter_services, "eloverblik_client", lambda: make_client(recorder))
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: TODAY)
    # As a worker runs it: the Retry the first attempt raises schedules the second.
    report = tasks.fetch_meter_data.apply(throw=False).get()
    assert report["days_written"] == 8
    assert len(recorder.paths(MP_PATH)) == 2
    assert tasks.fetch_meter_data.retry_backoff == 60
    assert tasks.fetch_meter_data.max_retries == 5


def test_service_down_mid_fetch_never_leaves_half_a_chunk(power):
    recorder = recorder_with(series=[by_gsrn(), httpx.Response(503)])
    with pytest.raises(eloverblik.ServiceUnavailable):
        meter_services.fetch_power(power, make_client(recorder), TODAY)
    assert set(MeterDay.objects.values_list("metering_point__gsrn", flat=True)) == {GSRN_A}
    # The retry takes up where it stopped and stores the second point.
    meter_services.fetch_power(power, make_client(recorder_with()), TODAY)
    assert MeterDay.objects.count() == 8


def test_ended_power_of_attorney_stops_fetching(power):
    power.valid_to = date(2025, 3, 31)
    power.save()
    recorder = recorder_with()
    report = meter_services.fetch_power(power, make_client(recorder), TODAY)
    assert report.metering_points == 0
    assert recorder.requests == []
    power.refresh_from_db()
    assert "ended" in power.last_error


def test_the_night_after_the_last_day_still_fetches_that_day(power):
    power.valid_to = date(2025, 4, 5)
    power.save()
    recorder = recorder_with()
    meter_services.fetch_power(power, make_client(recorder), date(2025, 4, 6))
    assert recorder.paths(TS_PATH)[0] == f"{TS_PATH}2025-03-29/2025-04-06/Hour"


def test_power_limited_to_named_metering_points(power, company_a):
    point = meter_services.register_metering_point(
        company=company_a, gsrn=GSRN_A, source=MeterSource.ELOVERBLIK
    )
    power.metering_points.set([point])
    meter_services.fetch_power(power, make_client(recorder_with()), TODAY)
    assert list(MeteringPoint.objects.values_list("gsrn", flat=True)) == [GSRN_A]


def test_disappeared_metering_point_is_marked_and_kept(power):
    meter_services.fetch_power(power, make_client(recorder_with()), TODAY)
    recorder = recorder_with(points=ok("eloverblik/meteringpoints_customercvr_one_gone.json"))
    report = meter_services.fetch_power(power, make_client(recorder), TODAY + timedelta(days=1))
    gone = MeteringPoint.objects.get(gsrn=GSRN_B)
    assert gone.disappeared_at is not None
    assert "no longer lists" in gone.last_error
    assert report.errors == 1
    assert gone.days.count() == 4  # its data stays
    # Listed again later: no longer marked as gone.
    meter_services.fetch_power(power, make_client(recorder_with()), TODAY + timedelta(days=2))
    gone.refresh_from_db()
    assert gone.disappeared_at is None


def test_metering_point_unknown_to_the_time_series_is_recorded(power):
    recorder = recorder_with(series=by_gsrn(other="eloverblik/timeseries_not_found.json"))
    report = meter_services.fetch_power(power, make_client(recorder), TODAY)
    assert report.errors == 1
    point = MeteringPoint.objects.get(gsrn=GSRN_B)
    assert "20008" in point.last_error
    assert not point.days.exists()


def test_long_history_is_fetched_in_chunks_of_at_most_730_days(power, settings):
    power.valid_from = date(2022, 1, 1)
    power.save()
    settings.ELOVERBLIK_HISTORY_DAYS = 3 * 365
    recorder = recorder_with()
    meter_services.fetch_power(power, make_client(recorder), TODAY)
    first_point = list(recorder.paths(TS_PATH))[:2]
    assert first_point == [
        f"{TS_PATH}2022-04-03/2024-04-02/Hour",
        f"{TS_PATH}2024-04-02/2025-04-02/Hour",
    ]


def test_fetch_all_skips_powers_not_begun(power, company_b):
    meter_services.record_power_of_attorney(
        company=company_b,
        user=None,
        granted_by_name="X",
        granted_by_role="Direktør",
        valid_from=TODAY + timedelta(days=10),
        valid_to=None,
    )
    report = meter_services.fetch_all_meter_data(make_client(recorder_with()), TODAY)
    assert report.powers == 1


def test_store_meter_days_refuses_a_day_of_the_wrong_length(company_a):
    point = meter_services.register_metering_point(
        company=company_a, gsrn=GSRN_A, source=MeterSource.FILE
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        meter_services.store_meter_days(metering_point=point, days={date(2025, 3, 30): [1] * 24})
    assert not point.days.exists()


def test_metering_point_of_another_company_is_refused(company_a, company_b):
    from django.core.exceptions import ValidationError

    meter_services.register_metering_point(company=company_a, gsrn=GSRN_A, source=MeterSource.FILE)
    with pytest.raises(ValidationError):
        meter_services.register_metering_point(
            company=company_b, gsrn=GSRN_A, source=MeterSource.FILE
        )


def test_authorisation_revoked_on_eloverblik_stops_fetching(power):
    power.authorization_id = "0e5c9d1a-0000-4000-8000-000000000000"
    power.save()
    recorder = recorder_with()
    report = meter_services.fetch_all_meter_data(make_client(recorder), TODAY)
    assert report.metering_points == 0
    assert recorder.paths(MP_PATH) == []
    power.refresh_from_db()
    assert "no longer lists the authorisation" in power.last_error


def test_no_power_of_attorney_asks_nothing(db):
    recorder = recorder_with()
    assert meter_services.fetch_all_meter_data(make_client(recorder), TODAY).powers == 0
    assert recorder.requests == []
