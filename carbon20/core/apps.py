from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "carbon20.core"
    label = "core"
    verbose_name = _("Core platform")

    def ready(self) -> None:
        from django import forms

        from carbon20.core import checks  # noqa: F401  (registers the deployment checks)
        from carbon20.core.validators import validate_plain_text

        # Every text field of every form (pages, imports, the admin) refuses NUL bytes and
        # text-direction overrides: one rule, set once here rather than on each form. Fields
        # with their own default validators (e-mail, URL, slug) refuse these already.
        forms.CharField.default_validators = [validate_plain_text]
