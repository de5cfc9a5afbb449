"""What a parsed document will become in the model, worked out before anything is saved:
plans, sections, tasks with sub-items, targets and readings. The upload preview shows
it; ``save.py`` writes it. Pure Python."""

import calendar
from dataclasses import dataclass, field
from decimal import Decimal

from duban.ingest.dates import deadline_on
from duban.ingest.document import ParsedDocument
from duban.ingest.indicators import RATE, TARGET, Indicator

ROUND = Decimal("0.01")


@dataclass
class TargetSpec:
    name: str
    unit: str
    comparator: str
    value: Decimal | None  # None: a monitored figure with no target set
    value_max: Decimal | None
    due_date: str | None
    quote: str
    reading: Decimal | None = None
    reading_quote: str = ""
    indicator: int | None = None  # index into doc.indicators


@dataclass
class TaskSpec:
    seq: str
    title: str
    goal: str = ""
    section: str | None = None
    business_line: str | None = None
    leaders: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    deadline: str | None = None
    plan_items: list[str] = field(default_factory=list)
    progress_items: list[str] = field(default_factory=list)
    targets: list[TargetSpec] = field(default_factory=list)
    children: list["TaskSpec"] = field(default_factory=list)


@dataclass
class PlanSpec:
    title: str
    year: int
    period: str | None  # the period whose approved reports carry the progress and readings
    as_of: str | None  # the date readings are as of
    issued_on: str | None = None  # the document's date: when its reports were submitted
    self_status: str | None = None  # what the reports say of the work, if the document says
    tasks: list[TaskSpec] = field(default_factory=list)

    def all_tasks(self):
        for task in self.tasks:
            yield task
            yield from task.children

    def counts(self) -> dict[str, int]:
        tasks = list(self.all_tasks())
        targets = [t for task in tasks for t in task.targets]
        return {
            "tasks": len(tasks),
            "targets": sum(1 for t in targets if t.value is not None),
            "readings": sum(1 for t in targets if t.reading is not None),
        }


def blueprint(doc: ParsedDocument, fallback_year: int) -> list[PlanSpec]:
    if doc.tasks:
        return [_from_table(doc, fallback_year)]
    return _from_narrative(doc, fallback_year)


def counts(plans: list[PlanSpec]) -> dict[str, int]:
    total = {"plans": len(plans), "tasks": 0, "targets": 0, "readings": 0}
    for plan in plans:
        for key, value in plan.counts().items():
            total[key] += value
    return total


def _from_table(doc: ParsedDocument, fallback_year: int) -> PlanSpec:
    year = doc.year or fallback_year
    period = doc.period if doc.kind == "progress_table" else None
    plan = PlanSpec(
        title=doc.title or f"{year}年重点工作",
        year=year,
        period=period,
        as_of=_period_end(period) if period else None,
        issued_on=doc.date,
    )
    for parsed in doc.tasks:
        task = TaskSpec(
            seq=parsed.seq or "",
            title=parsed.title,
            goal=parsed.goal or "",
            section=parsed.section,
            business_line=parsed.business_line,
            leaders=parsed.leaders,
            departments=parsed.departments,
            deadline=deadline_on(parsed.deadline, year),
            plan_items=parsed.plan_items,
            progress_items=parsed.progress_items,
            children=[TaskSpec(seq=_circled(i), title=item[:500]) for i, item in
                      enumerate(parsed.plan_items, start=1)],
        )  # fmt: skip
        plan.tasks.append(task)
    for index, found in enumerate(doc.indicators):
        task = plan.tasks[found.task]
        item = task.children[found.item] if found.column == "plan" and task.children else task
        if found.column == "rate":
            continue  # a completion rate printed beside its figures: duban computes it
        if found.column in ("goal", "plan", "title"):
            item.targets.append(_target(found.indicator, index, due=_due(found.indicator, year)))
        else:
            _add_reading(task, found.item, found.indicator, index)
    return plan


def _add_reading(task: TaskSpec, item: int | None, indicator: Indicator, index: int) -> None:
    """A figure in the progress column measures the target of the same unit in the plan
    item with the same number, else it is kept as a monitored figure of that item."""
    children = task.children
    same_item = children[item].targets if item is not None and item < len(children) else []
    # Progress item ③ reports on plan item ③ only: a 家 of ⑤ is not the 家 of ③.
    candidates = same_item if children else task.targets
    value = Decimal(str(indicator.value))
    for target in candidates:
        if target.unit == indicator.unit and target.reading is None and target.value is not None:
            target.reading, target.reading_quote = value, indicator.text
            return
    owner = children[item] if item is not None and item < len(children) else task
    monitored = _target(indicator, index, due=None, monitored=True)
    monitored.reading, monitored.reading_quote = value, indicator.text
    owner.targets.append(monitored)


def _from_narrative(doc: ParsedDocument, fallback_year: int) -> list[PlanSpec]:
    plans: list[PlanSpec] = []
    for p, part in enumerate(doc.parts):
        year = part.year or fallback_year
        title = part.title or doc.title or f"{year}年工作总结"
        if doc.title and part.title and part.title in doc.title:
            title = doc.title if len(doc.parts) == 1 else title
        summary = part.kind == "summary"
        period = part.period or str(year)
        plan = PlanSpec(
            title=title,
            year=year,
            period=period if summary else None,
            as_of=(doc.date if doc.date and doc.date < _period_end(period) else _period_end(period))
            if summary
            else None,
            issued_on=doc.date,
            # a summary of a whole year reports the year's work done
            self_status="done" if summary and len(period) == 4 else None,
        )
        sections = [(i, s) for i, s in enumerate(doc.sections) if s.part == p]
        levels = sorted({s.level for _, s in sections})
        task_level = levels[1] if len(levels) > 1 else (levels[0] if levels else None)
        tasks_by_section: dict[int, TaskSpec] = {}
        current_group: str | None = None
        current_task: TaskSpec | None = None
        for i, section in sections:
            if section.level < (task_level or 0):
                current_group, current_task = section.title, None
                continue
            if section.level == task_level:
                current_task = TaskSpec(
                    seq=section.seq,
                    title=section.title[:500],
                    goal=section.text if not summary else "",
                    section=current_group,
                    business_line=section.business_line,
                    # a summary's section is the report of its period: what was done
                    progress_items=[section.text] if summary else [],
                )
                plan.tasks.append(current_task)
            if current_task is not None:
                tasks_by_section[i] = current_task
        overview: TaskSpec | None = None
        for index, found in enumerate(doc.indicators):
            if found.part != p:
                continue
            task = tasks_by_section.get(found.section) if found.section is not None else None
            if task is None:
                if overview is None:
                    overview = TaskSpec(seq="", title="总体情况")
                    plan.tasks.insert(0, overview)
                task = overview
            _add_figure(task, found.indicator, index, summary, year)
        plans.append(plan)
    return [plan for plan in plans if plan.tasks]


def _add_figure(task: TaskSpec, indicator: Indicator, index: int, summary: bool, year: int):
    if indicator.kind == RATE and any(
        t.reading is not None and t.reading_quote == indicator.text for t in task.targets
    ):
        return  # already the completion rate of the figure before it
    if indicator.kind == TARGET:
        task.targets.append(_target(indicator, index, due=_due(indicator, year)))
        return
    if not summary:
        return  # a figure quoted in a plan (去年已…) has no period to be a reading of
    target = _target(indicator, index, due=None, monitored=True)
    if indicator.completion_rate:  # 新增197张, 完成率115.88%: the target was 170
        target.value = (
            Decimal(str(indicator.value)) * 100 / Decimal(str(indicator.completion_rate))
        ).quantize(ROUND)
        target.comparator = ">="
    target.reading, target.reading_quote = Decimal(str(indicator.value)), indicator.text
    task.targets.append(target)


def _target(indicator: Indicator, index: int, due: str | None, monitored=False) -> TargetSpec:
    return TargetSpec(
        name=indicator.name[:200],
        unit=indicator.unit[:30],
        comparator="=" if monitored else indicator.comparator,
        value=None if monitored else Decimal(str(indicator.value)),
        value_max=None if monitored or indicator.value_max is None
        else Decimal(str(indicator.value_max)),
        due_date=due,
        quote=indicator.text,
        indicator=index,
    )  # fmt: skip


def _due(indicator: Indicator, year: int) -> str:
    return indicator.due_date or f"{year}-12-31"


def _period_end(code: str) -> str:
    year = int(code[:4])
    if len(code) == 4:
        return f"{year}-12-31"
    if code[4] == "Q":
        return f"{year}-{int(code[5]) * 3:02d}-{[31, 30, 30, 31][int(code[5]) - 1]}"
    if code[4] == "H":
        return f"{year}-06-30" if code[5] == "1" else f"{year}-12-31"
    month = int(code[5:7])
    return f"{year}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def _circled(n: int) -> str:
    return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1] if n <= 20 else str(n)
