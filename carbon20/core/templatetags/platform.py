from functools import lru_cache

from django import template
from django.forms import BoundField
from django.template.loader import render_to_string
from django.utils import translation

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


@register.simple_tag(takes_context=True)
def main_menu(context) -> str:
    """`includes/navigation.html`, which every page shows twice (the bar and the mobile
    drawer): it depends only on the roles, the page's path and the language, so each
    combination is rendered once per process instead of on every request."""
    return _main_menu(
        translation.get_language(),
        context["request"].path,
        context["roles"],
        context["user"].is_staff,
    )


@lru_cache(maxsize=2048)
def _main_menu(language: str, path: str, roles, is_staff: bool) -> str:
    # Only what the menu reads, so that nothing else of a request is kept.
    return render_to_string(
        "includes/navigation.html",
        {"request": {"path": path}, "roles": roles, "user": {"is_staff": is_staff}},
    )
