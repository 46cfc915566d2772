"""Uploaded files: judged by parsing them, and stored whole or not at all.

A file that starts with `%PDF-` and continues as HTML is not a PDF: `check_pdf` first reads
the structure every PDF reader relies on (the header, the `startxref` offset at the end
pointing at a cross-reference table or stream, objects, the `%%EOF` marker) and refuses
markup that a browser would run; then pypdf parses the file and must find its pages. Tables
(XLSX, CSV) go through `core.imports.read_table`, with its bomb limits.

`store_file` saves through the storage API; when the disk is full (or any other OSError)
part-way, what was written is removed and `StorageFull` carries a translated message, so
nothing half-written stays behind and the caller's transaction rolls back.
"""

import io
import re

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

_PDF_HEADER = re.compile(rb"^%PDF-[12]\.\d")
_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_MARKUP = re.compile(rb"<\s*(html|script|body|iframe|!doctype\s+html)\b", re.IGNORECASE)
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


class NotAPdf(ValueError):
    """The content is not a PDF a reader can open."""


class StorageFull(OSError):
    """The file could not be stored; nothing of it was kept."""


def check_pdf(content: bytes) -> None:
    if not _PDF_HEADER.match(content):
        raise NotAPdf(_("The file is not a PDF."))
    if _MARKUP.search(content):
        raise NotAPdf(_("The file is not a PDF: it contains web page markup."))
    tail = content[-2048:]
    found = _STARTXREF.search(tail)
    if found is None:
        raise NotAPdf(_("The file is not a complete PDF: its end is missing or damaged."))
    offset = int(found.group(1))
    target = content[offset : offset + 64] if offset < len(content) else b""
    # The offset leads to a classic table ("xref") or to a cross-reference stream object.
    if not (target.startswith(b"xref") or _OBJECT.match(target)):
        raise NotAPdf(_("The file is not a complete PDF: its end is missing or damaged."))
    if not _OBJECT.search(content):
        raise NotAPdf(_("The file is not a PDF: it holds no objects."))
    _parse_pdf(content)


def _parse_pdf(content: bytes) -> None:
    """A full parse: the catalogue, the page tree and every page must be readable."""
    damaged = _("The file is not a PDF that can be read: it is damaged.")
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        pages = len(reader.pages)
        for page in reader.pages:
            page.mediabox  # noqa: B018 -- reading each page's box proves the page object
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        raise NotAPdf(damaged) from exc
    if pages == 0:
        raise NotAPdf(_("The file is not a PDF with pages: it has none."))


def store_file(field_file, name: str, content: bytes) -> None:
    """Save `content` into the file field under `name` (the model is saved by the caller)."""
    storage = field_file.storage
    max_length = field_file.field.max_length
    target = field_file.field.generate_filename(field_file.instance, name)
    available = storage.get_available_name(target, max_length=max_length)
    try:
        stored = storage.save(available, ContentFile(content), max_length=max_length)
    except OSError as exc:
        # The storage writes to the final name: a partial file there is removed.
        if storage.exists(available):
            storage.delete(available)
        raise StorageFull(
            _(
                "The file could not be stored: the server has no room for it. Nothing was "
                "saved; please try again later or tell the support."
            )
        ) from exc
    setattr(field_file.instance, field_file.field.attname, stored)
