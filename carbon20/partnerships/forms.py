from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from carbon20.accounts.models import Role, User
from carbon20.core import tenancy
from carbon20.organisations.models import Company, Municipality, Partner, Programme
from carbon20.partnerships.focus import FocusArea
from carbon20.partnerships.models import (
    InformationMeeting,
    ManagementBacking,
    Partnership,
    RecruitmentChannel,
    Status,
    Step,
    Visit,
    VisitOutcome,
)
from carbon20.partnerships.widgets import CheckboxList, RadioList

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _officers_of(municipality_ids):
    return User.objects.filter(
        memberships__role=Role.OFFICER, memberships__municipality_id__in=municipality_ids
    ).distinct()


def not_in_future(value, field_label):
    if value and value > timezone.localdate():
        raise ValidationError(_("%(field)s cannot be in the future.") % {"field": field_label})
    return value


class PartnershipStartForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "municipality",
            "programme",
            "site",
            "owner",
            "channel",
            "first_contact_date",
            "interest",
            "language",
        ]
        widgets = {"first_contact_date": DATE_INPUT}

    def __init__(self, *args, company: Company, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        own_municipalities = Municipality.objects.filter(
            tenancy.own_municipality_reach(tenancy.roles_of(user))
        )
        self.fields["municipality"].queryset = own_municipalities.filter(
            portfolio_companies=company
        )
        self.fields["programme"].queryset = Programme.objects.filter(
            municipalities__in=self.fields["municipality"].queryset
        ).distinct()
        self.fields["site"].queryset = company.sites.all()
        self.fields["site"].help_text = _("Leave empty when the partnership covers the company.")
        self.fields["owner"].queryset = _officers_of(own_municipalities.values("id"))
        self.fields["owner"].required = True
        self.fields["owner"].initial = user.pk
        self.fields["first_contact_date"].initial = timezone.localdate()

    def clean_first_contact_date(self):
        return not_in_future(self.cleaned_data.get("first_contact_date"), _("The first contact"))

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        programme = cleaned.get("programme")
        owner = cleaned.get("owner")
        if (
            municipality
            and programme
            and not programme.municipalities.filter(pk=municipality.pk).exists()
        ):
            self.add_error(
                "programme",
                _("%(municipality)s does not take part in this programme.")
                % {"municipality": municipality.name},
            )
        if (
            municipality
            and owner
            and not owner.memberships.filter(role=Role.OFFICER, municipality=municipality).exists()
        ):
            self.add_error("owner", _("The responsible officer must work for the municipality."))
        return cleaned


class RecruitmentForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = [
            "owner",
            "channel",
            "first_contact_date",
            "interest",
            "language",
            "next_action",
            "next_action_due",
        ]
        widgets = {"first_contact_date": DATE_INPUT, "next_action_due": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _officers_of([self.instance.municipality_id])
        self.fields["owner"].required = True
        self.fields["next_action"].help_text = _("Leave empty to show what the step needs next.")

    def clean_first_contact_date(self):
        return not_in_future(self.cleaned_data.get("first_contact_date"), _("The first contact"))

    def clean(self):
        cleaned = super().clean()
        first = cleaned.get("first_contact_date")
        due = cleaned.get("next_action_due")
        if first and due and due < first:
            self.add_error(
                "next_action_due", _("The next action cannot be due before the first contact.")
            )
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give a reason."))
        return reason


class PipelineFilterForm(forms.Form):
    q = forms.CharField(label=_("Company name or CVR"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False
    )
    step = forms.TypedChoiceField(
        label=_("Step"),
        choices=[("", _("All steps")), *Step.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[("", _("All channels")), *RecruitmentChannel.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open (active or paused)")), *Status.choices],
        required=False,
    )
    owner = forms.ModelChoiceField(label=_("Officer"), queryset=User.objects.none(), required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].empty_label = _("All municipalities")
        self.fields["owner"].queryset = _officers_of(municipalities.values("id"))
        self.fields["owner"].empty_label = _("All officers")


class MeetingForm(forms.ModelForm):
    invited_companies = forms.ModelMultipleChoiceField(
        label=_("Invited companies"),
        queryset=Company.objects.none(),
        widget=CheckboxList,
        required=False,
        help_text=_("Invitations go to the companies' contact persons with an e-mail address."),
    )

    class Meta:
        model = InformationMeeting
        fields = [
            "title",
            "municipality",
            "programme",
            "starts_at",
            "place",
            "description",
            "presented_partners",
        ]
        widgets = {
            "starts_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "presented_partners": CheckboxList,
        }

    def __init__(self, *args, user, companies, **kwargs):
        super().__init__(*args, **kwargs)
        municipalities = Municipality.objects.filter(
            tenancy.own_municipality_reach(tenancy.roles_of(user))
        )
        self.fields["municipality"].queryset = municipalities
        self.fields["programme"].queryset = Programme.objects.filter(
            municipalities__in=municipalities
        ).distinct()
        self.fields["presented_partners"].queryset = Partner.objects.filter(
            programmes__in=self.fields["programme"].queryset
        ).distinct()
        self.fields["presented_partners"].help_text = _(
            "The advisers who present their offers at the meeting."
        )
        self.fields["invited_companies"].queryset = companies.order_by("name")
        if self.instance.pk:
            self.fields["invited_companies"].initial = list(
                self.instance.invitations.values_list("company_id", flat=True)
            )

    def clean(self):
        cleaned = super().clean()
        municipality = cleaned.get("municipality")
        programme = cleaned.get("programme")
        if (
            municipality
            and programme
            and not programme.municipalities.filter(pk=municipality.pk).exists()
        ):
            self.add_error(
                "programme",
                _("%(municipality)s does not take part in this programme.")
                % {"municipality": municipality.name},
            )
        companies = cleaned.get("invited_companies") or []
        if municipality and companies:
            without_email = [
                company.name
                for company in companies
                if not company.contacts.filter(municipality=municipality).exclude(email="").exists()
            ]
            if without_email:
                self.add_error(
                    "invited_companies",
                    _("No contact person with an e-mail address for: %(names)s.")
                    % {"names": ", ".join(without_email)},
                )
        return cleaned


class VisitForm(forms.ModelForm):
    """The first-meeting guide as a form: one fieldset per point of the guide's agenda, with
    the guide's question as its hint (see `sections`)."""

    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas the company chooses"),
        choices=FocusArea.choices,
        widget=CheckboxList,
        required=False,
        help_text=_("They carry forward to the agreement and the technical review."),
    )
    landlord_name = forms.CharField(label=_("Landlord's contact person"), required=False)
    landlord_email = forms.EmailField(label=_("Landlord's e-mail"), required=False)

    class Meta:
        model = Visit
        fields = [
            "visit_date",
            "municipal_participants",
            "company_participants",
            "management_present",
            "focus_areas",
            "employee_involvement",
            "energy_management",
            "product_initiatives",
            "has_climate_account",
            "interests",
            "barriers",
            "rents_premises",
            "landlord_name",
            "landlord_email",
            "agreement_walked_through",
            "management_backing",
            "outcome",
            "next_steps",
            "next_steps_date",
        ]
        widgets = {
            "visit_date": DATE_INPUT,
            "next_steps_date": DATE_INPUT,
            "municipal_participants": forms.Textarea(attrs={"rows": 2}),
            "company_participants": forms.Textarea(attrs={"rows": 2}),
            "product_initiatives": forms.Textarea(attrs={"rows": 2}),
            "interests": forms.Textarea(attrs={"rows": 3}),
            "barriers": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 2}),
            "management_backing": RadioList,
            "outcome": RadioList,
        }

    def __init__(self, *args, partnership: Partnership, guide_sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.guide_sections = list(guide_sections)
        self.fields["agreement_walked_through"].required = False
        self.fields["management_present"].required = False
        self.fields["landlord_name"].help_text = _("Needed when the company rents its premises.")
        # Radio lists offer the real choices only; "nothing chosen" is the unchecked state.
        self.fields["management_backing"].choices = ManagementBacking.choices
        self.fields["outcome"].choices = VisitOutcome.choices

    # The agenda of the first meeting (domain/carbon20.md, step 2): the key of the section of
    # the first-meeting guide (guides.kinds.SECTIONS), a legend, the question the officer
    # asks, and the fields that record the answer.
    SECTIONS = [
        (
            "visit",
            _("The visit"),
            _("When was the visit, and who took part from the municipality and the company?"),
            ["visit_date", "municipal_participants", "company_participants", "management_present"],
        ),
        (
            "areas",
            _("Areas that could be included"),
            _(
                "Which areas of the company could the partnership cover: electricity, heat, "
                "supply, waste, water, transport and others? Tick the ones the company chooses."
            ),
            ["focus_areas"],
        ),
        (
            "climate_work",
            _("Status of the company's climate work"),
            _(
                "How are the employees involved, how is energy managed, and what does the "
                "company do about its products? Does it keep a climate account?"
            ),
            [
                "employee_involvement",
                "energy_management",
                "product_initiatives",
                "has_climate_account",
            ],
        ),
        (
            "interests",
            _("Interests and potential"),
            _(
                "What does the company want from climate work, where is its potential, and "
                "what stands in the way, for example rented premises?"
            ),
            ["interests", "barriers", "rents_premises", "landlord_name", "landlord_email"],
        ),
        (
            "agreement",
            _("The partnership agreement"),
            _("Walk through the Carbon 20 partnership agreement. Does management back it?"),
            ["agreement_walked_through", "management_backing"],
        ),
        (
            "next_steps",
            _("Next steps"),
            _("What did you agree happens next, and by when?"),
            ["outcome", "next_steps", "next_steps_date"],
        ),
    ]

    def sections(self) -> list[dict]:
        """The fieldsets in the order and under the headings of the first-meeting guide in
        force, its text as each one's hint; without a guide, the form's own."""
        own = {key: (legend, hint, names) for key, legend, hint, names in self.SECTIONS}
        if self.guide_sections:
            return [
                {
                    "key": section.key,
                    "legend": section.heading,
                    "hint": section.html,
                    "fields": [self[name] for name in own[section.key][2]],
                }
                for section in self.guide_sections
            ]
        return [
            {"key": key, "legend": legend, "hint": hint, "fields": [self[name] for name in names]}
            for key, legend, hint, names in self.SECTIONS
        ]

    def clean_visit_date(self):
        visit_date = self.cleaned_data.get("visit_date")
        not_in_future(visit_date, _("The visit"))
        if visit_date and visit_date < self.partnership.first_contact_date:
            raise ValidationError(_("The visit cannot be before the first contact."))
        return visit_date

    def clean(self):
        cleaned = super().clean()
        visit_date = cleaned.get("visit_date")
        next_date = cleaned.get("next_steps_date")
        backing = cleaned.get("management_backing")
        outcome = cleaned.get("outcome")
        if visit_date and next_date and next_date < visit_date:
            self.add_error("next_steps_date", _("The next step cannot be before the visit."))
        if outcome == VisitOutcome.AGREEMENT:
            if backing and backing != ManagementBacking.SECURED:
                self.add_error(
                    "management_backing",
                    _("Going on to the agreement needs management backing to be secured."),
                )
            if not cleaned.get("focus_areas"):
                self.add_error(
                    "focus_areas", _("Choose at least one focus area for the agreement.")
                )
        elif backing == ManagementBacking.PENDING and outcome == VisitOutcome.NOT_INTERESTED:
            self.add_error(
                "management_backing",
                _("With management backing pending, the outcome can only be “later”."),
            )
        if outcome == VisitOutcome.LATER and not next_date:
            self.add_error("next_steps_date", _("Agree a date for the next step."))
        if cleaned.get("rents_premises") and not cleaned.get("landlord_name"):
            self.add_error(
                "landlord_name", _("The company rents its premises: name the landlord's contact.")
            )
        return cleaned
