"""The only way views, documents and imports fetch technical reviews for a user.

Whoever reads the partnership reads its review: officers of its municipality, coordinators
of its programme, the company's users and the consultant assigned to it. Only the assigned
consultant writes it, while it is a draft at step 4. Anything else answers 404.
"""

from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from carbon20.accounts.models import Role, User
from carbon20.core import tenancy
from carbon20.organisations.models import CONSULTING_PARTNER_TYPES
from carbon20.partnerships.models import Partnership, Status, Step
from carbon20.partnerships.selectors import partnerships_for_user
from carbon20.screening.models import Measure, TechnicalReview


def reviews_for_user(user) -> QuerySet[TechnicalReview]:
    return TechnicalReview.objects.filter(partnership__in=partnerships_for_user(user))


def get_review_for_user(user, review_uuid: UUID | str) -> TechnicalReview:
    try:
        return (
            reviews_for_user(user)
            .select_related(
                "partnership__company",
                "partnership__site",
                "partnership__municipality",
                "partnership__programme",
                "partnership__consultant",
                "issued_by",
            )
            .get(uuid=review_uuid)
        )
    except (TechnicalReview.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def assigned_reviews(user) -> QuerySet[TechnicalReview]:
    """A consultant's own reviews: "my reviews"."""
    if not user.is_authenticated:
        return TechnicalReview.objects.none()
    return (
        TechnicalReview.objects.filter(partnership__consultant=user)
        .select_related("partnership__company", "partnership__municipality")
        .order_by("status", "-created_at")
    )


def other_reviews(user) -> QuerySet[TechnicalReview]:
    """The reviews the user reads besides their own (`reviews_for_user` less
    `assigned_reviews`): those reached other than by the consultant's assignment, which for
    a consultant alone is none, known without a query."""
    if not user.is_authenticated:
        return TechnicalReview.objects.none()
    reach = tenancy.partnership_reach(tenancy.roles_of(user), path="partnership__")
    return TechnicalReview.objects.filter(reach).exclude(partnership__consultant=user)


def can_write_review(user, review: TechnicalReview) -> bool:
    partnership = review.partnership
    return (
        tenancy.may_write_review(user, partnership)
        and not review.is_issued
        and partnership.step == Step.TECHNICAL_REVIEW
        and partnership.status == Status.ACTIVE
    )


def get_writable_review_for_user(user, review_uuid: UUID | str) -> TechnicalReview:
    """Readers who may not write get the same 404 as strangers, so that actions never hint
    at anything beyond what the page shows."""
    review = get_review_for_user(user, review_uuid)
    if not can_write_review(user, review):
        raise Http404
    return review


def get_measure(review: TechnicalReview, measure_uuid: UUID | str) -> Measure:
    try:
        return review.measures.get(uuid=measure_uuid)
    except (Measure.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


def partnerships_awaiting_consultant(user) -> QuerySet[Partnership]:
    """Step-4 partnerships of the officer's municipalities, for assigning a consultant."""
    return Partnership.objects.filter(
        tenancy.partnership_edit_reach(tenancy.roles_of(user)),
        step=Step.TECHNICAL_REVIEW,
        status=Status.ACTIVE,
    ).select_related("company", "municipality", "consultant")


def eligible_consultants(programme) -> QuerySet[User]:
    """Users with a consultant membership of a consultancy or an energy company that is a
    partner of the programme: a partnership's review goes to its programme's partners only."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.CONSULTANT,
            memberships__partner__type__in=CONSULTING_PARTNER_TYPES,
            memberships__partner__programmes=programme,
        )
        .distinct()
        .order_by("first_name", "last_name", "email")
    )
