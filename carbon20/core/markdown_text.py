"""Markdown written by officers and coordinators (agreement templates, guides), rendered
through one sanitiser.

The text is never executed as a Django template. Placeholders are written `{{ name }}`; each
caller names the placeholders that exist for its kind of text. Their values are escaped and put
into the HTML after Markdown and the sanitiser have run, so a company name can never become
markup. The same sanitised HTML feeds the pages, the PDFs and the DOCX files (`write_docx`).
"""

import re
import secrets
from collections.abc import Iterable, Mapping
from html.parser import HTMLParser

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
# Raw HTML in the Markdown source: an opening or closing tag, a comment or a declaration.
_RAW_HTML = re.compile(r"<\s*(/?\s*[A-Za-z][A-Za-z0-9-]*|!)[^>]*>")

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


def validate_placeholders(body: str, allowed: Iterable[str]) -> None:
    """Refuse a text that names a placeholder outside `allowed`, or holds braces that do not
    form a placeholder."""
    known = set(allowed)
    unknown = []
    for match in _PLACEHOLDER.finditer(body):
        name = match.group(1).strip()
        if name not in known and name not in unknown:
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


def validate_no_html(body: str) -> None:
    """Refuse HTML written into the Markdown. The sanitiser would strip it anyway; refusing it
    tells the writer, instead of publishing a text that silently differs from what they
    wrote."""
    tags = []
    for match in _RAW_HTML.finditer(body):
        tag = "<" + match.group(1).replace(" ", "") + ">"
        if tag not in tags:
            tags.append(tag)
    if tags:
        raise ValidationError(
            _("HTML is not allowed in the text (%(tags)s); write Markdown instead."),
            code="unsafe_markup",
            params={"tags": ", ".join(tags)},
        )


def render_markdown(body: str, values: Mapping[str, str]) -> str:
    """The text as sanitised HTML with the placeholders filled in."""
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


class _DocxBuilder(HTMLParser):
    """Writes sanitised HTML (the tags of ALLOWED_TAGS) into a python-docx document."""

    _HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4}

    def __init__(self, document):
        super().__init__()
        self.document = document
        self.paragraph = None
        self.bold = 0
        self.italic = 0
        self.lists: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._HEADINGS:
            self.paragraph = self.document.add_heading(level=self._HEADINGS[tag])
        elif tag == "p" and not self.lists:
            self.paragraph = self.document.add_paragraph()
        elif tag == "blockquote":
            self.paragraph = self.document.add_paragraph(style="Quote")
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            style = "List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet"
            self.paragraph = self.document.add_paragraph(style=style)
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in ("strong", "b"):
            self.bold -= 1
        elif tag in ("em", "i"):
            self.italic -= 1
        elif tag in ("p", "li", "blockquote", *self._HEADINGS) and not (tag == "p" and self.lists):
            self.paragraph = None

    def handle_data(self, data):
        if not data.strip() and self.paragraph is None:
            return
        if self.paragraph is None:
            self.paragraph = self.document.add_paragraph()
        run = self.paragraph.add_run(data)
        run.bold = self.bold > 0 or None
        run.italic = self.italic > 0 or None


def write_docx(document, html: str) -> None:
    """Append the sanitised HTML to a python-docx document."""
    builder = _DocxBuilder(document)
    builder.feed(html)
    builder.close()
