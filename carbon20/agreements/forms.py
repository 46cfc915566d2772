"""Forms of the agreement pages: the agreement itself, a signature, a scan and a template."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from carbon20.agreements.agreement_text import PLACEHOLDERS, validate_template_body
from carbon20.agreements.models import (
    Agreement,
    AgreementSignature,
    AgreementTemplateVersion,
    DataKind,
    DataSource,
    DocumentationMethod,
)
from carbon20.agreements.pinning import FACTOR_SET_REQUIRED
from carbon20.core.forms import LocalizedModelForm
from carbon20.core.uploads import NotAPdf, check_pdf
from carbon20.energy.models import FactorSet
from carbon20.partnerships.focus import FocusArea
from carbon20.partnerships.forms import DATE_INPUT, not_in_future
from carbon20.partnerships.models import Partnership
from carbon20.partnerships.widgets import CheckboxList


def method_field(kind: str) -> str:
    return f"method_{kind}"


class AgreementForm(LocalizedModelForm):
    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        choices=FocusArea.choices,
        widget=CheckboxList,
    )
    data_kinds = forms.MultipleChoiceField(
        label=_("Data documented"),
        choices=DataKind.choices,
        widget=CheckboxList,
    )
    data_sources = forms.MultipleChoiceField(
        label=_("Sources of the data"),
        choices=DataSource.choices,
        widget=CheckboxList,
    )

    class Meta:
        model = Agreement
        fields = [
            "target_percent",
            "baseline_year",
            "start_date",
            "target_date",
            "focus_areas",
            "company_obligations",
            "municipality_obligations",
            "offers",
            "data_kinds",
            "data_sources",
            "baseline_start",
            "weather_series",
            "production_variable",
            "production_unit",
            "factor_set",
            "reporting_frequency",
            "publish_consent",
        ]
        widgets = {
            "baseline_start": DATE_INPUT,
            "start_date": DATE_INPUT,
            "target_date": DATE_INPUT,
            "company_obligations": forms.Textarea(attrs={"rows": 5}),
            "municipality_obligations": forms.Textarea(attrs={"rows": 5}),
            "offers": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factor_set"].queryset = FactorSet.objects.filter(
            Q(programme__isnull=True) | Q(programme=partnership.programme), is_published=True
        ).order_by("-year", "name")
        self.fields["factor_set"].help_text = FACTOR_SET_REQUIRED
        self.fields["target_percent"].help_text = _(
            "Between 1 and 100; the programme's is %(v)s %%."
        ) % {"v": formats.number_format(partnership.programme.target_percent.normalize())}
        # A number input cannot show a decimal comma; a text input with the decimal keypad can.
        self.fields["target_percent"].widget = forms.TextInput(attrs={"inputmode": "decimal"})
        self.fields["target_percent"].widget.is_localized = True
        self.fields["baseline_year"].localize = False
        self.fields["baseline_year"].widget.is_localized = False
        methods = self.instance.documentation_methods or {}
        # One choice per data kind, placed after the data kinds; a kind left unticked ignores it.
        for kind in DataKind:
            self.fields[method_field(kind)] = forms.ChoiceField(
                label=_("Documentation method: %(kind)s") % {"kind": kind.label},
                choices=DocumentationMethod.choices,
                initial=methods.get(kind.value, DocumentationMethod.BILLS),
                required=False,
            )
        order = list(self.fields)
        position = order.index("data_sources") + 1
        names = [method_field(kind) for kind in DataKind]
        rest = [name for name in order if name not in names]
        self.order_fields(rest[:position] + names + rest[position:])

    def clean(self):
        cleaned = super().clean()
        kinds = cleaned.get("data_kinds") or []
        self.instance.documentation_methods = {
            kind: cleaned.get(method_field(kind)) or DocumentationMethod.BILLS for kind in kinds
        }
        return cleaned

    def clean_target_percent(self):
        target = self.cleaned_data.get("target_percent")
        if target is not None and not (1 <= target <= 100):
            raise ValidationError(_("The target must be between 1 and 100 %."))
        return target


class SignatureForm(forms.Form):
    name = forms.CharField(label=_("Your full name"), max_length=200)
    title = forms.CharField(label=_("Your title"), max_length=200)
    pdf_sha256 = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("I have read the agreement and sign it on behalf of my organisation.")
    )

    def __init__(self, *args, agreement: Agreement, user, party: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        self.user = user
        self.party = party
        self.fields["pdf_sha256"].initial = agreement.sent_pdf_sha256
        self.fields["name"].initial = user.get_full_name()
        self.fields["title"].initial = user.title

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        for signature in self.agreement.signatures.all():
            if signature.user_id == self.user.pk:
                raise ValidationError(
                    _("You have already signed this agreement; the other party signs next.")
                )
            if signature.name.casefold() == name.casefold():
                raise ValidationError(
                    _("%(name)s has already signed; the same person cannot sign twice.")
                    % {"name": signature.name}
                )
        return name

    def clean_pdf_sha256(self):
        value = self.cleaned_data["pdf_sha256"]
        if value != self.agreement.sent_pdf_sha256:
            raise ValidationError(
                _("The document has changed since you opened it. Open it again and sign that.")
            )
        return value

    def clean(self):
        cleaned = super().clean()
        if self.party == AgreementSignature.Party.MUNICIPALITY and not self.agreement.signature_for(
            AgreementSignature.Party.COMPANY
        ):
            raise ValidationError(_("The company signs first; then the municipality countersigns."))
        return cleaned


class ScanUploadForm(forms.Form):
    scan = forms.FileField(
        label=_("Signed agreement (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    company_signatory = forms.CharField(label=_("Signed for the company by"), max_length=200)
    municipality_signatory = forms.CharField(
        label=_("Signed for the municipality by"), max_length=200
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE_INPUT)

    def __init__(self, *args, agreement: Agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.agreement = agreement
        limit_mb = settings.MAX_UPLOAD_BYTES / (1024 * 1024)
        self.fields["scan"].help_text = _("A PDF of at most %(size)s MB.") % {
            "size": f"{limit_mb:.0f}"
        }

    def clean_scan(self):
        scan = self.cleaned_data["scan"]
        if scan.size > settings.MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {
                    "size": f"{scan.size / (1024 * 1024):.1f}",
                    "limit": f"{settings.MAX_UPLOAD_BYTES / (1024 * 1024):.0f}",
                }
            )
        # Parsed, not judged by its first bytes: "%PDF-" followed by a web page is refused.
        try:
            check_pdf(scan.read())
        except NotAPdf as error:
            raise ValidationError(str(error), code="not_pdf") from error
        finally:
            scan.seek(0)
        return scan

    def clean_signed_on(self):
        signed_on = not_in_future(self.cleaned_data.get("signed_on"), _("The signing date"))
        if signed_on and signed_on < self.agreement.partnership.first_contact_date:
            raise ValidationError(_("The agreement cannot be signed before the first contact."))
        return signed_on

    def clean(self):
        cleaned = super().clean()
        company = cleaned.get("company_signatory", "")
        municipality = cleaned.get("municipality_signatory", "")
        if (
            company
            and municipality
            and company.strip().casefold() == municipality.strip().casefold()
        ):
            self.add_error(
                "municipality_signatory", _("The same person cannot sign for both parties.")
            )
        return cleaned


class TemplateVersionForm(forms.ModelForm):
    class Meta:
        model = AgreementTemplateVersion
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "class": "form-input-wide"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].help_text = _(
            "Markdown: ## for headings, ** for bold, - for lists. Placeholders in double braces, "
            "e.g. {{ company }}; the list of placeholders is below."
        )

    def clean_body(self):
        body = self.cleaned_data["body"]
        validate_template_body(body)
        return body

    @staticmethod
    def placeholders():
        return sorted(PLACEHOLDERS.items())
