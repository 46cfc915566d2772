from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The roof: start pages, demo loading and the bench, which may look at every app."""

    name = "carbon20.home"
    label = "home"
    verbose_name = _("Start pages")
