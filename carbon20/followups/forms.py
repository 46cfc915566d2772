from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carbon20.core.forms import LocalizedModelForm
from carbon20.followups.models import BarrierCategory, FollowUp, Form


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class HoldFollowUpForm(LocalizedModelForm):
    """What a held follow-up records. Date held and form are required."""

    barriers = forms.MultipleChoiceField(
        label=_("Barriers met"),
        choices=BarrierCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = FollowUp
        fields = [
            "held_date",
            "form",
            "participants",
            "barriers",
            "barrier_notes",
            "help_needed",
            "notes",
            "next_date",
        ]
        widgets = {
            "held_date": DateInput(),
            "next_date": DateInput(),
            "form": forms.RadioSelect,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "barrier_notes": forms.Textarea(attrs={"rows": 2}),
            "help_needed": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["held_date"].required = True
        self.fields["form"].required = True
        self.fields["form"].choices = Form.choices
        self.fields["participants"].required = True
        if not self.initial.get("held_date"):
            self.initial["held_date"] = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        held, following = cleaned.get("held_date"), cleaned.get("next_date")
        if held and following and following <= held:
            self.add_error("next_date", _("The next follow-up must be after this one."))
        return cleaned


class ClosingForm(forms.Form):
    final_year = forms.IntegerField(label=_("Final year"), min_value=1990, max_value=2100)
    result_summary = forms.CharField(
        label=_("Result"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the company achieved, in a few sentences."),
    )
    publish_case = forms.BooleanField(
        label=_("The company consents to publishing its case and result"), required=False
    )
