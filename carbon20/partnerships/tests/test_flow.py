"""The officer's and the company user's way through steps 1–3 in the app."""

import hashlib
import io
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from carbon20.agreements.models import Agreement
from carbon20.partnerships.models import Partnership, Step, TimelineEvent
from testsupport.fixtures import client_for


def visit_data(**overrides) -> dict:
    data = {
        "visit_date": (timezone.localdate() - timedelta(days=1)).isoformat(),
        "municipal_participants": "Officer A",
        "company_participants": "Director Hansen",
        "management_present": "on",
        "candidate_areas": ["electricity", "heat", "transport"],
        "employee_involvement": "some",
        "energy_management": "informal",
        "interests": "Lower bills",
        "agreement_walked_through": "on",
        "focus_areas": ["electricity", "heat"],
        "management_backing": "secured",
        "outcome": "agreement",
        "next_steps": "Send the agreement",
        "next_steps_date": timezone.localdate().isoformat(),
    }
    data.update(overrides)
    return data


def agreement_data(**overrides) -> dict:
    data = {
        "target_percent": "20",
        "baseline_year": "2025",
        "start_date": "2026-01-01",
        "target_date": "2027-12-31",
        "focus_areas": ["electricity", "heat"],
        "company_obligations": "Report data every quarter.",
        "municipality_obligations": "Arrange the technical review.",
        "offers": "Network events.",
        "data_kinds": ["electricity", "heat"],
        "data_sources": ["bills"],
        "reporting_frequency": "quarterly",
        "publish_consent": "on",
    }
    data.update(overrides)
    return data


def test_officer_and_company_user_walk_steps_1_to_3(
    officer_a, company_a, company_user, programme, settings, django_capture_on_commit_callbacks
):
    officer = client_for(officer_a)
    response = officer.post(
        reverse("partnerships:start", args=[company_a.uuid]),
        {
            "municipality": company_a.municipality_id,
            "programme": programme.pk,
            "owner": officer_a.pk,
            "channel": "business_council",
            "first_contact_date": "2026-09-01",
            "interest": "yes",
            "language": "da",
        },
    )
    partnership = Partnership.objects.get(company=company_a)
    assert response.status_code == 302
    assert response.url == partnership.get_absolute_url()
    assert officer.get(response.url).status_code == 200

    officer.post(reverse("partnerships:transition", args=[partnership.uuid, "select-for-visit"]))
    partnership.refresh_from_db()
    assert partnership.step == Step.VISIT

    response = officer.post(reverse("partnerships:visit", args=[partnership.uuid]), visit_data())
    assert response.status_code == 302, response.context["form"].errors
    partnership.refresh_from_db()
    assert partnership.step == Step.AGREEMENT
    assert partnership.focus_areas == ["electricity", "heat"]

    response = officer.post(
        reverse("agreements:agreement_create", args=[partnership.uuid]), agreement_data()
    )
    assert response.status_code == 302, response.context["form"].errors
    agreement = partnership.agreements.get()
    assert agreement.version == 1 and agreement.status == Agreement.State.DRAFT

    # The mail goes once the change is committed.
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(reverse("agreements:agreement_action", args=[agreement.uuid, "send"]))
    agreement.refresh_from_db()
    assert agreement.status == Agreement.State.SENT
    assert len(agreement.sent_pdf_sha256) == 64
    assert [message.to for message in mail.outbox] == [[company_user.email]]

    company = client_for(company_user)
    pdf = b"".join(company.get(reverse("agreements:agreement_pdf", args=[agreement.uuid])))

    seen_hash = hashlib.sha256(pdf).hexdigest()
    assert seen_hash == agreement.sent_pdf_sha256
    response = company.post(
        reverse("agreements:agreement_sign", args=[agreement.uuid]),
        {"name": "Hanne Hansen", "title": "Direktør", "pdf_sha256": seen_hash, "confirm": "on"},
    )
    assert response.status_code == 302
    response = officer.post(
        reverse("agreements:agreement_sign", args=[agreement.uuid]),
        {
            "name": "Ole Officer",
            "title": "Klimamedarbejder",
            "pdf_sha256": seen_hash,
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    partnership.refresh_from_db()
    assert agreement.status == Agreement.State.SIGNED
    assert partnership.step == Step.TECHNICAL_REVIEW
    signature = agreement.signatures.get(party="company")
    assert (signature.user, signature.pdf_sha256) == (company_user, seen_hash)

    signed_pdf = b"".join(officer.get(reverse("agreements:agreement_pdf", args=[agreement.uuid])))
    assert hashlib.sha256(signed_pdf).hexdigest() == agreement.signed_pdf_sha256
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(signed_pdf)).pages)
    for expected in (
        company_a.name,
        company_a.cvr,
        "20 %",
        "el, varme",
        "Hanne Hansen",
        "Direktør",
        "Ole Officer",
        "Albertslund Kommune",
        "Side 1 af 2",
    ):
        assert expected in text, expected

    docx = officer.get(reverse("agreements:agreement_docx", args=[agreement.uuid])).content
    document = Document(io.BytesIO(docx))
    docx_text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    for expected in (
        company_a.name,
        company_a.cvr,
        "20 %",
        "el, varme",
        "Hanne Hansen",
        "Ole Officer",
    ):
        assert expected in docx_text, expected

    kinds = list(partnership.timeline.values_list("kind", flat=True))
    assert kinds.count(TimelineEvent.Kind.STEP) == 3
