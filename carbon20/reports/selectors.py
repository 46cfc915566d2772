"""What a user's dashboard covers: coordinators the whole programme, officers their own
municipalities in it. Company users and consultants have no dashboard (404)."""

from django.db.models import QuerySet
from django.http import Http404

from carbon20.core import tenancy
from carbon20.organisations.models import Municipality, Programme
from carbon20.partnerships.models import Partnership


def dashboard_programmes_for_user(user) -> QuerySet[Programme]:
    if not tenancy.may_see_dashboards(user):
        return Programme.objects.none()
    return Programme.objects.filter(tenancy.programme_reach(tenancy.roles_of(user))).distinct()


def get_dashboard_programme_for_user(user, slug: str) -> Programme:
    try:
        return dashboard_programmes_for_user(user).get(slug=slug)
    except Programme.DoesNotExist as exc:
        raise Http404 from exc


def dashboard_municipalities(user, programme: Programme) -> QuerySet[Municipality]:
    return programme.municipalities.filter(
        tenancy.dashboard_reach(tenancy.roles_of(user), programme.id)
    )


def dashboard_partnerships(user, programme: Programme) -> QuerySet[Partnership]:
    return Partnership.objects.filter(
        tenancy.dashboard_reach(tenancy.roles_of(user), programme.id, path="municipality__"),
        programme=programme,
    )


def dashboard_reach_key(user, programme: Programme) -> str:
    """Users with the same key see the same dashboard of the programme (for its cache)."""
    return tenancy.dashboard_reach_key(tenancy.roles_of(user), programme.id)
