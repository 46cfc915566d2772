from django import forms
from django.template.loader import render_to_string


class ChoicesForm(forms.Form):
    backing = forms.ChoiceField(
        label="Management backing",
        choices=[("secured", "Secured"), ("pending", "Pending")],
        widget=forms.RadioSelect,
        help_text="Who decides.",
    )
    areas = forms.MultipleChoiceField(
        label="Focus areas",
        choices=[("electricity", "Electricity"), ("heat", "Heat")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def test_choice_groups_are_fieldsets_named_by_a_legend():
    html = render_to_string("includes/form.html", {"form": ChoicesForm(data={})})
    assert html.count("<fieldset") == 2
    assert "<legend" in html and "Management backing" in html
    assert 'for=""' not in html
    assert 'class="form-radio"' in html and 'class="form-checkbox"' in html
    assert 'aria-describedby="id_backing_helptext id_backing_error"' in html
    assert 'id="id_backing_error"' in html
