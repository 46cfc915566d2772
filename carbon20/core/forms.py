from django import forms


class LocalizedModelForm(forms.ModelForm):
    """Number and date fields accept the user's language's formats: decimal comma in Danish."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField | forms.FloatField | forms.IntegerField):
                field.localize = True
                field.widget.is_localized = True
