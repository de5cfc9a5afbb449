"""Publications: composed from data as drafts, published once (索引号 assigned, content and
every rendered format frozen), corrected by a new version that names the one it replaces."""

import hashlib
import json
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from duban import refusal
from duban.audit import stamp
from duban.orgs.access import Access, Action
from duban.orgs.models import Organization
from duban.publishing import compose
from duban.publishing.document import Document, from_text
from duban.publishing.models import (
    Classification,
    IndexCounter,
    Publication,
    PublicationFile,
    PublicationKind,
    PublicationState,
)
from duban.publishing.render import FORMATS, render
from duban.refusal import refused

SHIPPED_CLASSIFICATIONS = Path(__file__).resolve().parent / "data" / "classifications.json"
EDITABLE_BODY = {"summary", "other", "bulletin"}  # the kinds whose text the office writes
DEFAULTS = {  # what each kind is filed under unless the office says otherwise
    "task_list": ("重点工作", "民政、扶贫、救灾", "计划"),
    "progress_table": ("重点工作", "民政、扶贫、救灾", "报告"),
    "summary": ("计划总结", "民政、扶贫、救灾", "总结"),
    "bulletin": ("重点工作", "民政、扶贫、救灾", "通报"),
}

METADATA_FIELDS = {
    "year",
    "period_code",
    "body",
    "index_no",
    "category",
    "topic",
    "genre",
    "publisher",
    "doc_no",
    "generated_on",
    "issued_on",
    "disclosure_method",
    "disclosure_scope",
}


@transaction.atomic
def create_publication(
    org: Organization, *, actor, kind: str, title: str, **metadata
) -> Publication:
    Access.of(actor).require(Action.PUBLISH, org)
    unknown = set(metadata) - METADATA_FIELDS
    if unknown:
        raise ValueError(f"unknown publication fields: {', '.join(sorted(unknown))}")
    publication = stamp(Publication(organization=org, kind=kind, title=title, **metadata), actor)
    refusal.checked(publication, exclude=["organization", "previous", "published_by"])
    publication.save()
    return publication


@transaction.atomic
def publish_publication(publication: Publication, *, actor) -> Publication:
    Access.of(actor).require(Action.PUBLISH, publication)
    if publication.state == PublicationState.PUBLISHED:
        raise refused("published", _("该文件已发布"))
    left = [p for p in compose.PLACEHOLDERS if p in publication.body]
    if left:
        raise refused(
            "placeholder_left",
            _("正文中仍有待填写的占位文字“%(text)s”,请修改后再发布"),
            text=left[0],
        )
    if publication.year is None:
        publication.year = (publication.issued_on or timezone.localdate()).year
    if not publication.index_no:
        publication.index_no = next_index_no(publication.organization, publication.year)
    publication.issued_on = publication.issued_on or timezone.localdate()
    publication.generated_on = publication.generated_on or publication.issued_on
    if publication.kind in EDITABLE_BODY and publication.body.strip():
        publication.content = document_of(publication).as_json()  # the edited text, frozen
    publication.state = PublicationState.PUBLISHED
    publication.published_at = timezone.now()
    publication.published_by = actor
    stamp(publication, actor).save()
    # every format is rendered once and kept, an imported document's too: the public
    # site serves the kept files, never renders on a visitor's request
    if settings.TASK_QUEUE == "database":  # the worker renders the files after commit
        from duban.publishing.tasks import freeze_publication_task

        pk = publication.pk
        transaction.on_commit(lambda: freeze_publication_task.enqueue(pk))
    else:
        freeze(publication)
    return publication


@transaction.atomic
def withdraw_publication(publication: Publication, *, actor, reason: str) -> Publication:
    """Take a published version off the public site (撤回), with the reason; it stays in
    the office's list and history, and its 索引号 is never given again."""
    Access.of(actor).require(Action.PUBLISH, publication)
    reason = refusal.text(reason, label=_("撤回原因")).strip()
    if not reason or len(reason) > 200:
        raise refused("withdraw_reason", _("请填写撤回原因(200 字以内)"))
    fresh = Publication.objects.select_for_update().get(pk=publication.pk)
    if fresh.state != PublicationState.PUBLISHED:
        raise refused("not_published", _("只有已发布的文件可以撤回"))
    fresh.state = PublicationState.WITHDRAWN
    fresh.withdrawn_at = timezone.now()
    fresh.withdrawn_by = actor
    fresh.withdraw_reason = reason
    stamp(fresh, actor).save()
    return fresh


@transaction.atomic
def correct_publication(publication: Publication, *, actor, **changes) -> Publication:
    """A published document is never edited: its correction is a new draft version."""
    Access.of(actor).require(Action.PUBLISH, publication)
    if publication.state != PublicationState.PUBLISHED:
        raise refused("draft_needs_no_correction", _("草稿可直接修改,无需更正"))
    if Publication.objects.filter(previous=publication).exists():
        raise refused("already_corrected", _("该版本已有更正版本"))
    unknown = set(changes) - METADATA_FIELDS - {"title"}
    if unknown:
        raise ValueError(f"unknown publication fields: {', '.join(sorted(unknown))}")
    fields = {name: getattr(publication, name) for name in METADATA_FIELDS | {"title"}}
    fields["index_no"] = ""  # a correction is published under a number of its own
    fields["issued_on"] = None
    fields.update(changes)
    correction = stamp(
        Publication(
            organization=publication.organization,
            kind=publication.kind,
            previous=publication,
            version=publication.version + 1,
            content=publication.content,
            **fields,
        ),
        actor,
    )
    refusal.checked(correction, exclude=["organization", "previous", "published_by"])
    correction.save()
    return correction


def classifications(org: Organization) -> dict[str, list[str]]:
    """The shipped lists with the office's own entries after them."""
    lists = json.loads(SHIPPED_CLASSIFICATIONS.read_text(encoding="utf-8"))
    for entry in Classification.objects.filter(organization=org).order_by("order", "name"):
        if entry.name not in lists[entry.kind]:
            lists[entry.kind].append(entry.name)
    return lists


@transaction.atomic
def add_classification(org: Organization, *, actor, kind: str, name: str) -> Classification:
    Access.of(actor).require(Action.PUBLISH, org)
    name = name.strip()
    if kind not in ("category", "topic", "genre") or not name or len(name) > 50:
        raise refused("classification_name", _("请填写分类名称(50 字以内)"))
    if name in classifications(org)[kind]:
        raise refused("classification_exists", _("“%(name)s”已在列表中"), name=name)
    return Classification.objects.create(organization=org, kind=kind, name=name)


@transaction.atomic
def remove_classification(entry: Classification, *, actor) -> None:
    Access.of(actor).require(Action.PUBLISH, entry.organization)
    entry.delete()


def metadata(publication: Publication) -> dict[str, str]:
    """The disclosure metadata in the order a disclosure page shows it."""
    p = publication
    meta = {
        "索引号": p.index_no or "(发布时生成)",
        "组配分类": p.category,
        "发布机构": p.publisher or p.organization.name,
        "主题分类": p.topic,
        "名称": p.title,
        "文号": p.doc_no or "无",
        "体裁分类": p.genre,
        "生成日期": f"{p.generated_on:%Y-%m-%d}" if p.generated_on else "",
        "发布日期": f"{p.issued_on:%Y-%m-%d}" if p.issued_on else "",
        "公开方式": p.disclosure_method,
        "公开范围": p.disclosure_scope,
        "版本": str(p.version),
    }
    if p.previous_id:
        meta["更正"] = f"本件更正第 {p.previous.version} 版({p.previous.index_no})"
    return meta


def document_of(publication: Publication) -> Document:
    """What is published: the frozen content, a summary's edited text, or an imported
    document's own text, paragraph by paragraph."""
    if publication.kind in EDITABLE_BODY and publication.body.strip():
        original = Document.from_json(publication.content) if publication.content else None
        doc = from_text(publication.kind, publication.body, original)
        doc.title = doc.title or publication.title
        return doc
    if publication.content:
        return Document.from_json(publication.content)
    doc = Document(publication.kind, publication.title)
    for line in publication.body.splitlines():
        doc.paragraph(line)
    return doc


@transaction.atomic
def compose_publication(
    org: Organization, *, actor, kind: str, year: int, period: str = ""
) -> Publication:
    """A draft composed from the bureau's data; raises compose.NothingToPublish."""
    Access.of(actor).require(Action.PUBLISH, org)
    doc = compose.compose(org, kind, year, period)
    category, topic, genre = DEFAULTS[kind]
    publication = create_publication(
        org,
        actor=actor,
        kind=kind,
        title=doc.title[:200],
        year=year,
        period_code=period,
        category=category,
        topic=topic,
        genre=genre,
        publisher=org.name,
        generated_on=timezone.localdate(),
        body=doc.as_text(),
    )
    publication.content = doc.as_json()
    publication.save(update_fields=["content"])
    return publication


@transaction.atomic
def refresh_publication(publication: Publication, *, actor) -> Publication:
    """A draft composed again from the data as it is now (a summary's edits are lost)."""
    Access.of(actor).require(Action.PUBLISH, publication)
    if publication.state != PublicationState.DRAFT:
        raise refused("published", _("已发布的文件不可重新生成,请发布更正版本"))
    if publication.source_id is not None:
        raise refused("imported_text", _("导入的文件按原文公开,不能由数据重新生成"))
    doc = compose.compose(
        publication.organization, publication.kind, publication.year, publication.period_code
    )
    publication.content = doc.as_json()
    publication.body = doc.as_text()
    publication.generated_on = timezone.localdate()
    stamp(publication, actor).save()
    return publication


@transaction.atomic
def update_publication(publication: Publication, *, actor, **changes) -> Publication:
    """The office's edits to a draft: metadata, and a summary's text."""
    Access.of(actor).require(Action.PUBLISH, publication)
    if publication.state != PublicationState.DRAFT:
        raise refused("published", _("已发布的公开文件不可修改,请发布更正版本。"))
    allowed = (METADATA_FIELDS | {"title"}) - {"index_no", "year", "period_code"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown publication fields: {', '.join(sorted(unknown))}")
    if "body" in changes and publication.kind not in EDITABLE_BODY:
        raise refused("composed_body", _("清单和进展表的正文由数据生成,请修改数据后重新生成"))
    for name, value in changes.items():
        setattr(publication, name, value)
    refusal.checked(publication, exclude=["organization", "previous", "published_by"])
    stamp(publication, actor).save()
    return publication


def next_index_no(org: Organization, year: int) -> str:
    """The next 索引号 of the organization for the year, from its own counter: an UPDATE
    takes the row lock first, so two publishers at once get two numbers, and a number
    is never given twice, even one a document was imported with."""
    pattern = org.index_pattern or "{code}/{year}-{serial:05d}"
    code = org.disclosure_code or f"ORG{org.pk:04d}"
    while True:
        updated = IndexCounter.objects.filter(organization=org, year=year).update(
            last=F("last") + 1
        )
        if not updated:
            try:
                with transaction.atomic():
                    IndexCounter.objects.create(organization=org, year=year, last=1)
            except IntegrityError:  # someone else created it first: count on theirs
                continue
        serial = IndexCounter.objects.get(organization=org, year=year).last
        number = pattern.format(code=code, year=year, serial=serial)
        if not Publication.objects.filter(organization=org, index_no=number).exists():
            return number


def freeze(publication: Publication) -> list[PublicationFile]:
    """Render every format of a published version not kept yet and keep the files with
    their hashes.
    Called inside the publishing transaction: if any file cannot be written (a full disk),
    the files already written are removed and the transaction rolls back, so there is no
    half-frozen publication."""
    doc = document_of(publication)
    meta = metadata(publication)
    files: list[PublicationFile] = []
    written: list[str] = []
    storage = PublicationFile.file.field.storage
    kept = set(publication.files.values_list("format", flat=True))
    try:
        for fmt in FORMATS:
            if fmt in kept:
                continue
            rendered = render(fmt, doc, meta)
            entry = _stored(publication, rendered, written)
            entry.save()
            files.append(entry)
    except BaseException:
        for name in written:
            storage.delete(name)  # a partly written file too
        raise
    return files


def file_of(publication: Publication, fmt: str) -> bytes:
    """The file of one format: frozen when it was published; a published version whose
    files the worker has not written yet (or one published before every format was kept)
    has it rendered once and kept; a draft's is rendered from the document as it is now."""
    frozen = publication.files.filter(format=fmt).first()
    if frozen is not None:
        with frozen.file.open("rb") as stored:
            return stored.read()
    rendered = render(fmt, document_of(publication), metadata(publication))
    if publication.state == PublicationState.PUBLISHED:
        _keep(publication, rendered)
    return rendered.data


def _stored(publication: Publication, rendered, written: list[str]) -> PublicationFile:
    """The rendered file written to storage, as an unsaved entry with its hash; its name
    is in ``written`` from before the write begins, so a caller can remove a partial one."""
    storage = PublicationFile.file.field.storage
    entry = PublicationFile(
        publication=publication,
        format=rendered.format,
        sha256=hashlib.sha256(rendered.data).hexdigest(),
        size=len(rendered.data),
        render_ms=rendered.ms,
    )
    wanted = entry.file.field.generate_filename(
        entry, f"{publication.pk}-v{publication.version}.{rendered.format}"
    )
    written.append(storage.get_available_name(wanted))
    entry.file.name = storage.save(written[-1], ContentFile(rendered.data))
    written[-1] = entry.file.name
    return entry


def _keep(publication: Publication, rendered) -> None:
    entry = _stored(publication, rendered, [])
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # another request kept it a moment ago
        entry.file.storage.delete(entry.file.name)


def published(org: Organization, *, year="", kind="", q=""):
    """What the public list shows: published versions, newest first, by year, kind and
    words in the title or text."""
    found = org.publications.filter(state=PublicationState.PUBLISHED).select_related("previous")
    if str(year).isdigit():
        found = found.filter(year=int(year))
    if kind in PublicationKind.values:
        found = found.filter(kind=kind)
    if q:
        found = found.filter(Q(title__icontains=q) | Q(body__icontains=q))
    return found.order_by("-issued_on", "-id")


def published_years(org: Organization) -> list[int]:
    return list(
        org.publications.filter(state=PublicationState.PUBLISHED)
        .exclude(year=None)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


def replaced_ids(org: Organization) -> set[int]:
    """The published versions a later published version corrects."""
    return set(
        Publication.objects.filter(
            previous__organization=org, state=PublicationState.PUBLISHED
        ).values_list("previous_id", flat=True)
    )
