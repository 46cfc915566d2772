"""Bad input is refused at the field that caused it, and nothing changes. Pages answer in
Danish, the default language, so the messages checked are the Danish ones."""

import errno
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from carbon20.agreements import services
from carbon20.agreements.models import Agreement, AgreementSignature, AgreementTemplate
from carbon20.partnerships.models import Interest, Partnership, Step, Visit
from carbon20.partnerships.tests.test_flow import agreement_data, visit_data
from carbon20.partnerships.workflow import TransitionRefused
from testsupport.fixtures import client_for
from testsupport.pdfs import minimal_pdf


def _field_errors(response, field):
    return response.context["form"].errors.get(field, [])


def _at_visit(partnership, officer):
    from carbon20.partnerships import workflow

    workflow.select_for_visit(partnership, officer)
    return partnership


def test_visit_next_step_before_the_visit(officer_a, partnership_a):
    _at_visit(partnership_a, officer_a)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_for(officer_a).post(
        reverse("partnerships:visit", args=[partnership_a.uuid]),
        visit_data(next_steps_date=(yesterday - timedelta(days=3)).isoformat()),
    )
    assert response.status_code == 200
    assert "før besøget" in " ".join(_field_errors(response, "next_steps_date"))
    assert not Visit.objects.exists()
    partnership_a.refresh_from_db()
    assert partnership_a.step == Step.VISIT


def test_visit_agreement_without_backing_is_refused_at_the_backing_field(officer_a, partnership_a):
    _at_visit(partnership_a, officer_a)
    response = client_for(officer_a).post(
        reverse("partnerships:visit", args=[partnership_a.uuid]),
        visit_data(management_backing="pending"),
    )
    assert _field_errors(response, "management_backing")
    assert not Visit.objects.exists()


def test_visit_in_rented_premises_needs_the_landlord(officer_a, partnership_a):
    _at_visit(partnership_a, officer_a)
    client = client_for(officer_a)
    url = reverse("partnerships:visit", args=[partnership_a.uuid])
    response = client.post(url, visit_data(rents_premises="on"))
    assert _field_errors(response, "landlord_name")
    response = client.post(
        url, visit_data(rents_premises="on", landlord_name="Ejendom A/S", landlord_email="e@a.dk")
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.landlord.is_landlord and visit.landlord.name == "Ejendom A/S"


def test_recruitment_due_date_before_first_contact(officer_a, partnership_a):
    response = client_for(officer_a).post(
        reverse("partnerships:recruitment", args=[partnership_a.uuid]),
        {
            "owner": officer_a.pk,
            "channel": "website",
            "first_contact_date": "2026-09-01",
            "interest": "yes",
            "language": "da",
            "next_action_due": "2026-08-01",
        },
    )
    assert _field_errors(response, "next_action_due")
    partnership_a.refresh_from_db()
    assert partnership_a.channel == "business_council"


def _post_agreement(client, partnership, **overrides):
    return client.post(
        reverse("agreements:agreement_create", args=[partnership.uuid]),
        agreement_data(**overrides),
    )


def test_agreement_dates_target_and_baseline(officer_a, partnership_a):
    from carbon20.partnerships.tests.conftest import advance_to_agreement

    advance_to_agreement(partnership_a, officer_a)
    client = client_for(officer_a)
    cases = [
        ({"target_date": "2025-12-31"}, "target_date"),
        ({"target_percent": "0"}, "target_percent"),
        ({"target_percent": "100,5"}, "target_percent"),
        ({"baseline_year": "2029"}, "baseline_year"),
    ]
    for overrides, field in cases:
        response = _post_agreement(client, partnership_a, **overrides)
        assert response.status_code == 200, overrides
        assert _field_errors(response, field), overrides
    assert not Agreement.objects.exists()
    assert _post_agreement(client, partnership_a, target_percent="22,5").status_code == 302
    assert Agreement.objects.get().target_percent == 22.5


def test_no_agreement_before_the_visit(officer_a, partnership_a):
    response = _post_agreement(client_for(officer_a), partnership_a)
    assert response.status_code == 200
    assert "Ingen aftale før et besøg" in str(response.context["form"].non_field_errors())
    assert not Agreement.objects.exists()


def test_template_with_unknown_placeholder(officer_a, muni_a):
    template = AgreementTemplate.objects.create(municipality=muni_a, language="da")
    client = client_for(officer_a)
    url = reverse("agreements:template_edit", args=[template.uuid])
    for body in ("Hej {{ firma }}", "Hej {{ company", "{{ company.__class__ }}"):
        response = client.post(url, {"title": "Aftale", "body": body})
        assert response.status_code == 200
        assert _field_errors(response, "body"), body
    assert not template.versions.exists()
    response = client.post(url, {"title": "Aftale", "body": "Aftale med {{ company }}"})
    assert response.status_code == 302
    assert template.versions.get().number == 1


def _scan_post(client, agreement, upload):
    return client.post(
        reverse("agreements:agreement_scan", args=[agreement.uuid]),
        {
            "scan": upload,
            "company_signatory": "Hanne Hansen",
            "municipality_signatory": "Ole Officer",
            "signed_on": (timezone.localdate() - timedelta(days=1)).isoformat(),
        },
    )


def test_scan_that_is_not_a_pdf_or_too_large(officer_a, agreement_a, settings):
    client = client_for(officer_a)
    fake = SimpleUploadedFile("aftale.pdf", b"GIF89a not a pdf", content_type="application/pdf")
    response = _scan_post(client, agreement_a, fake)
    assert response.status_code == 400
    assert "ikke en PDF" in " ".join(response.context["scan_form"].errors["scan"])
    settings.MAX_UPLOAD_BYTES = 1024
    big = SimpleUploadedFile("aftale.pdf", b"%PDF-1.7\n" + b"0" * 2048)
    response = _scan_post(client, agreement_a, big)
    assert "grænsen er" in " ".join(response.context["scan_form"].errors["scan"])
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT and not agreement_a.signed_pdf


def test_scan_upload_signs_and_advances(officer_a, agreement_a):
    content = minimal_pdf("signed on paper")
    response = _scan_post(client_for(officer_a), agreement_a, SimpleUploadedFile("s.pdf", content))
    assert response.status_code == 302
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.SIGNED
    assert agreement_a.signing_method == Agreement.SigningMethod.SCAN
    assert agreement_a.signed_pdf_sha256 == services.sha256(content)
    agreement_a.partnership.refresh_from_db()
    assert agreement_a.partnership.step == Step.TECHNICAL_REVIEW


def test_second_signature_by_the_same_person(officer_a, company_user, sent_agreement_a):
    url = reverse("agreements:agreement_sign", args=[sent_agreement_a.uuid])
    data = {
        "name": "Hanne Hansen",
        "title": "Direktør",
        "pdf_sha256": sent_agreement_a.sent_pdf_sha256,
        "confirm": "on",
    }
    company = client_for(company_user)
    assert company.post(url, data).status_code == 302
    response = company.post(url, data)
    assert response.status_code == 400
    assert "allerede underskrevet" in " ".join(response.context["sign_form"].errors["name"])
    response = client_for(officer_a).post(url, {**data, "name": "hanne  hansen"})
    assert response.status_code == 400
    assert "samme person" in " ".join(response.context["countersign_form"].errors["name"])
    assert sent_agreement_a.signatures.count() == 1


def test_signature_of_a_changed_document_is_refused(company_user, sent_agreement_a):
    response = client_for(company_user).post(
        reverse("agreements:agreement_sign", args=[sent_agreement_a.uuid]),
        {"name": "Hanne", "title": "Direktør", "pdf_sha256": "0" * 64, "confirm": "on"},
    )
    assert response.status_code == 400
    assert response.context["sign_form"].errors["pdf_sha256"]
    assert not AgreementSignature.objects.exists()


def test_officer_cannot_countersign_before_the_company(officer_a, sent_agreement_a):
    response = client_for(officer_a).post(
        reverse("agreements:agreement_sign", args=[sent_agreement_a.uuid]),
        {
            "name": "Ole",
            "title": "Officer",
            "pdf_sha256": sent_agreement_a.sent_pdf_sha256,
            "confirm": "on",
        },
    )
    assert response.status_code == 400
    assert not AgreementSignature.objects.exists()


def test_signed_agreement_is_read_only_and_changes_by_new_version(
    officer_a, company_user, sent_agreement_a
):
    services.sign(
        agreement=sent_agreement_a,
        user=company_user,
        party="company",
        name="H",
        title="D",
        pdf_sha256=sent_agreement_a.sent_pdf_sha256,
    )
    services.sign(
        agreement=sent_agreement_a,
        user=officer_a,
        party="municipality",
        name="O",
        title="M",
        pdf_sha256=sent_agreement_a.sent_pdf_sha256,
    )
    client = client_for(officer_a)
    edit = reverse("agreements:agreement_edit", args=[sent_agreement_a.uuid])
    response = client.post(edit, agreement_data(target_percent="50"))
    assert response.status_code == 302
    sent_agreement_a.refresh_from_db()
    assert sent_agreement_a.target_percent == 20
    client.post(reverse("agreements:agreement_action", args=[sent_agreement_a.uuid, "new-version"]))
    new = Agreement.objects.get(version=2)
    assert new.status == Agreement.State.DRAFT and new.target_percent == 20
    partnership = Partnership.objects.get()
    assert partnership.step == Step.TECHNICAL_REVIEW
    assert partnership.current_agreement == sent_agreement_a


def test_refused_transition_answers_with_the_reason(officer_a, partnership_a):
    Partnership.objects.filter(pk=partnership_a.pk).update(interest=Interest.NO)
    client = client_for(officer_a)
    response = client.post(
        reverse("partnerships:transition", args=[partnership_a.uuid, "select-for-visit"]),
        follow=True,
    )
    assert response.status_code == 200
    assert "ikke er interesseret" in response.content.decode()
    response = client.post(
        reverse("partnerships:transition", args=[partnership_a.uuid, "resume"]), follow=True
    )
    assert "Kun et forløb, der er sat på pause" in response.content.decode()
    response = client.post(
        reverse("partnerships:transition", args=[partnership_a.uuid, "withdraw"]), {"reason": " "}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["reason"]
    response = client.get(reverse("partnerships:visit", args=[partnership_a.uuid]), follow=True)
    assert response.status_code == 200 and "trin 2" in response.content.decode()


def test_start_refuses_future_first_contact_and_foreign_programme(officer_a, company_a, programme):
    from carbon20.organisations.models import Programme

    other = Programme.objects.create(
        name="Andet", slug="andet", start_date=date(2026, 1, 1), end_date=date(2027, 1, 1)
    )
    response = client_for(officer_a).post(
        reverse("partnerships:start", args=[company_a.uuid]),
        {
            "municipality": company_a.municipality_id,
            "programme": other.pk,
            "owner": officer_a.pk,
            "channel": "website",
            "first_contact_date": (timezone.localdate() + timedelta(days=3)).isoformat(),
            "interest": "yes",
            "language": "da",
        },
    )
    assert _field_errors(response, "first_contact_date")
    assert not Partnership.objects.exists()


def test_new_version_without_a_template_in_the_language_is_refused(officer_a, sent_agreement_a):
    # A language with no template, municipal or default.
    Partnership.objects.filter(pk=sent_agreement_a.partnership_id).update(language="xx")
    with translation.override("en"), pytest.raises(TransitionRefused, match="No agreement"):
        services.new_version(agreement=sent_agreement_a, user=officer_a)
    assert list(Agreement.objects.values_list("version", flat=True)) == [1]


def test_a_web_page_named_pdf_is_not_a_signed_scan(officer_a, agreement_a):
    fake = SimpleUploadedFile("s.pdf", b"%PDF-1.4\n<html><body>Signed</body></html>")
    response = _scan_post(client_for(officer_a), agreement_a, fake)
    assert response.status_code == 400
    assert "web" in " ".join(response.context["scan_form"].errors["scan"]).lower()
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT and not agreement_a.signed_pdf


class _FullDisk(FileSystemStorage):
    """Writes half of the file, then the disk is full."""

    def _save(self, name, content):
        data = content.read()
        Path(self.path(name)).parent.mkdir(parents=True, exist_ok=True)
        Path(self.path(name)).write_bytes(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_refuses_the_scan_clearly_and_keeps_nothing(
    officer_a, agreement_a, settings, monkeypatch
):
    storage = _FullDisk(location=settings.MEDIA_ROOT)
    monkeypatch.setattr(Agreement._meta.get_field("signed_pdf"), "storage", storage)
    upload = SimpleUploadedFile("s.pdf", minimal_pdf("signed"))
    response = _scan_post(client_for(officer_a), agreement_a, upload)
    assert response.status_code in (200, 400)
    assert "plads" in response.text
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT and not agreement_a.signed_pdf
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    agreement_a.partnership.refresh_from_db()
    assert agreement_a.partnership.step == Step.AGREEMENT
