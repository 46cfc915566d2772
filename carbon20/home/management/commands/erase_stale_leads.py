from django.core.management.base import BaseCommand

from carbon20.home import gdpr


class Command(BaseCommand):
    help = (
        "Erase the personal data of contact persons of leads that never became partnerships "
        "(LEAD_RETENTION_MONTHS)."
    )

    def handle(self, *args, **options):
        count = gdpr.erase_stale_leads()
        self.stdout.write(f"Erased {count} contact person(s).")
