import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from duban.orgs.models import Organization
from duban.publishing.compose import NothingToPublish, compose
from duban.publishing.models import Publication, PublicationState
from duban.publishing.render import FORMATS, render
from duban.publishing.services import metadata

KINDS = ("task_list", "progress_table", "summary", "bulletin", "notice")


class Command(BaseCommand):
    help = "Write a bureau's task list, progress table or summary in one format (duban export)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--org", required=True, help="the organization's full name")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--period", default="", help="2023Q3, 2023H1 …")
        parser.add_argument("--format", choices=FORMATS, help="default: from -o's extension")
        parser.add_argument("-o", "--output", required=True, help="the file to write")
        parser.add_argument("--json", action="store_true", help="print what was written")
        parser.add_argument("--number", type=int, help="notice: N of 督办〔year〕N号")
        parser.add_argument("--urge", action="store_true", help="notice: as a 催办单")

    def handle(self, kind, org, year, period, format, output, json=False, **opts):
        bureau = Organization.objects.filter(name=org).first()
        if bureau is None:
            raise CommandError(f"no organization named '{org}'")
        fmt = format or Path(output).suffix.lstrip(".").lower()
        if fmt not in FORMATS:
            raise CommandError(f"--format: one of {', '.join(FORMATS)} (or name -o with one)")
        if kind == "notice":
            doc, meta = self._notice(bureau, year, opts.get("number"), opts.get("urge"), fmt)
            return self._write(doc, meta, fmt, output, json)
        if kind in ("progress_table", "bulletin") and not period:
            raise CommandError(f"{kind} needs --period, e.g. --period 2023Q3")
        try:
            doc = compose(bureau, kind, year, period)
        except NothingToPublish as exc:
            raise CommandError(str(exc)) from None
        published = (
            Publication.objects.filter(
                organization=bureau,
                kind=kind,
                year=year,
                period_code=period,
                state=PublicationState.PUBLISHED,
                source=None,
            )
            .order_by("-version")
            .first()
        )  # its 索引号 and classification, when this document was published before
        draft = published or Publication(
            organization=bureau,
            kind=kind,
            title=doc.title,
            year=year,
            period_code=period,
            publisher=bureau.name,
        )
        meta = metadata(draft)
        meta["名称"] = doc.title
        return self._write(doc, meta, fmt, output, json)

    def _notice(self, bureau, year, number, urge, fmt):
        from duban.supervision.documents import NOTICE, URGE, notice_document
        from duban.supervision.models import Notice

        if number is None:
            raise CommandError("notice needs --number, e.g. --number 5 for 督办〔2023〕5号")
        if fmt not in ("docx", "pdf", "html"):
            raise CommandError("a notice is written as docx, pdf or html")
        notice = Notice.objects.filter(
            organization=bureau, number=f"督办〔{year}〕{number}号"
        ).first()
        if notice is None:
            raise CommandError(f"{bureau.name} 没有督办〔{year}〕{number}号")
        return notice_document(notice, URGE if urge else NOTICE)

    def _write(self, doc, meta, fmt, output, json):
        rendered = render(fmt, doc, meta)
        target = Path(output)
        partial = target.with_name(target.name + ".partial")
        try:  # a full disk leaves no half-written file under the name asked for
            partial.write_bytes(rendered.data)
            partial.replace(target)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"{output}: {exc.strerror}") from None
        summary = {
            "file": output,
            "format": fmt,
            "bytes": len(rendered.data),
            "ms": rendered.ms,
            "title": doc.title,
        }
        if json:
            self.stdout.write(_json(summary))
        else:
            self.stdout.write(f"{output}: {doc.title} ({fmt}, {len(rendered.data)} 字节)")


def _json(data) -> str:
    return json.dumps(data, ensure_ascii=False)
