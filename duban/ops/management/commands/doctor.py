from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from duban.ops.health import pending_migrations


class Command(BaseCommand):
    help = (
        "Check settings, the database connection and migrations (duban check); with "
        "--deploy also Django's production checks (HTTPS, cookies, HSTS, secret key …)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--deploy", action="store_true", help="fail on any warning of a production check"
        )

    def handle(self, *args, deploy=False, **options):
        if deploy:
            call_command("check", "--deploy", "--fail-level", "WARNING", verbosity=0)
        else:
            call_command("check", "--fail-level", "ERROR", verbosity=0)
        self.stdout.write(f"settings: ok ({connection.vendor} database)")
        pending = pending_migrations()
        if pending:
            raise CommandError(f"{pending} migrations not applied: run `duban migrate`")
        self.stdout.write("migrations: ok")
