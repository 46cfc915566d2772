"""The nightly refresh of register data: changes in the timeline, ceased companies flagged,
nothing duplicated on a second run, nothing half-stored, timeouts retried."""

import json
from datetime import date
from io import StringIO

import httpx
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from carbon20.organisations.models import Company, EmployeeBand, Municipality
from carbon20.partnerships import tasks
from carbon20.partnerships.models import Status, TimelineEvent
from carbon20.partnerships.tests.conftest import make_partnership
from testsupport.cvr import connect, handler
from testsupport.fixtures import client_for, make_company

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(settings):
    connect(settings)
    return settings


@pytest.fixture
def fjordglimt(muni_a):
    """The recorded company as the platform last saw it: another name, address and band."""
    return make_company(
        muni_a,
        "Fjordglimt ApS",
        cvr="00009008",
        address="Gammel Vej 1",
        postcode="2620",
        city="Albertslund",
        industry_code="234100",
        industry_text="Fremstilling af keramiske husholdningsartikler og dekorationsgenstande",
        employee_band=EmployeeBand.MICRO,
    )


def _register_events(company):
    return TimelineEvent.objects.filter(
        partnership__company=company, kind=TimelineEvent.Kind.REGISTER
    )


def test_changes_are_stored_and_told_in_the_timeline_once(
    fjordglimt, officer_a, programme, register
):
    partnership = make_partnership(fjordglimt, officer_a, programme)
    assert tasks.refresh_register_data.delay().get() == 1
    fjordglimt.refresh_from_db()
    assert fjordglimt.name == "Fjordglimt Keramik ApS"
    assert (fjordglimt.address, fjordglimt.postcode, fjordglimt.city) == (
        "Keramikervej 12B",
        "5000",
        "Odense C",
    )
    assert fjordglimt.municipality == Municipality.objects.get(code=461)
    assert fjordglimt.employee_band == EmployeeBand.SMALL
    assert fjordglimt.cvr_refreshed_at is not None
    with translation.override("en"):
        texts = [event.display_text for event in _register_events(fjordglimt)]
    assert "CVR register: name changed from “Fjordglimt ApS” to “Fjordglimt Keramik ApS”." in texts
    assert "CVR register: employees changed from “0–9 employees” to “10–49 employees”." in texts
    with translation.override("da"):
        danish = [event.display_text for event in _register_events(fjordglimt)]
    assert (
        "CVR-registret: navn er ændret fra “Fjordglimt ApS” til “Fjordglimt Keramik ApS”." in danish
    )
    assert len(texts) == 6  # name, address, postcode, city, municipality, employees
    assert all(event.partnership == partnership for event in _register_events(fjordglimt))

    first_refresh = fjordglimt.cvr_refreshed_at
    tasks.refresh_register_data.delay()
    fjordglimt.refresh_from_db()
    assert _register_events(fjordglimt).count() == 6
    assert fjordglimt.cvr_refreshed_at >= first_refresh


def test_a_ceased_company_is_flagged_once_on_its_pages_and_pipeline(
    muni_a, officer_a, programme, register
):
    company = make_company(Municipality.objects.get(code=630), "Vejle Lakering ApS", cvr="00009016")
    company.portfolio_municipalities.add(muni_a)
    partnership = make_partnership(company, officer_a, programme, municipality=muni_a)
    tasks.refresh_register_data.delay()
    company.refresh_from_db()
    assert company.ceased is True
    assert company.ceased_on == date(2025, 3, 31)
    assert company.register_status == "OPHØRT"
    with translation.override("en"):
        texts = [event.display_text for event in _register_events(company)]
    assert "The CVR register lists the company as ceased (OPHØRT) from 31 Mar 2025." in texts
    written = len(texts)
    # A ceased company is not asked again.
    assert tasks.refresh_register_data.delay().get() == 0
    assert _register_events(company).count() == written
    officer = client_for(officer_a)
    for url in (
        company.get_absolute_url(),
        partnership.get_absolute_url(),
        reverse("partnerships:pipeline"),
    ):
        assert 'data-testid="company-ceased"' in officer.get(url).text


def test_only_open_partnerships_hear_of_changes(fjordglimt, officer_a, programme, register):
    closed = make_partnership(fjordglimt, officer_a, programme)
    Company.objects.filter(pk=fjordglimt.pk).update(name="Gammelt Navn ApS")
    closed.status = Status.WITHDRAWN
    closed.save()
    tasks.refresh_register_data.delay()
    assert not _register_events(fjordglimt).exists()
    assert Company.objects.get(pk=fjordglimt.pk).name == "Fjordglimt Keramik ApS"


def test_advertising_protection_follows_the_register(muni_a, register):
    company = make_company(
        muni_a, "Næstved Stålsmedie A/S", cvr="00009024", employee_band=EmployeeBand.MEDIUM
    )
    tasks.refresh_register_data.delay()
    company.refresh_from_db()
    assert company.advertising_protected is True
    # The register's 200–499 fits no single band: the officer's band stays.
    assert company.employee_band == EmployeeBand.MEDIUM


def test_a_company_unknown_to_the_register_is_left_alone(company_a, register):
    before = Company.objects.get(pk=company_a.pk)
    tasks.refresh_register_data.delay()
    after = Company.objects.get(pk=company_a.pk)
    assert (after.name, after.cvr_refreshed_at) == (before.name, None)


def test_without_settings_nothing_is_asked(fjordglimt):
    assert django_settings.CVR_USERNAME == ""
    assert tasks.refresh_register_data.delay().get() == 0
    fjordglimt.refresh_from_db()
    assert fjordglimt.name == "Fjordglimt ApS"


calls: list[str] = []


def _flaky(request: httpx.Request) -> httpx.Response:
    calls.append(request.url.path)
    if len(calls) == 1:
        raise httpx.ReadTimeout("slow", request=request)
    return handler(request)


def flaky_transport() -> httpx.MockTransport:
    return httpx.MockTransport(_flaky)


def always_slow_transport() -> httpx.MockTransport:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    return httpx.MockTransport(slow)


def test_a_timeout_is_retried_with_back_off(fjordglimt, register):
    calls.clear()
    register.CVR_TRANSPORT = f"{__name__}.flaky_transport"
    # As a worker runs it: the timeout is retried (at once here; a worker waits the back-off).
    tasks.refresh_company_register.apply(args=[fjordglimt.pk], throw=False)
    assert len(calls) == 2
    assert Company.objects.get(pk=fjordglimt.pk).name == "Fjordglimt Keramik ApS"
    task = tasks.refresh_company_register
    assert task.retry_backoff == 60 and task.max_retries == 5


def test_a_register_that_never_answers_stores_nothing(fjordglimt, officer_a, programme, register):
    make_partnership(fjordglimt, officer_a, programme)
    register.CVR_TRANSPORT = f"{__name__}.always_slow_transport"
    assert tasks.refresh_register_data.delay().get() == 0
    fjordglimt.refresh_from_db()
    assert (fjordglimt.name, fjordglimt.cvr_refreshed_at) == ("Fjordglimt ApS", None)
    assert not _register_events(fjordglimt).exists()


def test_a_failure_while_storing_leaves_nothing_half_saved(
    fjordglimt, officer_a, programme, register, monkeypatch
):
    make_partnership(fjordglimt, officer_a, programme)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("carbon20.partnerships.workflow.record_event", broken)
    with pytest.raises(RuntimeError):
        tasks.refresh_register_data.delay()
    fjordglimt.refresh_from_db()
    assert (fjordglimt.name, fjordglimt.cvr_refreshed_at) == ("Fjordglimt ApS", None)


def test_the_refresh_runs_every_night():
    entry = django_settings.CELERY_BEAT_SCHEDULE["refresh-register-data"]
    assert entry["task"] == tasks.refresh_register_data.name
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({2}, {30})


def test_the_command_refreshes_as_the_task_does(fjordglimt, register):
    out = StringIO()
    call_command("refresh_register_data", stdout=out)
    assert "Companies refreshed or queued: 1" in out.getvalue()
    assert Company.objects.get(pk=fjordglimt.pk).name == "Fjordglimt Keramik ApS"


def test_the_command_refuses_without_settings(db):
    with pytest.raises(CommandError):
        call_command("refresh_register_data")


def broken_postcode_transport():
    """The recorded company with a postcode the platform refuses."""

    def answer(request):
        response = handler(request)
        data = json.loads(response.content)
        for hit in data["hits"]["hits"]:
            metadata = hit["_source"]["Vrvirksomhed"]["virksomhedMetadata"]
            metadata["nyesteBeliggenhedsadresse"]["postnummer"] = 100
        return httpx.Response(200, json=data)

    return httpx.MockTransport(answer)


def test_values_the_platform_refuses_store_nothing_and_the_run_goes_on(
    fjordglimt, muni_a, register
):
    register.CVR_TRANSPORT = f"{__name__}.broken_postcode_transport"
    assert tasks.refresh_register_data.delay().get() == 1
    fjordglimt.refresh_from_db()
    assert (fjordglimt.name, fjordglimt.cvr_refreshed_at) == ("Fjordglimt ApS", None)
