from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from carbon20.core.forms import LocalizedModelForm
from carbon20.core.validators import normalise_cvr, validate_cvr
from carbon20.organisations.models import Company, Municipality


class CompanyForm(LocalizedModelForm):
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
        widgets = {"cvr": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})}

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

    def clean_industry_code(self) -> str:
        code = self.cleaned_data.get("industry_code", "").strip()
        if code and (not code.isdigit() or len(code) != 6):
            raise ValidationError(_("An industry code (DB07) has 6 digits."))
        return code


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


class CompanyCreateForm(CompanyForm):
    portfolio_municipality = forms.ModelChoiceField(
        label=_("Add to the portfolio of"),
        queryset=Municipality.objects.none(),
        help_text=_("The municipality that works with the company."),
    )

    def __init__(self, *args, municipalities=None, **kwargs):
        super().__init__(*args, **kwargs)
        if municipalities is not None:
            self.fields["portfolio_municipality"].queryset = municipalities
            if municipalities.count() == 1:
                self.fields["portfolio_municipality"].initial = municipalities.first().pk


class AdoptCompanyForm(forms.Form):
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
