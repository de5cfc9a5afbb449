"""Benchmark of the supervision pages on a generated province (scripts/bench_wall): the
median and p95 time of the bureau wall, the province overview and one cross-bureau
comparison, next to the bare SQL aggregate each needs. Generate the data first with
`duban generate`."""

import argparse
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--date", default="2023-08-15")
    parser.add_argument("--province", default="演示省民政厅")
    args = parser.parse_args(argv)
    django.setup()
    from django.contrib.auth import get_user_model
    from django.db.models import F
    from django.test import Client
    from django.urls import reverse

    from duban.orgs.models import Organization

    def forget_counts():  # as if every bureau had just changed: each is judged again
        Organization.objects.update(revision=F("revision") + 1)

    province = Organization.objects.filter(name=args.province).first()
    if province is None:
        print(f"no province '{args.province}': run `duban generate` first", file=sys.stderr)
        return 1
    bureau = Organization.objects.filter(parent__parent=province).order_by("id").first()
    admin = get_user_model().objects.filter(is_superuser=True).first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("bench", password=secrets.token_hex())
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    vendor = connection.vendor
    day = args.date
    pages = [
        ("bureau wall", reverse("wall", args=[bureau.pk]), {"date": day},
         "SELECT t.task_id, MAX(r.as_of) FROM progress_reading r JOIN plans_target t ON "
         "t.id = r.target_id JOIN plans_task k ON k.id = t.task_id JOIN plans_plan p ON "
         "p.id = k.plan_id WHERE p.organization_id = %s AND r.as_of <= %s GROUP BY t.task_id",
         [bureau.pk, day], None),
        ("province overview", reverse("compare", args=[province.pk]), {"date": day},
         "SELECT t.organization_id, t.day, t.revision, o.revision FROM supervision_statustally t "
         "JOIN orgs_organization o ON o.id = t.organization_id WHERE t.day = %s", [day], None),
        ("  cold (all changed)", reverse("compare", args=[province.pk]), {"date": day},
         "SELECT k.id, (SELECT r.value FROM progress_reading r WHERE r.target_id = g.id AND "
         "r.as_of <= %s ORDER BY r.as_of DESC, r.id DESC LIMIT 1) FROM plans_target g JOIN "
         "plans_task k ON k.id = g.task_id JOIN plans_plan p ON p.id = k.plan_id WHERE "
         "p.starts_on <= %s AND p.ends_on >= %s", [day, day, day], forget_counts),
        ("indicator comparison", reverse("compare", args=[province.pk]),
         {"date": day, "indicator": "certified-carers"},
         "SELECT p.organization_id, MAX(r.as_of) FROM progress_reading r JOIN plans_target t "
         "ON t.id = r.target_id JOIN plans_indicatordefinition d ON d.id = t.indicator_id "
         "JOIN plans_task k ON k.id = t.task_id JOIN plans_plan p ON p.id = k.plan_id WHERE "
         "d.code = %s AND r.as_of <= %s GROUP BY p.organization_id",
         ["certified-carers", day], None),
    ]  # fmt: skip
    print(f"{vendor}; {Organization.objects.filter(level='county').count()} bureaus; "
          f"{args.rounds} rounds each; times in ms")  # fmt: skip
    print(f"{'page':22} {'median':>8} {'p95':>8} {'SQL median':>11} {'SQL p95':>8} {'ratio':>6}")
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

        median, p95 = _times(page, args.rounds, before)
        sql_median, sql_p95 = _times(bare, args.rounds)
        print(f"{label:22} {median:8.1f} {p95:8.1f} {sql_median:11.1f} {sql_p95:8.1f} "
              f"{p95 / max(sql_p95, 0.01):6.1f}x")  # fmt: skip
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    sys.exit(main())
