"""The only way views, documents, exports and the API fetch partnerships for a user.

Officers see the partnerships of their municipalities and may edit them; coordinators read
those of their programmes; company users read their own company's; consultants read those
assigned to them. Anything else answers 404 so that its existence does not leak.
"""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate
from django.http import Http404
from django.utils import timezone

from carbon20.core import tenancy
from carbon20.organisations.models import Company
from carbon20.partnerships.models import (
    STEP_USUAL_DAYS,
    InformationMeeting,
    Interest,
    Partnership,
    Status,
)


def partnerships_for_user(user) -> QuerySet[Partnership]:
    if not user.is_authenticated:
        return Partnership.objects.none()
    return Partnership.objects.filter(tenancy.partnership_reach(user.roles, user=user))


def get_partnership_for_user(user, partnership_uuid: UUID | str) -> Partnership:
    try:
        return (
            partnerships_for_user(user)
            .select_related("company", "site", "municipality", "programme", "owner", "consultant")
            .get(uuid=partnership_uuid)
        )
    except (Partnership.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def get_partnership_with_follow_ups_for_user(user, partnership_uuid: UUID | str) -> Partnership:
    """The partnership page's fetch: with its next follow-up's date and overdue flag."""
    try:
        return (
            with_follow_up_dates(partnerships_for_user(user), timezone.localdate())
            .select_related(
                "company",
                "site",
                "municipality",
                "programme",
                "owner",
                "consultant",
                # The page links to both (`followups.selectors.partnership_work`).
                "technical_review",
                "action_plan",
            )
            .get(uuid=partnership_uuid)
        )
    except (Partnership.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


# The pages' names for the tenancy predicates, which decide.
can_edit_partnership = tenancy.may_edit_partnership


def get_editable_partnership_for_user(user, partnership_uuid: UUID | str) -> Partnership:
    """For officers' actions: whoever may not edit gets 404 like a stranger, except readers
    of the partnership, who get the same 404 so that actions never hint at their existence."""
    partnership = get_partnership_for_user(user, partnership_uuid)
    if not can_edit_partnership(user, partnership):
        raise Http404
    return partnership


def meetings_for_user(user) -> QuerySet[InformationMeeting]:
    """Information meetings belong to a municipality: its officers and the coordinators of
    its programmes see them."""
    return InformationMeeting.objects.filter(tenancy.meeting_reach(tenancy.roles_of(user)))


def get_meeting_for_user(user, meeting_uuid: UUID | str) -> InformationMeeting:
    try:
        return (
            meetings_for_user(user)
            .select_related("municipality", "programme")
            .get(uuid=meeting_uuid)
        )
    except (InformationMeeting.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


can_edit_meeting = tenancy.may_edit_meeting


def with_follow_up_dates(partnerships: QuerySet[Partnership], today: date) -> QuerySet[Partnership]:
    """Annotate the next follow-up not yet held (`next_follow_up_date`) and whether one is
    overdue (`follow_up_overdue`), both in SQL. The subqueries go through the reverse
    relation `follow_ups`, so this app needs no import from step 6, which stands above it."""
    # Both conditions of the overdue test stand in one filter() so that they hold for the
    # same follow-up (a second filter() on a reverse relation would join it again).
    unheld = Partnership.objects.filter(pk=OuterRef("pk"), follow_ups__held_date__isnull=True)
    overdue = Partnership.objects.filter(
        pk=OuterRef("pk"),
        follow_ups__held_date__isnull=True,
        follow_ups__planned_date__lt=today,
    )
    return partnerships.annotate(
        next_follow_up_date=Subquery(
            unheld.order_by("follow_ups__planned_date").values("follow_ups__planned_date")[:1]
        ),
        follow_up_overdue=Exists(overdue),
    )


def advertising_protected_skips(
    meeting: InformationMeeting, company_ids: Iterable[int]
) -> set[int]:
    """The companies among these that an invitation to the meeting must skip: those
    advertising protected in the CVR register (reklamebeskyttet) that have not themselves
    asked to take part, which the platform knows as an open partnership with the meeting's
    municipality where the company said yes (docs/decisions/0015). Two queries at most."""
    protected = set(
        Company.objects.filter(pk__in=list(company_ids), advertising_protected=True).values_list(
            "pk", flat=True
        )
    )
    if not protected:
        return set()
    asked = Partnership.objects.filter(
        company_id__in=protected,
        municipality_id=meeting.municipality_id,
        status__in=[Status.ACTIVE, Status.PAUSED],
        interest=Interest.YES,
    ).values_list("company_id", flat=True)
    return protected - set(asked)


def with_pipeline_dates(partnerships: QuerySet[Partnership], today: date) -> QuerySet[Partnership]:
    """What `with_follow_up_dates` annotates and, in SQL, what `Partnership.due_date` and
    `.is_overdue` say in Python: `pipeline_due` and `pipeline_overdue`, so that the pipeline
    filters, counts and orders in the database instead of loading every open partnership.
    The next follow-up comes from one join of the `next_follow_up` view (step 6's
    `NextFollowUp`, reached through its reverse relation, since step 6 stands above this
    app) rather than a subquery per use and row. The definitions are kept equal by
    `tests/test_pipeline_sql.py`, which compares them row by row."""
    reached = TruncDate("step_changed_at", tzinfo=timezone.get_current_timezone())
    usual = Case(
        *(
            When(
                step=step,
                then=ExpressionWrapper(
                    reached + Value(timedelta(days=days)), output_field=DateField()
                ),
            )
            for step, days in STEP_USUAL_DAYS.items()
        ),
        output_field=DateField(),
    )
    due = Case(
        When(next_action_due__isnull=False, then=F("next_action_due")),
        When(step=6, next_follow_up_date__isnull=False, then=F("next_follow_up_date")),
        When(status=Status.ACTIVE, then=usual),
        default=None,
        output_field=DateField(),
    )
    # The earliest unheld follow-up before today is one planned before today.
    follow_up_late = Q(next_follow_up_date__lt=today)
    late = Q(status=Status.ACTIVE) & (follow_up_late | Q(pipeline_due__lt=today))
    return (
        partnerships.annotate(next_follow_up_date=F("next_follow_up__planned_date"))
        .annotate(
            follow_up_overdue=Case(
                When(follow_up_late, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            pipeline_due=due,
        )
        .annotate(
            pipeline_overdue=Case(
                When(late, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
    )


# The pipeline's order within a step: overdue first, then by due date (none last), then name.
PIPELINE_ORDER = [
    F("pipeline_overdue").desc(),
    F("pipeline_due").asc(nulls_last=True),
    F("company__name").asc(),
    F("id").asc(),
]


def pipeline_counts(partnerships: QuerySet[Partnership]) -> dict[int, tuple[int, int]]:
    """Partnerships and overdue partnerships per step, in one query."""
    rows = (
        partnerships.order_by()
        .values("step")
        .annotate(total=Count("id"), overdue=Count("id", filter=Q(pipeline_overdue=True)))
    )
    return {row["step"]: (row["total"], row["overdue"]) for row in rows}


def pipeline_first_rows(partnerships: QuerySet[Partnership], per_step: int) -> list[Partnership]:
    """The first `per_step` partnerships of every step in the pipeline's order, in one query."""
    ranked = partnerships.annotate(
        step_rank=Window(RowNumber(), partition_by=[F("step")], order_by=PIPELINE_ORDER)
    )
    return list(ranked.filter(step_rank__lte=per_step).order_by("step", *PIPELINE_ORDER))


def filter_pipeline(
    partnerships: QuerySet[Partnership], data: dict[str, Any]
) -> QuerySet[Partnership]:
    """The pipeline's filters (`PipelineFilterForm.cleaned_data`) on partnerships annotated by
    `with_pipeline_dates`; without a status chosen, only the open ones."""
    if data.get("q"):
        query = data["q"].strip()
        partnerships = partnerships.filter(
            Q(company__name__icontains=query) | Q(company__cvr__startswith=query.replace(" ", ""))
        )
    for field in ("municipality", "step", "channel", "status", "owner"):
        if data.get(field):
            partnerships = partnerships.filter(**{field: data[field]})
    if data.get("overdue"):
        # A Q object: the annotation is the caller's (`with_pipeline_dates`).
        partnerships = partnerships.filter(Q(pipeline_overdue=True))
    if not data.get("status"):
        partnerships = partnerships.filter(status__in=[Status.ACTIVE, Status.PAUSED])
    return partnerships
