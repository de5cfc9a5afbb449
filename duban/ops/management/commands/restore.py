from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from duban.ops.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Load a backup into an empty database and file store (duban restore FILE)."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, archive, **options):
        try:
            manifest = restore_backup(Path(archive))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        call_command("migrate", interactive=False, verbosity=0)  # a backup of an older version
        self.stdout.write(
            f"restored the backup of {manifest['created_at']}: {len(manifest['files']) - 1} files"
        )
