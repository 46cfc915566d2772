from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActionplansConfig(AppConfig):
    name = "carbon20.actionplans"
    label = "actionplans"
    verbose_name = _("Climate action plans")
