from django import template
from django.forms import BoundField

register = template.Library()

_WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "textarea": "form-input",
    "checkbox": "form-checkbox",
    "radioselect": "",
    "checkboxselectmultiple": "",
    "clearablefile": "form-file-input",
    "file": "form-file-input",
}


@register.filter
def dkfds(field: BoundField) -> str:
    """Render a form field with DKFDS classes and the ARIA links to its hint and error."""
    widget_type = field.widget_type
    css = _WIDGET_CLASSES.get(widget_type, "form-input")
    attrs: dict[str, str] = {}
    existing = field.field.widget.attrs.get("class", "")
    classes = " ".join(c for c in (existing, css) if c)
    if field.errors:
        classes += " form-input-error" if css == "form-input" else ""
        attrs["aria-invalid"] = "true"
    if classes:
        attrs["class"] = classes
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def dkfds_choice(choice) -> str:
    """Render one radio button or checkbox of a choice group with its DKFDS class."""
    css = "form-radio" if choice.data.get("type") == "radio" else "form-checkbox"
    attrs = {**choice.data["attrs"], "class": css}
    context = {"widget": {**choice.data, "attrs": attrs, "wrap_label": False}}
    # The bare input: the caller writes the label after it, and a widget's own option
    # template (such as CheckboxList's) would add a second one.
    return choice.parent_widget._render("django/forms/widgets/input.html", context, choice.renderer)
