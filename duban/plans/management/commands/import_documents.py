import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from tqdm import tqdm

from duban.ingest.document import parse_file
from duban.ingest.save import (
    NEEDS_REPLACE,
    UNCHANGED,
    ImportRefused,
    import_limits,
    preview,
    save_document,
)
from duban.ingest.text import UnreadableDocument
from duban.orgs.models import Level, Organization
from duban.orgs.services import create_organization


class Command(BaseCommand):
    help = "Read documents into a bureau (duban import); --dry-run --json prints what was read."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--org", help="the bureau's full name, e.g. 宁波市奉化区民政局")
        parser.add_argument(
            "--create-org", action="store_true", help="create the bureau named by --org if missing"
        )
        parser.add_argument("--parent", help="with --create-org: the bureau above it")
        parser.add_argument(
            "--replace", action="store_true", help="replace an earlier version of the same document"
        )
        parser.add_argument("--dry-run", action="store_true", help="save nothing")
        parser.add_argument("--json", action="store_true", help="print the documents as JSON")

    def handle(self, paths, org=None, dry_run=False, json=False, **options):
        docs = self._read(paths, show_progress=not json)
        if json:
            out = [d.contract() for d in docs]
            self.stdout.write(_dumps(out[0] if len(out) == 1 else out))
        if dry_run and not org:
            return
        if not org:
            raise CommandError("--org is required unless --dry-run")
        with transaction.atomic():  # all files or none
            target = self._organization(org, options["create_org"], options["parent"])
            year = timezone.localdate().year
            for doc in docs:
                try:
                    if dry_run:
                        outcome = preview(doc, target, fallback_year=year)
                        self._report(doc, outcome, json, dry_run)
                        continue
                    outcome = save_document(doc, target, actor=None, replace=options["replace"])
                except ImportRefused as exc:
                    raise CommandError(f"{doc.source}: {exc}") from exc
                self._report(doc, outcome, json, dry_run)
                if outcome.status == NEEDS_REPLACE:
                    raise CommandError(
                        f"{doc.source}: 已导入过此文件的另一版本,改动如上;确认替换请加 --replace"
                    )
            if dry_run:
                transaction.set_rollback(True)

    def _read(self, paths, show_progress):
        docs, limits = [], import_limits()
        bar = tqdm(
            paths,
            desc="读取",
            unit="份",
            file=sys.stderr,
            disable=not (show_progress and len(paths) > 1 and sys.stderr.isatty()),
        )
        for path in map(Path, bar):
            try:
                docs.append(parse_file(path, limits))
            except UnreadableDocument as exc:
                raise CommandError(f"{path}: {exc}") from exc
        return docs

    def _organization(self, name, create, parent_name):
        found = Organization.objects.filter(name=name).first()
        if found is not None:
            return found
        if not create:
            raise CommandError(f"no organization named '{name}' (add --create-org to create it)")
        parent = None
        if parent_name:
            parent = Organization.objects.filter(name=parent_name).first()
            if parent is None:
                raise CommandError(f"no organization named '{parent_name}'")
        return create_organization(actor=None, name=name, level=Level.COUNTY, parent=parent)

    def _report(self, doc, outcome, json, dry_run):
        out = self.stderr if json else self.stdout
        if outcome.status == UNCHANGED:
            out.write(f"{doc.source}: 与已导入的版本相同,未作改动")
            return
        for line in outcome.changes:
            out.write(f"  {line}")
        if outcome.status != NEEDS_REPLACE:
            verb = "将导入" if dry_run else "已导入"
            summary = ", ".join(f"{k} {v}" for k, v in outcome.counts.items())
            out.write(f"{doc.source}: {verb} {summary}")


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
