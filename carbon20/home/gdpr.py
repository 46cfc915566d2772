"""The data protection rights of a person (GDPR art. 15, 17 and 20) across every app: here in
the roof, since a person's data reaches from accounts to the partnerships' timelines.

Erasure pseudonymises: the person's name becomes "Slettet person <short id>" wherever it was
written, e-mail and phone are cleared, and nothing else changes, so every partnership keeps
its figures, its timeline and the hash of each signed agreement.
"""

import csv
import io
import json
from datetime import timedelta

from auditlog.context import disable_auditlog
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from carbon20.accounts import audit
from carbon20.accounts.models import Invitation, Membership, User
from carbon20.agreements.models import AgreementSignature
from carbon20.api.models import ApiToken
from carbon20.notifications.models import SentNotification
from carbon20.organisations.models import ContactPerson
from carbon20.partnerships.models import (
    MeetingInvitation,
    Partnership,
    Step,
    TimelineEvent,
    Visit,
)

PSEUDONYM = "Slettet person {short}"


def pseudonym(uuid) -> str:
    return PSEUDONYM.format(short=str(uuid)[:8])


def user_data(user: User) -> dict:
    return {
        "kind": "user",
        "uuid": str(user.uuid),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "title": user.title,
        "phone": user.phone,
        "language": user.language,
        "date_joined": user.date_joined,
        "last_login": user.last_login,
        "is_active": user.is_active,
        "memberships": [
            {"role": m.role, "where": str(m.municipality or m.programme or m.partner or m.company)}
            for m in Membership.objects.filter(user=user).select_related(
                "municipality", "programme", "partner", "company"
            )
        ],
        "signatures": [
            {
                "agreement": str(s.agreement.uuid),
                "party": s.party,
                "name": s.name,
                "title": s.title,
                "signed_at": s.signed_at,
                "pdf_sha256": s.pdf_sha256,
            }
            for s in AgreementSignature.objects.filter(user=user).select_related("agreement")
        ],
        "timeline_events": [
            {"partnership": str(e.partnership.uuid), "at": e.at, "kind": e.kind, "text": e.text}
            for e in TimelineEvent.objects.filter(actor=user).select_related("partnership")
        ],
        "notifications": [
            {"event": n.event, "email": n.email, "sent_at": n.sent_at}
            for n in SentNotification.objects.filter(recipient=user)
        ],
        "api_tokens": [
            {"name": t.name, "created_at": t.created_at, "last_used_at": t.last_used_at}
            for t in ApiToken.objects.filter(user=user)
        ],
    }


def contact_data(contact: ContactPerson) -> dict:
    return {
        "kind": "contact_person",
        "uuid": str(contact.uuid),
        "company": contact.company.name,
        "municipality": contact.municipality.name,
        "name": contact.name,
        "title": contact.title,
        "email": contact.email,
        "phone": contact.phone,
        "is_management": contact.is_management,
        "is_landlord": contact.is_landlord,
        "created_at": contact.created_at,
        "updated_at": contact.updated_at,
        "invitations": [
            {"email": i.email, "sent_at": i.sent_at, "accepted_at": i.accepted_at}
            for i in Invitation.objects.filter(contact=contact)
        ],
    }


def as_json(data: dict) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def as_csv(data: dict) -> str:
    """One row per fact: section, index, field, value (nested lists flattened)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["section", "index", "field", "value"])
    for key, value in data.items():
        if isinstance(value, list):
            for index, item in enumerate(value):
                for field, item_value in item.items():
                    writer.writerow([key, index, field, audit.safe_cell(_text(item_value))])
        else:
            writer.writerow(["person", "", key, audit.safe_cell(_text(value))])
    return out.getvalue()


def _text(value) -> str:
    """A value as the JSON export writes it (dates in ISO form), as text."""
    if value is None:
        return ""
    return str(json.loads(json.dumps(value, cls=DjangoJSONEncoder)))


def _replace_name(events, old_names: list[str], new: str) -> None:
    """Timeline events keep their words; only the person's name in them changes."""
    names = [name for name in old_names if name.strip()]
    if not names:
        return
    for event in events:
        text, data = event.text, json.dumps(event.data, ensure_ascii=False)
        for name in names:
            text = text.replace(name, new)
            data = data.replace(json.dumps(name, ensure_ascii=False)[1:-1], new)
        if text != event.text or data != json.dumps(event.data, ensure_ascii=False):
            event.text = text
            event.data = json.loads(data)
            event.save(update_fields=["text", "data"])


def _replace_in_visits(visits, old_names: list[str], new: str) -> None:
    """Visit reports name their participants in free text."""
    names = [name for name in old_names if name.strip()]
    for visit in visits:
        fields = []
        for field in ("municipal_participants", "company_participants"):
            value = getattr(visit, field)
            for name in names:
                value = value.replace(name, new)
            if value != getattr(visit, field):
                setattr(visit, field, value)
                fields.append(field)
        if fields:
            visit.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def erase_user(*, account: User, by: User | None) -> User:
    """Pseudonymise a user everywhere; the account can no longer log in."""
    # The field-by-field audit of these saves would copy the erased data into the log; one
    # entry says that the erasure happened, and who did it.
    with disable_auditlog():
        _pseudonymise_user(account)
    audit.record_event(instance=account, actor=by, message="personal_data_erased")
    return account


def _pseudonymise_user(account: User) -> None:
    new_name = pseudonym(account.uuid)
    old_names = [account.get_full_name(), account.email]
    _replace_name(
        TimelineEvent.objects.filter(
            Q(actor=account) | Q(text__icontains=account.last_name or account.email)
        ),
        old_names,
        new_name,
    )
    full_name = account.get_full_name()
    if full_name:
        _replace_in_visits(
            Visit.objects.filter(
                Q(municipal_participants__contains=full_name)
                | Q(company_participants__contains=full_name)
            ),
            [full_name],
            new_name,
        )
    AgreementSignature.objects.filter(user=account).update(name=new_name)
    SentNotification.objects.filter(recipient=account).update(email="")
    Invitation.objects.filter(Q(email=account.email) | Q(accepted_by=account)).update(
        email=f"{account.uuid.hex[:12]}@erased.invalid"
    )
    ApiToken.objects.filter(user=account, revoked_at__isnull=True).update(revoked_at=timezone.now())
    Membership.objects.filter(user=account).delete()
    account.first_name = new_name
    account.last_name = ""
    account.title = ""
    account.phone = ""
    account.email = f"{account.uuid.hex[:12]}@erased.invalid"
    account.is_active = False
    account.set_unusable_password()
    account.save()


@transaction.atomic
def erase_contact(*, contact: ContactPerson, by: User | None) -> ContactPerson:
    with disable_auditlog():
        _pseudonymise_contact(contact)
    audit.record_event(instance=contact, actor=by, message="personal_data_erased")
    return contact


def _pseudonymise_contact(contact: ContactPerson) -> None:
    new_name = pseudonym(contact.uuid)
    _replace_name(
        TimelineEvent.objects.filter(partnership__company=contact.company),
        [contact.name, contact.email],
        new_name,
    )
    _replace_in_visits(
        Visit.objects.filter(partnership__company=contact.company), [contact.name], new_name
    )
    if contact.email:
        MeetingInvitation.objects.filter(company=contact.company, email=contact.email).update(
            email=f"{contact.uuid.hex[:12]}@erased.invalid"
        )
        Invitation.objects.filter(contact=contact).update(
            email=f"{contact.uuid.hex[:12]}@erased.invalid"
        )
    contact.name = new_name
    contact.title = ""
    contact.email = ""
    contact.phone = ""
    contact.save(update_fields=["name", "title", "email", "phone", "updated_at"])


def stale_lead_contacts(now=None):
    """Contact persons whose company's only partnerships are leads that never went past step 1
    and were withdrawn, or lay untouched, longer than LEAD_RETENTION_MONTHS."""
    cutoff = (now or timezone.now()) - timedelta(days=30 * settings.LEAD_RETENTION_MONTHS)
    # Withdrawn, paused or still open: a lead untouched in step 1 this long went nowhere.
    stale_companies = Partnership.objects.filter(
        step=Step.RECRUITMENT, updated_at__lt=cutoff
    ).values("company_id")
    live_companies = Partnership.objects.filter(
        Q(step__gt=Step.RECRUITMENT) | Q(updated_at__gte=cutoff)
    ).values("company_id")
    return (
        ContactPerson.objects.filter(company_id__in=stale_companies)
        .exclude(company_id__in=live_companies)
        .exclude(name__startswith=PSEUDONYM.split("{")[0])
    )


def erase_stale_leads(now=None) -> int:
    count = 0
    for contact in stale_lead_contacts(now).select_related("company"):
        erase_contact(contact=contact, by=None)
        count += 1
    return count
