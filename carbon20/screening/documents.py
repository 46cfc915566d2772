"""The screening report as PDF, in the print layout of every document (`core.documents`)."""

from django.utils import translation

from carbon20.core.documents import render_pdf
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
    }


def render_report_pdf(review: TechnicalReview) -> bytes:
    """In the language the partnership's documents are written in."""
    with translation.override(review.partnership.language):
        return render_pdf("screening/report_pdf.html", report_context(review))
