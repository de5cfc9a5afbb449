from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Check settings, the database connection and migrations (duban check)."

    def handle(self, *args, **options):
        call_command("check", "--fail-level", "ERROR", verbosity=0)
        self.stdout.write(f"settings: ok ({connection.vendor} database)")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(f"{len(pending)} migrations not applied: run `duban migrate`")
        self.stdout.write("migrations: ok")
