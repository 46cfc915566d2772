from django import forms
from django.utils.translation import gettext_lazy as _

from carbon20.api.models import ApiToken


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        help_texts = {
            "name": _("What the token is for, e.g. “Case system export”."),
        }
