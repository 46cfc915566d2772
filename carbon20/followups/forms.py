from datetime import timedelta

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from carbon20.actionplans.models import ActionStatus
from carbon20.core.forms import LocalizedModelForm
from carbon20.followups.models import BarrierCategory, FollowUp, Form
from carbon20.partnerships.widgets import CheckboxList, RadioList


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


# A follow-up held a few weeks early is ordinary (a visit moved to suit the company); held
# further ahead of its plan it is more often a slip of the date, so it asks to be confirmed.
EARLY_WARNING = timedelta(days=30)


def held_early_by(follow_up: FollowUp, held_on) -> int | None:
    """Days the follow-up is held before its planned date, when that is more than the
    warning allows; else None."""
    if held_on is None or follow_up.planned_date is None:
        return None
    early = follow_up.planned_date - held_on
    return early.days if early > EARLY_WARNING else None


class HoldFollowUpForm(LocalizedModelForm):
    """What a held follow-up records. Date held and form are required. A date held long
    before the planned date is refused until the officer confirms it."""

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

    # The form's part of each section of the follow-up guidance (guides.kinds.SECTIONS);
    # "actions" holds the status and reason of every action, "consumption" is entered on the
    # company's consumption page and has only the guidance's words here.
    SECTION_FIELDS = {
        "meeting": ["held_date", "confirm_early", "form", "participants"],
        "actions": [],
        "consumption": [],
        "barriers": ["barriers", "barrier_notes"],
        "help": ["help_needed", "notes"],
        "next": ["next_date"],
    }

    def __init__(self, *args, actions=(), guide_sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.guide_sections = list(guide_sections)
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
        # A checkbox only where the date held (today's, on a new form) is early; hidden
        # elsewhere, so that the form asks nothing of an ordinary follow-up.
        early_today = not self.is_bound and held_early_by(self.instance, timezone.localdate())
        self.fields["confirm_early"] = forms.BooleanField(
            label=_("Yes, the follow-up was held this long before its planned date"),
            required=False,
            widget=forms.CheckboxInput if early_today else forms.HiddenInput,
        )
        self.order_fields(["held_date", "confirm_early"])

    def _section_fields(self, key: str) -> list:
        if key == "actions":
            names = [
                name
                for action in self.actions
                for name in (self.status_field(action), self.reason_field(action))
            ]
        else:
            names = self.SECTION_FIELDS[key]
        return [self[name] for name in names if not self[name].is_hidden]

    def sections(self) -> list[dict]:
        """The fieldsets in the order and under the headings of the follow-up guidance,
        its text as each one's hint."""
        return [
            {
                "key": section.key,
                "legend": section.heading,
                "hint": section.html,
                "fields": self._section_fields(section.key),
            }
            for section in self.guide_sections
        ]

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
        early = held_early_by(self.instance, held)
        if early is not None and not cleaned.get("confirm_early"):
            self.fields["confirm_early"].widget = forms.CheckboxInput()
            self.add_error(
                "held_date",
                _(
                    "This follow-up is planned for %(planned)s, %(days)d days after the date "
                    "held. If it really was held on this date, confirm it below and save again."
                )
                % {
                    "planned": formats.date_format(self.instance.planned_date),
                    "days": early,
                },
            )
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
