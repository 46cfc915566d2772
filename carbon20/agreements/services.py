"""Writes of the agreement: drafts, versions, sending for signature, signatures and scans,
and the municipality's templates. Each runs in a transaction; the partnership's step moves
only through `carbon20.partnerships.workflow`."""

import hashlib
from datetime import date
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from carbon20.accounts.models import Role, User
from carbon20.agreements import documents
from carbon20.agreements.models import (
    Agreement,
    AgreementSignature,
    AgreementTemplate,
    AgreementTemplateVersion,
    DataKind,
    DataSource,
)
from carbon20.agreements.pinning import FACTOR_SET_REQUIRED, default_factor_set
from carbon20.agreements.selectors import template_for_partnership
from carbon20.core.tasks import enqueue_on_commit
from carbon20.core.uploads import NotAPdf, StorageFull, check_pdf, store_file
from carbon20.organisations.models import (
    Company,
)
from carbon20.partnerships import notify, tasks, workflow
from carbon20.partnerships.models import (
    EventText,
    Partnership,
    Status,
    Step,
    TimelineEvent,
)
from carbon20.partnerships.workflow import TransitionRefused


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _default_obligations(language: str) -> tuple[str, str, str]:
    with translation.override(language):
        return (
            _(
                "Appoint a contact person; give access for the technical review; write and carry "
                "out a climate action plan with the municipality; report consumption data; take "
                "part in the follow-ups."
            ),
            _(
                "Arrange a free technical review; help with the climate account; offer tools, "
                "network events and follow-up visits."
            ),
            _("A free energy review, network events, free tools and help with a climate account."),
        )


def initial_agreement_values(partnership: Partnership) -> dict[str, Any]:
    company, municipality, offers = _default_obligations(partnership.language)
    today = timezone.localdate()
    return {
        "target_percent": partnership.programme.target_percent,
        "baseline_year": partnership.first_contact_date.year - 1,
        "start_date": today,
        "target_date": (
            partnership.programme.end_date
            if partnership.programme.end_date > today
            else date(today.year + 1, 12, 31)
        ),
        "focus_areas": list(partnership.focus_areas),
        "company_obligations": company,
        "municipality_obligations": municipality,
        "offers": offers,
        "data_kinds": [DataKind.ELECTRICITY, DataKind.HEAT],
        "data_sources": [DataSource.BILLS, DataSource.METER_READINGS],
        # Without a factor set no CO2e figure and no least-cost plan can be computed.
        "factor_set": default_factor_set(partnership.programme),
    }


def _require_agreement_stage(partnership: Partnership) -> None:
    if partnership.status != Status.ACTIVE:
        raise TransitionRefused(_("The partnership is not active."))
    if partnership.step < Step.AGREEMENT:
        raise TransitionRefused(_("No agreement before a visit with management backing secured."))


def create_agreement(*, partnership: Partnership, form, user) -> Agreement:
    """A new draft version from the municipality's latest template version."""
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        _require_agreement_stage(partnership)
        if partnership.agreements.exclude(status=Agreement.State.SIGNED).exists():
            raise TransitionRefused(
                _("An unsigned version exists; finish or replace it before starting another.")
            )
        template = template_for_partnership(partnership)
        if template is None or template.latest_version is None:
            raise TransitionRefused(_("No agreement template exists in this language."))
        agreement: Agreement = form.save(commit=False)
        agreement.partnership = partnership
        if agreement.factor_set_id is None:
            agreement.factor_set = default_factor_set(partnership.programme)
        agreement.template_version = template.latest_version
        agreement.version = (
            partnership.agreements.aggregate(Max("version"))["version__max"] or 0
        ) + 1
        agreement.created_by = user
        agreement.save()
        workflow.record_event(
            partnership,
            user,
            TimelineEvent.Kind.AGREEMENT,
            EventText(
                gettext_noop("Agreement version %(version)d drafted."), version=agreement.version
            ),
        )
    return agreement


def update_agreement(*, agreement: Agreement, form, user) -> Agreement:
    if not agreement.is_editable:
        raise TransitionRefused(
            _("A signed or sent agreement is read-only; make a new version to change it.")
        )
    saved: Agreement = form.save()
    return saved


def new_version(*, agreement: Agreement, user) -> Agreement:
    """Replace an agreement (sent or signed) with a new draft holding the same terms."""
    with transaction.atomic():
        partnership = Partnership.objects.select_for_update().get(pk=agreement.partnership_id)
        if partnership.status != Status.ACTIVE:
            raise TransitionRefused(_("The partnership is not active."))
        if agreement.is_editable:
            raise TransitionRefused(_("This version is still a draft; change it directly."))
        if partnership.agreements.filter(status=Agreement.State.DRAFT).exists():
            raise TransitionRefused(_("A draft version exists already."))
        template = template_for_partnership(partnership)
        if template is None or template.latest_version is None:
            raise TransitionRefused(_("No agreement template exists in this language."))
        copy = Agreement.objects.create(
            partnership=partnership,
            version=(partnership.agreements.aggregate(Max("version"))["version__max"] or 0) + 1,
            template_version=template.latest_version,
            target_percent=agreement.target_percent,
            baseline_year=agreement.baseline_year,
            start_date=agreement.start_date,
            target_date=agreement.target_date,
            focus_areas=agreement.focus_areas,
            company_obligations=agreement.company_obligations,
            municipality_obligations=agreement.municipality_obligations,
            offers=agreement.offers,
            data_kinds=agreement.data_kinds,
            data_sources=agreement.data_sources,
            documentation_methods=agreement.documentation_methods,
            baseline_start=agreement.baseline_start,
            weather_series=agreement.weather_series,
            production_variable=agreement.production_variable,
            production_unit=agreement.production_unit,
            factor_set=agreement.factor_set,
            reporting_frequency=agreement.reporting_frequency,
            publish_consent=agreement.publish_consent,
            created_by=user,
        )
        workflow.record_event(
            partnership,
            user,
            TimelineEvent.Kind.AGREEMENT,
            EventText(
                gettext_noop("Version %(new)d drafted to replace version %(old)d."),
                new=copy.version,
                old=agreement.version,
            ),
        )
    return copy


def company_users(company: Company):
    return User.objects.filter(
        memberships__role=Role.COMPANY_USER, memberships__company=company, is_active=True
    ).distinct()


def agreement_link(agreement: Agreement) -> str:
    """The agreement's page at the configured site address: a mail is read outside any
    request, and the request's own host may be an internal one."""
    return settings.SITE_URL + reverse("agreements:agreement_detail", args=[agreement.uuid])


def _require_company_user(agreement: Agreement) -> None:
    if not company_users(agreement.partnership.company).exists():
        raise TransitionRefused(
            _(
                "%(company)s has no user who can sign in the platform, so nobody would be told. "
                "Invite a contact person as a company user from the company's page, or print "
                "the agreement, have it signed on paper and upload the signed scan."
            )
            % {"company": agreement.partnership.company.name}
        )


def _require_sendable(agreement: Agreement) -> None:
    if not agreement.is_editable:
        raise TransitionRefused(_("Only a draft can be sent for signature."))
    if agreement.partnership.status != Status.ACTIVE:
        raise TransitionRefused(_("The partnership is not active."))
    if agreement.factor_set_id is None:
        raise TransitionRefused(str(FACTOR_SET_REQUIRED))


def send_for_signature(*, agreement: Agreement, user) -> Agreement:
    """Freeze the draft as the PDF that both parties sign, and tell the company's users once
    that is committed. Without a company user nobody could sign in the platform: refused,
    saying what to do. The PDF is rendered before the row lock is taken, so that the lock
    is held for milliseconds; a draft changed meanwhile is refused rather than sent stale."""
    _require_company_user(agreement)
    link = agreement_link(agreement)
    draft = Agreement.objects.select_related("partnership").get(pk=agreement.pk)
    _require_sendable(draft)
    pdf = documents.render_pdf(draft)
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _require_sendable(agreement)
        if agreement.updated_at != draft.updated_at:
            raise TransitionRefused(_("The draft changed while it was being sent; send it again."))
        agreement.sent_pdf_sha256 = sha256(pdf)
        agreement.sent_pdf.save(
            f"{agreement.uuid}-v{agreement.version}.pdf", ContentFile(pdf), save=False
        )
        agreement.status = Agreement.State.SENT
        agreement.save()
        workflow.record_event(
            agreement.partnership,
            user,
            TimelineEvent.Kind.AGREEMENT,
            EventText(
                gettext_noop("Agreement version %(version)d sent for signature."),
                version=agreement.version,
            ),
        )
        recipients = list(
            company_users(agreement.partnership.company).values_list("email", flat=True)
        )
        if recipients:
            enqueue_on_commit(tasks.send_ready_to_sign, agreement.pk, recipients, link)
    return agreement


def _require_signable(agreement: Agreement, party: str) -> None:
    if agreement.status != Agreement.State.SENT:
        raise TransitionRefused(_("This version is not awaiting signatures."))
    latest = agreement.partnership.agreements.aggregate(Max("version"))["version__max"]
    if agreement.version != latest:
        raise TransitionRefused(_("A newer version replaces this one; sign that instead."))
    if agreement.signatures.filter(party=party).exists():
        raise TransitionRefused(_("This party has already signed."))


def _render_with_signatures(agreement: Agreement, signatures: list[AgreementSignature]) -> bytes:
    """The agreement's PDF as it reads once `signatures` are stored, one of them not yet
    saved: the related manager answers from its prefetch cache, which is what
    `prefetch_related` fills, so the renderer reads these signatures and no query."""
    cached = agreement.signatures.all()
    cached._result_cache = signatures
    # The prefetch cache is Django's private API, which the stubs leave out.
    cached._prefetch_done = True  # type: ignore[attr-defined]
    agreement._prefetched_objects_cache = {"signatures": cached}  # type: ignore[attr-defined]
    return documents.render_pdf(agreement)


def sign(
    *, agreement: Agreement, user, party: str, name: str, title: str, pdf_sha256: str
) -> AgreementSignature:
    """The company signs first, then the municipality countersigns; the second signature
    makes the agreement signed and moves the partnership on. The signed PDF is rendered
    before the row lock is taken; if a signature arrived meanwhile, this one is refused."""
    current = Agreement.objects.select_related("partnership").get(pk=agreement.pk)
    _require_signable(current, party)
    earlier = list(current.signatures.all())
    signature = AgreementSignature(
        agreement=current, party=party, user=user, name=name, title=title, pdf_sha256=pdf_sha256
    )
    completes = len(earlier) + 1 == len(AgreementSignature.Party)
    pdf = _render_with_signatures(current, [*earlier, signature]) if completes else None
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        _require_signable(agreement, party)
        if set(agreement.signatures.values_list("pk", flat=True)) != {s.pk for s in earlier}:
            raise TransitionRefused(
                _("The agreement changed while it was being signed; sign it again.")
            )
        signature.agreement = agreement
        signature.full_clean()
        signature.save()
        workflow.record_event(
            agreement.partnership,
            user,
            TimelineEvent.Kind.SIGNATURE,
            EventText(
                gettext_noop("%(name)s (%(title)s) signed. Party: %(party)s."),
                name=signature.name,
                title=signature.title,
                party=AgreementSignature.Party(signature.party).label,
            ),
        )
        if pdf is not None:
            _mark_signed(agreement, pdf, Agreement.SigningMethod.IN_APP)
            workflow.agreement_signed(agreement.partnership, agreement, user)
        notify.agreement_signed(agreement, party)
    return signature


def upload_scan(*, agreement: Agreement, user, data: dict[str, Any]) -> Agreement:
    """The officer records an agreement signed on paper by uploading the scan."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if agreement.is_signed:
            raise TransitionRefused(_("This version is already signed."))
        latest = agreement.partnership.agreements.aggregate(Max("version"))["version__max"]
        if agreement.version != latest:
            raise TransitionRefused(_("A newer version exists; upload the scan to that one."))
        scan = data["scan"]
        scan.seek(0)
        content = scan.read()
        try:
            check_pdf(content)
        except NotAPdf as error:
            raise TransitionRefused(str(error)) from error
        _mark_signed(agreement, content, Agreement.SigningMethod.SCAN)
        workflow.record_event(
            agreement.partnership,
            user,
            TimelineEvent.Kind.SIGNATURE,
            EventText(
                gettext_noop(
                    "Scan signed on paper on %(date)s uploaded: %(company)s for the company, "
                    "%(municipality)s for the municipality."
                ),
                date=data["signed_on"],
                company=data["company_signatory"],
                municipality=data["municipality_signatory"],
            ),
        )
        workflow.agreement_signed(agreement.partnership, agreement, user)
        notify.agreement_signed(agreement, AgreementSignature.Party.MUNICIPALITY)
    return agreement


def _mark_signed(agreement: Agreement, pdf: bytes, method: str) -> None:
    try:
        store_file(agreement.signed_pdf, f"{agreement.uuid}-v{agreement.version}-signed.pdf", pdf)
    except StorageFull as error:
        # Refused like any transition: the row lock's transaction rolls back, no file stays.
        raise TransitionRefused(str(error)) from error
    agreement.signed_pdf_sha256 = sha256(pdf)
    agreement.signed_at = timezone.now()
    agreement.signing_method = method
    agreement.status = Agreement.State.SIGNED
    agreement.save()


def save_template_version(
    *, template: AgreementTemplate, data: dict[str, Any], user
) -> AgreementTemplateVersion:
    """Editing a template adds a version; agreements keep the version they were made from."""
    with transaction.atomic():
        template = AgreementTemplate.objects.select_for_update().get(pk=template.pk)
        number = (template.versions.aggregate(Max("number"))["number__max"] or 0) + 1
        return AgreementTemplateVersion.objects.create(
            template=template,
            number=number,
            title=data["title"],
            body=data["body"],
            created_by=user,
        )


def municipality_template(*, municipality, language: str) -> AgreementTemplate:
    """The municipality's own template in a language, started from the default's text."""
    template, _created = AgreementTemplate.objects.get_or_create(
        municipality=municipality, language=language
    )
    return template
