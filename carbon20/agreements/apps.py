from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "carbon20.agreements"
    label = "agreements"
    verbose_name = _("Agreements")

    def ready(self) -> None:
        # Energy asks which factor sets are pinned without importing this app (it stands
        # below it); the answer is the one written in agreements.pinning.
        from carbon20.agreements import pinning
        from carbon20.energy import pinning as energy_pinning

        energy_pinning.register(pinning)
