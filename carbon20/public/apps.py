from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "carbon20.public"
    label = "public"
    verbose_name = _("Public pages")

    def ready(self) -> None:
        from carbon20.public import selectors

        selectors.follow_the_listing()
