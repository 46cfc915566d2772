from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm
from django.utils.translation import gettext_lazy as _

from carbon20.accounts.models import Role
from carbon20.organisations.models import (
    CONSULTING_PARTNER_TYPES,
    Company,
    ContactPerson,
    Municipality,
    Partner,
    Programme,
)


def normalise_email(value: str | None) -> str:
    return (value or "").strip().lower()


class EmailAuthenticationForm(AuthenticationForm):
    """Addresses are stored in lower case; people type them as they like."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The user name is the e-mail address: phones show the e-mail keyboard, and with
        # autocomplete="username" beside "current-password" password managers fill both in
        # (WCAG 1.3.5, identify input purpose).
        self.fields["username"].widget.input_type = "email"
        self.fields["username"].widget.attrs["autocomplete"] = "username"

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data.get("username"))


def axes_username(request, credentials: dict | None = None) -> str:
    """The name django-axes counts failures under: "Officer@X.dk" and "officer@x.dk" are one
    account, so varying the letter case must not dodge the lockout."""
    source = credentials if credentials else getattr(request, "data", request.POST)
    return normalise_email(source.get("username"))


class InviteCompanyUserForm(forms.Form):
    contact = forms.ModelChoiceField(
        label=_("Contact person to invite"),
        queryset=ContactPerson.objects.none(),
        to_field_name="uuid",
        widget=forms.RadioSelect,
        help_text=_("Only contact persons with an e-mail address can be invited."),
        error_messages={"required": _("Choose the contact person to invite.")},
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact"].queryset = contacts
        self.fields["contact"].label_from_instance = lambda c: f"{c.name} ({c.email})"


class AcceptInvitationForm(SetPasswordForm):
    """A new company user names themselves and chooses a password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    field_order = ["first_name", "last_name", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean(self):
        # The similarity check compares the password with the name typed in this form.
        self.user.first_name = self.cleaned_data.get("first_name", "")
        self.user.last_name = self.cleaned_data.get("last_name", "")
        return super().clean()


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False)


_TARGET_FIELD = {
    Role.OFFICER: "municipality",
    Role.COORDINATOR: "programme",
    Role.CONSULTANT: "partner",
    Role.COMPANY_USER: "company",
}

_MISSING_TARGET = {
    "municipality": _("A municipal officer needs a municipality."),
    "programme": _("A programme coordinator needs a programme."),
    "partner": _("An energy consultant needs a consultancy or energy company."),
    "company": _("A company user needs a company."),
}


class MembershipForm(forms.Form):
    """A role and the one organisation that grants it; the others stay empty."""

    role = forms.ChoiceField(label=_("Role"), choices=[("", "---------"), *Role.choices])
    municipality = forms.ModelChoiceField(
        label=_("Municipality (for a municipal officer)"),
        queryset=Municipality.objects.all(),
        required=False,
    )
    programme = forms.ModelChoiceField(
        label=_("Programme (for a programme coordinator)"),
        queryset=Programme.objects.all(),
        required=False,
    )
    partner = forms.ModelChoiceField(
        label=_("Partner (for an energy consultant)"),
        queryset=Partner.objects.filter(type__in=CONSULTING_PARTNER_TYPES),
        required=False,
    )
    company = forms.ModelChoiceField(
        label=_("Company (for a company user)"),
        queryset=Company.objects.all(),
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if not role:
            return cleaned
        needed = _TARGET_FIELD[Role(role)]
        if not cleaned.get(needed):
            self.add_error(needed, _MISSING_TARGET[needed])
        for name in _TARGET_FIELD.values():
            if name != needed and cleaned.get(name):
                self.add_error(name, _("Leave this empty for the chosen role."))
        return cleaned

    @property
    def target(self):
        return self.cleaned_data[_TARGET_FIELD[Role(self.cleaned_data["role"])]]


class SecondFactorForm(forms.Form):
    """A six-digit code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["token"].widget.attrs.update(
            {"autocomplete": "one-time-code", "inputmode": "text", "spellcheck": "false"}
        )


class AuditSearchForm(forms.Form):
    actor = forms.CharField(label=_("Who (name or e-mail)"), required=False, max_length=200)
    object_type = forms.TypedChoiceField(
        label=_("Kind of object"), required=False, coerce=int, empty_value=None
    )
    action = forms.TypedChoiceField(label=_("Action"), required=False, coerce=int, empty_value=None)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    text = forms.CharField(label=_("Text"), required=False, max_length=200)

    def __init__(self, *args, content_types, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All")), *content_types]
        self.fields["action"].choices = [("", _("All")), *actions]
