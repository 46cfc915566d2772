"""Who is told of the agreement's signatures, and of the events of later steps that concern
a partnership's people. The mail itself goes through `carbon20.notifications`."""

from django.urls import reverse

from carbon20.accounts.models import Role, User
from carbon20.agreements.models import Agreement, AgreementSignature
from carbon20.notifications.delivery import notify
from carbon20.partnerships.models import Partnership


def company_users(partnership: Partnership) -> list[User]:
    return list(
        User.objects.filter(
            memberships__role=Role.COMPANY_USER,
            memberships__company_id=partnership.company_id,
            is_active=True,
        ).distinct()
    )


def officers(partnership: Partnership) -> list[User]:
    """The responsible officer; a partnership without one has its municipality's officers."""
    if partnership.owner_id:
        return [partnership.owner]
    return list(
        User.objects.filter(
            memberships__role=Role.OFFICER,
            memberships__municipality_id=partnership.municipality_id,
            is_active=True,
        ).distinct()
    )


def partnership_context(partnership: Partnership) -> dict:
    return {
        "company": partnership.company.name,
        "municipality": partnership.municipality.display_name,
    }


def agreement_signed(agreement: Agreement, party: str) -> None:
    """The company's signature asks the officer to countersign; the signature that completes
    the agreement tells both sides that it binds them now."""
    partnership = agreement.partnership
    context = {**partnership_context(partnership), "version": agreement.version}
    key = f"agreement:{agreement.uuid}"
    if agreement.status == Agreement.State.SIGNED:
        notify(
            event="agreement_countersigned",
            key=key,
            recipients=[*company_users(partnership), *officers(partnership)],
            template="partnerships/email/agreement_countersigned",
            context=context,
            path=reverse("agreements:agreement_detail", args=[agreement.uuid]),
        )
    elif party == AgreementSignature.Party.COMPANY:
        notify(
            event="agreement_signed_by_company",
            key=key,
            recipients=officers(partnership),
            template="partnerships/email/agreement_signed_by_company",
            context=context,
            path=reverse("agreements:agreement_detail", args=[agreement.uuid]),
        )
