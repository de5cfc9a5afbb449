"""Saving a parsed document into the models: the one module of ingest/ that uses Django."""

import re

from django.db import transaction
from django.utils import timezone

from duban.ingest.document import ParsedDocument
from duban.orgs.access import Access, Action
from duban.orgs.models import Department, Organization, Person
from duban.orgs.services import add_department, add_person
from duban.plans import services as plans
from duban.plans.models import BusinessLine, Plan
from duban.progress import services as progress
from duban.publishing import services as publishing
from duban.publishing.models import Publication

ALL_DEPARTMENTS = {"各科室", "各责任科室", "局各科室"}
ALL_LEADERS = {"各分管领导", "各位分管领导", "局领导"}
_ALIAS = re.compile(r"^(?P<name>[^((]+?)\s*[((](?P<alias>[^))]+)[))]$")


@transaction.atomic
def save_document(doc: ParsedDocument, org: Organization, *, actor) -> dict:
    """Save what the document holds into ``org``; returns counts of what was created."""
    Access.of(actor).require(Action.EDIT, org)
    counts = {"plans": 0, "tasks": 0, "reports": 0, "publications": 0}
    if doc.tasks:
        plan = _save_plan(doc, org, actor, counts)
        if doc.kind == "progress_table" and doc.period:
            _save_reports(doc, plan, actor, counts)
    _save_publication(doc, org, actor)
    counts["publications"] += 1
    code = (doc.index_no or "").split("/", 1)[0]
    if code and not org.disclosure_code:
        org.disclosure_code = code
        org.save(update_fields=["disclosure_code"])
    return counts


def department_named(org: Organization, text: str, actor) -> Department:
    """The department a cell names; 养老服务科 (儿童福利科) is 养老服务科, alias 儿童福利科."""
    match = _ALIAS.match(text)
    name, alias = (match["name"].strip(), match["alias"].strip()) if match else (text, "")
    found = Department.objects.filter(organization=org, name=name).first()
    if found is None:
        found = Department.objects.filter(organization=org, aliases__contains=name).first()
    if found is None:
        found = add_department(org, actor=actor, name=name, aliases=alias)
    return found


def person_named(org: Organization, name: str, actor) -> Person:
    found = Person.objects.filter(organization=org, name=name).first()
    if found is None:
        found = add_person(org, actor=actor, name=name, title="分管领导")
    return found


def _save_plan(doc: ParsedDocument, org: Organization, actor, counts) -> Plan:
    year = doc.year or timezone.localdate().year
    plan = plans.create_plan(
        org, actor=actor, year=year, title=doc.title or f"{year}年重点工作", source_name=doc.source
    )
    counts["plans"] += 1
    lines = {bl.name: bl for bl in BusinessLine.objects.all()}
    sections: dict[str, object] = {}
    collective: list[tuple] = []
    for parsed in doc.tasks:
        section = None
        if parsed.section:
            if parsed.section not in sections:
                sections[parsed.section] = plans.add_section(
                    plan, actor=actor, title=parsed.section, seq=_section_seq(len(sections))
                )
            section = sections[parsed.section]
        named_depts = [d for d in parsed.departments if d not in ALL_DEPARTMENTS]
        named_leaders = [p for p in parsed.leaders if p not in ALL_LEADERS]
        task = plans.add_task(
            plan,
            actor=actor,
            seq=parsed.seq or "",
            title=parsed.title,
            goal=parsed.goal or "",
            section=section,
            business_line=lines.get(parsed.business_line),
            leaders=[person_named(org, name, actor) for name in named_leaders],
            departments=[department_named(org, name, actor) for name in named_depts],
        )
        counts["tasks"] += 1
        if len(named_depts) < len(parsed.departments) or len(named_leaders) < len(parsed.leaders):
            collective.append((task, parsed))
        for i, item in enumerate(parsed.plan_items, start=1):
            plans.add_task(plan, actor=actor, parent=task, seq=_circled(i), title=item[:500])
            counts["tasks"] += 1
    for task, parsed in collective:  # 各科室 / 各分管领导: everyone named anywhere in the list
        changes = {}
        if any(d in ALL_DEPARTMENTS for d in parsed.departments):
            changes["departments"] = list(
                org.departments.filter(task_links__task__plan=plan).distinct()
            )
        if any(p in ALL_LEADERS for p in parsed.leaders):
            changes["leaders"] = list(org.people.filter(led_tasks__plan=plan).distinct())
        plans.update_task(task, actor=actor, **changes)
    return plan


def _save_reports(doc: ParsedDocument, plan: Plan, actor, counts) -> None:
    """A published progress table is final: its reports are saved as approved."""
    period = progress.open_period(plan, actor=actor, code=doc.period)
    for parsed, task in zip(
        doc.tasks, plan.tasks.filter(parent=None).order_by("order"), strict=True
    ):
        report = progress.save_report(
            task,
            period,
            actor=actor,
            plan_items=parsed.plan_items,
            progress_items=parsed.progress_items,
        )
        progress.submit_report(report, actor=actor)
        progress.approve_report(report, actor=actor, comment="随公开文件导入")
        counts["reports"] += 1


def _save_publication(doc: ParsedDocument, org: Organization, actor) -> Publication:
    header = doc.header
    title = doc.title or header.get("name") or f"{org.name}{doc.year or ''}年工作总结"
    publication = publishing.create_publication(
        org,
        actor=actor,
        kind=doc.kind,
        title=title,
        year=doc.year,
        period_code=doc.period or "",
        body=doc.body,
        index_no=doc.index_no or "",
        category=header.get("category", ""),
        topic=header.get("topic", ""),
        genre=header.get("genre", ""),
        publisher=doc.publisher or "",
        doc_no=header.get("doc_no", ""),
        generated_on=header.get("generated_on"),
        issued_on=doc.date,
        disclosure_method=header.get("disclosure_method", "主动公开"),
        disclosure_scope=header.get("disclosure_scope", "面向全社会"),
    )
    return publishing.publish_publication(publication, actor=actor)


def _section_seq(index: int) -> str:
    return "一二三四五六七八九十"[index] if index < 10 else str(index + 1)


def _circled(n: int) -> str:
    return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1] if n <= 20 else str(n)
