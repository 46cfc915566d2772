"""The screening report as PDF, rendered from an HTML template with WeasyPrint. The action
plan's PDF uses the same layout (`screening/pdf_base.html`)."""

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from carbon20.partnerships.focus import focus_area_labels
from carbon20.screening.figures import carrier_labels, review_figures
from carbon20.screening.models import EndUse, TechnicalReview


def html_to_pdf(html: str) -> bytes:
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


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
        html = render_to_string("screening/report_pdf.html", report_context(review))
    return html_to_pdf(html)
