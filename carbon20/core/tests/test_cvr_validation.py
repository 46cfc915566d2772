"""The CVR rule, property-tested against an independent statement of it.

The register's rule: a CVR number is exactly 8 digits d1..d8 and
2·d1 + 7·d2 + 6·d3 + 5·d4 + 4·d5 + 3·d6 + 2·d7 + 1·d8 is divisible by 11.
Numbers beginning with 0 are valid by that rule but never issued; the platform uses them
for demo data and accepts them only in demo mode.
"""

import re

import pytest
from django.core.exceptions import ValidationError
from hypothesis import example, given
from hypothesis import strategies as st

from carbon20.core.demo import demo_cvr, demo_cvrs
from carbon20.core.validators import normalise_cvr, validate_cvr


def rule_says_valid(text: str) -> bool:
    if len(text) != 8 or any(c not in "0123456789" for c in text):
        return False
    weights = [2, 7, 6, 5, 4, 3, 2, 1]
    return sum(w * (ord(c) - ord("0")) for w, c in zip(weights, text, strict=True)) % 11 == 0


def accepted(text: str, *, allow_demo: bool = True) -> bool:
    try:
        validate_cvr(text, allow_demo=allow_demo)
    except ValidationError:
        return False
    return True


eight_digits = st.text(alphabet="0123456789", min_size=8, max_size=8)


@given(eight_digits)
@example("12345674")
@example("12345678")
@example("00000000")
def test_eight_digits_are_accepted_exactly_when_the_rule_holds(cvr):
    assert accepted(cvr) == rule_says_valid(cvr)


@given(eight_digits)
def test_numbers_beginning_with_0_need_demo_mode(cvr):
    assert accepted(cvr, allow_demo=False) == (rule_says_valid(cvr) and cvr[0] != "0")


@given(st.text(alphabet="0123456789", max_size=20).filter(lambda s: len(s) != 8))
def test_other_lengths_are_refused_with_the_length_message(text):
    with pytest.raises(ValidationError) as error:
        validate_cvr(text, allow_demo=True)
    expected = "cvr_length" if text else "cvr_not_digits"
    assert error.value.code == expected


@given(eight_digits, st.integers(0, 7), st.characters(categories=["L"]))
def test_a_letter_anywhere_is_refused_as_not_digits(cvr, position, letter):
    text = cvr[:position] + letter + cvr[position + 1 :]
    with pytest.raises(ValidationError) as error:
        validate_cvr(text, allow_demo=True)
    assert error.value.code in {"cvr_not_digits"}


@given(eight_digits.filter(rule_says_valid), st.integers(0, 7), st.integers(1, 9))
def test_changing_one_digit_breaks_the_checksum(cvr, position, delta):
    """Weights are all below 11 and non-zero, so one changed digit always changes the sum
    modulo 11: the rule catches every single-digit typo."""
    changed = str((int(cvr[position]) + delta) % 10)
    typo = cvr[:position] + changed + cvr[position + 1 :]
    assert not rule_says_valid(typo)
    assert not accepted(typo)


@given(eight_digits.filter(rule_says_valid))
def test_pasted_forms_are_normalised(cvr):
    pasted = f"DK {cvr[:2]} {cvr[2:4]} {cvr[4:6]} {cvr[6:]}"
    assert normalise_cvr(pasted) == cvr
    assert validate_cvr(pasted, allow_demo=True) == cvr


@given(st.integers(0, 999_999))
def test_demo_numbers_begin_with_0_and_obey_the_rule(serial):
    try:
        cvr = demo_cvr(serial)
    except ValueError:
        return
    assert re.fullmatch(r"0\d{7}", cvr)
    assert rule_says_valid(cvr)
    assert accepted(cvr, allow_demo=True)
    assert not accepted(cvr, allow_demo=False)


def test_demo_series_has_no_duplicates():
    numbers = demo_cvrs(500)
    assert len(set(numbers)) == 500
    assert all(rule_says_valid(n) and n.startswith("0") for n in numbers)
