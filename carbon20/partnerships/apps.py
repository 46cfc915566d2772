from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnershipsConfig(AppConfig):
    name = "carbon20.partnerships"
    label = "partnerships"
    verbose_name = _("Partnerships")

    def ready(self) -> None:
        # Energy asks which factor sets are pinned without importing this app (it stands
        # below it); the answer is the one written in partnerships.pinning.
        from carbon20.energy import pinning as energy_pinning
        from carbon20.partnerships import pinning

        energy_pinning.register(pinning)
