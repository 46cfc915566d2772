"""The only way views, exports and the API fetch energy objects for a user.

Consumption follows the company: whoever may read a company (organisations.selectors) reads
its consumption. Writing is for the company's own users and the officers whose municipality
has the company in its portfolio; coordinators read. Factor sets and degree days are method
data: every user with a role reads the installation's reference sets and those of their
programmes; coordinators write their programmes' sets.
"""

from decimal import Decimal
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import Http404

from carbon20.energy import pinning
from carbon20.energy.models import ConsumptionRecord, DegreeDayYear, FactorSet
from carbon20.organisations.models import Company, PortfolioEntry, Programme
from carbon20.organisations.selectors import companies_for_user, get_company_for_user


def has_any_role(user) -> bool:
    roles = user.roles
    return roles.is_admin or bool(
        roles.municipality_ids or roles.programme_ids or roles.partner_ids or roles.company_ids
    )


def _programme_ids_for_user(user) -> set[int]:
    roles = user.roles
    ids = set(roles.programme_ids)
    if roles.municipality_ids:
        ids |= set(
            Programme.municipalities.through.objects.filter(
                municipality_id__in=roles.municipality_ids
            ).values_list("programme_id", flat=True)
        )
    return ids


def factor_sets_for_user(user) -> QuerySet[FactorSet]:
    """Published reference sets and published sets of the user's programmes; coordinators
    also see their programmes' drafts."""
    roles = user.roles
    if roles.is_admin:
        return FactorSet.objects.all()
    if not has_any_role(user):
        return FactorSet.objects.none()
    visible = Q(is_published=True) & (
        Q(programme__isnull=True) | Q(programme_id__in=_programme_ids_for_user(user))
    )
    if roles.programme_ids:
        visible |= Q(programme_id__in=roles.programme_ids)
    return FactorSet.objects.filter(visible)


def get_factor_set_for_user(user, factor_set_uuid: UUID | str) -> FactorSet:
    try:
        return factor_sets_for_user(user).select_related("programme").get(uuid=factor_set_uuid)
    except (FactorSet.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def can_manage_factor_sets(user) -> bool:
    return user.roles.is_admin or user.roles.is_coordinator


def programmes_managed_by(user) -> QuerySet[Programme]:
    if user.roles.is_admin:
        return Programme.objects.all()
    return Programme.objects.filter(id__in=user.roles.programme_ids)


def get_editable_factor_set_for_user(user, factor_set_uuid: UUID | str) -> FactorSet:
    """A set the user may change: one of their programmes' sets (any set for an admin).

    A reference set is visible to a coordinator but not theirs to change: 403, not 404.
    """
    factor_set = get_factor_set_for_user(user, factor_set_uuid)
    if user.roles.is_admin:
        return factor_set
    if factor_set.programme_id is None or factor_set.programme_id not in user.roles.programme_ids:
        raise PermissionDenied
    return factor_set


def pinned_ids_among(factor_sets) -> set[int]:
    return pinning.answerer().pinned_factor_set_ids([factor_set.pk for factor_set in factor_sets])


def factor_sets_with_counts(user) -> QuerySet[FactorSet]:
    return (
        factor_sets_for_user(user)
        .select_related("programme")
        .annotate(factor_count=Count("factors"))
        .order_by("-year", "name")
    )


def consumption_for_user(user) -> QuerySet[ConsumptionRecord]:
    return ConsumptionRecord.objects.filter(company__in=companies_for_user(user)).select_related(
        "company", "site"
    )


def get_consumption_record_for_user(user, record_uuid: UUID | str) -> ConsumptionRecord:
    try:
        return consumption_for_user(user).get(uuid=record_uuid)
    except (ConsumptionRecord.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def consumption_for_company(company: Company) -> QuerySet[ConsumptionRecord]:
    return company.consumption_records.select_related("site").order_by(
        "-period_start", "carrier", "id"
    )


def get_company_for_consumption(user, company_uuid: UUID | str) -> Company:
    return get_company_for_user(user, company_uuid)


def can_write_consumption(user, company: Company) -> bool:
    roles = user.roles
    if roles.is_admin or company.id in roles.company_ids:
        return True
    if not roles.municipality_ids:
        return False
    return PortfolioEntry.objects.filter(
        company=company, municipality_id__in=roles.municipality_ids
    ).exists()


def get_company_for_consumption_entry(user, company_uuid: UUID | str) -> Company:
    """A company whose consumption the user may enter. Readable but not writable (a
    coordinator): 403, since the company is visibly one the user works with."""
    company = get_company_for_user(user, company_uuid)
    if not can_write_consumption(user, company):
        raise PermissionDenied
    return company


def companies_with_consumption(user) -> QuerySet[Company]:
    return (
        companies_for_user(user)
        .select_related("municipality")
        .annotate(record_count=Count("consumption_records"))
        .order_by("name", "cvr")
    )


def degree_day_years_for_user(user) -> QuerySet[DegreeDayYear]:
    if not has_any_role(user):
        return DegreeDayYear.objects.none()
    return DegreeDayYear.objects.prefetch_related("months").order_by("series", "-year")


def can_import_degree_days(user) -> bool:
    return user.roles.is_admin or user.roles.is_coordinator


def degree_day_series_names() -> list[str]:
    return list(
        DegreeDayYear.objects.order_by("series").values_list("series", flat=True).distinct()
    )


def consumption_years(company: Company) -> list[int]:
    """Every calendar year the company's records touch, in order."""
    bounds = company.consumption_records.aggregate(
        first=Min("period_start"), last=Max("period_end")
    )
    if bounds["first"] is None:
        return []
    return list(range(bounds["first"].year, bounds["last"].year + 1))


def pinned_factor_set_for_company(company: Company) -> FactorSet | None:
    """The set of the company's most recently signed partnership agreement, if any."""
    return pinning.answerer().pinned_factor_set_for_company(company)


def degree_day_rows(years) -> list[tuple[DegreeDayYear, list[Decimal | None], Decimal]]:
    """Each year with its twelve monthly values (None where missing) and their sum."""
    rows = []
    for degree_year in years:
        by_month = {month.month: month.degree_days for month in degree_year.months.all()}
        values = [by_month.get(month) for month in range(1, 13)]
        rows.append((degree_year, values, sum(by_month.values(), Decimal("0"))))
    return rows
