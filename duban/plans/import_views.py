"""Pages of `duban import` on the site: upload several files, see what each will become
(tasks with leaders and departments, indicators marked in their source text), confirm."""

from dataclasses import dataclass, field

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from duban.ingest.blueprint import blueprint
from duban.ingest.document import ParsedDocument
from duban.ingest.save import NEEDS_REPLACE, ImportRefused, Outcome
from duban.orgs.access import Action, import_batch_for, organization_for
from duban.plans import imports
from duban.plans.tasks import import_batch_task

KIND_LABELS = {
    "actual": gettext_lazy("实际"),
    "target": gettext_lazy("目标"),
    "completion_rate": gettext_lazy("完成率"),
    "growth": gettext_lazy("增长"),
}
COMPARATOR_LABELS = {
    "=": gettext_lazy("等于"),
    ">=": gettext_lazy("不少于"),
    "<=": gettext_lazy("不超过"),
    "range": gettext_lazy("区间"),
}
DOCUMENT_KINDS = {
    "task_list": gettext_lazy("任务清单"),
    "progress_table": gettext_lazy("季度进展表"),
    "summary": gettext_lazy("工作总结 / 计划"),
    "other": gettext_lazy("其他"),
}
COUNT_LABELS = {
    "plans": gettext_lazy("任务清单"),
    "tasks": gettext_lazy("任务"),
    "targets": gettext_lazy("指标目标"),
    "readings": gettext_lazy("指标读数"),
}


@dataclass
class Marked:
    """A piece of source text with the figures found in it marked: (text, label or None)."""

    pieces: list[tuple[str, str | None]] = field(default_factory=list)


def mark(text: str, spans: list[tuple[int, int, str]]) -> Marked:
    pieces, at = [], 0
    for start, end, label in sorted(spans):
        if start < at:
            continue
        pieces.append((text[at:start], None))
        pieces.append((text[start:end], label))
        at = end
    pieces.append((text[at:], None))
    return Marked([(t, label) for t, label in pieces if t])


def _label(indicator) -> str:
    sign = {"=": "", ">=": "≥", "<=": "≤", "range": ""}[indicator.comparator]
    value = f"{indicator.value}–{indicator.value_max}" if indicator.value_max else indicator.value
    return f"{indicator.name}:{KIND_LABELS[indicator.kind]} {sign}{value}{indicator.unit}"


def _preview_of(doc: ParsedDocument, outcome: Outcome) -> dict:
    """What the preview page shows of one document."""
    by_block: dict[int, list] = {}
    by_item: dict[tuple, list] = {}
    for found in doc.indicators:
        ind = found.indicator
        span = (ind.start, ind.end, _label(ind))
        if found.task is not None:
            by_item.setdefault((found.task, found.column, found.item), []).append(span)
        else:
            by_block.setdefault(found.block, []).append(span)
    tasks = []
    for t, task in enumerate(doc.tasks):
        tasks.append(
            {
                "task": task,
                "goal": mark(task.goal, by_item.get((t, "goal", 0), [])) if task.goal else None,
                "plan": [mark(x, by_item.get((t, "plan", i), [])) for i, x in
                         enumerate(task.plan_items)],
                "progress": [mark(x, by_item.get((t, "progress", i), [])) for i, x in
                             enumerate(task.progress_items)],
            }
        )  # fmt: skip
    paragraphs = [mark(doc.blocks[b].text, spans) for b, spans in sorted(by_block.items())]
    return {
        "doc": doc,
        "kind": DOCUMENT_KINDS[doc.kind],
        "counts": [(COUNT_LABELS[k], n) for k, n in outcome.counts.items() if k in COUNT_LABELS],
        "outcome": outcome,
        "plans": blueprint(doc, doc.year or timezone.localdate().year),
        "tasks": tasks,
        "paragraphs": paragraphs,
        "indicators": [
            {
                "i": f.indicator,
                "kind": KIND_LABELS.get(f.indicator.kind, f.indicator.kind),
                "comparator": COMPARATOR_LABELS.get(f.indicator.comparator, f.indicator.comparator),
            }
            for f in doc.indicators
        ],
    }


@require_http_methods(["GET", "POST"])
def import_upload(request, pk):
    org = organization_for(request.user, pk, Action.EDIT)
    errors: list[str] = []
    if request.method == "POST":
        try:
            staged = imports.stage_import(org, request.FILES.getlist("files"), actor=request.user)
        except imports.UploadRefused as exc:
            errors = exc.problems
        else:
            return redirect("import-preview", pk=org.pk, batch=staged[0].batch)
    return render(request, "plans/import_upload.html", {"org": org, "errors": errors})


@require_http_methods(["GET", "POST"])
def import_preview(request, pk, batch):
    org, uploads = import_batch_for(request.user, pk, batch)
    errors: list[str] = []
    if request.method == "POST" and "discard" in request.POST:
        imports.discard_import(org, uploads, actor=request.user)
        messages.info(request, _("已放弃导入,未保存任何内容"))
        return redirect("organization", pk=org.pk)
    if request.method == "POST" and imports.for_the_worker(uploads):
        import_batch_task.enqueue(
            org_id=org.pk,
            batch=str(batch),
            actor_id=request.user.pk,
            replace=request.POST.get("replace") == "on",
        )
        messages.success(request, _("文件较大,已转入后台导入;完成后会在工作台通知您。"))
        return redirect("organization", pk=org.pk)
    if request.method == "POST":
        replace = request.POST.get("replace") == "on"
        try:
            imports.confirm_import(org, uploads, actor=request.user, replace=replace)
        except ImportRefused as exc:
            errors.append(str(exc))
        else:
            messages.success(request, _("已导入 %(n)d 个文件") % {"n": len(uploads)})
            return redirect("organization", pk=org.pk)
    docs = imports.parsed(uploads)
    previews = [
        _preview_of(doc, outcome)
        for doc, outcome in zip(docs, imports.previews(docs, org), strict=True)
    ]
    return render(
        request,
        "plans/import_preview.html",
        {
            "org": org,
            "previews": previews,
            "errors": errors,
            "needs_replace": any(p["outcome"].status == NEEDS_REPLACE for p in previews),
        },
    )
