"""Weather series: degree days derived from temperatures, gaps by date, CSV and DMI imports
(all or nothing), the nightly DMI task (idempotent, retried on timeouts) and the page."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from celery.exceptions import Retry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st

from carbon20.energy import imports, selectors, services, tasks
from carbon20.energy.calc import weather
from carbon20.energy.models import WeatherDay, WeatherSeries
from carbon20.followups.tests.conftest import make_factor_set, make_partnership, sign_agreement
from carbon20.integrations import dmi
from carbon20.integrations.tests.recorded_dmi import API_KEY, BASE_URL, RECORDED, RecordedDmi
from testsupport.fixtures import client_for

from .conftest import relaxed


def upload(text: str, name: str = "temperaturer.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def aarhus(db) -> WeatherSeries:
    return services.create_weather_series(area="municipality", code="0751", name="Aarhus")


# --- The pure part ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("temperature", "expected"),
    [("-3.2", "20.2"), ("16.9", "0.1"), ("17", "0.0"), ("21.4", "0.0"), ("2.35", "14.7")],
)
def test_degree_days_are_17_minus_the_mean_temperature_never_below_0(temperature, expected):
    assert weather.heating_degree_days(Decimal(temperature)) == Decimal(expected)


@relaxed
@given(st.decimals(min_value=-40, max_value=40, places=1))
def test_degree_days_never_negative_and_fall_as_it_warms(temperature):
    value = weather.heating_degree_days(temperature)
    assert value >= 0
    assert weather.heating_degree_days(temperature + 1) <= value


def test_gaps_are_listed_by_date():
    days = [date(2024, 1, d) for d in (1, 2, 5, 6, 9)]
    found = weather.gaps(days, date(2024, 1, 1), date(2024, 1, 10))
    assert [(g.first_day, g.last_day, g.days) for g in found] == [
        (date(2024, 1, 3), date(2024, 1, 4), 2),
        (date(2024, 1, 7), date(2024, 1, 8), 2),
        (date(2024, 1, 10), date(2024, 1, 10), 1),
    ]


def test_monthly_sums_cover_whole_months_only():
    daily = {date(2024, 2, d): Decimal("10") for d in range(1, 30)}
    daily.update({date(2024, 3, d): Decimal("5") for d in range(1, 31)})
    assert weather.monthly_sums(daily) == {(2024, 2): Decimal("290")}


# --- Imports ------------------------------------------------------------------------------


def test_csv_of_temperatures_derives_degree_days(aarhus):
    report = imports.import_weather(
        series=aarhus, upload=upload("date;mean_temperature_c\n01-01-2024;-3,2\n02-01-2024;18\n")
    )
    assert report.ok and report.imported == 2
    days = {d.day: d for d in aarhus.days.all()}
    assert days[date(2024, 1, 1)].heating_degree_days == Decimal("20.2")
    assert days[date(2024, 1, 1)].degree_days_source == "derived"
    assert days[date(2024, 1, 2)].heating_degree_days == Decimal("0.0")


def test_danish_headers_and_degree_days_given_are_kept(aarhus):
    report = imports.import_weather(
        series=aarhus, upload=upload("Dato;Middeltemperatur;Graddage\n2024-01-01;-3,2;20,0\n")
    )
    assert report.ok
    day = aarhus.days.get()
    assert (day.mean_temperature_c, day.heating_degree_days) == (Decimal("-3.2"), Decimal("20.0"))
    assert day.degree_days_source == "csv"


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        ("date;mean_temperature_c\n01-01-2024;kold\n", 2, "mean_temperature_c", "tal"),
        ("date;mean_temperature_c\n01-01-2024;-3\n01-01-2024;-2\n", 3, "date", "række 3"),
        ("date;mean_temperature_c\n01-01-2024;99\n", 2, "mean_temperature_c", "-60"),
        ("date;mean_temperature_c\n32-01-2024;1\n", 2, "date", ""),
        ("date;mean_temperature_c\n01-01-2024;\n", 2, "(hele rækken)", "middeltemperatur"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_saved(aarhus, text, row, column, words):
    report = imports.import_weather(
        series=aarhus,
        upload=upload("date;mean_temperature_c\n02-01-2024;1\n" + text.split("\n", 1)[1]),
    )
    assert not report.ok
    assert any(
        e.row == row + 1 and e.column == column and words in e.message for e in report.errors
    ), report.errors
    assert not WeatherDay.objects.exists()


def test_a_csv_with_an_unknown_column_is_refused(aarhus):
    report = imports.import_weather(
        series=aarhus, upload=upload("date;mean_temperature_c;vindstyrke\n01-01-2024;1;4\n")
    )
    assert "vindstyrke" in report.file_error
    assert not WeatherDay.objects.exists()


def test_a_dmi_answer_is_imported_with_its_monthly_degree_days(aarhus):
    for name in (
        "municipality_0751_mean_temp_day_page1.json",
        "municipality_0751_heating_degree_days_day.json",
        "station_06074_heating_degree_days_month.json",
    ):
        data = (RECORDED / name).read_bytes()
        report = imports.import_dmi_answer(series=aarhus, upload=BytesIO(data))
        assert report.ok, report.file_error
    days = {d.day: d for d in aarhus.days.all()}
    assert days[date(2024, 1, 1)].mean_temperature_c == Decimal("2.3")
    assert days[date(2024, 1, 1)].heating_degree_days == Decimal("14.7")
    assert days[date(2024, 1, 5)].mean_temperature_c is None
    assert selectors.monthly_degree_days(aarhus)[(2024, 2)] == Decimal("381.2")


def test_a_file_that_is_not_a_dmi_answer_is_refused(aarhus):
    report = imports.import_dmi_answer(series=aarhus, upload=BytesIO(b'{"type": "Feature"}'))
    assert "DMI" in report.file_error
    assert not WeatherDay.objects.exists()


# --- The nightly task ---------------------------------------------------------------------


@pytest.fixture
def series_in_use(aarhus, company_a, programme, officer_a):
    partnership = make_partnership(company_a, programme, officer_a)
    agreement = sign_agreement(partnership, make_factor_set())
    agreement.weather_series = aarhus
    agreement.save()
    return aarhus


@pytest.fixture
def recorded_dmi(settings, monkeypatch):
    settings.DMI_API_KEY = API_KEY
    settings.DMI_CLIMATE_DATA_URL = BASE_URL

    def install(stand_in: RecordedDmi) -> RecordedDmi:
        monkeypatch.setattr(
            tasks,
            "dmi_client",
            lambda: dmi.DmiClient(api_key=API_KEY, base_url=BASE_URL, transport=stand_in.transport),
        )
        return stand_in

    return install


def test_the_task_stores_the_days_once(series_in_use, recorded_dmi):
    stand_in = recorded_dmi(RecordedDmi())
    assert tasks.fetch_dmi_weather.delay().get() == 5
    assert series_in_use.days.count() == 5
    assert tasks.fetch_dmi_weather.delay().get() == 0
    assert series_in_use.days.count() == 5
    assert len(stand_in.requests) == 6


def test_a_timeout_stores_nothing_and_is_retried_with_back_off(series_in_use, recorded_dmi):
    recorded_dmi(RecordedDmi(fail_first=1))
    # Run eagerly, the retry the worker would schedule surfaces as Retry, with its delay.
    with pytest.raises(Retry):
        tasks.fetch_dmi_weather.delay().get()
    assert not series_in_use.days.exists()
    task = tasks.fetch_dmi_weather
    assert task.autoretry_for == (dmi.DmiTimeout,) and task.retry_backoff and task.max_retries


def test_a_refused_series_stores_nothing_and_the_task_goes_on(series_in_use, recorded_dmi):
    broken = RecordedDmi(fail_first=2, failure=lambda r: dmi.httpx.ConnectError("no", request=r))
    recorded_dmi(broken)
    assert tasks.fetch_dmi_weather.delay().get() == 0
    assert not series_in_use.days.exists()


def test_without_a_key_the_task_fetches_nothing(series_in_use, settings):
    settings.DMI_API_KEY = ""
    assert tasks.fetch_dmi_weather.delay().get() == 0


def test_series_no_agreement_uses_are_not_fetched(aarhus, recorded_dmi):
    stand_in = recorded_dmi(RecordedDmi())
    assert tasks.fetch_dmi_weather.delay().get() == 0
    assert stand_in.requests == []


# --- The page -----------------------------------------------------------------------------


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_lists_coverage_and_gaps_and_says_what_dmi_would_add(
    aarhus, officer_a, consultant, settings
):
    settings.DMI_API_KEY = ""
    services.save_weather_days(
        series=aarhus,
        values={date(2024, 1, d): services.DayValues(Decimal("1")) for d in (1, 2, 5)},
        source="csv",
    )
    url = reverse("energy:weather_list")
    one = queries_for(client_for(consultant), url)
    for n in range(3):
        services.create_weather_series(area="station", code=f"0607{n}", name=f"Station {n}")
    # The series, their days and their months are three queries whatever their number.
    assert queries_for(client_for(consultant), url) == one
    page = client_for(consultant).get(url).content.decode()
    translation.activate("da")
    gap = f"{formats.date_format(date(2024, 1, 3))}–{formats.date_format(date(2024, 1, 4))}"
    assert gap in page
    assert "DMI_API_KEY" in page
    assert "Importér" not in page
    assert reverse("energy:weather_import", args=[aarhus.uuid]) in (
        client_for(officer_a).get(reverse("energy:weather_list")).content.decode()
    )


def test_company_users_and_users_without_a_role_do_not_see_weather(
    aarhus, company_user, no_role_user
):
    for user in (company_user, no_role_user):
        assert client_for(user).get(reverse("energy:weather_list")).status_code == 404
        url = reverse("energy:weather_import", args=[aarhus.uuid])
        assert client_for(user).get(url).status_code == 404


def test_officers_add_series_and_import_consultants_may_not(aarhus, officer_a, consultant):
    add = reverse("energy:weather_series_add")
    data = {"area": "station", "code": "06074", "name": "Aarhus Lufthavn"}
    assert client_for(consultant).post(add, data).status_code == 404
    assert client_for(officer_a).post(add, data).status_code == 302
    assert WeatherSeries.objects.filter(code="06074").exists()
    client_for(officer_a).post(add, data)
    assert WeatherSeries.objects.filter(code="06074").count() == 1
    client_for(officer_a).post(add, {"area": "moon", "code": "", "name": ""})
    url = reverse("energy:weather_import", args=[aarhus.uuid])
    assert client_for(consultant).get(url).status_code == 404
    response = client_for(officer_a).post(
        url, {"file": upload("date;mean_temperature_c\n01-01-2024;1\n")}
    )
    assert response.status_code == 302 and aarhus.days.count() == 1
    geojson = SimpleUploadedFile(
        "dmi.geojson", (RECORDED / "municipality_0751_mean_temp_day_page2.json").read_bytes()
    )
    assert client_for(officer_a).post(url, {"file": geojson}).status_code == 302
    assert aarhus.days.count() == 3
    bad = client_for(officer_a).post(url, {"file": upload("date;x\n01-01-2024;1\n")})
    assert bad.status_code == 200
    template = client_for(consultant).get(reverse("energy:weather_template"))
    assert template.content.decode("utf-8-sig").startswith("date")
