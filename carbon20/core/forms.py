from django import forms
from django.core.exceptions import ValidationError

_NUMBER_FIELDS = (forms.DecimalField, forms.FloatField, forms.IntegerField)


class LocalizedModelForm(forms.ModelForm):
    """Number fields read and show the user's language's format: "17,5" and "1.000" in Danish.

    A browser's number input always submits "17.5", which the Danish format reads as 175
    (the dot is the thousands separator), so number fields become text inputs that ask
    phones for a numeric keyboard.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if not isinstance(field, _NUMBER_FIELDS):
                continue
            field.localize = True
            if isinstance(field.widget, forms.NumberInput):
                attrs = {
                    key: value
                    for key, value in field.widget.attrs.items()
                    if key not in {"min", "max", "step"}
                }
                # DecimalField and FloatField are subclasses of IntegerField.
                whole = not isinstance(field, forms.DecimalField | forms.FloatField)
                attrs["inputmode"] = "numeric" if whole else "decimal"
                field.widget = forms.TextInput(attrs=attrs)
            field.widget.is_localized = True


def add_model_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a ValidationError from a service's `full_clean()` on the form that fed it: each
    field's errors at that field, the rest (and those of fields the form lacks) at the top.
    The API shows the same error through its exception handler, as dotted field paths."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
