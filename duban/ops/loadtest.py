"""`scripts/bench_load`: the last afternoon before the deadline. Starts the site on
127.0.0.1, and N reporters (threads) log in, open their report, save it again and again,
and submit it; some pairs of reporters edit the same report on purpose. Prints what was
served and how fast, then checks the database: every acknowledged save is there, every
save made from an older version was refused with a conflict, nothing else changed.

    scripts/bench_load [--reporters 50] [--pairs 5] [--seconds 60]
    DATABASE_URL=postgres://… scripts/bench_load      # an empty PostgreSQL database
"""

import argparse
import datetime
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

PASSWORD = "load-test-password-1"  # noqa: S105 - the made-up reporters of a throwaway database
CONFLICT = "已被他人修改"


@dataclass
class Reporter:
    username: str
    task_id: int
    period_id: int
    report_id: int
    acked: list[tuple[int, str]] = field(default_factory=list)  # (version, text) saved
    refused: list[str] = field(default_factory=list)  # texts refused as stale
    submitted: bool = False


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float, kind: str) -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.kinds[kind] += 1


def prepare(solo: int, pairs: int) -> list[Reporter]:
    """A bureau with one department per solo reporter and one per pair, each with a task
    and a draft report in an open period."""
    from django.utils import timezone

    from duban.orgs import services as orgs
    from duban.orgs.models import Level, Role
    from duban.plans import services as plans
    from duban.progress import services as progress

    today = timezone.localdate()
    org = orgs.create_organization(actor=None, name="压测区民政局", level=Level.COUNTY)
    plan = plans.create_plan(
        org, actor=None, year=today.year, title=f"{today.year}年压测任务清单", state="in_force"
    )
    quarter = f"{today.year}Q{(today.month - 1) // 3 + 1}"
    period = progress.open_period(
        plan, actor=None, code=quarter, due_on=today + datetime.timedelta(days=30)
    )
    reporters = []
    for d in range(solo + pairs):
        department = orgs.add_department(org, actor=None, name=f"压测科{d:02d}")
        task = plans.add_task(
            plan, actor=None, seq=str(d + 1), title=f"压测任务{d:02d}", departments=[department]
        )
        report = progress.save_report(task, period, actor=None, progress_items=["初稿"])
        for k in range(1 if d < solo else 2):
            username = f"lt{d:02d}{'ab'[k]}"
            person = orgs.add_person(
                org, actor=None, name=username, username=username, password=PASSWORD
            )
            orgs.grant_role(person, actor=None, role=Role.REPORTER, organization=org,
                            department=department)  # fmt: skip
            reporters.append(Reporter(username, task.pk, period.pk, report.pk))
    return reporters


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_site(env: dict, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command
        [sys.executable, "-m", "duban", "serve", "--threads", str(threads),
         "--access-logfile", "/dev/null"],
        env={**env, "PORT": str(port), "WEB_CONCURRENCY": str(workers)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return server, base
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the site did not start: {server.stderr.read().decode()[-500:]}")


class Session:
    def __init__(self, base: str, tally: Tally):
        self.base, self.tally = base, tally
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(CookieJar()), _NoRedirect()
        )

    def request(self, path: str, fields: dict | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(fields).encode() if fields is not None else None
        request = urllib.request.Request(  # noqa: S310 - the http:// address we started
            self.base + path, data, headers={"Referer": self.base + path}
        )
        started = time.perf_counter()
        try:
            with self.opener.open(request, timeout=60) as answer:
                status, body = answer.status, answer.read().decode()
        except urllib.error.HTTPError as answer:
            status, body = answer.code, answer.read().decode(errors="replace")
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            self.tally.add(time.perf_counter() - started, f"network: {type(exc).__name__}")
            return 0, ""
        kind = "ok" if status in (200, 302) else f"HTTP {status}"
        if status == 200 and CONFLICT in body:
            kind = "conflict (refused, as it should be)"
        self.tally.add(time.perf_counter() - started, kind)
        return status, body


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 after a save is the acknowledgement; no need to follow it


def _field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    return found.group(1) if found else ""


def reporter_loop(base: str, me: Reporter, deadline: float, tally: Tally) -> None:
    session = Session(base, tally)
    _status, page = session.request("/accounts/login/")
    session.request(
        "/accounts/login/",
        {"csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
         "username": me.username, "password": PASSWORD},
    )  # fmt: skip
    path = f"/tasks/{me.task_id}/periods/{me.period_id}/"
    n = 0
    while time.monotonic() < deadline:
        status, page = session.request(path)
        if status != 200:
            continue
        version = int(_field(page, "version") or 0)
        time.sleep(random.uniform(0.2, 1.0))  # noqa: S311 - a person typing
        n += 1
        text = f"{me.username}-w{n}"
        form = {
            "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
            "version": version, "self_status": "in_progress",
            "plan_items": "压测安排", "progress_items": text, "save": "",
        }  # fmt: skip
        status, body = session.request(path, form)
        if status == 302:
            me.acked.append((version + 1, text))
        elif CONFLICT in body:
            me.refused.append(text)
    status, page = session.request(path)
    form = {
        "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
        "version": _field(page, "version"), "self_status": "done",
        "plan_items": "压测安排", "progress_items": f"{me.username}-final", "submit": "",
    }  # fmt: skip
    status, body = session.request(path, form)
    if status == 302:
        me.submitted = True
        me.acked.append((int(_field(page, "version")) + 2, f"{me.username}-final"))
    elif CONFLICT in body:
        me.refused.append(f"{me.username}-final")


def verify(reporters: list[Reporter]) -> list[str]:
    """Every acknowledged save is in the report's history, in order; no refused one is;
    the stored report is the last acknowledged save; no other report was touched."""
    from duban.progress.models import ProgressReport

    problems = []
    by_report: dict[int, list[Reporter]] = {}
    for r in reporters:
        by_report.setdefault(r.report_id, []).append(r)
    if ProgressReport.objects.exclude(pk__in=by_report).exists():
        problems.append("reports nobody edited were created or changed")
    for report_id, editors in by_report.items():
        report = ProgressReport.objects.get(pk=report_id)
        history = [(h.version, h.progress_items) for h in report.history.order_by("history_id")]
        saved_texts = [items[0] for _v, items in history if items]
        acked = sorted((v, t) for r in editors for v, t in r.acked)
        for _version, text in acked:
            if text not in saved_texts:
                problems.append(f"report {report_id}: acknowledged save {text} is lost")
        for text in (t for r in editors for t in r.refused):
            if text in saved_texts:
                problems.append(f"report {report_id}: refused save {text} was written")
        if acked and (report.version, report.progress_items[:1]) != (acked[-1][0], [acked[-1][1]]):
            problems.append(
                f"report {report_id}: stored v{report.version} {report.progress_items[:1]} "
                f"is not the last acknowledged save v{acked[-1][0]} {acked[-1][1]}"
            )
        expected_rows = 1 + sum(len(r.acked) for r in editors) + sum(r.submitted for r in editors)
        if len(history) != expected_rows:
            problems.append(
                f"report {report_id}: {len(history)} history rows, expected {expected_rows}"
            )
    return problems


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="bench_load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--reporters", type=int, default=50)
    parser.add_argument("--pairs", type=int, default=5, help="pairs editing one report")
    parser.add_argument("--seconds", type=float, default=60, help="at most 120")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker")
    args = parser.parse_args(argv)
    seconds = min(args.seconds, 120)
    var = Path(tempfile.mkdtemp(prefix="duban-load-"))
    env = {**os.environ, "DUBAN_VAR_DIR": str(var)}
    env.setdefault("DATABASE_URL", f"sqlite:///{var / 'duban.sqlite3'}")
    os.environ.update({k: env[k] for k in ("DUBAN_VAR_DIR", "DATABASE_URL")})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")
    import django
    from django.core.management import call_command

    django.setup()
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    solo = args.reporters - 2 * args.pairs
    reporters = prepare(solo, args.pairs)
    connection.close()
    server, base = start_site(env, args.workers, args.threads)
    tally = Tally()
    deadline = time.monotonic() + seconds
    started = time.perf_counter()
    try:
        threads = [
            threading.Thread(target=reporter_loop, args=(base, r, deadline, tally))
            for r in reporters
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)
    elapsed = time.perf_counter() - started
    lat = sorted(tally.latencies)
    print(
        f"database: {connection.vendor}; {len(reporters)} reporters ({args.pairs} pairs on "
        f"one report each); {args.workers} workers × {args.threads} threads; {elapsed:.0f} s"
    )
    print(f"requests served: {len(lat)} ({len(lat) / elapsed:.1f}/s)")
    p50, p95 = statistics.median(lat) * 1000, lat[int(len(lat) * 0.95)] * 1000
    print(f"latency: p50 {p50:.0f} ms, p95 {p95:.0f} ms, max {lat[-1] * 1000:.0f} ms")
    for kind, n in sorted(tally.kinds.items()):
        print(f"  {kind}: {n}")
    saves = sum(len(r.acked) for r in reporters)
    refused = sum(len(r.refused) for r in reporters)
    print(f"acknowledged saves and submits: {saves}; refused as stale: {refused}; "
          f"submitted: {sum(r.submitted for r in reporters)}")  # fmt: skip
    problems = verify(reporters)
    errors = sum(n for kind, n in tally.kinds.items() if kind.startswith(("HTTP 5", "network")))
    print(f"server errors: {errors}; lost or overwritten writes: {len(problems)}")
    for problem in problems[:20]:
        print("  " + problem)
    return 1 if problems or errors else 0


if __name__ == "__main__":
    sys.exit(main())
