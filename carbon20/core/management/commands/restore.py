from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from carbon20.core import backups


class Command(BaseCommand):
    help = "Replace the database and the stored files with a backup made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("backup", type=Path, help="The backup's folder.")

    def handle(self, *args, backup: Path, **options):
        try:
            backups.restore(backup)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {backup}.")
