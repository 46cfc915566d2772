from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from carbon20.core.forms import LocalizedModelForm
from carbon20.core.imports import ImportFileForm
from carbon20.energy import services
from carbon20.energy.models import (
    ConsumptionRecord,
    EmissionFactor,
    FactorMethod,
    FactorSet,
    ProductionRecord,
    Reliability,
    WeatherArea,
)
from carbon20.energy.validators import validate_evidence_file

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def use_decimal_text_input(field: forms.Field) -> None:
    """A text box with a decimal keypad instead of <input type=number>: a number input
    submits 12.5 whatever the user's language, and with the Danish thousands separator
    Django would read that as 125."""
    field.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    field.widget.is_localized = True


class ConsumptionRecordForm(LocalizedModelForm):
    class Meta:
        model = ConsumptionRecord
        fields = [
            "site",
            "carrier",
            "period_start",
            "period_end",
            "quantity",
            "unit",
            "source",
            "heated_share_percent",
            "evidence",
            "note",
        ]
        widgets = {"period_start": DATE_WIDGET, "period_end": DATE_WIDGET}

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["site"].queryset = company.sites.order_by("name", "address")
        self.fields["site"].empty_label = _("The whole company")
        self.fields["heated_share_percent"].required = False
        use_decimal_text_input(self.fields["quantity"])
        # Parsed only: the service's rules (clean() below) give the page and the API one
        # message for a quantity with too many digits.
        self.fields["quantity"].validators = []
        use_decimal_text_input(self.fields["heated_share_percent"])
        self.fields["heated_share_percent"].help_text = _(
            "Leave empty for the default: 100 % for district heating, natural gas, heating oil "
            "and wood fuels, otherwise 0 %."
        )
        if not company.sites.exists():
            del self.fields["site"]

    def clean(self):
        cleaned = super().clean()
        needed = ("carrier", "unit", "period_start", "period_end", "quantity")
        if all(cleaned.get(name) is not None for name in needed):
            errors = services.consumption_errors(
                carrier=cleaned["carrier"],
                unit=cleaned["unit"],
                period_start=cleaned["period_start"],
                period_end=cleaned["period_end"],
                quantity=cleaned["quantity"],
                heated_share_percent=cleaned.get("heated_share_percent"),
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return cleaned

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if evidence:
            validate_evidence_file(evidence)
        return evidence

    def _post_clean(self):
        # The service converts and validates the whole record (clean() has already applied
        # its rules field by field); the model's checks would repeat them as general errors.
        pass


class FactorSetImportForm(ImportFileForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    method = forms.ChoiceField(label=_("Method"), choices=FactorMethod.choices)
    source_url = forms.URLField(label=_("Source (URL)"), max_length=500, assume_scheme="https")
    reliability = forms.ChoiceField(label=_("Reliability"), choices=Reliability.choices)
    reliability_note = forms.CharField(
        label=_("Reliability note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)

    field_order = [
        "name",
        "year",
        "method",
        "source_url",
        "reliability",
        "reliability_note",
        "programme",
        "file",
    ]

    def __init__(self, *args, programmes, allow_reference=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["file"].help_text = _(
            "CSV or XLSX with the columns Energiart; kg CO2e pr. enhed; Scope; Kilde; Note. "
            "The factor is per kWh, per m³ of water or per tonne of waste."
        )
        if allow_reference:
            self.fields["programme"].required = False
            self.fields["programme"].empty_label = _("None: a reference set for everyone")

    def clean(self):
        cleaned = super().clean()
        name, year = cleaned.get("name"), cleaned.get("year")
        if name and year and FactorSet.objects.filter(name=name, year=year).exists():
            self.add_error("name", _("A set with this name and year already exists."))
        return cleaned


class FactorSetCopyForm(forms.Form):
    name = forms.CharField(label=_("Name of the new set"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None)

    def __init__(self, *args, programmes, allow_reference=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        if allow_reference:
            self.fields["programme"].required = False
            self.fields["programme"].empty_label = _("None: a reference set for everyone")

    def clean(self):
        cleaned = super().clean()
        name, year = cleaned.get("name"), cleaned.get("year")
        if name and year and FactorSet.objects.filter(name=name, year=year).exists():
            self.add_error("name", _("A set with this name and year already exists."))
        return cleaned


class EmissionFactorForm(LocalizedModelForm):
    class Meta:
        model = EmissionFactor
        fields = ["carrier", "kg_co2e_per_unit", "scope", "source", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_decimal_text_input(self.fields["kg_co2e_per_unit"])

    def clean_kg_co2e_per_unit(self):
        value = self.cleaned_data["kg_co2e_per_unit"]
        if value < 0:
            raise ValidationError(_("An emission factor cannot be negative."), code="negative")
        return value

    def _post_clean(self):
        # The factor set is attached by the service, which also refuses pinned sets.
        pass


class DegreeDayImportForm(ImportFileForm):
    series = forms.CharField(
        label=_("Series"),
        max_length=200,
        help_text=_("Station or publisher. Corrections only compare years of the same series."),
    )
    source_url = forms.URLField(
        label=_("Source (URL)"), max_length=500, required=False, assume_scheme="https"
    )
    note = forms.CharField(label=_("Note"), max_length=500, required=False)

    field_order = ["series", "source_url", "note", "file"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV or XLSX with the columns År; Måned; Graddage (one row per month)."
        )


class SummaryForm(forms.Form):
    """Which factor set the consumption page computes CO2e with."""

    factor_set = forms.ModelChoiceField(label=_("Emission factor set"), queryset=None)
    degree_day_series = forms.ChoiceField(label=_("Degree-day correction"), required=False)
    baseline_year = forms.IntegerField(
        label=_("Correct heat to the degree days of"), required=False, min_value=1900
    )

    def __init__(self, *args, factor_sets, series_names, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor_set"].queryset = factor_sets
        self.fields["factor_set"].to_field_name = "uuid"
        self.fields["degree_day_series"].choices = [("", _("No correction"))] + [
            (name, name) for name in series_names
        ]


class WeatherSeriesForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), choices=WeatherArea.choices)
    code = forms.CharField(
        label=_("DMI code"),
        max_length=10,
        help_text=_(
            "The municipality code (e.g. 0751) or station id (e.g. 06074) as DMI writes it."
        ),
    )
    name = forms.CharField(label=_("Name"), max_length=200)


class WeatherImportForm(ImportFileForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "CSV or XLSX with the columns date and mean_temperature_c (or Dato; "
            "Middeltemperatur), optionally graddage; or a GeoJSON answer saved from DMI's "
            "climate data API."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.name.lower().endswith((".json", ".geojson")):
            return upload
        return super().clean_file()


class ProductionRecordForm(LocalizedModelForm):
    class Meta:
        model = ProductionRecord
        fields = ["site", "period_start", "period_end", "quantity", "unit", "product", "evidence"]
        widgets = {"period_start": DATE_WIDGET, "period_end": DATE_WIDGET}

    def __init__(self, *args, company, required_unit: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = company.sites.order_by("name", "address")
        self.fields["site"].empty_label = _("The whole company")
        use_decimal_text_input(self.fields["quantity"])
        if required_unit:
            self.fields["unit"].initial = required_unit
            self.fields["unit"].help_text = _("The agreement records production in %(unit)s.") % {
                "unit": required_unit
            }
        if not company.sites.exists():
            del self.fields["site"]
