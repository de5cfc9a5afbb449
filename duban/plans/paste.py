"""Many tasks at once: rows copied from Excel or WPS (tab-separated) pasted into the plan
page, read with the importer's own column recognition (ingest/tables.py), previewed with
their leaders and 科室 matched to the bureau's — new ones named as such — and saved whole
or not at all."""

import datetime
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from duban.ingest.blocks import Block
from duban.ingest.dates import deadline_on
from duban.ingest.save import department_named, find_department, find_person, person_named
from duban.ingest.tables import _SECTION, header_roles, read_task_table, split_names
from duban.orgs.access import Access, Action
from duban.plans import services
from duban.plans.models import Plan
from duban.refusal import refused

# without a header row, the columns are read in the order the users paste them
DEFAULT_HEADER = ["序号", "工作内容", "工作目标", "分管领导", "责任科室"]
MAX_ROWS = 500


@dataclass
class Match:
    name: str
    found: object | None  # the bureau's person or 科室, or None: it will be added

    @property
    def is_new(self) -> bool:
        return self.found is None


@dataclass
class PastedRow:
    number: int  # the row as counted in the paste, for the messages
    seq: str
    title: str
    goal: str
    section: str
    deadline: str | None = None
    leaders: list[Match] = field(default_factory=list)
    departments: list[Match] = field(default_factory=list)


@dataclass
class Pasted:
    rows: list[PastedRow]
    header_found: bool
    columns: list  # ingest.columns.Column: each column's role and why
    sections_new: list[str]


def _blocks(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [Block.row(line.split("\t")) for line in lines if line.strip()]


def read_paste(plan: Plan, text: str) -> Pasted:
    """The rows the paste would add, or a refusal naming the first row that cannot be read."""
    blocks = _blocks(text)
    if not blocks:
        raise refused("empty_paste", _("没有可读的行:请从 Excel 或 WPS 复制整行后粘贴"))
    if len(blocks) > MAX_ROWS:
        raise refused("paste_too_long", _("一次最多粘贴 %(n)s 行"), n=MAX_ROWS)
    for block in blocks:  # a numbered line with nothing after its number
        if re.fullmatch(r"\d{1,3}", block.cells[0]) and not any(block.cells[1:]):
            raise refused(
                "row_without_title", _("序号 %(seq)s 的行没有工作内容"), seq=block.cells[0]
            )
    header_found = header_roles(blocks[0].cells) is not None
    first = blocks[0].cells
    unknown = not header_found and len(first) > 1 and not re.fullmatch(r"\d{1,3}", first[0])
    if unknown and not _SECTION.match(first[0]):  # a header this reader does not know
        raise refused(
            "unknown_header",
            _("未能识别表头“%(header)s”:请保留序号、工作内容等列名,或去掉表头"),
            header="、".join(c for c in first if c),
        )
    if not header_found:
        blocks = [Block.row(DEFAULT_HEADER), *blocks]
    table = read_task_table(blocks)
    if table is None or not table.rows:
        raise refused("no_rows", _("没有读到任务行:第一列应为序号(1、2、3…)"))
    org = plan.organization
    existing = {s.title for s in plan.sections.all()}
    rows, new_sections = [], []
    for number, row in enumerate(table.rows, start=1):
        title = row.cells.get("title", "").strip()
        if not title:
            raise refused("row_without_title", _("第 %(n)s 行没有工作内容"), n=number)
        section = row.section or ""
        if section and section not in existing and section not in new_sections:
            new_sections.append(section)
        leaders = [Match(n, find_person(org, n)) for n in split_names(row.cells.get("leaders"))]
        departments = [
            Match(n, find_department(org, n)[0]) for n in split_names(row.cells.get("departments"))
        ]
        rows.append(
            PastedRow(
                number=number,
                seq=(row.seq or "")[:10],
                title=title[:500],
                goal=row.cells.get("goal", "").strip(),
                section=section[:200],
                deadline=deadline_on(row.cells.get("deadline"), plan.year),
                leaders=leaders,
                departments=departments,
            )
        )
    return Pasted(rows, header_found, table.columns, new_sections)


@transaction.atomic
def save_paste(plan: Plan, *, actor, text: str) -> list:
    """Every row of the paste as a task of the plan, or nothing (a refusal names the row)."""
    Access.of(actor).require(Action.EDIT, plan)
    pasted = read_paste(plan, text)
    org = plan.organization
    sections = {s.title: s for s in plan.sections.all()}
    made = []
    for row in pasted.rows:
        section = sections.get(row.section) if row.section else None
        if row.section and section is None:
            section = sections[row.section] = services.add_section(
                plan, actor=actor, title=row.section
            )
        try:
            made.append(
                services.add_task(
                    plan,
                    actor=actor,
                    seq=row.seq,
                    title=row.title,
                    goal=row.goal,
                    section=section,
                    deadline=datetime.date.fromisoformat(row.deadline) if row.deadline else None,
                    leaders=[m.found or person_named(org, m.name, actor) for m in row.leaders],
                    departments=[
                        m.found or department_named(org, m.name, actor) for m in row.departments
                    ],
                )
            )
        except (ValidationError, ValueError) as exc:
            messages = getattr(exc, "messages", [str(exc)])
            raise refused(
                "bad_row", _("第 %(n)s 行:%(why)s"), n=row.number, why=" ".join(messages)
            ) from exc
    return made
