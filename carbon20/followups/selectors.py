"""The only way views fetch follow-ups: through the partnerships the user may see; and the
reads of the partnership page that reach into the later steps (this app sees them all)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from carbon20.accounts.models import Membership, Role
from carbon20.actionplans.models import ActionPlan, ActionStatusChange
from carbon20.core.tenancy import (
    may_edit_partnership,
    may_keep_plan,
    may_read_plan,
    may_write_consumption,
)
from carbon20.energy.models import ConsumptionRecord
from carbon20.followups import results_cache
from carbon20.followups.models import FollowUp
from carbon20.followups.results import DeemedResult, MeasuredResult, NoMeasuredResult
from carbon20.partnerships.models import Partnership, Status, Step
from carbon20.partnerships.selectors import partnerships_for_user


def with_overdue(follow_ups: QuerySet[FollowUp], today: date) -> QuerySet[FollowUp]:
    """Annotate `overdue`: not held and planned before today, decided in SQL."""
    return follow_ups.annotate(
        overdue=Case(
            When(held_date__isnull=True, planned_date__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        )
    )


def follow_ups_for_user(user) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(partnership__in=partnerships_for_user(user))


def get_follow_up_for_user(user, follow_up_uuid: UUID | str) -> FollowUp:
    try:
        return (
            with_overdue(follow_ups_for_user(user), timezone.localdate())
            .select_related(
                "partnership__company",
                "partnership__municipality",
                "partnership__programme",
                "partnership__owner",
                "held_by",
            )
            .get(uuid=follow_up_uuid)
        )
    except (FollowUp.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def get_editable_follow_up_for_user(user, follow_up_uuid: UUID | str) -> FollowUp:
    """Officers of the partnership's municipality record follow-ups; readers get 404 too."""
    follow_up = get_follow_up_for_user(user, follow_up_uuid)
    if not may_edit_partnership(user, follow_up.partnership):
        raise Http404
    return follow_up


@dataclass(frozen=True)
class WorkItem:
    """A link from the partnership page to the work of one step."""

    label: str
    url: str


@dataclass(frozen=True)
class CompanyChange:
    """Something a company user changed: an action's status or note, or a consumption record."""

    at: datetime
    by: object
    status_change: ActionStatusChange | None = None
    record: ConsumptionRecord | None = None


@dataclass(frozen=True)
class PartnershipWork:
    """What the partnership page shows beyond the partnership itself: a link to each step's
    work item, the start of the plan, the result (measured beside deemed, never summed) and,
    for officers, what the company changed."""

    links: list[WorkItem]
    may_assign_consultant: bool
    may_start_plan: bool
    plan: ActionPlan | None
    may_keep_plan: bool
    consumption_url: str | None
    measured: MeasuredResult | NoMeasuredResult | None
    deemed: DeemedResult | None
    changes: list[CompanyChange] = field(default_factory=list)


# The partnership page lists the latest company changes; the plan and the consumption pages
# hold the rest.
COMPANY_CHANGES_SHOWN = 20


def partnership_work(user, partnership: Partnership) -> PartnershipWork:
    """The partnership page's links and figures for `user`, who may already read it."""
    can_edit = may_edit_partnership(user, partnership)
    review = _one_to_one(partnership, "technical_review")
    plan = _one_to_one(partnership, "action_plan") if may_read_plan(user, partnership) else None
    closed = partnership.status == Status.COMPLETED
    signed = partnership.signed_agreement
    links: list[WorkItem] = []
    if signed is not None:
        links.append(
            WorkItem(
                _("The signed agreement"),
                reverse("agreements:agreement_detail", args=[signed.uuid]),
            )
        )
    if review is not None:
        links.append(WorkItem(_("The technical review"), review.get_absolute_url()))
        if review.is_issued:
            links.append(
                WorkItem(
                    _("The screening report (PDF)"),
                    reverse("screening:report_pdf", args=[review.uuid]),
                )
            )
    if plan is not None:
        links.append(WorkItem(_("The action plan"), plan.get_absolute_url()))
    if partnership.step == Step.FOLLOW_UP:
        overview = reverse("followups:overview", args=[partnership.uuid])
        links.append(WorkItem(_("The follow-ups"), overview))
        links.append(WorkItem(_("The result"), overview + "#measured-heading"))
    keeps_plan = may_keep_plan(user, partnership)
    open_partnership = partnership.status == Status.ACTIVE
    show_result = partnership.step == Step.FOLLOW_UP or closed
    measured, deemed = results_cache.results_of(partnership) if show_result else (None, None)
    return PartnershipWork(
        links=links,
        may_assign_consultant=(
            can_edit and open_partnership and partnership.step == Step.TECHNICAL_REVIEW
        ),
        may_start_plan=(
            plan is None
            and keeps_plan
            and open_partnership
            and partnership.step == Step.ACTION_PLAN
        ),
        plan=plan,
        may_keep_plan=keeps_plan and plan is not None and open_partnership,
        consumption_url=(
            reverse("energy:consumption_list", args=[partnership.company.uuid])
            if partnership.step >= Step.TECHNICAL_REVIEW
            # Who records the partnership works with the company in it, so writes its
            # consumption: no need to ask the database.
            and (can_edit or may_write_consumption(user, partnership.company))
            else None
        ),
        measured=measured,
        deemed=deemed,
        changes=company_changes(partnership) if can_edit else [],
    )


def _one_to_one(partnership: Partnership, name: str):
    """The partnership's review or plan: from the partnership's own query when it joined
    them (`get_partnership_with_follow_ups_for_user`), else asked for; None if it has none."""
    try:
        return getattr(partnership, name)
    except ObjectDoesNotExist:
        return None


def company_changes(partnership: Partnership) -> list[CompanyChange]:
    """What the company's own users changed, newest first: action statuses and progress
    notes from the plan's history, and the consumption records they entered."""
    company_users = Membership.objects.filter(
        role=Role.COMPANY_USER, company_id=partnership.company_id
    ).values("user_id")
    status_changes = (
        ActionStatusChange.objects.filter(
            action__plan__partnership=partnership, changed_by__in=company_users
        )
        .select_related("action", "changed_by")
        .order_by("-changed_at", "-id")[:COMPANY_CHANGES_SHOWN]
    )
    records = (
        ConsumptionRecord.objects.filter(
            company_id=partnership.company_id, created_by__in=company_users
        )
        .select_related("created_by", "site")
        .order_by("-created_at", "-id")[:COMPANY_CHANGES_SHOWN]
    )
    changes = [CompanyChange(c.changed_at, c.changed_by, status_change=c) for c in status_changes]
    changes += [CompanyChange(r.created_at, r.created_by, record=r) for r in records]
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:COMPANY_CHANGES_SHOWN]
