"""Importing documents on the site and through the API: stage the uploaded files, show
what each would become, then save them all or none."""

import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duban.ingest import columns
from duban.ingest.document import ParsedDocument, parse_bytes
from duban.ingest.save import (
    NEEDS_REPLACE,
    ImportRefused,
    Outcome,
    import_limits,
    nothing_read,
    preview,
    save_document,
)
from duban.ingest.text import UnreadableDocument
from duban.orgs.access import Access, Action
from duban.orgs.models import Organization
from duban.plans.models import ImportUpload

STALE_AFTER = timezone.timedelta(days=1)


class UploadRefused(ValueError):
    """Some uploaded files cannot be read; one line per file, nothing was kept."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


@transaction.atomic
def stage_import(org: Organization, files, *, actor) -> list[ImportUpload]:
    """Keep the uploaded files (objects with name, size and read()) as one batch awaiting
    confirmation, once every one of them reads as a document; the batch's uploads."""
    Access.of(actor).require(Action.EDIT, org)
    limits = import_limits()
    problems, readable = [], []
    if not files:
        problems.append(_("请选择要导入的文件"))
    for upload in files:
        if upload.size > limits.max_bytes:
            problems.append(f"{upload.name}: 文件过大(超过 {limits.max_bytes // 1048576} MB)")
            continue
        data = upload.read()
        try:
            doc = parse_bytes(upload.name, data, limits)
        except UnreadableDocument as exc:
            problems.append(f"{upload.name}: {exc}")
            continue
        if nothing_read(doc):
            problems.append(f"{upload.name}: 未读出任务、指标或标题,不是可导入的文件")
            continue
        readable.append((upload.name, data))
    if problems:
        raise UploadRefused(problems)
    batch = uuid.uuid4()
    ImportUpload.objects.filter(uploaded_at__lt=timezone.now() - STALE_AFTER).delete()
    return ImportUpload.objects.bulk_create(
        ImportUpload(organization=org, batch=batch, name=name[:255], data=data, uploaded_by=actor)
        for name, data in readable
    )


def for_the_worker(uploads: list[ImportUpload]) -> bool:
    """A batch too large to save within a request goes to the worker, when there is one
    (the database queue)."""
    size = sum(len(u.data) for u in uploads)
    return settings.TASK_QUEUE == "database" and size > settings.DUBAN_BACKGROUND_IMPORT_BYTES


def parsed(uploads: list[ImportUpload]) -> list[ParsedDocument]:
    limits = import_limits()
    return [parse_bytes(u.name, bytes(u.data), limits, corrected_roles(u)) for u in uploads]


def corrected_roles(upload: ImportUpload) -> dict[int, str | None]:
    return {int(i): role or None for i, role in (upload.column_roles or {}).items()}


def correct_columns(
    org: Organization, upload: ImportUpload, roles: dict[int, str], *, actor
) -> None:
    """The office reads columns of the task table as it says (the whole column): each
    role one of the readers' roles, or "" for a column not to read; nothing changes when
    one is not."""
    Access.of(actor).require(Action.EDIT, org)
    unknown = [r for r in roles.values() if r and r not in columns.ROLES]
    if unknown or any(i < 0 or i > 100 for i in roles):
        raise ImportRefused(_("无效的列角色:%(roles)s") % {"roles": "、".join(unknown)[:50]})
    auto = parse_bytes(upload.name, bytes(upload.data), import_limits()).columns
    chosen = {i: r for i, r in roles.items() if i < len(auto) and (auto[i].role or "") != r}
    upload.column_roles = {str(i): role for i, role in sorted(chosen.items())}
    upload.save(update_fields=["column_roles"])


def previews(docs: list[ParsedDocument], org: Organization) -> list[Outcome]:
    year = timezone.localdate().year
    return [preview(doc, org, fallback_year=year) for doc in docs]


@transaction.atomic
def confirm_import(
    org: Organization, uploads: list[ImportUpload], *, actor, replace: bool = False
) -> list[Outcome]:
    """Save every document of the batch, or none: an edited version of a document already
    imported is refused unless ``replace``."""
    outcomes = []
    for doc in parsed(uploads):
        try:
            outcome = save_document(doc, org, actor=actor, replace=replace)
        except ImportRefused as exc:
            raise ImportRefused(f"{doc.source}: {exc}") from exc
        if outcome.status == NEEDS_REPLACE:
            raise ImportRefused(f"{doc.source}: 已导入过另一版本,请勾选“替换旧版本”")
        outcomes.append(outcome)
    ImportUpload.objects.filter(pk__in=[u.pk for u in uploads]).delete()
    return outcomes


@transaction.atomic
def discard_import(org: Organization, uploads: list[ImportUpload], *, actor) -> None:
    Access.of(actor).require(Action.EDIT, org)
    ImportUpload.objects.filter(pk__in=[u.pk for u in uploads]).delete()
