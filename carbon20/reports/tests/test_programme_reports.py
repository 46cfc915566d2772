"""The programme report PDF is rendered by a task after the request commits, kept as a file
that only users of the same reach read, reused while nothing changed, and deleted after a
while; a failure is shown on its page."""

import io
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from carbon20.core import read_cache as kpi_cache
from carbon20.partnerships.models import Partnership
from carbon20.reports import programme_reports
from carbon20.reports.models import ProgrammeReport
from carbon20.reports.tests.conftest import generate
from testsupport.fixtures import client_for


def pdf_text(response) -> str:
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def ask(client, programme, query=""):
    url = reverse("reports:request_report", args=[programme.slug])
    return client.post(url + (f"?{query}" if query else ""))


@pytest.fixture
def generated(wide_programme, muni_a, muni_b, muni_c):
    return generate(wide_programme, [muni_a, muni_b, muni_c], 24)


def test_the_report_is_rendered_by_a_task_after_the_commit(
    generated, wide_programme, coordinator, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    offer = client.get(reverse("reports:report_pdf", args=[wide_programme.slug]))
    assert offer.status_code == 200
    assert "Forbered rapporten" in offer.content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = ask(client, wide_programme)
    report = ProgrammeReport.objects.get()
    assert response["Location"] == reverse(
        "reports:programme_report", args=[wide_programme.slug, report.uuid]
    )
    # Nothing is rendered in the request: the task waits for the commit.
    assert (report.status, report.file.name, len(callbacks)) == ("pending", "", 1)
    page = client.get(response["Location"])
    assert 'role="status"' in page.content.decode() and "hx-trigger" in page.content.decode()
    assert "Rapporten forberedes" in page.content.decode()
    # htmx asks for the live region alone, and puts it in place of the old one.
    part = client.get(response["Location"], headers={"HX-Request": "true"}).content.decode()
    assert part.lstrip().startswith('<div id="report-status" role="status"')
    assert "<h1>" not in part

    callbacks[0]()
    report.refresh_from_db()
    assert report.status == "ready" and report.file
    assert (report.requested_by, report.language) == (coordinator, "da")
    page = client.get(response["Location"]).content.decode()
    assert "hx-trigger" not in page and 'data-testid="report-download"' in page
    download = client.get(
        reverse("reports:programme_report_file", args=[wide_programme.slug, report.uuid])
    )
    assert download["Content-Type"] == "application/pdf"
    text = pdf_text(download)
    assert "Programrapport: Testprogram" in text
    assert "Barrierer fordelt på kategori" in text
    # The report's address now answers the ready file at once.
    again = client.get(reverse("reports:report_pdf", args=[wide_programme.slug]))
    assert again["Content-Type"] == "application/pdf"


def test_an_identical_report_is_reused_until_the_figures_change(
    generated, wide_programme, coordinator, muni_a, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True) as first:
        ask(client, wide_programme)
    with django_capture_on_commit_callbacks(execute=True) as second:
        ask(client, wide_programme)
    assert (len(first), len(second), ProgrammeReport.objects.count()) == (1, 0, 1)
    # Other filters are another report.
    with django_capture_on_commit_callbacks(execute=True) as filtered:
        ask(client, wide_programme, "municipality=albertslund")
    assert len(filtered) == 1
    assert ProgrammeReport.objects.filter(municipality=muni_a).get().status == "ready"
    # A committed write that changes a figure makes the next request a new report.
    partnership = Partnership.objects.filter(municipality=muni_a, step=1).first()
    partnership.step = 2
    with django_capture_on_commit_callbacks(execute=True):
        partnership.save(update_fields=["step"])
    with django_capture_on_commit_callbacks(execute=True) as after:
        ask(client, wide_programme)
    assert len(after) == 1
    assert ProgrammeReport.objects.filter(municipality=None).count() == 2


def test_only_the_same_reach_reads_a_report(
    generated,
    wide_programme,
    coordinator,
    officer_a,
    officer_b,
    company_user,
    consultant,
    no_role_user,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client_for(officer_a), wide_programme)
    report = ProgrammeReport.objects.get()
    assert report.status == "ready"
    status = reverse("reports:programme_report", args=[wide_programme.slug, report.uuid])
    download = reverse("reports:programme_report_file", args=[wide_programme.slug, report.uuid])
    own = client_for(officer_a)
    assert own.get(status).status_code == 200
    assert "Albertslund" in pdf_text(own.get(download))
    # The coordinator's reach is larger, officer B's another: neither reads A's report.
    for user in (coordinator, officer_b, company_user, consultant, no_role_user):
        client = client_for(user)
        assert client.get(status).status_code == 404
        assert client.get(download).status_code == 404
    assert client_for(None).get(download).status_code == 302
    # Nor may they ask for a report of a municipality outside their reach, or at all.
    assert ask(client_for(officer_b), wide_programme, "municipality=albertslund").status_code == 404
    assert ask(client_for(company_user), wide_programme).status_code == 404
    assert ProgrammeReport.objects.count() == 1


def test_asking_needs_a_post(generated, wide_programme, coordinator):
    url = reverse("reports:request_report", args=[wide_programme.slug])
    assert client_for(coordinator).get(url).status_code == 405


def test_a_failure_is_shown_translated_and_can_be_tried_again(
    generated, wide_programme, coordinator, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with (
        mock.patch("carbon20.reports.exports.render_pdf", side_effect=RuntimeError("no fonts")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = ask(client, wide_programme, "year=2025")
    report = ProgrammeReport.objects.get()
    assert report.status == "failed" and "no fonts" in report.error and not report.file
    page = client.get(response["Location"]).content.decode()
    assert "Rapporten kunne ikke forberedes" in page
    assert "no fonts" not in page and 'data-testid="report-download"' not in page
    file_url = reverse("reports:programme_report_file", args=[wide_programme.slug, report.uuid])
    assert client.get(file_url).status_code == 404
    # Trying again makes a new report of the same filters.
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, wide_programme, report.filter_query)
    assert ProgrammeReport.objects.filter(year=2025, status="ready").count() == 1


def test_a_requester_whose_reach_changed_gets_no_report(
    generated, wide_programme, officer_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ask(client_for(officer_a), wide_programme)
    officer_a.memberships.all().delete()
    callbacks[0]()
    report = ProgrammeReport.objects.get()
    assert report.status == "failed" and not report.file


def test_old_reports_are_deleted_with_their_files(
    generated, wide_programme, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client_for(coordinator), wide_programme)
    old = ProgrammeReport.objects.get()
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    kpi_cache.PROGRAMME_PAGES.replace()
    with django_capture_on_commit_callbacks(execute=True):
        ask(client_for(coordinator), wide_programme)
    ProgrammeReport.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert programme_reports.delete_expired() == 1
    assert not storage.exists(name)
    assert ProgrammeReport.objects.count() == 1
