"""A guide version as PDF (the print layout of every document, `core.documents`) and DOCX,
both from the same sanitised HTML, in the guide's language."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from carbon20.core import documents as print_documents
from carbon20.core.markdown_text import write_docx
from carbon20.guides import selectors
from carbon20.guides.models import GuideVersion
from carbon20.organisations.models import Municipality

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _context(version: GuideVersion, municipality: Municipality | None) -> dict:
    guide = version.guide
    return {
        "version": version,
        "guide": guide,
        "owner": municipality or guide.municipality,
        "body": selectors.rendered(version, municipality),
    }


def filename(version: GuideVersion, extension: str) -> str:
    kind = version.guide.kind.replace("_", "-")
    return f"{kind}-{version.guide.language}-v{version.number}.{extension}"


def render_pdf(version: GuideVersion, municipality: Municipality | None = None) -> bytes:
    with translation.override(version.guide.language):
        return print_documents.render_pdf("guides/guide_pdf.html", _context(version, municipality))


def render_docx(version: GuideVersion, municipality: Municipality | None = None) -> bytes:
    from docx import Document

    with translation.override(version.guide.language):
        context = _context(version, municipality)
        document = Document()
        document.core_properties.title = version.title
        document.core_properties.language = version.guide.language
        document.add_paragraph(
            str(context["owner"].display_name) if context["owner"] else version.guide.programme.name
        )
        document.add_heading(version.title, level=0)
        document.add_paragraph(
            _("%(kind)s · version %(number)d")
            % {"kind": version.guide.get_kind_display(), "number": version.number}
        )
        write_docx(document, context["body"])
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
