"""Who is told when a consultant is assigned and when the technical review is issued."""

from carbon20.notifications.delivery import notify
from carbon20.partnerships.notify import company_users, officers, partnership_context
from carbon20.screening.models import TechnicalReview


def consultant_assigned(review: TechnicalReview, consultant) -> None:
    notify(
        event="consultant_assigned",
        key=f"review:{review.uuid}",
        recipients=[consultant],
        template="screening/email/consultant_assigned",
        context=partnership_context(review.partnership),
        path=review.get_absolute_url(),
    )


def review_issued(review: TechnicalReview) -> None:
    partnership = review.partnership
    notify(
        event="review_issued",
        key=f"review:{review.uuid}",
        recipients=[*officers(partnership), *company_users(partnership)],
        template="screening/email/review_issued",
        context=partnership_context(partnership),
        path=review.get_absolute_url(),
    )
