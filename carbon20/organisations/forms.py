from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from carbon20.core.forms import LocalizedModelForm
from carbon20.core.validators import normalise_cvr, validate_cvr, validate_p_number
from carbon20.organisations.models import Company, ContactPerson, Municipality, Programme, Site


class CompanyForm(LocalizedModelForm):
    # Wider than the stored 8 digits so that a pasted "DK 1234 5674" reaches the CVR rule,
    # which normalises it or names what is wrong.
    cvr = forms.CharField(
        label=_("CVR number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Company
        fields = [
            "cvr",
            "name",
            "address",
            "postcode",
            "city",
            "municipality",
            "industry_code",
            "industry_text",
            "employee_band",
            "website",
        ]

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cvr"].help_text = _("8 digits, e.g. 12345674.")
        self.fields["municipality"].queryset = Municipality.objects.all()
        self.fields["postcode"].widget.attrs["inputmode"] = "numeric"
        if self.instance.pk:
            # The CVR never changes during a company's life; a wrong one is a new company.
            self.fields["cvr"].disabled = True

    def clean_cvr(self) -> str:
        if self.instance.pk:
            return self.instance.cvr
        return validate_cvr(self.cleaned_data["cvr"], allow_demo=settings.DEMO_MODE)


class CompanySearchForm(forms.Form):
    q = forms.CharField(label=_("Name or CVR"), required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        empty_label=_("All municipalities"),
        to_field_name="slug",
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["municipality"].queryset = municipalities

    @property
    def normalised_query(self) -> str:
        query = (self.cleaned_data.get("q") or "").strip() if self.is_valid() else ""
        digits = normalise_cvr(query)
        return digits if digits.isdigit() else query


class PNumbersField(forms.MultipleChoiceField):
    """P-units offered by the CVR register; each value must be a P-number."""

    widget = forms.CheckboxSelectMultiple

    def valid_value(self, value) -> bool:
        return any(str(value) == str(key) for key, _label in self.choices)


class CompanyCreateForm(CompanyForm):
    portfolio_municipality = forms.ModelChoiceField(
        label=_("Add to the portfolio of"),
        queryset=Municipality.objects.none(),
        help_text=_("The municipality that works with the company."),
    )
    p_numbers = PNumbersField(
        label=_("Production units (P-units) to add as sites"),
        required=False,
        help_text=_("As the CVR register lists them; more can be added on the company's page."),
    )

    def __init__(self, *args, municipalities=None, register_connected=False, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["portfolio_municipality"].queryset = municipalities
            if municipalities.count() == 1:
                self.fields["portfolio_municipality"].initial = municipalities.first().pk
        if register_connected:
            self.fields["cvr"].help_text = _(
                "8 digits, e.g. 12345674. The CVR register then fills in the other fields."
            )
            # The register is asked when the CVR number has been entered, without saving.
            self.fields["cvr"].widget.attrs.update(
                {
                    "hx-post": reverse("organisations:company_create"),
                    "hx-trigger": "change",
                    "hx-target": "#company-form-body",
                    "hx-swap": "outerHTML",
                    "hx-vals": '{"lookup": "1"}',
                }
            )
        if units:
            self.fields["p_numbers"].choices = [(unit.p_number, unit_label(unit)) for unit in units]
        else:
            del self.fields["p_numbers"]

    def show_only_cvr_errors(self, message: str = "") -> None:
        """After asking the register: the other fields are not being saved yet, so only what
        concerns the CVR number is shown."""
        self.full_clean()
        kept = self.errors.get("cvr")
        self._errors = ErrorDict()
        if kept:
            self._errors["cvr"] = kept
        if message:
            self.add_error("cvr", message)


def unit_label(unit) -> str:
    address = f"{unit.address.street}, {unit.address.postcode} {unit.address.city}"
    name = f"{unit.name}, " if unit.name else ""
    return f"P {unit.p_number}: {name}{address}"


class AdoptCompanyForm(forms.Form):
    # The CVR the officer typed travels with the company it found: the service adopts the
    # company of that CVR and refuses a company id that does not belong to it.
    cvr = forms.CharField(max_length=20, widget=forms.HiddenInput)
    company = forms.UUIDField(widget=forms.HiddenInput)
    portfolio_municipality = forms.ModelChoiceField(
        label=_("Add to the portfolio of"), queryset=Municipality.objects.none()
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["portfolio_municipality"].queryset = municipalities
            if municipalities.count() == 1:
                self.fields["portfolio_municipality"].initial = municipalities.first().pk


class SiteForm(LocalizedModelForm):
    # Wider than the stored 10 digits so that spaces reach the P-number rule.
    p_number = forms.CharField(
        label=_("P-number"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Site
        fields = [
            "p_number",
            "name",
            "address",
            "postcode",
            "city",
            "municipality",
            "floor_area_m2",
            "employees",
        ]
        widgets = {"postcode": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["p_number"].help_text = _("10 digits, from the CVR register.")
        self.fields["municipality"].help_text = _(
            "The municipality the site lies in; it may differ from the company's."
        )

    def clean_p_number(self) -> str:
        return validate_p_number(self.cleaned_data["p_number"])


class ContactPersonForm(forms.ModelForm):
    """A contact is recorded by one municipality; the choice is offered only when the user
    works for more than one of the municipalities that have the company in their portfolio."""

    municipality = forms.ModelChoiceField(
        label=_("Recorded by"),
        queryset=Municipality.objects.none(),
        help_text=_("Only this municipality sees the contact person."),
    )

    class Meta:
        model = ContactPerson
        fields = ["name", "title", "email", "phone", "is_management", "is_landlord"]
        widgets = {
            "email": forms.EmailInput(attrs={"autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk or municipalities is None:
            # A contact stays with the municipality that recorded it.
            del self.fields["municipality"]
            return
        field = self.fields["municipality"]
        field.queryset = municipalities
        choices = list(municipalities)
        if len(choices) == 1:
            field.initial = choices[0].pk
            field.widget = forms.HiddenInput()


class ProgrammeForm(LocalizedModelForm):
    """What a coordinator keeps up to date; the municipalities and partners of a programme
    are agreed outside the platform and set by an administrator."""

    class Meta:
        model = Programme
        fields = [
            "description",
            "start_date",
            "end_date",
            "target_percent",
            "company_goal",
            "follow_up_count",
            "funder_reference",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
