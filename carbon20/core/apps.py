from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "carbon20.core"
    label = "core"
    verbose_name = _("Core platform")

    def ready(self) -> None:
        from carbon20.core import checks  # noqa: F401  (registers the deployment checks)
