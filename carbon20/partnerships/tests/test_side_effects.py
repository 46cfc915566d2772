"""Side effects after commit: mail goes only for a change that is committed, and the
documents are rendered before the row lock is taken."""

import hashlib

import pytest
from django.core import mail
from django.db import transaction

from carbon20.agreements import services as agreement_services
from carbon20.agreements.models import Agreement, AgreementSignature
from carbon20.core import read_cache as kpi_cache
from carbon20.core.read_cache import PARTNERSHIP_RESULTS
from carbon20.partnerships import services, tasks
from carbon20.public.selectors import LISTING


class Rollback(Exception):
    pass


@pytest.mark.django_db
def test_no_ready_to_sign_mail_when_the_transaction_rolls_back(
    agreement_a, officer_a, company_user, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Rollback),
        transaction.atomic(),
    ):
        agreement_services.send_for_signature(agreement=agreement_a, user=officer_a)
        raise Rollback
    assert callbacks == []
    assert mail.outbox == []
    agreement_a.refresh_from_db()
    assert agreement_a.status == Agreement.State.DRAFT

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        agreement_services.send_for_signature(agreement=agreement_a, user=officer_a)
    # The mail, and the caches that read agreements dropped: the programme dashboards',
    # the partnership results' and the public listing's (core/read_cache.py, core/read_cache.py).
    caches = [kpi_cache.PROGRAMME_PAGES.replace, PARTNERSHIP_RESULTS.replace, LISTING.replace]
    assert len([c for c in callbacks if c not in caches]) == 1
    assert [message.to for message in mail.outbox] == [[company_user.email]]


# serialized_rollback: the municipalities are data migrations, which a flush would remove.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_no_invitation_mail_when_the_transaction_rolls_back(meeting_a, officer_a):
    """With real commits (no test transaction around it): the mail waits for the commit."""
    with pytest.raises(Rollback), transaction.atomic():
        assert services.send_invitations(meeting=meeting_a, user=officer_a) == 1
        assert mail.outbox == []
        raise Rollback
    assert mail.outbox == []
    assert meeting_a.invitations.filter(sent_at__isnull=True).count() == 1

    with transaction.atomic():
        services.send_invitations(meeting=meeting_a, user=officer_a)
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    assert not meeting_a.invitations.filter(sent_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_mail_tasks_are_idempotent(sent_agreement_a, meeting_a, officer_a, company_user):
    invitation = meeting_a.invitations.get()
    assert tasks.send_invitation(invitation.pk, officer_a.pk) is True
    assert tasks.send_invitation(invitation.pk, officer_a.pk) is False
    assert len(mail.outbox) == 1
    # Once signed, the agreement no longer awaits signatures: a late retry sends nothing.
    Agreement.objects.filter(pk=sent_agreement_a.pk).update(status=Agreement.State.SIGNED)
    assert tasks.send_ready_to_sign(sent_agreement_a.pk, [company_user.email], "") is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_signed_pdf_rendered_before_the_lock_is_the_file_stored_and_hashed(
    sent_agreement_a, officer_a, company_user
):
    for user, party in (
        (company_user, AgreementSignature.Party.COMPANY),
        (officer_a, AgreementSignature.Party.MUNICIPALITY),
    ):
        agreement_services.sign(
            agreement=sent_agreement_a,
            user=user,
            party=party,
            name=user.get_full_name() or user.email,
            title="Direktør",
            pdf_sha256=sent_agreement_a.sent_pdf_sha256,
        )
    agreement = Agreement.objects.get(pk=sent_agreement_a.pk)
    assert agreement.status == Agreement.State.SIGNED
    with agreement.signed_pdf.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == agreement.signed_pdf_sha256


@pytest.mark.django_db
def test_signatures_changed_while_the_pdf_renders_refuse_the_signing(
    sent_agreement_a, officer_a, company_user, monkeypatch
):
    """The PDF is rendered outside the lock; if the signatures change meanwhile the render
    is stale, so the signing is refused rather than storing a PDF that does not match."""
    from carbon20.agreements import documents
    from carbon20.partnerships.workflow import TransitionRefused

    agreement_services.sign(
        agreement=sent_agreement_a,
        user=company_user,
        party=AgreementSignature.Party.COMPANY,
        name="H",
        title="D",
        pdf_sha256=sent_agreement_a.sent_pdf_sha256,
    )
    render = documents.render_pdf

    def render_then_interfere(agreement):
        pdf = render(agreement)
        # The set of signatures changes while this signing renders.
        AgreementSignature.objects.filter(
            agreement=sent_agreement_a, party=AgreementSignature.Party.COMPANY
        ).delete()
        return pdf

    monkeypatch.setattr(documents, "render_pdf", render_then_interfere)
    with pytest.raises(TransitionRefused):
        agreement_services.sign(
            agreement=sent_agreement_a,
            user=officer_a,
            party=AgreementSignature.Party.MUNICIPALITY,
            name="O",
            title="M",
            pdf_sha256=sent_agreement_a.sent_pdf_sha256,
        )
    assert Agreement.objects.get(pk=sent_agreement_a.pk).status == Agreement.State.SENT
