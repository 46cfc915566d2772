"""The company page's "Connected data" section and the meter data pages: right role, wrong
role, other tenant, bounded queries."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from carbon20.energy import meter_demo, meter_services
from carbon20.energy.meter_models import MeterSource, PowerOfAttorney
from carbon20.energy.tests.test_meter_import import local_rows, upload
from testsupport.fixtures import client_for

pytestmark = pytest.mark.django_db


def company_url(company):
    return reverse("organisations:company_detail", args=[company.uuid])


@pytest.fixture
def demo_meter(company_a):
    meter_demo.load_for(company_a)
    return company_a.metering_points.get()


def test_section_says_what_a_connection_would_add_when_nothing_is_configured(
    officer_a, company_a, settings
):
    settings.ELOVERBLIK_REFRESH_TOKEN = ""
    page = client_for(officer_a).get(company_url(company_a)).content.decode()
    assert 'data-testid="connected-data"' in page
    assert 'data-testid="connection-would-add"' in page
    assert "Intet målepunkt er tilsluttet." in page
    settings.ELOVERBLIK_REFRESH_TOKEN = "configured"
    page = client_for(officer_a).get(company_url(company_a)).content.decode()
    assert 'data-testid="connection-would-add"' not in page


def test_hourly_scope2_beside_the_yearly_figure(officer_a, demo_meter, company_a):
    response = client_for(officer_a).get(company_url(company_a))
    data = response.context["connected"]["data"]
    comparison = data.comparison
    assert comparison.year == 2025
    (figure,) = comparison.hourly
    assert figure.method == "125%"
    assert figure.result.hours_without_intensity == 0
    assert figure.result.kwh == comparison.kwh > 0
    # The consumption-weighted hourly intensity differs from the year's time average.
    (derived,) = comparison.yearly
    assert derived.factor_set.name == meter_services.derived_set_name("DK2", "125%")
    assert derived.kg_co2e != figure.result.kg_co2e
    page = response.content.decode()
    assert 'data-testid="hourly-125%"' in page
    assert 'data-testid="yearly-figure"' in page
    assert demo_meter.gsrn in page


def test_gaps_errors_and_ended_power_are_shown(officer_a, company_a):
    point = meter_services.register_metering_point(
        company=company_a, gsrn="571313161100187650", source=MeterSource.FILE
    )
    days = {date(2025, 6, 1): [1000] * 24, date(2025, 6, 3): [1000] * 23 + [None]}
    meter_services.store_meter_days(metering_point=point, days=days)
    point.last_error = "Eloverblik: 20008 MeteringPointNotFound"
    point.save()
    meter_services.record_power_of_attorney(
        company=company_a,
        user=None,
        granted_by_name="Hanne Holm",
        granted_by_role="Direktør",
        valid_from=date(2024, 1, 1),
        valid_to=date(2024, 12, 31),
    )
    response = client_for(officer_a).get(company_url(company_a))
    (meter,) = response.context["connected"]["data"].meters
    assert (meter.missing_days, meter.missing_hours) == (1, 1)
    page = response.content.decode()
    assert "Hanne Holm" in page
    assert "20008 MeteringPointNotFound" in page
    (status,) = response.context["connected"]["data"].powers
    assert status.ended


@pytest.mark.parametrize("persona", ["officer_a", "company_user", "coordinator"])
def test_readers_of_the_company_see_the_section(request, persona, company_a, demo_meter):
    page = client_for(request.getfixturevalue(persona)).get(company_url(company_a)).content.decode()
    assert demo_meter.gsrn in page
    writes = reverse("energy:meter_import", args=[company_a.uuid]) in page
    assert writes is (persona != "coordinator")


def test_other_tenant_sees_nothing(officer_b, company_a, demo_meter):
    assert client_for(officer_b).get(company_url(company_a)).status_code == 404
    for name in ("energy:meter_import", "energy:power_of_attorney_add"):
        assert client_for(officer_b).get(reverse(name, args=[company_a.uuid])).status_code == 404


@pytest.mark.parametrize("name", ["energy:meter_import", "energy:power_of_attorney_add"])
def test_coordinator_reads_but_may_not_write(coordinator, company_a, name):
    assert client_for(coordinator).get(reverse(name, args=[company_a.uuid])).status_code == 403


def test_connected_data_queries_do_not_grow_with_meters(
    officer_a, company_a, demo_meter, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from carbon20.energy import meter_selectors

    with CaptureQueriesContext(connection) as one_meter:
        meter_selectors.connected_data(company_a, date(2026, 6, 1))
    for index in range(3):
        point = meter_services.register_metering_point(
            company=company_a, gsrn=f"57131310000000{index:04d}", source=MeterSource.FILE
        )
        meter_services.store_meter_days(
            metering_point=point, days=meter_demo.synthesised_year(meter_demo.DEMO_YEAR, seed=index)
        )
    # Powers and their points (2), meters with coverage (1), the year's meter days and grid
    # days (2), the pinned set (its own lookups) and the derived sets with factors (2): the
    # same number for four meters as for one.
    with django_assert_num_queries(len(one_meter)):
        data = meter_selectors.connected_data(company_a, date(2026, 6, 1))
    assert len(data.meters) == 4


def test_company_page_queries_are_bounded(
    officer_a, company_a, demo_meter, django_assert_max_num_queries
):
    client = client_for(officer_a)
    client.get(company_url(company_a))
    # 26 with the section: the company page's own reads (with the second factor's device, the
    # access-log entry for the contacts shown and the register-data rights), whether the user
    # shares the company's data (1), the section's
    # powers (2), meters with coverage (1), the year's meter days and grid days (2), the pinned
    # and derived sets. None of them grows with the meters or their days.
    with django_assert_max_num_queries(26):
        client.get(company_url(company_a))


def test_import_page(company_user, company_a):
    client = client_for(company_user)
    url = reverse("energy:meter_import", args=[company_a.uuid])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"file": SimpleUploadedFile("x.pdf", b"%PDF")})
    assert bad.status_code == 200 and "CSV- eller JSON-fil" in bad.content.decode()
    refused = client.post(
        url, {"file": upload([local_rows(date(2025, 6, 1))[0].replace("KWH", "MWH")])}
    )
    assert 'data-testid="import-errors"' in refused.content.decode()
    response = client.post(url, {"file": upload(local_rows(date(2025, 6, 1)))})
    assert response.status_code == 302
    assert company_a.metering_points.get().days.count() == 1


def test_power_of_attorney_page(officer_a, company_a):
    point = meter_services.register_metering_point(
        company=company_a, gsrn="571313161100187650", source=MeterSource.FILE
    )
    client = client_for(officer_a)
    url = reverse("energy:power_of_attorney_add", args=[company_a.uuid])
    assert client.get(url).status_code == 200
    data = {
        "granted_by_name": "Hanne Holm",
        "granted_by_role": "Direktør",
        "valid_from": "2025-02-01",
        "valid_to": "2025-01-01",
        "metering_points": [point.pk],
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert not PowerOfAttorney.objects.exists()
    response = client.post(url, {**data, "valid_to": ""})
    assert response.status_code == 302
    power = PowerOfAttorney.objects.get()
    assert power.created_by == officer_a
    assert list(power.metering_points.all()) == [point]


def test_other_tenant_posts_change_nothing(officer_b, company_a, demo_meter):
    before = (PowerOfAttorney.objects.count(), demo_meter.days.count())
    client = client_for(officer_b)
    power = {"granted_by_name": "X", "granted_by_role": "Y", "valid_from": "2025-01-01"}
    post = client.post(reverse("energy:power_of_attorney_add", args=[company_a.uuid]), power)
    assert post.status_code == 404
    file = upload(local_rows(date(2025, 6, 1)))
    post = client.post(reverse("energy:meter_import", args=[company_a.uuid]), {"file": file})
    assert post.status_code == 404
    assert (PowerOfAttorney.objects.count(), demo_meter.days.count()) == before
