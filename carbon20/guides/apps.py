from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidesConfig(AppConfig):
    name = "carbon20.guides"
    label = "guides"
    verbose_name = _("Guides")

    def ready(self) -> None:
        # A new programme starts with the product's default guides (services.install_defaults).
        from carbon20.guides import signals  # noqa: F401
