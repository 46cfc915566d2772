from django import forms
from django.utils.translation import gettext_lazy as _

from carbon20.actionplans.models import Action, ActionPlan, ActionStatus
from carbon20.core.forms import LocalizedModelForm
from carbon20.energy.models import Carrier
from carbon20.screening.figures import unit_label
from carbon20.screening.forms import quantity_field

SAVING_PREFIX = "saving_"
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(LocalizedModelForm):
    class Meta:
        model = Action
        fields = [
            "title",
            "focus_area",
            "owner",
            "start_date",
            "deadline",
            "priority",
            "dkk_saved_per_year",
            "investment",
        ]
        widgets = {"start_date": DATE, "deadline": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        savings = self.instance.savings_decimal() if self.instance.pk else {}
        for carrier, label in Carrier.choices:
            field = quantity_field(
                _("%(carrier)s saved per year (%(unit)s)")
                % {"carrier": label, "unit": unit_label(carrier)}
            )
            field.initial = savings.get(carrier)
            self.fields[f"{SAVING_PREFIX}{carrier}"] = field

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def saving_fields(self):
        return [self[f"{SAVING_PREFIX}{carrier}"] for carrier, _label in Carrier.choices]

    def clean(self):
        cleaned = super().clean()
        self.instance.savings = {
            carrier: str(cleaned[f"{SAVING_PREFIX}{carrier}"])
            for carrier, _label in Carrier.choices
            if cleaned.get(f"{SAVING_PREFIX}{carrier}")
        }
        return cleaned


class FromMeasuresForm(forms.Form):
    """Turn chosen measures of the review into actions, with one owner and dates for all."""

    measures = forms.MultipleChoiceField(label=_("Measures"), widget=forms.CheckboxSelectMultiple)
    owner = forms.CharField(label=_("Responsible person"), max_length=200)
    start_date = forms.DateField(label=_("Start"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)

    def __init__(self, *args, measure_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["measures"].choices = measure_choices

    def clean(self):
        cleaned = super().clean()
        start, deadline = cleaned.get("start_date"), cleaned.get("deadline")
        if start and deadline and deadline < start:
            self.add_error("deadline", _("The deadline cannot be before the start."))
        return cleaned


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    reason = forms.CharField(
        label=_("Reason or progress note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Required when the action is dropped. With the status unchanged, it is kept as a "
            "progress note."
        ),
    )


class ApprovalForm(forms.ModelForm):
    class Meta:
        model = ActionPlan
        fields = ["approved_by_name", "approved_by_title", "approved_on"]
        widgets = {"approved_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True
