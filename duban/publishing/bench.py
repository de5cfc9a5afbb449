"""Render time of each format for seed 002's task list (scripts/bench_publish): the median
and slowest of several rounds, from the data the seed's import saved; beside it a 督办单, a
催办单 and a 通报 of 奉化 through the same renderers."""

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
        supervision_documents(args.rounds)
        public_pdf(args.rounds)
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
    return 0


def _median_ms(fn, rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        begin = time.perf_counter()
        fn()
        times.append((time.perf_counter() - begin) * 1000)
    return statistics.median(times), max(times)


def supervision_documents(rounds: int) -> None:
    """A 督办单 and a 催办单 of 奉化 in Word, PDF and HTML, and 奉化's 2023Q3 通报 in every
    format, beside the task list above (the same renderers)."""
    import datetime

    from duban.orgs.models import Organization
    from duban.plans.models import Task
    from duban.publishing.compose import compose
    from duban.publishing.models import Publication
    from duban.publishing.render import FORMATS, render
    from duban.publishing.services import metadata
    from duban.supervision.documents import NOTICE, URGE, notice_document
    from duban.supervision.services import issue_notice

    org = Organization.objects.get(name="宁波市奉化区民政局")
    task = Task.objects.filter(plan__organization=org, title__contains="婚俗").get()
    notice = issue_notice(task, task.lead_department, actor=None,
                          body="婚俗改革工作进度滞后,请说明原因并提出赶进度措施。",
                          reply_due=datetime.date(2099, 10, 20))  # fmt: skip
    print()
    print(f"{'document':22} {'format':6} {'median ms':>10} {'max ms':>8} {'bytes':>9}")
    for label, which in (("督办单 " + notice.number, NOTICE), ("催办单", URGE)):
        doc, meta = notice_document(notice, which)
        for fmt in ("docx", "pdf", "html"):
            median, slowest = _median_ms(lambda: render(fmt, doc, meta), rounds)  # noqa: B023
            size = len(render(fmt, doc, meta).data)
            print(f"{label:22} {fmt:6} {median:10.1f} {slowest:8.1f} {size:9d}")
    doc = compose(org, "bulletin", 2023, "2023Q3")
    meta = metadata(Publication(organization=org, kind="bulletin", title=doc.title))
    for fmt in FORMATS:
        median, slowest = _median_ms(lambda: render(fmt, doc, meta), rounds)  # noqa: B023
        size = len(render(fmt, doc, meta).data)
        print(f"{'通报 奉化 2023Q3':22} {fmt:6} {median:10.1f} {slowest:8.1f} {size:9d}")


def _timed_get(client, url: str) -> float:
    begin = time.perf_counter()
    answer = client.get(url)
    if answer.status_code != 200:
        raise SystemExit(f"{url} answered {answer.status_code}")
    return (time.perf_counter() - begin) * 1000


def public_pdf(rounds: int) -> None:
    """The public PDF of each imported seed, as an anonymous visitor downloads it: the
    first answer (rendered once and kept, the files being gone as for a version published
    before every format was kept) and the later ones (the kept file), beside the baseline
    of rendering on every request, as the public site did."""
    from django.test import Client

    from duban.publishing.models import Publication, PublicationState
    from duban.publishing.render import render
    from duban.publishing.services import document_of, metadata

    client = Client()
    print()
    print(f"{'public PDF of':34} {'render each time':>16} {'first':>8} {'later':>8}  (ms)")
    for publication in Publication.objects.filter(
        state=PublicationState.PUBLISHED, source__isnull=False
    ).order_by("id"):
        publication.files.all().delete()
        url = f"/public/{publication.organization_id}/{publication.pk}/file.pdf"
        begin = time.perf_counter()
        render("pdf", document_of(publication), metadata(publication))
        baseline = (time.perf_counter() - begin) * 1000
        first = _timed_get(client, url)
        later = [_timed_get(client, url) for _ in range(rounds)]
        name = publication.title[:16]
        print(f"{name:34} {baseline:16.0f} {first:8.0f} {statistics.median(later):8.1f}")
        kept = publication.files.filter(format="pdf").exists()
        print(f"{'':34} {'':16} {'kept' if kept else 'NOT KEPT':>8}")


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    sys.exit(main())
