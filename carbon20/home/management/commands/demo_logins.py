from django.core.management.base import BaseCommand

from carbon20.accounts.demo import demo_logins
from carbon20.core.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins, one per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--url", default="http://127.0.0.1:8000/", help="Where the server runs."
        )

    def handle(self, *args, **options):
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for role, email, key in demo_logins():
            self.stdout.write(f"  {role:<24} {email:<32} {key}")
        self.stdout.write(
            "Staff logins ask for a code: add the key beside them to an authenticator app; "
            "with DEBUG on, the code page of a demo account shows the current code."
        )
        self.stdout.write(f"Open {options['url']} and log in.\n")
