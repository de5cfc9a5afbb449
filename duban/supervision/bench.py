"""Benchmark of the superior pages at several sizes (scripts/bench_wall): median and p95
of the province overview with kept counts (warm), the roll-up of a task handed to every
bureau, one catalogue indicator compared across the bureaus, and the overview just after
every bureau changed (cold; last, since it leaves counts to the worker); each next to the
bare SQL it needs, every size side by side in one run. Generate the data first, one
province per size:

    duban generate --bureaus 100 --years 1 --name 甲省民政厅
    duban generate --bureaus 1000 --years 1 --name 乙省民政厅
    duban generate --bureaus 2800 --years 1 --name 丙省民政厅
    scripts/bench_wall --bureaus 100,1000,2800
"""

import argparse
import datetime
import secrets
import statistics
import sys
import time

import django
from django.db import connection


def _times(work, rounds: int, before=None) -> tuple[float, float]:
    samples = []
    for _ in range(rounds):
        if before:
            before()
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95


def _province_of_size(size: int):
    from django.db.models import Count

    from duban.orgs.models import Level, Organization

    provinces = Organization.objects.filter(level=Level.PROVINCE).annotate(
        n=Count("children__children")
    )
    return next((p for p in provinces if p.n == size), None)


def _pages(province, day: str, indicator: str):
    from django.db.models import F
    from django.urls import reverse

    from duban.assignments.models import Assignment
    from duban.orgs.models import Organization
    from duban.supervision.scale import assign_to_all

    counties = Organization.objects.filter(parent__parent=province)
    assignment = Assignment.objects.filter(issuer=province).first()
    if assignment is None:
        started = time.perf_counter()
        assignment = assign_to_all(province)
        print(f"  ({province.name}: handed one task to every bureau, "
              f"{time.perf_counter() - started:.1f} s)", file=sys.stderr)  # fmt: skip

    def forget_counts():  # as if every bureau had just changed
        counties.update(revision=F("revision") + 1)

    compare = reverse("compare", args=[province.pk])
    return [
        ("overview (warm)", compare, {"date": day},
         "SELECT t.organization_id, t.counts, t.revision, o.revision FROM "
         "supervision_statustally t JOIN orgs_organization o ON o.id = t.organization_id "
         "WHERE t.day = %s AND o.parent_id IN (SELECT id FROM orgs_organization WHERE "
         "parent_id = %s)", [day, province.pk], None),
        ("roll-up of a task", reverse("assignment", args=[assignment.pk]), {"date": day},
         "SELECT c.organization_id, g.id, (SELECT r.value FROM progress_reading r WHERE "
         "r.target_id = g.id AND r.as_of <= %s ORDER BY r.as_of DESC, r.id DESC LIMIT 1) "
         "FROM assignments_receipt c JOIN plans_target g ON g.task_id = c.task_id "
         "WHERE c.assignment_id = %s", [day, assignment.pk], None),
        ("indicator comparison", compare, {"date": day, "indicator": indicator},
         "SELECT o.id, (SELECT i.reading_id FROM supervision_indicatorreading i JOIN "
         "plans_indicatordefinition d ON d.id = i.indicator_id WHERE d.code = %s AND "
         "i.organization_id = o.id AND i.as_of <= %s ORDER BY i.as_of DESC, i.reading_id "
         "DESC LIMIT 1) FROM orgs_organization o WHERE o.parent_id IN (SELECT id FROM "
         "orgs_organization WHERE parent_id = %s)",
         [indicator, day, province.pk], None),
        ("overview (cold)", compare, {"date": day},
         "SELECT k.id, (SELECT r.value FROM progress_reading r WHERE r.target_id = g.id AND "
         "r.as_of <= %s ORDER BY r.as_of DESC, r.id DESC LIMIT 1) FROM plans_target g JOIN "
         "plans_task k ON k.id = g.task_id JOIN plans_plan p ON p.id = k.plan_id JOIN "
         "orgs_organization o ON o.id = p.organization_id WHERE p.starts_on <= %s AND "
         "p.ends_on >= %s AND o.parent_id IN (SELECT id FROM orgs_organization WHERE "
         "parent_id = %s)", [day, day, day, province.pk],
         forget_counts),
    ]  # fmt: skip


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--bureaus", default="100", help="sizes, e.g. 100,1000,2800")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--date", help="default: 15 August of the data's latest year")
    parser.add_argument("--indicator", default="certified-carers")
    args = parser.parse_args(argv)
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import F
    from django.test import Client

    from duban.orgs.models import Organization
    from duban.supervision.tally import refresh

    sizes = [int(s) for s in args.bureaus.split(",") if s.strip()]
    provinces = {}
    for size in sizes:
        provinces[size] = _province_of_size(size)
        if provinces[size] is None:
            print(f"no province with {size} county bureaus: run "
                  f"`duban generate --bureaus {size} --years 1 --name 某省民政厅` first",
                  file=sys.stderr)  # fmt: skip
            return 1
    admin = get_user_model().objects.filter(is_superuser=True).first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("bench", password=secrets.token_hex())
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    from django.db.models import Max

    from duban.plans.models import Plan

    latest = Plan.objects.aggregate(year=Max("year"))["year"]
    day = args.date or f"{latest}-08-15"
    results: dict[str, dict[int, tuple]] = {}
    counting: dict[int, float] = {}
    for size, province in provinces.items():
        pages = _pages(province, day, args.indicator)
        counties = list(Organization.objects.filter(parent__parent=province))
        Organization.objects.filter(pk__in=[c.pk for c in counties]).update(
            revision=F("revision") + 1
        )  # every bureau changed: the worker counts them all
        counties = list(Organization.objects.filter(parent__parent=province))
        started = time.perf_counter()
        refresh(datetime.date.fromisoformat(day), counties)
        counting[size] = time.perf_counter() - started
        for label, url, query, sql, params, before in pages:
            if client.get(url, query).status_code != 200:
                print(f"{label}: {url} did not answer 200", file=sys.stderr)
                return 1

            def page(url=url, query=query):
                client.get(url, query)

            def bare(sql=sql, params=params):
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
                    cursor.fetchall()

            results.setdefault(label, {})[size] = (
                *_times(page, args.rounds, before),
                _times(bare, args.rounds)[1],
            )
        refresh(datetime.date.fromisoformat(day), counties)  # leave it warm
    print(f"{connection.vendor}; {args.rounds} rounds each; {day}; page median / p95 and the "
          "bare SQL's p95, in ms")  # fmt: skip
    head = "".join(f"{f'{size:,} bureaus':>26}" for size in sizes)
    print(f"{'':22}{head}")
    print(f"{'':22}" + "".join(f"{'median':>9}{'p95':>8}{'SQL':>9}" for _ in sizes))
    for label, by_size in results.items():
        cells = "".join(f"{m:9.0f}{p:8.0f}{s:9.0f}" for m, p, s in (by_size[n] for n in sizes))
        print(f"{label:22}{cells}")
    cells = "".join(f"{counting[n]:17.1f} s{'':7}" for n in sizes)
    print(f"{'worker: count all':22}{cells}")
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    sys.exit(main())
