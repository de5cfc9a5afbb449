import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from duban.ingest.document import parse_file
from duban.ingest.save import save_document
from duban.ingest.text import UnreadableDocument
from duban.orgs.models import Organization


class Command(BaseCommand):
    help = "Read documents into a bureau (duban import); --dry-run --json prints what was read."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--org", help="the bureau's full name, e.g. 宁波市奉化区民政局")
        parser.add_argument("--dry-run", action="store_true", help="save nothing")
        parser.add_argument("--json", action="store_true", help="print the documents as JSON")

    def handle(self, paths, org=None, dry_run=False, json=False, **_):
        docs = []
        for path in map(Path, paths):
            try:
                docs.append(parse_file(path))
            except UnreadableDocument as exc:
                raise CommandError(f"{path}: {exc}") from exc
        if json:
            out = [d.contract() for d in docs]
            self.stdout.write(_dumps(out[0] if len(out) == 1 else out))
        if dry_run:
            return
        if not org:
            raise CommandError("--org is required unless --dry-run")
        target = Organization.objects.filter(name=org).first()
        if target is None:
            raise CommandError(f"no organization named '{org}'")
        with transaction.atomic():  # all files or none
            for doc in docs:
                counts = save_document(doc, target, actor=None)
                if not json:
                    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
                    self.stdout.write(f"{doc.source}: {summary}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
