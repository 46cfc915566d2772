from decimal import Decimal

import pytest
from django.utils import translation

from carbon20.core.forms import LocalizedModelForm
from carbon20.organisations.models import Programme


class TargetForm(LocalizedModelForm):
    class Meta:
        model = Programme
        fields = ["target_percent", "follow_up_count"]


@pytest.mark.parametrize(
    ("language", "typed", "expected"),
    [("da", "17,5", Decimal("17.5")), ("en", "17.5", Decimal("17.5")), ("da", "20", Decimal("20"))],
)
def test_decimals_are_read_in_the_users_language(language, typed, expected):
    with translation.override(language):
        form = TargetForm(data={"target_percent": typed, "follow_up_count": "3"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["target_percent"] == expected


def test_number_fields_are_text_inputs_so_the_browser_sends_what_was_typed():
    form = TargetForm()
    html = str(form["target_percent"])
    assert 'type="text"' in html
    assert 'inputmode="decimal"' in html
    assert 'inputmode="numeric"' in str(form["follow_up_count"])


def test_values_are_shown_with_a_decimal_comma_in_danish():
    with translation.override("da"):
        form = TargetForm(initial={"target_percent": Decimal("17.5"), "follow_up_count": 3})
        assert 'value="17,50"' in str(form["target_percent"]) or 'value="17,5"' in str(
            form["target_percent"]
        )
