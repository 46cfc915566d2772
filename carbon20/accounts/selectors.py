"""Reads for the pages that manage who has access. Companies come through
`organisations.selectors.get_company_for_user`, so another municipality's company answers 404
before any role is looked at."""

from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from carbon20.accounts.models import Invitation, Membership, Role, User
from carbon20.core import tenancy
from carbon20.organisations.models import Company, ContactPerson
from carbon20.organisations.selectors import get_company_for_user

may_manage_company_access = tenancy.may_manage_company_access


def get_company_for_access(user, company_uuid: UUID | str) -> Company:
    company = get_company_for_user(user, company_uuid)
    if not may_manage_company_access(user, company):
        # The user may read the company (a coordinator, its own user) but not give logins.
        raise PermissionDenied
    return company


def invitable_contacts(user, company: Company) -> QuerySet[ContactPerson]:
    """Contacts with an e-mail address, recorded by the inviting officer's municipalities."""
    return (
        company.contacts.exclude(email="")
        .select_related("municipality")
        .filter(tenancy.own_municipality_reach(tenancy.roles_of(user), path="municipality__"))
    )


def get_invitation_for_company(company: Company, invitation_uuid: UUID | str) -> Invitation:
    try:
        return company.invitations.get(uuid=invitation_uuid)
    except (Invitation.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_company_membership(company: Company, user_uuid: UUID | str) -> Membership:
    try:
        return Membership.objects.select_related("user").get(
            role=Role.COMPANY_USER, company=company, user__uuid=user_uuid
        )
    except (Membership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def company_user_memberships(company: Company):
    return (
        Membership.objects.filter(role=Role.COMPANY_USER, company=company)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__email")
    )


def open_invitations(company: Company):
    return company.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True)


def require_admin(user) -> None:
    # The user pages are the administrators' alone; to anyone else they do not exist.
    if not tenancy.may_manage_users(user):
        raise Http404


def users_for_admin(user, query: str = "") -> QuerySet[User]:
    require_admin(user)
    users = User.objects.prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related(
                "municipality", "programme", "partner", "company"
            ),
        )
    ).order_by("first_name", "last_name", "email")
    if query:
        users = users.filter(
            Q(email__icontains=query)
            | Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
        )
    return users


def get_user_for_admin(user, user_uuid: UUID | str) -> User:
    try:
        return users_for_admin(user).get(uuid=user_uuid)
    except (User.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_membership_of(account: User, membership_id: str | None) -> Membership:
    try:
        return account.memberships.get(pk=int(membership_id or ""))
    except (Membership.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
