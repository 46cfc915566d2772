"""Agreement templates: Markdown with a fixed set of placeholders, rendered through the one
sanitiser of written texts (`carbon20.core.markdown_text`, shared with the guides).

Only the names in PLACEHOLDERS exist in an agreement template.
"""

from django.utils.translation import gettext_lazy as _

from carbon20.core.markdown_text import ALLOWED_TAGS, render_markdown, validate_placeholders

__all__ = ["ALLOWED_TAGS", "PLACEHOLDERS", "render_markdown", "validate_template_body"]

PLACEHOLDERS: dict[str, str] = {
    "municipality": _("The municipality's name."),
    "officer": _("The responsible officer's name."),
    "programme": _("The programme's name."),
    "company": _("The company's name."),
    "cvr": _("The company's CVR number."),
    "company_address": _("The company's address, postcode and city."),
    "site": _("The site (production unit) covered, or the whole company."),
    "focus_areas": _("The focus areas, separated by commas."),
    "target_percent": _("The target reduction of CO2e in per cent."),
    "baseline_year": _("The baseline year."),
    "start_date": _("The start date of the agreement."),
    "target_date": _("The date by which the target is to be reached."),
    "company_obligations": _("The company's obligations."),
    "municipality_obligations": _("The municipality's obligations."),
    "offers": _("What the programme offers the company."),
    "documentation_data": _("Which consumption data the company documents."),
    "documentation_sources": _("The sources of that data."),
    "reporting_frequency": _("How often data is reported."),
    "documentation_method": _(
        "How the savings of each data kind are documented (deemed, bills, degree-day "
        "normalised or regression), with the baseline period, weather series and production "
        "variable, one line per data kind."
    ),
    "factor_set": _("The emission factor set the result is calculated with."),
    "publication": _("Whether the company may be listed publicly as a partner."),
}


def validate_template_body(body: str) -> None:
    """Refuse a template that names a placeholder outside the fixed set, or holds braces
    that do not form a placeholder."""
    validate_placeholders(body, PLACEHOLDERS)
