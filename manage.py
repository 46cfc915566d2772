#!/usr/bin/env python
import os
import secrets
import sys

# Commands that read files, compute and print, touching no database, mail or session: they
# must run in a bare checkout with no environment at all (scripts and acceptance checks call
# them so). For these only, manage.py supplies a throw-away secret key and host list, which
# nothing they do uses; every other command (the server above all) still refuses to start
# without its real settings.
STANDALONE_COMMANDS = {"estimate_savings"}


def _command(argv: list[str]) -> str | None:
    return next((arg for arg in argv[1:] if not arg.startswith("-")), None)


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    if _command(sys.argv) in STANDALONE_COMMANDS:
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
