"""What the screening guidelines ask of a review that it does not hold yet.

The checks belong to the sections of the screening guidelines (`guides.kinds.SECTIONS`); they
are listed in the order of the guidelines' version that the review follows, under that
version's headings. The review page shows the list and `services.issue_review` refuses to
issue while it is not empty, for the pages and the API alike.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.guides.models import GuideVersion
from carbon20.screening.models import TechnicalReview


@dataclass(frozen=True)
class MissingItem:
    section: str
    text: str


def screening_guidelines(review: TechnicalReview) -> GuideVersion | None:
    return guides.recorded_or_in_force(
        review.partnership, GuideKind.SCREENING, review.screening_guide_version
    )


def _checks(review: TechnicalReview) -> dict[str, list[str]]:
    """Each section's missing items (translated in the active language)."""
    measures = list(review.measures.order_by("number"))
    baseline = list(review.baseline.all())
    site_visit = [] if review.site_visit_date else [_("the date of the site visit")]
    period = (
        []
        if review.baseline_start and review.baseline_end
        else [_("the 12-month period of the baseline")]
    )
    consumption = [] if baseline else [_("the consumption of each energy carrier")]
    end_uses = [] if review.end_use_shares else [_("the end-use breakdown")]
    measure_items = [] if measures else [_("at least one measure")]
    measure_items += [
        _("measure %(number)d: the savings per energy carrier per year")
        % {"number": measure.number}
        for measure in measures
        if not any(measure.savings.values())
    ]
    obligation = [
        _(
            "measure %(number)d: whether the saving is assigned to an energy company's savings "
            "obligation"
        )
        % {"number": measure.number}
        for measure in measures
        if measure.obligation_assigned is None
    ]
    return {
        "site_visit": site_visit,
        "baseline": period + consumption,
        "end_uses": end_uses,
        "measures": measure_items,
        "obligation": obligation,
    }


def missing_items(review: TechnicalReview) -> list[MissingItem]:
    checks = _checks(review)
    version = screening_guidelines(review)
    sections = guides.sections_of(version, review.partnership.municipality)
    # Every version holds every section (guides.text.validate_body); without a library the
    # checks still run, under their own names.
    order = [(section.key, section.heading) for section in sections] or [
        (key, key) for key in checks
    ]
    return [
        MissingItem(section=heading, text=text)
        for key, heading in order
        for text in checks.get(key, [])
    ]
