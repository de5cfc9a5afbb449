"""A province-size data set for benchmarks and manual checks: bureaus × tasks × sub-items
× years of quarterly reports and readings, written with bulk inserts (no history rows:
this is synthetic load, not anybody's work)."""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from duban.orgs.models import Department, Level, Organization, Person
from duban.plans.models import (
    BusinessLine,
    IndicatorDefinition,
    Plan,
    Section,
    Target,
    Task,
    TaskDepartment,
)
from duban.progress.models import Period, PeriodKind, ProgressReport, Reading, ReportState
from duban.supervision import figures
from duban.supervision.models import IndicatorReading

DEPARTMENTS = [
    "社会救助科",
    "养老服务科",
    "社会事务科",
    "基层政权建设和社区治理科",
    "社会组织管理科",
]
QUARTERS = [(1, 3, 31), (4, 6, 30), (7, 9, 30), (10, 12, 31)]


@dataclass
class Scale:
    bureaus: int = 100
    tasks: int = 60
    sub_items: int = 3
    targets_per_item: int = 3
    years: int = 5
    first_year: int = 2019
    batch: int = 5000

    @property
    def readings(self) -> int:
        return self.bureaus * self.tasks * self.sub_items * self.targets_per_item * self.years * 4


def generate(scale: Scale, *, province_name="演示省民政厅", seed=7, progress=None) -> dict:
    """Create the province, its cities and bureaus, and their data; returns counts."""
    rng = random.Random(seed)  # noqa: S311 - repeatable synthetic figures, not secrets
    lines = list(BusinessLine.objects.all())
    definitions = list(IndicatorDefinition.objects.all())
    counts = dict.fromkeys(("bureaus", "tasks", "targets", "reports", "readings"), 0)
    with transaction.atomic():
        province = Organization.objects.create(name=province_name, level=Level.PROVINCE)
        cities = [
            Organization.objects.create(
                name=f"{province_name[:3]}第{c + 1}市民政局", level=Level.CITY, parent=province
            )
            for c in range(max(1, scale.bureaus // 10))
        ]
    for b in range(scale.bureaus):
        with transaction.atomic():
            _bureau(scale, rng, cities[b % len(cities)], b, lines, definitions, counts)
        counts["bureaus"] += 1
        if progress:
            progress(counts)
    return counts


def _bureau(scale, rng, city, b, lines, definitions, counts):
    org = Organization.objects.create(
        name=f"{city.name[:-3]}第{b + 1}区民政局", level=Level.COUNTY, parent=city
    )
    departments = [Department.objects.create(organization=org, name=n) for n in DEPARTMENTS]
    leaders = [Person.objects.create(organization=org, name=f"副局长{i + 1}") for i in range(3)]
    for y in range(scale.years):
        year = scale.first_year + y
        plan = Plan.objects.create(organization=org, year=year, title=f"{year}年重点工作任务清单")
        periods = Period.objects.bulk_create(
            Period(
                plan=plan,
                code=f"{year}Q{q + 1}",
                kind=PeriodKind.QUARTER,
                starts_on=datetime.date(year, first, 1),
                ends_on=datetime.date(year, last, day),
                due_on=datetime.date(year, last, day) + datetime.timedelta(days=10),
                is_open=False,
            )
            for q, (first, last, day) in enumerate(QUARTERS)
        )
        tasks = Task.objects.bulk_create(
            Task(
                plan=plan,
                seq=str(t + 1),
                title=f"重点任务{t + 1}",
                business_line=lines[t % len(lines)] if lines else None,
                order=t,
            )
            for t in range(scale.tasks)
        )
        TaskDepartment.objects.bulk_create(
            TaskDepartment(task=t, department=departments[i % len(departments)], order=0)
            for i, t in enumerate(tasks)
        )
        Task.leaders.through.objects.bulk_create(
            Task.leaders.through(task=t, person=leaders[i % len(leaders)])
            for i, t in enumerate(tasks)
        )
        items = Task.objects.bulk_create(
            Task(plan=plan, parent=t, seq="①②③④⑤⑥⑦⑧⑨"[k % 9], title=f"子项{k + 1}", order=k)
            for t in tasks
            for k in range(scale.sub_items)
        )
        targets = Target.objects.bulk_create(
            Target(
                task=item,
                name=f"指标{g + 1}",
                unit="个",
                comparator=">=",
                value=Decimal(rng.randint(50, 500)),
                indicator=definitions[(item.pk + g) % len(definitions)] if definitions else None,
            )
            for item in items
            for g in range(scale.targets_per_item)
        )
        reports = ProgressReport.objects.bulk_create(
            ProgressReport(
                task=t,
                period=p,
                state=ReportState.APPROVED,
                progress_items=["按计划推进"],
                version=3,
            )
            for t in tasks
            for p in periods
        )
        report_of = {(r.task_id, r.period_id): r for r in reports}
        parent_of = {item.pk: item.parent_id for item in items}
        rows = []
        for target in targets:
            pace = rng.uniform(0.5, 1.2)
            for q, period in enumerate(periods):
                share = Decimal(str(round(pace * (q + 1) / 4, 3)))
                rows.append(
                    Reading(
                        report=report_of[(parent_of[target.task_id], period.pk)],
                        target=target,
                        value=(target.value * share).quantize(Decimal("0.01")),
                        as_of=period.ends_on,
                    )
                )
        Reading.objects.bulk_create(rows, batch_size=scale.batch)  # no signals: kept rows below
        counts["tasks"] += len(tasks) + len(items)
        counts["targets"] += len(targets)
        counts["reports"] += len(reports)
        counts["readings"] += len(rows)
    figures.rebuild([org.pk])


def assign_to_all(province: Organization, *, seed=11):
    """The province hands one task with one catalogue target to every county bureau below
    it, each accepts it into its latest plan and reports its quarters: the roll-up of an
    assigned task at the size of the data set. Bulk inserts, as the rest of this data."""
    from duban.assignments.models import (
        Assignment,
        AssignmentTarget,
        Receipt,
        ReceiptState,
        TargetCopy,
    )

    rng = random.Random(seed)  # noqa: S311 - repeatable synthetic figures
    canteens = IndicatorDefinition.objects.filter(code="elderly-canteens").first()
    counties = list(Organization.objects.filter(parent__parent=province, level=Level.COUNTY))
    plans = {}
    for plan in Plan.objects.filter(organization__in=counties).order_by("year"):
        plans[plan.organization_id] = plan  # the latest year's
    year = max(p.year for p in plans.values())
    due = datetime.date(year, 12, 31)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            issuer=province, title="全省老年助餐服务扩面提质", due_on=due,
            section_title="省民政厅重点工作任务", goal="每个乡镇(街道)至少建成一个老年食堂",
        )  # fmt: skip
        Assignment.objects.filter(pk=assignment.pk).update(
            created_at=datetime.datetime(year, 3, 1, 9, tzinfo=datetime.UTC)
        )
        source = AssignmentTarget.objects.create(
            assignment=assignment, name="新建老年食堂(助餐点)", unit="个", comparator=">=",
            value=Decimal(10), indicator=canteens,
        )  # fmt: skip
        accepted = [o for o in counties if o.pk in plans]
        sections = Section.objects.bulk_create(
            Section(plan=plans[o.pk], title="省民政厅重点工作任务", order=99) for o in accepted
        )
        tasks = Task.objects.bulk_create(
            Task(plan=plans[o.pk], section=s, seq="省1", title=assignment.title, deadline=due,
                 order=999)
            for o, s in zip(accepted, sections, strict=True)
        )  # fmt: skip
        first_department = dict(
            Department.objects.filter(organization__in=accepted)
            .order_by("-id")
            .values_list("organization_id", "pk")
        )
        TaskDepartment.objects.bulk_create(
            TaskDepartment(task=t, department_id=first_department[o.pk], order=0)
            for o, t in zip(accepted, tasks, strict=True)
            if o.pk in first_department
        )
        targets = Target.objects.bulk_create(
            Target(task=t, name=source.name, unit="个", comparator=">=", value=Decimal(10),
                   indicator=canteens, due_date=due)
            for t in tasks
        )  # fmt: skip
        TargetCopy.objects.bulk_create(TargetCopy(source=source, target=t) for t in targets)
        Receipt.objects.bulk_create(
            Receipt(assignment=assignment, organization=o, state=ReceiptState.ACCEPTED, task=t)
            for o, t in zip(accepted, tasks, strict=True)
        )
        periods = defaultdict(list)
        for period in Period.objects.filter(plan__in=[plans[o.pk] for o in accepted]):
            periods[period.plan_id].append(period)
        reports, rows = [], []
        for task, target in zip(tasks, targets, strict=True):
            pace = rng.uniform(0.4, 1.2)
            for q, period in enumerate(sorted(periods[task.plan_id], key=lambda p: p.ends_on)):
                report = ProgressReport(
                    task=task, period=period, state=ReportState.APPROVED,
                    progress_items=["按计划推进"], version=3,
                )  # fmt: skip
                reports.append(report)
                value = Decimal(str(round(10 * pace * (q + 1) / 4, 1)))
                rows.append((report, target, value, period.ends_on))
        ProgressReport.objects.bulk_create(reports, batch_size=5000)
        readings = Reading.objects.bulk_create(
            [Reading(report=r, target=t, value=v, as_of=d) for r, t, v, d in rows],
            batch_size=5000,
        )
        org_of_plan = {p.pk: org_id for org_id, p in plans.items()}
        if canteens is not None:  # kept for the comparison, as the signals would
            IndicatorReading.objects.bulk_create(
                (
                    IndicatorReading(
                        reading_id=r.pk, indicator=canteens, as_of=r.as_of,
                        organization_id=org_of_plan[r.report.task.plan_id],
                    )
                    for r in readings
                ),
                batch_size=5000,
            )  # fmt: skip
    return assignment
