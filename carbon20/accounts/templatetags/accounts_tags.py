from django import template
from django.utils import timezone

from carbon20.accounts import selectors

register = template.Library()


@register.simple_tag
def company_access(user, company) -> dict | None:
    """Who has a login to the company and who is invited, for those who manage it; None for
    everyone else, so the section is not shown."""
    if not selectors.may_manage_company_access(user, company):
        return None
    now = timezone.now()
    invitations = list(selectors.open_invitations(company).select_related("contact"))
    for invitation in invitations:
        invitation.is_expired = invitation.state_at(now) == invitation.State.EXPIRED
    return {
        "memberships": list(selectors.company_user_memberships(company)),
        "invitations": invitations,
    }
