from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.ops.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Write one consistent archive of the database and the files (duban backup -o FILE)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True, help="the archive, e.g. duban.tar.gz")

    def handle(self, output, **options):
        try:
            manifest = write_backup(Path(output))
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from None
        size = sum(f["size"] for f in manifest["files"])
        self.stdout.write(
            f"{output}: {manifest['database']} database and "
            f"{len(manifest['files']) - 1} files, {size / 1048576:.1f} MB before compression"
        )
