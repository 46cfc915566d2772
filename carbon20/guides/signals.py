"""A new programme gets the default guides at once, so every step has its guide from the
programme's first day (existing programmes got them in migration 0002)."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from carbon20.guides import services
from carbon20.organisations.models import Programme


@receiver(post_save, sender=Programme, dispatch_uid="guides_install_defaults")
def install_default_guides(sender, instance: Programme, created: bool, raw: bool = False, **kwargs):
    if created and not raw:
        services.install_defaults(programme=instance)
