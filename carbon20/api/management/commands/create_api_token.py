from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from carbon20.api import services


class Command(BaseCommand):
    help = "Create a personal API token for a user and print its secret (shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="Command line")

    def handle(self, *args, email, name, **options):
        user = get_user_model().objects.filter(email=email.lower()).first()
        if user is None:
            raise CommandError(f"No user has the e-mail address {email}.")
        _token, secret = services.create_token(user=user, name=name)
        self.stdout.write(secret)
