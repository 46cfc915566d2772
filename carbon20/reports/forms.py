from django import forms
from django.utils.translation import gettext_lazy as _


class DashboardFilterForm(forms.Form):
    """Municipality, year the partnership started and sector; choices come from what the
    user may see, so a foreign municipality is not a valid choice."""

    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    year = forms.TypedChoiceField(
        label=_("Year started"), required=False, coerce=int, empty_value=None
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False)

    def __init__(self, *args, municipalities, years, sectors, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        self.fields["municipality"].choices = everything + [
            (m.slug, m.name) for m in municipalities
        ]
        self.fields["year"].choices = everything + [(str(y), str(y)) for y in years]
        self.fields["sector"].choices = everything + [(s, s) for s in sectors]
