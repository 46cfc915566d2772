"""What a user's dashboard covers: coordinators the whole programme, officers their own
municipalities in it. Company users and consultants have no dashboard (404)."""

from django.db.models import Q, QuerySet
from django.http import Http404

from carbon20.accounts.models import User
from carbon20.organisations.models import Municipality, Programme
from carbon20.partnerships.models import Partnership


def _may_see_dashboards(user: User) -> bool:
    roles = user.roles
    return roles.is_admin or roles.is_officer or roles.is_coordinator


def dashboard_programmes_for_user(user) -> QuerySet[Programme]:
    if not _may_see_dashboards(user):
        return Programme.objects.none()
    roles = user.roles
    if roles.is_admin:
        return Programme.objects.all()
    return Programme.objects.filter(
        Q(id__in=roles.programme_ids) | Q(municipalities__in=roles.municipality_ids)
    ).distinct()


def get_dashboard_programme_for_user(user, slug: str) -> Programme:
    try:
        return dashboard_programmes_for_user(user).get(slug=slug)
    except Programme.DoesNotExist as exc:
        raise Http404 from exc


def dashboard_municipalities(user, programme: Programme) -> QuerySet[Municipality]:
    roles = user.roles
    municipalities = programme.municipalities.all()
    if roles.is_admin or programme.id in roles.programme_ids:
        return municipalities
    return municipalities.filter(id__in=roles.municipality_ids)


def dashboard_partnerships(user, programme: Programme) -> QuerySet[Partnership]:
    roles = user.roles
    partnerships = Partnership.objects.filter(programme=programme)
    if roles.is_admin or programme.id in roles.programme_ids:
        return partnerships
    return partnerships.filter(municipality_id__in=roles.municipality_ids)
