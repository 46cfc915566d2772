from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carbon20.energy.forms import DATE_WIDGET
from carbon20.energy.meter_models import MeteringPoint


class MeterFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File from eloverblik.dk"),
        help_text=gettext_lazy("The CSV (semicolons, decimal comma) or JSON the portal gives."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".json")):
            raise ValidationError(_("Upload a CSV or JSON file."), code="file_type")
        return upload


class PowerOfAttorneyForm(forms.Form):
    granted_by_name = forms.CharField(label=gettext_lazy("Granted by (name)"), max_length=200)
    granted_by_role = forms.CharField(
        label=gettext_lazy("Role of the grantor"),
        max_length=200,
        help_text=gettext_lazy("E.g. managing director; someone who may sign for the company."),
    )
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), widget=DATE_WIDGET)
    valid_to = forms.DateField(
        label=gettext_lazy("Valid to"),
        required=False,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Empty: until it is revoked."),
    )
    authorization_id = forms.CharField(
        label=gettext_lazy("Eloverblik authorisation ID"), max_length=100, required=False
    )
    metering_points = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Metering points covered"),
        queryset=MeteringPoint.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("None chosen: every metering point of the company."),
    )

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metering_points"].queryset = company.metering_points.order_by("gsrn")
