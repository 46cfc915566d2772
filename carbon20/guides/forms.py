"""Forms of the guide library: a version's text, and a municipality's own version."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from carbon20.guides import text
from carbon20.organisations.models import Municipality


class GuideVersionForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("heading of a document", "Title"), max_length=200)
    body = forms.CharField(
        label=_("Text (Markdown)"), widget=forms.Textarea(attrs={"rows": 24}), strip=False
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["body"].help_text = _(
            "Markdown. Each section is a level-2 heading ending in its key, for example "
            "“## Participants {#visit}”; the keys are listed below."
        )

    def clean_body(self) -> str:
        body: str = self.cleaned_data["body"]
        text.validate_body(body, self.kind)
        return body


class AdoptForm(GuideVersionForm):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), empty_label=None
    )

    field_order = ["municipality", "title", "body"]

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].error_messages["invalid_choice"] = _(
            "You can write a version only for a municipality you work for that takes part in "
            "the programme."
        )
