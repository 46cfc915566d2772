"""Checkbox and radio lists in DKFDS markup: each input followed by its own label, which
the design system styles (Django's default puts the input inside the label)."""

from django import forms


class CheckboxList(forms.CheckboxSelectMultiple):
    template_name = "partnerships/widgets/choices.html"
    option_template_name = "partnerships/widgets/choice_option.html"


class RadioList(forms.RadioSelect):
    template_name = "partnerships/widgets/choices.html"
    option_template_name = "partnerships/widgets/choice_option.html"
