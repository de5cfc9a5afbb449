"""A province-size data set for benchmarks and manual checks: bureaus × tasks × sub-items
× years of quarterly reports and readings, written with bulk inserts (no history rows:
this is synthetic load, not anybody's work)."""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from duban.orgs.models import Department, Level, Organization, Person
from duban.plans.models import BusinessLine, IndicatorDefinition, Plan, Target, Task, TaskDepartment
from duban.progress.models import Period, PeriodKind, ProgressReport, Reading, ReportState
from duban.supervision import figures

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
