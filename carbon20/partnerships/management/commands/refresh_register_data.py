from django.core.management.base import BaseCommand, CommandError

from carbon20.integrations import cvr
from carbon20.partnerships import tasks


class Command(BaseCommand):
    help = (
        "Refresh the register data of the companies from the CVR register, as the nightly task "
        "does (run it from cron when no Celery beat runs). Safe to rerun: an unchanged company "
        "gets no new timeline event."
    )

    def handle(self, *args, **options):
        if not cvr.is_configured():
            raise CommandError("CVR_USERNAME and CVR_PASSWORD are not set.")
        queued = tasks.refresh_register_data()
        self.stdout.write(f"Companies refreshed or queued: {queued}")
