"""Render time of each format for seed 002's task list (scripts/bench_publish): the median
and slowest of several rounds, from the data the seed's import saved."""

import argparse
import statistics
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    old = connection.creation.create_test_db(verbosity=0)  # a throwaway database
    try:
        from duban.demo.data import load_demo
        from duban.orgs.models import Organization
        from duban.publishing.compose import compose
        from duban.publishing.models import Publication
        from duban.publishing.render import FORMATS, render
        from duban.publishing.services import metadata

        load_demo()
        org = Organization.objects.get(name="宣城市宣州区民政局")
        start = time.perf_counter()
        doc = compose(org, "task_list", 2023)
        composed = (time.perf_counter() - start) * 1000
        meta = metadata(Publication(organization=org, kind="task_list", title=doc.title))
        print(f"seed 002 task list: 32 tasks; composed from the database in {composed:.0f} ms")
        print(f"{'format':8} {'median ms':>10} {'max ms':>8} {'bytes':>9}")
        for fmt in FORMATS:
            times, size = [], 0
            for _ in range(args.rounds):
                begin = time.perf_counter()
                size = len(render(fmt, doc, meta).data)
                times.append((time.perf_counter() - begin) * 1000)
            print(f"{fmt:8} {statistics.median(times):10.1f} {max(times):8.1f} {size:9d}")
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    return 0


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    sys.exit(main())
