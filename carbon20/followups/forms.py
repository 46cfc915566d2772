from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carbon20.actionplans.models import ActionStatus
from carbon20.core.forms import LocalizedModelForm
from carbon20.followups.models import BarrierCategory, FollowUp, Form
from carbon20.partnerships.widgets import CheckboxList, RadioList


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class HoldFollowUpForm(LocalizedModelForm):
    """What a held follow-up records. Date held and form are required."""

    barriers = forms.MultipleChoiceField(
        label=_("Barriers met"),
        choices=BarrierCategory.choices,
        widget=CheckboxList,
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
            "form": RadioList,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "barrier_notes": forms.Textarea(attrs={"rows": 2}),
            "help_needed": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        # One status (and a reason, needed when dropped) per action of the plan.
        self.actions = list(actions)
        for action in self.actions:
            self.fields[self.status_field(action)] = forms.ChoiceField(
                label=_("Status: %(action)s") % {"action": action.title},
                choices=ActionStatus.choices,
                initial=action.status,
                # Left out of the form data means unchanged.
                required=False,
            )
            self.fields[self.reason_field(action)] = forms.CharField(
                label=_("Reason for dropping: %(action)s") % {"action": action.title},
                required=False,
                initial=action.dropped_reason,
                widget=forms.TextInput,
            )
        self.fields["held_date"].required = True
        self.fields["form"].required = True
        self.fields["form"].choices = Form.choices
        self.fields["participants"].required = True
        if not self.initial.get("held_date"):
            self.initial["held_date"] = timezone.localdate()

    @staticmethod
    def status_field(action) -> str:
        return f"status_{action.uuid.hex}"

    @staticmethod
    def reason_field(action) -> str:
        return f"reason_{action.uuid.hex}"

    def clean(self):
        cleaned = super().clean()
        held, following = cleaned.get("held_date"), cleaned.get("next_date")
        if held and following and following <= held:
            self.add_error("next_date", _("The next follow-up must be after this one."))
        for action in self.actions:
            status = cleaned.get(self.status_field(action)) or action.status
            reason = (cleaned.get(self.reason_field(action)) or "").strip()
            if status == ActionStatus.DROPPED and not reason:
                self.add_error(self.reason_field(action), _("Say why the action is dropped."))
        return cleaned

    def status_changes(self) -> list[tuple[object, str, str]]:
        """(action, new status, reason) for every action whose status or reason changed."""
        changes = []
        for action in self.actions:
            status = self.cleaned_data[self.status_field(action)] or action.status
            reason = self.cleaned_data[self.reason_field(action)].strip()
            if status != action.status:
                changes.append((action, status, reason))
        return changes


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
