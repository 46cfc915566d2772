"""Agreement templates: Markdown with a fixed set of placeholders, rendered through a sanitiser.

Template text is written by officers and coordinators, so it is never executed as a Django
template. Placeholders are written `{{ name }}`; only the names in PLACEHOLDERS exist. Their
values are escaped and put into the HTML after Markdown and the sanitiser have run, so a
company name can never become markup.
"""

import re
import secrets
from collections.abc import Mapping

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

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

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)

ALLOWED_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "br",
    "hr",
    "blockquote",
}


def validate_template_body(body: str) -> None:
    """Refuse a template that names a placeholder outside the fixed set, or holds braces
    that do not form a placeholder."""
    unknown = []
    for match in _PLACEHOLDER.finditer(body):
        name = match.group(1).strip()
        if name not in PLACEHOLDERS and name not in unknown:
            unknown.append(name)
    if unknown:
        raise ValidationError(
            _("Unknown placeholder: %(names)s. Use only the placeholders listed below the text."),
            code="unknown_placeholder",
            params={"names": ", ".join("{{ " + name + " }}" for name in unknown)},
        )
    rest = _PLACEHOLDER.sub("", body)
    if "{{" in rest or "}}" in rest:
        raise ValidationError(
            _("A placeholder is not closed: write it as {{ name }}."),
            code="unclosed_placeholder",
        )


def render_markdown(body: str, values: Mapping[str, str]) -> str:
    """The template as sanitised HTML with the placeholders filled in."""
    tokens: dict[str, str] = {}
    nonce = secrets.token_hex(8)

    def to_token(match: re.Match) -> str:
        name = match.group(1).strip()
        token = f"C20PH{nonce}N{len(tokens)}X"
        tokens[token] = escape(values.get(name, "")).replace("\n", "<br>")
        return token

    text = _PLACEHOLDER.sub(to_token, body)
    html = markdown.markdown(text, extensions=["sane_lists"], output_format="html")
    html = nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, link_rel=None)
    for token, value in tokens.items():
        html = html.replace(token, value)
    return html
