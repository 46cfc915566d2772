from django import forms
from django.utils.translation import gettext_lazy as _

from carbon20.core.forms import LocalizedModelForm
from carbon20.energy.heat_models import HeatDeclaration, HeatSupplier
from carbon20.organisations.models import Municipality


class HeatSupplierForm(forms.ModelForm):
    class Meta:
        model = HeatSupplier
        fields = ["name", "cvr", "area", "municipalities", "website"]
        widgets = {"cvr": forms.TextInput(attrs={"inputmode": "numeric"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.order_by("name")
        self.fields["municipalities"].help_text = _("Where its network supplies heat.")


class HeatDeclarationForm(LocalizedModelForm):
    class Meta:
        model = HeatDeclaration
        fields = ["year", "kg_co2e_per_gj", "method", "source_url", "source_document", "note"]
        widgets = {"year": forms.NumberInput(attrs={"inputmode": "numeric"})}


class SiteHeatSupplyForm(forms.Form):
    supplier = forms.ModelChoiceField(
        label=_("District heating supplier"),
        queryset=HeatSupplier.objects.none(),
        required=False,
        empty_label=_("None chosen: the factor set's national average (fallback)"),
        help_text=_("The company that delivers the site's district heating."),
    )

    def __init__(self, *args, suppliers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers
