"""Validators of Danish identifiers, written as plain functions so forms, the API and
imports share one rule and its one message."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# NUL cuts text short in the tools and files it travels on to; the bidirectional overrides
# and isolates (U+202A–U+202E, U+2066–U+2069) make text display in another order than it is
# stored, so a name or a figure reads as something it is not ("Trojan Source").
_UNSAFE_TEXT = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)
_DIGITS8 = re.compile(r"^\d{8}$")
_DIGITS10 = re.compile(r"^\d{10}$")


def normalise_cvr(value: str) -> str:
    """Strip the spaces and a leading 'DK' that people paste from letterheads."""
    cleaned = re.sub(r"\s+", "", str(value)).upper()
    return cleaned.removeprefix("DK")


def cvr_checksum_ok(cvr: str) -> bool:
    """Modulus 11 with the weights 2,7,6,5,4,3,2,1: the weighted sum is divisible by 11."""
    total = sum(int(digit) * weight for digit, weight in zip(cvr, CVR_WEIGHTS, strict=True))
    return total % 11 == 0


def validate_cvr(value: str, *, allow_demo: bool = False) -> str:
    cvr = normalise_cvr(value)
    if not cvr.isdigit():
        raise ValidationError(_("A CVR number may only contain digits."), code="cvr_not_digits")
    if not _DIGITS8.match(cvr):
        raise ValidationError(_("A CVR number has exactly 8 digits."), code="cvr_length")
    if not cvr_checksum_ok(cvr):
        raise ValidationError(
            _("%(cvr)s is not a valid CVR number: the check digit does not match."),
            code="cvr_checksum",
            params={"cvr": cvr},
        )
    if cvr.startswith("0") and not allow_demo:
        raise ValidationError(
            _("CVR numbers beginning with 0 are never issued; they are only used for demo data."),
            code="cvr_demo",
        )
    return cvr


def validate_p_number(value: str) -> str:
    p_number = re.sub(r"\s+", "", str(value))
    if not p_number.isdigit():
        raise ValidationError(_("A P-number may only contain digits."), code="p_number_not_digits")
    if not _DIGITS10.match(p_number):
        raise ValidationError(_("A P-number has exactly 10 digits."), code="p_number_length")
    return p_number


def validate_postcode(value: str) -> str:
    postcode = str(value).strip()
    if not re.fullmatch(r"\d{4}", postcode) or not 800 <= int(postcode) <= 9990:
        raise ValidationError(
            _("A Danish postcode has 4 digits between 0800 and 9990."), code="postcode"
        )
    return postcode


def validate_industry_code(value: str) -> None:
    """An industry code of Danmarks Statistik's DB07 has 6 digits."""
    code = str(value).strip()
    if code and (not code.isdigit() or len(code) != 6):
        raise ValidationError(_("An industry code (DB07) has 6 digits."), code="industry_code")


def validate_plain_text(value: object) -> None:
    """Every text input of the platform (forms, imports, the API) passes this rule: see
    `CoreConfig.ready` and `api.fields.StrictCharField`."""
    if isinstance(value, str) and _UNSAFE_TEXT.search(value):
        raise ValidationError(
            _(
                "The text contains invisible control characters (a NUL byte or a "
                "text-direction override); remove them."
            ),
            code="unsafe_characters",
        )
