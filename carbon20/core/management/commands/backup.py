from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from carbon20.core import backups


class Command(BaseCommand):
    help = "Back up the database and the stored files into BACKUP_DIR/<timestamp>/."

    def add_arguments(self, parser):
        parser.add_argument("--into", type=Path, default=None, help="Folder for backups.")

    def handle(self, *args, into: Path | None, **options):
        try:
            folder = backups.backup(into or Path(settings.BACKUP_DIR))
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(folder))
