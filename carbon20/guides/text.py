"""A guide's text: its sections, its validation and its rendering, all through the one
sanitiser of written texts (`carbon20.core.markdown_text`)."""

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from carbon20.core.markdown_text import render_markdown, validate_no_html, validate_placeholders
from carbon20.guides.kinds import PLACEHOLDERS, SECTIONS

_SECTION = re.compile(r"^##[ \t]+(?P<heading>.+?)[ \t]*\{#(?P<key>[^}\s]*)\}[ \t]*$", re.M)


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    html: SafeString


def split(body: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The text before the first section, and each section's key, heading and text."""
    matches = list(_SECTION.finditer(body))
    intro = body[: matches[0].start()] if matches else body
    parts = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(body)
        parts.append((match["key"], match["heading"], body[match.end() : end]))
    return intro, parts


def validate_body(body: str, kind: str) -> None:
    """Refuse unknown placeholders, HTML, and sections that are unknown, repeated or missing
    for the kind; every reason at once."""
    errors: list[ValidationError] = []
    for check in (
        lambda: validate_placeholders(body, PLACEHOLDERS),
        lambda: validate_no_html(body),
    ):
        try:
            check()
        except ValidationError as error:
            errors.append(error)
    expected = list(SECTIONS[kind])
    keys = [key for key, _heading, _text in split(body)[1]]
    unknown = [key for key in keys if key not in expected]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    missing = [key for key in expected if key not in keys]
    if unknown:
        errors.append(
            ValidationError(
                _("Unknown section: %(keys)s. The sections of this guide are: %(expected)s."),
                code="unknown_section",
                params={
                    "keys": ", ".join("{#" + key + "}" for key in unknown),
                    "expected": ", ".join("{#" + key + "}" for key in expected) or "–",
                },
            )
        )
    if repeated:
        errors.append(
            ValidationError(
                _("A section appears more than once: %(keys)s."),
                code="repeated_section",
                params={"keys": ", ".join("{#" + key + "}" for key in repeated)},
            )
        )
    if missing:
        errors.append(
            ValidationError(
                _(
                    "Missing section: %(keys)s. Write each as a heading ending in its key, "
                    "for example “## Participants {#visit}”."
                ),
                code="missing_section",
                params={"keys": ", ".join("{#" + key + "}" for key in missing)},
            )
        )
    if errors:
        raise ValidationError(errors)


def _plain(body: str) -> str:
    """The body with the section keys taken off the headings."""
    return _SECTION.sub(lambda match: "## " + match["heading"], body)


def render(body: str, values: Mapping[str, str]) -> SafeString:
    """The whole guide as sanitised HTML."""
    return mark_safe(render_markdown(_plain(body), values))


def sections(body: str, values: Mapping[str, str]) -> list[Section]:
    """The sections in the guide's order, each with its heading and its text as HTML."""
    return [
        Section(key, heading, mark_safe(render_markdown(text, values)))
        for key, heading, text in split(body)[1]
    ]
