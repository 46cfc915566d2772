"""Writes with side effects for steps 1–3: timeline events, e-mails and stored documents.

Step and status changes are delegated to `workflow`; everything here runs in a transaction
so that a refused transition leaves nothing half-saved.
"""

import hashlib
from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import Any, TypedDict, Unpack

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from carbon20.accounts.models import Role, User
from carbon20.organisations.models import (
    Company,
    ContactPerson,
    Municipality,
    Partner,
    Programme,
    Site,
)
from carbon20.partnerships import documents, notify, tasks, workflow
from carbon20.partnerships.mail import open_partnership
from carbon20.partnerships.models import (
    Agreement,
    AgreementSignature,
    AgreementTemplate,
    AgreementTemplateVersion,
    DataKind,
    DataSource,
    EventText,
    InformationMeeting,
    Interest,
    ManagementBacking,
    MeetingInvitation,
    Partnership,
    Status,
    Step,
    TimelineEvent,
    Visit,
    VisitOutcome,
)
from carbon20.partnerships.pinning import FACTOR_SET_REQUIRED, default_factor_set
from carbon20.partnerships.selectors import template_for_partnership
from carbon20.partnerships.workflow import TransitionRefused


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_partnership(
    *,
    company: Company,
    municipality: Municipality,
    programme: Programme,
    owner: User,
    user,
    channel: str,
    first_contact_date: date,
    interest: str = Interest.MAYBE,
    site: Site | None = None,
    language: str = "da",
) -> Partnership:
    """Start a partnership at step 1; `workflow.start` checks the model's rules."""
    return workflow.start(
        company=company,
        municipality=municipality,
        programme=programme,
        owner=owner,
        user=user,
        channel=channel,
        first_contact_date=first_contact_date,
        interest=interest,
        site=site,
        language=language,
    )


class RecruitmentChanges(TypedDict, total=False):
    owner: User
    channel: str
    first_contact_date: date
    interest: str
    language: str
    next_action: str
    next_action_due: date | None


def update_recruitment(
    *, partnership: Partnership, user, **changes: Unpack[RecruitmentChanges]
) -> Partnership:
    with transaction.atomic():
        for name, value in changes.items():
            setattr(partnership, name, value)
        partnership.full_clean()
        partnership.save()
        workflow.record_event(
            partnership,
            user,
            TimelineEvent.Kind.NOTE,
            EventText(gettext_noop("Recruitment details updated.")),
        )
    return partnership


def save_meeting(
    *,
    meeting: InformationMeeting,
    presented_partners: Iterable[Partner],
    invited_companies: Iterable[Company],
    user,
) -> InformationMeeting:
    """Save a meeting and its invitation list; invitations already sent stay."""
    with transaction.atomic():
        if meeting.created_by_id is None:
            meeting.created_by = user
        meeting.full_clean()
        meeting.save()
        meeting.presented_partners.set(presented_partners)
        invited = {company.pk: company for company in invited_companies}
        meeting.invitations.filter(sent_at__isnull=True).exclude(company_id__in=invited).delete()
        existing = set(meeting.invitations.values_list("company_id", flat=True))
        for company_id, company in invited.items():
            if company_id in existing:
                continue
            contact = (
                company.contacts.filter(municipality=meeting.municipality)
                .exclude(email="")
                .order_by("-is_management", "name")
                .first()
            )
            # A company without an e-mail contact leaves the address empty, which the
            # model refuses at `email` (the meeting form says so first, by name).
            email = contact.email if contact else ""
            invitation = MeetingInvitation(meeting=meeting, company=company, email=email)
            invitation.full_clean()
            invitation.save()
    return meeting


def send_invitations(*, meeting: InformationMeeting, user) -> int:
    """E-mail every invitation not yet sent, once the caller's transaction commits; each
    invitation is marked sent when its mail is out, so a mail that fails stays unsent and
    can be sent again."""
    unsent = list(meeting.invitations.filter(sent_at__isnull=True).values_list("pk", flat=True))
    for invitation_id in unsent:
        transaction.on_commit(partial(tasks.send_invitation.delay, invitation_id, user.pk))
    return len(unsent)


def record_attendance(*, meeting: InformationMeeting, attended_ids: set[int], user) -> None:
    with transaction.atomic():
        for invitation in meeting.invitations.select_related("company"):
            attended = invitation.pk in attended_ids
            if invitation.attended == attended:
                continue
            invitation.attended = attended
            invitation.save(update_fields=["attended"])
            partnership = open_partnership(invitation.company, meeting)
            if partnership and attended:
                workflow.record_event(
                    partnership,
                    user,
                    TimelineEvent.Kind.MEETING,
                    EventText(
                        gettext_noop("Attended the information meeting “%(title)s”."),
                        title=meeting.title,
                    ),
                )


def record_visit(
    *,
    partnership: Partnership,
    visit: Visit,
    user,
    landlord_name: str = "",
    landlord_email: str = "",
) -> Visit:
    """Save the visit (with the landlord's contact when the company rents its premises) and
    take the workflow's consequence; a refusal saves nothing."""
    with transaction.atomic():
        visit.partnership = partnership
        visit.recorded_by = user
        if visit.rents_premises and landlord_name:
            landlord = ContactPerson(
                company=partnership.company,
                municipality=partnership.municipality,
                name=landlord_name,
                email=landlord_email,
                is_landlord=True,
            )
            landlord.full_clean()
            landlord.save()
            visit.landlord = landlord
        visit.full_clean()
        visit.save()
        workflow.record_event(
            partnership,
            user,
            TimelineEvent.Kind.VISIT,
            EventText(
                gettext_noop(
                    "Visit on %(date)s. Management backing: %(backing)s. Outcome: %(outcome)s."
                ),
                date=visit.visit_date,
                backing=ManagementBacking(visit.management_backing).label,
                outcome=VisitOutcome(visit.outcome).label,
            ),
        )
        workflow.record_visit(partnership, visit, user)
    return visit


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
    return settings.SITE_URL + reverse("partnerships:agreement_detail", args=[agreement.uuid])


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
            transaction.on_commit(
                partial(tasks.send_ready_to_sign.delay, agreement.pk, recipients, link)
            )
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
        content = scan.read()
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
    agreement.signed_pdf.save(
        f"{agreement.uuid}-v{agreement.version}-signed.pdf", ContentFile(pdf), save=False
    )
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
