from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from carbon20.accounts.models import User
from carbon20.core.forms import LocalizedModelForm
from carbon20.core.imports import ImportFileForm
from carbon20.energy.models import Carrier
from carbon20.organisations.models import Partner, PartnerType
from carbon20.partnerships.focus import FocusArea
from carbon20.screening.figures import unit_label
from carbon20.screening.models import EndUse, Measure, TechnicalReview
from carbon20.screening.selectors import eligible_consultants


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        partners = ", ".join(
            m.partner.name for m in obj.memberships.all() if m.partner_id is not None
        )
        return f"{obj.get_full_name() or obj.email} ({partners})"


class AssignConsultantForm(forms.Form):
    consultant = ConsultantChoiceField(
        label=_("Energy consultant"),
        queryset=User.objects.none(),
        help_text=_("A consultant of a consultancy or an energy company."),
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the programme's partner consultancies, not every consultant installed.
        self.fields["consultant"].queryset = eligible_consultants(programme).prefetch_related(
            "memberships__partner"
        )
        self.fields["consultant"].help_text = _(
            "A consultant of a consultancy or an energy company that is a partner of %(programme)s."
        ) % {"programme": programme.name}


class ReviewForm(LocalizedModelForm):
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas covered"),
        choices=FocusArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = TechnicalReview
        fields = [
            "site_visit_date",
            "focus_areas",
            "baseline_start",
            "baseline_end",
            "floor_area_m2",
            "employees",
            "summary",
        ]
        widgets = {
            "site_visit_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "baseline_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "baseline_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, agreement_areas: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        # The review covers the focus areas the parties agreed on, not others.
        self.fields["focus_areas"].choices = [
            (value, label) for value, label in FocusArea.choices if value in agreement_areas
        ]

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("baseline_start")) != bool(cleaned.get("baseline_end")):
            self.add_error("baseline_end", _("Give both the start and the end of the baseline."))
        return cleaned


def quantity_field(label: str, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_digits=16,
        decimal_places=3,
        localize=True,
    )


class BaselineForm(forms.Form):
    """One quantity (and optional cost) per carrier; an empty quantity means none used."""

    def __init__(self, *args, initial_lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        current = {line.carrier: line for line in initial_lines}
        for carrier, label in Carrier.choices:
            quantity = quantity_field(f"{label} ({unit_label(carrier)})")
            cost = forms.DecimalField(
                label=_("%(carrier)s, cost per year (DKK)") % {"carrier": label},
                required=False,
                min_value=Decimal(0),
                max_digits=14,
                decimal_places=2,
                localize=True,
            )
            line = current.get(carrier)
            if line is not None:
                quantity.initial = line.quantity
                cost.initial = line.cost_dkk
            self.fields[f"quantity_{carrier}"] = quantity
            self.fields[f"cost_{carrier}"] = cost

    def clean(self):
        cleaned = super().clean()
        for carrier, _label in Carrier.choices:
            if (
                cleaned.get(f"cost_{carrier}") is not None
                and cleaned.get(f"quantity_{carrier}") is None
            ):
                self.add_error(f"quantity_{carrier}", _("Give the quantity that the cost is for."))
        return cleaned

    def lines(self) -> dict[str, tuple[Decimal, Decimal | None]]:
        return {
            carrier: (
                self.cleaned_data[f"quantity_{carrier}"],
                self.cleaned_data[f"cost_{carrier}"],
            )
            for carrier, _label in Carrier.choices
            if self.cleaned_data.get(f"quantity_{carrier}") is not None
        }

    def carrier_rows(self):
        return [
            (self[f"quantity_{carrier}"], self[f"cost_{carrier}"]) for carrier, _ in Carrier.choices
        ]


class EndUseForm(forms.Form):
    def __init__(self, *args, shares: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        shares = shares or {}
        for value, label in EndUse.choices:
            self.fields[value] = forms.DecimalField(
                label=f"{label} (%)",
                required=False,
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=5,
                decimal_places=1,
                localize=True,
                initial=shares.get(value),
            )
        # The total's limit is the model field's rule (`validate_end_use_shares`); the
        # service's full_clean() reports it at the top of this form.

    def shares(self) -> dict[str, str]:
        return {key: str(value) for key, value in self.cleaned_data.items() if value}


SAVING_PREFIX = "saving_"


class MeasureForm(LocalizedModelForm):
    """A measure with one saving field per carrier. `localized=False` reads plain numbers
    (with a decimal point), as the XLSX import hands them over."""

    class Meta:
        model = Measure
        fields = [
            "focus_area",
            "description",
            "type",
            "dkk_saved_per_year",
            "investment",
            "lifetime_years",
            "other_benefits",
            "obligation_assigned",
            "obligation_company",
            "obligation_date",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "other_benefits": forms.Textarea(attrs={"rows": 2}),
            "obligation_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, localized: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obligation_company"].queryset = Partner.objects.filter(
            type=PartnerType.ENERGY_COMPANY
        )
        # Blank means "not entered" in a form; the model's lower bound 1 is the rule.
        self.fields["lifetime_years"].validators.append(MinValueValidator(1))
        savings = self.instance.savings_decimal() if self.instance.pk else {}
        for carrier, label in Carrier.choices:
            field = quantity_field(
                _("%(carrier)s saved per year (%(unit)s)")
                % {"carrier": label, "unit": unit_label(carrier)}
            )
            field.initial = savings.get(carrier)
            self.fields[f"{SAVING_PREFIX}{carrier}"] = field
        if not localized:
            for field in self.fields.values():
                if isinstance(field, forms.DecimalField | forms.IntegerField):
                    field.localize = False
                    field.widget.is_localized = False

    def saving_fields(self):
        return [self[f"{SAVING_PREFIX}{carrier}"] for carrier, _ in Carrier.choices]

    def main_fields(self):
        return [self[name] for name in self.Meta.fields]

    def clean(self):
        cleaned = super().clean()
        savings = {
            carrier: cleaned.get(f"{SAVING_PREFIX}{carrier}")
            for carrier, _ in Carrier.choices
            if cleaned.get(f"{SAVING_PREFIX}{carrier}")
        }
        self.instance.savings = {carrier: str(amount) for carrier, amount in savings.items()}
        return cleaned


class MeasureImportForm(ImportFileForm):
    file = forms.FileField(
        label=_("Measures (CSV or XLSX)"),
        help_text=_("Use the template. All rows are imported, or none."),
    )


class IssueForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have checked the review; issue the screening report to the company."),
    )
