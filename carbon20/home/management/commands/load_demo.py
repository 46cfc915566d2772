from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from carbon20.organisations.models import Programme

DEMO_PROGRAMME_SLUG = "carbon-20"


class Command(BaseCommand):
    help = "Load the demo programme, companies and one user per role, the first time only."

    def handle(self, *args, **options):
        if Programme.objects.filter(slug=DEMO_PROGRAMME_SLUG).exists():
            self.stdout.write("Demo data is already loaded; nothing changed.")
            return
        context: dict = {}
        with transaction.atomic():
            # Each app may contribute a `demo.load(context)`; INSTALLED_APPS order is the
            # dependency order (organisations before accounts before partnerships …).
            for config in apps.get_app_configs():
                if not config.name.startswith("carbon20."):
                    continue
                try:
                    module = import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                if hasattr(module, "load"):
                    module.load(context)
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
