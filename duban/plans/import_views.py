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
from duban.ingest.dates import deadline_on
from duban.ingest.document import ParsedDocument
from duban.ingest.save import NEEDS_REPLACE, ImportRefused, Outcome
from duban.orgs.access import Action, import_batch_for, organization_for
from duban.plans import imports
from duban.plans.tasks import import_batch_task

KIND_LABELS = {
    "actual": gettext_lazy("实际值"),
    "target": gettext_lazy("目标值"),
    "completion_rate": gettext_lazy("完成率"),
    "growth": gettext_lazy("增长率"),
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


COLUMN_ROLES = {
    "seq": gettext_lazy("序号"),
    "title": gettext_lazy("工作内容"),
    "goal": gettext_lazy("工作目标"),
    "plan": gettext_lazy("工作安排"),
    "progress": gettext_lazy("进展情况"),
    "actual": gettext_lazy("实际完成数"),
    "rate": gettext_lazy("完成率"),
    "unit": gettext_lazy("计量单位"),
    "leaders": gettext_lazy("分管领导"),
    "departments": gettext_lazy("责任单位 / 科室"),
    "deadline": gettext_lazy("完成时限"),
    "status": gettext_lazy("是否达序时(不读入)"),
    "note": gettext_lazy("备注(不读入)"),
}
HELD = {  # what a column's cells were seen to hold
    "seq": gettext_lazy("序号"),
    "rate": gettext_lazy("百分比"),
    "departments": gettext_lazy("单位或科室名称"),
    "leaders": gettext_lazy("人名"),
    "deadline": gettext_lazy("日期或时限(年底前、持续推进)"),
    "unit": gettext_lazy("计量单位"),
    "progress": gettext_lazy("长句或①②③分项"),
}


def column_rows(columns) -> list[dict]:
    """Each column of a table as read, with the reason in words, for a preview."""
    rows = []
    for index, column in enumerate(columns):
        header = " ".join(column.header.split())
        if column.by == "office":
            why = _("办公室改定")
        elif column.by == "cells":
            why = _("单元格多为%(what)s") % {"what": HELD.get(column.role, column.role)}
            if header:
                why = _("表头“%(header)s”未说明;") % {"header": header} + why
        elif column.by == "header":
            why = _("按表头“%(header)s”") % {"header": header}
        else:
            why = _("未能识别,不读入")
        role = COLUMN_ROLES.get(column.role, "") if column.role else ""
        rows.append({"index": index, "header": header, "role": column.role or "",
                     "role_name": role, "why": why})  # fmt: skip
    return rows


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


def _preview_of(doc: ParsedDocument, outcome: Outcome, upload=None) -> dict:
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
                "title": mark(task.title, by_item.get((t, "title", None), [])),
                "deadline": deadline_on(task.deadline, doc.year or timezone.localdate().year)
                or task.deadline,
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
        "upload": upload,
        "columns": column_rows(doc.columns),
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
    if request.method == "POST" and "recolumn" in request.POST:
        _correct_columns(request, org, uploads)
        return redirect("import-preview", pk=org.pk, batch=batch)
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
        _preview_of(doc, outcome, upload)
        for doc, outcome, upload in zip(docs, imports.previews(docs, org), uploads, strict=True)
    ]
    return render(
        request,
        "plans/import_preview.html",
        {
            "org": org,
            "previews": previews,
            "errors": errors,
            "needs_replace": any(p["outcome"].status == NEEDS_REPLACE for p in previews),
            "column_roles": list(COLUMN_ROLES.items()),
        },
    )


def _correct_columns(request, org, uploads) -> None:
    """The roles the office chose for one file's columns; the whole column is read so."""
    upload = next((u for u in uploads if str(u.pk) == request.POST.get("recolumn")), None)
    if upload is None:
        messages.error(request, _("没有这个待导入的文件"))
        return
    prefix = "role-"
    roles = {}
    for key, value in request.POST.items():
        if key.startswith(prefix) and key[len(prefix) :].isdigit():
            roles[int(key[len(prefix) :])] = value
    try:
        imports.correct_columns(org, upload, roles, actor=request.user)
    except ImportRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已按所选重新识别“%(name)s”的各列") % {"name": upload.name})
