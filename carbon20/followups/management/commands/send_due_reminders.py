from django.core.management.base import BaseCommand

from carbon20.followups import reminders


class Command(BaseCommand):
    help = (
        "Send the follow-up reminders that are due (before the date and once when overdue), in "
        "this process. Safe to rerun: a reminder already sent is never sent again."
    )

    def handle(self, *args, **options):
        sent = reminders.send_due_reminders()
        self.stdout.write(f"Reminders sent: {sent}")
