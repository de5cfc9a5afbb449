"""Saving a parsed document into the models: the one module of ingest/ that uses Django.

Importing the same file again changes nothing; an edited version of a file already
imported is refused with what would change, unless ``replace`` is given."""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from duban.ingest.blueprint import PlanSpec, blueprint, counts
from duban.ingest.document import ParsedDocument
from duban.ingest.meaning import INCREASE, meaning
from duban.ingest.readers import Limits
from duban.orgs.access import Access, Action
from duban.orgs.models import Department, Organization, Person
from duban.orgs.services import add_department, add_person
from duban.plans import services as plans
from duban.plans.models import BusinessLine, IndicatorDefinition, Plan, PlanState, SourceDocument
from duban.progress import services as progress
from duban.progress.models import ProgressReport, Reading
from duban.publishing import services as publishing
from duban.publishing.document import numeral
from duban.publishing.models import Publication, PublicationState

ALL_DEPARTMENTS = {"各科室", "各责任科室", "局各科室"}
ALL_LEADERS = {"各分管领导", "各位分管领导", "局领导"}
_ALIAS = re.compile(r"^(?P<name>[^(]+?)\s*\((?P<alias>[^)]+)\)$")

CREATED, UNCHANGED, NEEDS_REPLACE, REPLACED = "created", "unchanged", "needs_replace", "replaced"


class ImportRefused(ValueError):
    """The import would lose data; the message is one line for the user."""


@dataclass
class Outcome:
    status: str
    counts: dict[str, int] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    source: SourceDocument | None = None
    previous: SourceDocument | None = None


def nothing_read(doc: ParsedDocument) -> bool:
    """No task, no indicator and no title: not a document duban can keep."""
    return not doc.tasks and not doc.indicators and not (doc.title or "").strip()


def preview(doc: ParsedDocument, org: Organization, *, fallback_year: int) -> Outcome:
    """What saving would do, without writing anything."""
    if nothing_read(doc):
        raise ImportRefused("未读出任务、指标或标题,不是可导入的文件,未保存")
    same = SourceDocument.objects.filter(organization=org, sha256=doc.sha256).first()
    if same is not None:
        return Outcome(UNCHANGED, source=same)
    specs = blueprint(doc, fallback_year)
    previous = _previous_version(doc, org)
    if previous is not None:
        return Outcome(
            NEEDS_REPLACE,
            counts(specs),
            changes=describe_changes(previous.parsed, doc.contract()),
            previous=previous,
        )
    return Outcome(CREATED, counts(specs))


def save_document(
    doc: ParsedDocument, org: Organization, *, actor, replace: bool = False, fallback_year=None
) -> Outcome:
    """Save what the document holds into ``org`` in one transaction, or nothing: a value
    the services refuse (an empty task title, a figure no entry accepts) refuses the
    whole document with one line naming it."""
    try:
        return _save_document(doc, org, actor=actor, replace=replace, fallback_year=fallback_year)
    except ValidationError as exc:
        raise ImportRefused(";".join(exc.messages)) from exc


@transaction.atomic
def _save_document(
    doc: ParsedDocument, org: Organization, *, actor, replace: bool, fallback_year
) -> Outcome:
    Access.of(actor).require(Action.EDIT, org)
    fallback_year = fallback_year or timezone.localdate().year
    outcome = preview(doc, org, fallback_year=fallback_year)
    if outcome.status == UNCHANGED:
        return outcome
    if outcome.status == NEEDS_REPLACE and not replace:
        return outcome
    previous = outcome.previous
    source = SourceDocument.objects.create(
        organization=org,
        name=doc.source[:255],
        sha256=doc.sha256,
        kind=doc.kind,
        title=(doc.title or "")[:200],
        year=doc.year,
        period_code=doc.period or "",
        text=doc.body,
        parsed=doc.contract(),
        imported_by=actor,
    )
    if previous is not None:
        _retire(previous, actor)
    specs = blueprint(doc, fallback_year)
    made = {"plans": 0, "tasks": 0, "targets": 0, "readings": 0, "reports": 0}
    for spec in specs:
        _save_plan(spec, org, source, actor, made)
    _save_publication(doc, org, source, actor, previous)
    code = (doc.index_no or "").split("/", 1)[0]
    if code and not org.disclosure_code:
        org.disclosure_code = code[:40]
        org.save(update_fields=["disclosure_code"])
    source.parsed = {**source.parsed, "saved": made}
    source.save(update_fields=["parsed"])
    if previous is not None:
        previous.replaced_by = source
        previous.save(update_fields=["replaced_by"])
    return Outcome(REPLACED if previous else CREATED, made, outcome.changes, source, previous)


def _previous_version(doc: ParsedDocument, org: Organization) -> SourceDocument | None:
    """The current import of the same document: same file name, or same kind, title
    and period."""
    current = SourceDocument.objects.filter(organization=org, replaced_by=None)
    by_name = current.filter(name=doc.source).first()
    if by_name is not None:
        return by_name
    if doc.title:
        return current.filter(
            kind=doc.kind, title=doc.title[:200], period_code=doc.period or ""
        ).first()
    return None


def _retire(previous: SourceDocument, actor) -> None:
    """Remove what the previous version created, unless people have worked on it since."""
    saved = previous.parsed.get("saved", {})
    old_plans = Plan.objects.filter(source=previous)
    reports = ProgressReport.objects.filter(task__plan__in=old_plans).count()
    readings = Reading.objects.filter(report__task__plan__in=old_plans).count()
    if reports != saved.get("reports", 0) or readings != saved.get("readings", 0):
        raise ImportRefused(
            f"“{previous.title or previous.name}”导入后已有人填报进展,不能整体替换;"
            "请在任务页面逐项修改"
        )
    for plan in old_plans:
        Access.of(actor).require(Action.EDIT, plan)
        plan.delete()


def describe_changes(old: dict, new: dict) -> list[str]:
    """What an edited version changes, one line each, for the user to confirm."""
    lines = []
    for key, label in (("title", "标题"), ("date", "日期"), ("index_no", "索引号")):
        if old.get(key) != new.get(key):
            lines.append(f"~ {label}:{old.get(key) or '(无)'} → {new.get(key) or '(无)'}")

    def task_key(task):
        return f"{task['section'] or ''} {task['seq'] or ''}".strip()

    old_tasks = {task_key(t): t for t in old.get("tasks", [])}
    new_tasks = {task_key(t): t for t in new.get("tasks", [])}
    for key, task in new_tasks.items():
        before = old_tasks.get(key)
        if before is None:
            lines.append(f"+ 任务 {key}:{task['title']}")
            continue
        for name, label in (
            ("title", "工作内容"),
            ("goal", "工作目标"),
            ("leaders", "分管领导"),
            ("departments", "责任科室"),
            ("plan_items", "季度安排"),
            ("progress_items", "季度进展"),
        ):
            if before.get(name) != task.get(name):
                lines.append(
                    f"~ 任务 {key} {label}:{_short(before.get(name))} → {_short(task.get(name))}"
                )
    lines += [f"- 任务 {key}:{t['title']}" for key, t in old_tasks.items() if key not in new_tasks]

    def figure(i):
        return (i["name"], i["value"], i["unit"], i["kind"], i["comparator"])

    old_figures = {figure(i): i for i in old.get("indicators", [])}
    new_figures = {figure(i): i for i in new.get("indicators", [])}
    for key, i in new_figures.items():
        if key not in old_figures:
            lines.append(f"+ 指标 {i['name']} {i['value']}{i['unit']}({i['text'][:40]})")
    for key, i in old_figures.items():
        if key not in new_figures:
            lines.append(f"- 指标 {i['name']} {i['value']}{i['unit']}({i['text'][:40]})")
    return lines


def _short(value) -> str:
    if isinstance(value, list):
        value = ";".join(value)
    text = str(value or "(空)")
    return text if len(text) <= 40 else text[:39] + "…"


def find_department(org: Organization, text: str) -> tuple[Department | None, str, str]:
    """The department a cell names, if the bureau has it, with the name and alias read
    from the cell: 养老服务科 (儿童福利科) is 养老服务科, alias 儿童福利科."""
    match = _ALIAS.match(text)
    name, alias = (match["name"].strip(), match["alias"].strip()) if match else (text, "")
    found = Department.objects.filter(organization=org, name=name).first()
    if found is None:
        found = Department.objects.filter(organization=org, aliases__contains=name).first()
    return found, name, alias


def department_named(org: Organization, text: str, actor) -> Department:
    found, name, alias = find_department(org, text)
    return found or add_department(org, actor=actor, name=name, aliases=alias)


def find_person(org: Organization, name: str) -> Person | None:
    return Person.objects.filter(organization=org, name=name).first()


def person_named(org: Organization, name: str, actor) -> Person:
    return find_person(org, name) or add_person(org, actor=actor, name=name, title="分管领导")


def _save_plan(spec: PlanSpec, org: Organization, source, actor, made) -> Plan:
    # an imported list records one the bureau has issued: it is in force, not a draft
    plan = plans.create_plan(
        org,
        actor=actor,
        year=spec.year,
        title=spec.title[:200],
        source_name=source.name,
        state=PlanState.IN_FORCE,
    )
    plan.source = source
    plan.save(update_fields=["source"])
    made["plans"] += 1
    lines = {bl.name: bl for bl in BusinessLine.objects.all()}
    catalogue = _catalogue()
    sections: dict[str, object] = {}
    collective = []
    saved_tasks = []
    for task_spec in spec.tasks:
        section = None
        if task_spec.section:
            if task_spec.section not in sections:
                sections[task_spec.section] = plans.add_section(
                    plan, actor=actor, title=task_spec.section[:200], seq=numeral(len(sections) + 1)
                )
            section = sections[task_spec.section]
        named_depts = [d for d in task_spec.departments if d not in ALL_DEPARTMENTS]
        named_leaders = [p for p in task_spec.leaders if p not in ALL_LEADERS]
        task = plans.add_task(
            plan,
            actor=actor,
            seq=task_spec.seq[:10],
            title=task_spec.title[:500],
            goal=task_spec.goal,
            section=section,
            business_line=lines.get(task_spec.business_line),
            leaders=[person_named(org, name, actor) for name in named_leaders],
            departments=[department_named(org, name, actor) for name in named_depts],
            deadline=datetime.date.fromisoformat(task_spec.deadline)
            if task_spec.deadline
            else None,
            as_printed=True,
        )
        made["tasks"] += 1
        if len(named_depts) < len(task_spec.departments) or len(named_leaders) < len(
            task_spec.leaders
        ):
            collective.append((task, task_spec))
        children = []
        for child_spec in task_spec.children:
            child = plans.add_task(
                plan,
                actor=actor,
                parent=task,
                seq=child_spec.seq,
                title=child_spec.title,
                as_printed=True,
            )
            made["tasks"] += 1
            children.append((child, child_spec))
        saved_tasks.append((task, task_spec, children))
    for task, task_spec in collective:  # 各科室 / 各分管领导: everyone named anywhere in the list
        changes = {}
        if any(d in ALL_DEPARTMENTS for d in task_spec.departments):
            changes["departments"] = list(
                org.departments.filter(task_links__task__plan=plan).distinct()
            )
        if any(p in ALL_LEADERS for p in task_spec.leaders):
            changes["leaders"] = list(org.people.filter(led_tasks__plan=plan).distinct())
        plans.update_task(task, actor=actor, **changes)
    issued_on = datetime.date.fromisoformat(spec.issued_on) if spec.issued_on else None
    period = (  # a published document reports its period as of the day it was issued
        progress.open_period(plan, actor=actor, code=spec.period, due_on=issued_on)
        if spec.period
        else None
    )
    issued_at = _issued_at(spec.issued_on) if period is not None else None
    as_of = datetime.date.fromisoformat(spec.as_of) if spec.as_of else None
    for task, task_spec, children in saved_tasks:
        pending = []
        for owner, owner_spec in [(task, task_spec), *children]:
            for target_spec in owner_spec.targets:
                target = plans.add_target(
                    owner,
                    actor=actor,
                    name=target_spec.name or "数量",
                    value=target_spec.value,
                    unit=target_spec.unit,
                    comparator=target_spec.comparator,
                    value_max=target_spec.value_max,
                    due_date=target_spec.due_date,
                    as_printed=True,
                    quote=target_spec.quote,
                )
                quote = target_spec.reading_quote or target_spec.quote
                if definition := _match(catalogue, target_spec.name, target_spec.unit, quote):
                    target.indicator = definition
                    target.save(update_fields=["indicator"])
                if target.value is not None:
                    made["targets"] += 1
                if target_spec.reading is not None:
                    pending.append((target, target_spec))
        if period is None or not (pending or task_spec.plan_items or task_spec.progress_items):
            continue
        report = progress.save_report(
            task,
            period,
            actor=actor,
            plan_items=task_spec.plan_items,
            progress_items=task_spec.progress_items,
            self_status=spec.self_status,
        )
        for target, target_spec in pending:
            progress.add_reading(
                report,
                target,
                actor=actor,
                value=target_spec.reading,
                as_of=as_of,
                quote=target_spec.reading_quote,
            )
            made["readings"] += 1
        made["reports"] += 1
        if progress.is_empty(report):  # 季度安排 only: kept as the plan of a draft
            continue
        progress.submit_report(report, actor=actor, at=issued_at)
        progress.approve_report(report, actor=actor, comment="随公开文件导入")
    if period is not None:  # a published document reports a finished period
        progress.set_period_open(period, actor=actor, is_open=False)
    return plan


def _issued_at(issued_on: str | None):
    """The day the document was issued, at noon: when its reports were "submitted"."""
    if not issued_on:
        return None
    day = datetime.date.fromisoformat(issued_on)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


_COUNT_WORD = re.compile(r"(人数|户数|床位数|个数|数量|数)$")


def _catalogue() -> list[tuple[IndicatorDefinition, list[str]]]:
    """Each catalogue indicator with the names a figure may carry: its name, its aliases,
    and its name without the word of its count (在册低保人数 → 在册低保, as the document
    writes 全区在册低保2379户3199人)."""
    found = []
    for d in IndicatorDefinition.objects.all():
        names = {d.name, *d.aliases}
        core = _COUNT_WORD.sub("", d.name)
        if len(core) >= 4:
            names.add(core)
        found.append((d, sorted(names, key=len, reverse=True)))
    return found


def _match(catalogue, name: str, unit: str, quote: str = "") -> IndicatorDefinition | None:
    """The catalogue indicator whose longest name or alias the figure's name contains, in
    a compatible unit (人 is not 人/万老年人口, 元/月/人 is 元/人·月), never for an increase
    (新增养老床位100张 is not the stock 社会养老床位数)."""
    if meaning(name, unit, quote) == INCREASE:
        return None
    best, best_length = None, 0
    for definition, names in catalogue:
        hit = next((n for n in names if n and n in name), None)
        if hit and len(hit) > best_length and _same_unit(definition.unit, unit):
            best, best_length = definition, len(hit)
    return best


def _same_unit(a: str, b: str) -> bool:
    if not a or not b:
        return True
    return set(re.split(r"[/·]", a)) == set(re.split(r"[/·]", b))


def _save_publication(doc: ParsedDocument, org, source, actor, previous) -> Publication:
    header = doc.header
    title = doc.title or header.get("name") or f"{org.name}{doc.year or ''}年工作总结"
    fields = {
        "title": title[:200],
        "year": doc.year,
        "period_code": doc.period or "",
        "body": doc.content,
        "index_no": (doc.index_no or "")[:60],
        "category": header.get("category", "")[:50],
        "topic": header.get("topic", "")[:50],
        "genre": header.get("genre", "")[:50],
        "publisher": (doc.publisher or "")[:100],
        "doc_no": header.get("doc_no", "")[:60],
        "generated_on": header.get("generated_on"),
        "issued_on": header.get("issued_on") or doc.date,
        "disclosure_method": header.get("disclosure_method", "主动公开")[:20],
        "disclosure_scope": header.get("disclosure_scope", "面向全社会")[:20],
    }
    old = (
        Publication.objects.filter(source=previous).order_by("-version").first()
        if previous
        else None
    )
    if old is not None and fields["index_no"] == old.index_no:
        fields["index_no"] = ""  # an edited version is published under a number of its own
    try:
        if old is not None and old.state == PublicationState.DRAFT:
            old.delete()  # the draft of the previous version, never public: replaced
            old = None
        if (
            old is not None
            and old.state == PublicationState.PUBLISHED
            and not (Publication.objects.filter(previous=old).exists())
        ):
            publication = publishing.correct_publication(old, actor=actor, **fields)
        else:
            publication = publishing.create_publication(org, actor=actor, kind=doc.kind, **fields)
    except ValidationError as exc:
        raise ImportRefused("公开信息不完整:" + ";".join(exc.messages)) from exc
    publication.source = source
    publication.save(update_fields=["source"])
    return publication  # the office's record: public only when the office publishes it


def import_limits() -> Limits:
    """The limits of one import, from the site's settings."""
    return Limits(
        max_bytes=settings.DUBAN_IMPORT_MAX_BYTES,
        max_rows=settings.DUBAN_IMPORT_MAX_ROWS,
    )
