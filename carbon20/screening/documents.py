"""The screening report as PDF, in the print layout of every document (`core.documents`)."""

from django.utils import translation

from carbon20.core.documents import render_pdf
from carbon20.guides import selectors as guides
from carbon20.guides.kinds import GuideKind
from carbon20.guides.models import GuideVersion
from carbon20.partnerships.focus import focus_area_labels
from carbon20.screening.figures import carrier_labels, review_figures
from carbon20.screening.models import EndUse, TechnicalReview


def report_context(review: TechnicalReview) -> dict:
    figures = review_figures(review)
    shares = review.end_use_shares
    return {
        "review": review,
        "partnership": review.partnership,
        "figures": figures,
        "carriers": carrier_labels(),
        "focus_area_labels": focus_area_labels(review.focus_areas),
        "end_uses": [
            (label, shares[value]) for value, label in EndUse.choices if shares.get(value)
        ],
        # The chapters in the order and under the headings of the report guidelines.
        "sections": guides.document_sections(report_guidelines(review), GuideKind.SCREENING_REPORT),
    }


def report_guidelines(review: TechnicalReview) -> GuideVersion | None:
    return guides.recorded_or_in_force(
        review.partnership, GuideKind.SCREENING_REPORT, review.report_guide_version
    )


def render_report_pdf(review: TechnicalReview) -> bytes:
    """In the language the partnership's documents are written in."""
    with translation.override(review.partnership.language):
        return render_pdf("screening/report_pdf.html", report_context(review))
