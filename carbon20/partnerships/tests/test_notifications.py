"""The company's signature tells the officer to countersign; the completing signature (in
the platform or as a scan) tells the company's users and the officer. Nobody else hears."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from testsupport.fixtures import client_for
from testsupport.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db


def _sign(client, agreement, name, capture):
    with capture(execute=True):
        return client.post(
            reverse("agreements:agreement_sign", args=[agreement.uuid]),
            {
                "name": name,
                "title": "Direktør",
                "pdf_sha256": agreement.sent_pdf_sha256,
                "confirm": "on",
            },
        )


def _recipients():
    return sorted(address for message in mail.outbox for address in message.to)


def test_company_signature_asks_the_officer_and_countersignature_tells_both(
    officer_a, officer_b, company_user, sent_agreement_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    capture = django_capture_on_commit_callbacks
    assert _sign(client_for(company_user), sent_agreement_a, "Hanne", capture).status_code == 302
    assert _recipients() == [officer_a.email]
    assert "har underskrevet partnerskabsaftalen" in mail.outbox[0].subject
    link = reverse("agreements:agreement_detail", args=[sent_agreement_a.uuid])
    assert link in mail.outbox[0].body
    mail.outbox.clear()
    assert _sign(client_for(officer_a), sent_agreement_a, "Ole", capture).status_code == 302
    assert _recipients() == sorted([company_user.email, officer_a.email])
    assert all("er underskrevet" in message.subject for message in mail.outbox)
    assert officer_b.email not in _recipients()


def test_a_refused_signature_tells_nobody(
    officer_a, company_user, sent_agreement_a, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    # The officer may not countersign before the company.
    response = _sign(
        client_for(officer_a), sent_agreement_a, "Ole", django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert mail.outbox == []


def test_a_scan_tells_the_company_users_and_the_officer(
    officer_a, company_user, agreement_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer_a).post(
            reverse("agreements:agreement_scan", args=[agreement_a.uuid]),
            {
                "scan": SimpleUploadedFile("s.pdf", minimal_pdf("signed")),
                "signed_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
                "company_signatory": "Hanne",
                "municipality_signatory": "Ole",
            },
        )
    assert response.status_code == 302
    assert _recipients() == sorted([company_user.email, officer_a.email])
