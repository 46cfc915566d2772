"""Upload checks for consumption evidence: size and type, judged by the file's content as
well as its name, because a renamed executable must not pass as a bill."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from carbon20.core.imports import TableError, read_table
from carbon20.core.uploads import NotAPdf, check_pdf

# Extension → the leading bytes a genuine file of that type starts with. CSV has no
# signature; it is accepted when it decodes as text.
EVIDENCE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "xlsx": (b"PK\x03\x04",),
    "csv": (),
}


def validate_evidence_file(upload) -> None:
    max_bytes = settings.MAX_UPLOAD_BYTES
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(max)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
        )
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in EVIDENCE_SIGNATURES:
        raise ValidationError(
            _("Only PDF, PNG, JPEG, XLSX and CSV files can be uploaded as evidence."),
            code="file_type",
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(position)
    signatures = EVIDENCE_SIGNATURES[extension]
    if signatures:
        matches = any(head.startswith(signature) for signature in signatures)
    else:
        matches = _looks_like_text(head)
    if not matches:
        raise ValidationError(
            _("The file's content does not match its %(extension)s name."),
            code="file_content",
            params={"extension": extension.upper()},
        )
    _parse(upload, extension)


def _parse(upload, extension: str) -> None:
    """The first bytes only say what a file claims to be: a PDF is checked for the structure
    a reader needs, a table read within the import limits (so a bomb is refused unopened)."""
    if extension not in ("pdf", "xlsx", "csv"):
        return
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    try:
        if extension == "pdf":
            check_pdf(upload.read())
        else:
            read_table(upload)
    except (NotAPdf, TableError) as error:
        raise ValidationError(str(error), code="file_content") from error
    finally:
        upload.seek(position)


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            head.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False
