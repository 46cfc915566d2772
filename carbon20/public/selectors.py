"""What the public may see: partnerships whose latest signed agreement consents to being
listed, and their result only where the closing record consents to publishing the case.
Drafts, unsigned agreements, withdrawn partnerships and people are never shown."""

from django.db.models import OuterRef, QuerySet, Subquery

from carbon20.agreements.models import Agreement
from carbon20.core.read_cache import Generation
from carbon20.partnerships.models import Partnership, Status

# How many partnerships are listed: counting them reads every partnership's latest signed
# agreement (20,000 at national scale) for the page links, and only a partnership's status or
# an agreement changes the number.
LISTING = Generation("public-listing")


def follow_the_listing() -> None:
    LISTING.follow([Partnership, Agreement])


def listed_partnerships() -> QuerySet[Partnership]:
    latest_signed = (
        Agreement.objects.signed().filter(partnership=OuterRef("pk")).order_by("-version")
    )
    return (
        Partnership.objects.exclude(status=Status.WITHDRAWN)
        .annotate(listing_consent=Subquery(latest_signed.values("publish_consent")[:1]))
        .filter(listing_consent=True)
        .select_related("company", "municipality", "programme", "closing_record")
        .order_by("company__name", "municipality__name")
    )


def listed_count() -> int:
    return LISTING.cached(("listed partnerships",), lambda: listed_partnerships().count())


def published_result(partnership: Partnership):
    """The closing record when the company consented to publishing its case, else None."""
    record = getattr(partnership, "closing_record", None)
    if record is not None and record.publish_case:
        return record
    return None
