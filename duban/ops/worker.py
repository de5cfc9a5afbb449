"""`duban worker`: runs the tasks queued in the database (django-tasks-db's worker), with
what a bureau's server needs around it:

- a heartbeat every few seconds, shown to the office and by /healthz;
- tasks left running by a worker that died (killed, machine restarted) are queued again
  once its heartbeat is stale, so they survive a restart; tasks are written to be run
  twice safely (each works in one transaction and checks what is already done);
- a failed task is tried again, a bounded number of times with growing pauses, and then
  stays failed, with its error, for the office to see.
"""

import datetime
import logging
import os
import socket
import threading

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from duban.ops.models import WorkerHeartbeat

logger = logging.getLogger("duban.worker")

BEAT_EVERY = datetime.timedelta(seconds=10)
STALE_AFTER = datetime.timedelta(minutes=2)


def attempts(result: DBTaskResult) -> int:
    return len(result.worker_ids)  # every claim by a worker adds its id


def retry_or_give_up(result: DBTaskResult) -> bool:
    """Queue a failed task again if it has attempts left; True when it was."""
    tried = attempts(result)
    if tried >= settings.DUBAN_TASK_ATTEMPTS:
        logger.error("task %s failed %d times; left for the office", result.task_path, tried)
        return False
    pause = datetime.timedelta(seconds=settings.DUBAN_TASK_RETRY_SECONDS * 4 ** (tried - 1))
    DBTaskResult.objects.filter(pk=result.pk).update(
        status=TaskResultStatus.READY, run_after=timezone.now() + pause, finished_at=None
    )
    logger.warning("task %s failed (attempt %d); again in %s", result.task_path, tried, pause)
    return True


def recover_abandoned(now=None) -> int:
    """Queue again the tasks whose worker stopped beating while running them."""
    now = now or timezone.now()
    alive = set(
        WorkerHeartbeat.objects.filter(last_seen_at__gte=now - STALE_AFTER).values_list(
            "worker_id", flat=True
        )
    )
    recovered = 0
    for result in DBTaskResult.objects.running():
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        if attempts(result) >= settings.DUBAN_TASK_ATTEMPTS:
            result.set_failed(RuntimeError("the worker running it stopped"))
            continue
        DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
        recovered += 1
    if recovered:
        logger.warning("queued again %d tasks of workers that stopped", recovered)
    return recovered


def beat(worker_id: str, started_at, tasks_run: int) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "last_seen_at": timezone.now(),
            "tasks_run": tasks_run,
        },
    )


class DubanWorker(Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.started_at = timezone.now()
        self._stop = threading.Event()

    def _heartbeat_loop(self) -> None:
        while not self._stop.wait(BEAT_EVERY.total_seconds()):
            try:
                beat(self.worker_id, self.started_at, self._run_tasks)
                recover_abandoned()
            except Exception:  # a missed beat must not stop the worker
                logger.exception("heartbeat failed")
            finally:
                close_old_connections()

    def run(self) -> None:
        beat(self.worker_id, self.started_at, 0)
        recover_abandoned()
        thread = threading.Thread(target=self._heartbeat_loop, daemon=True)
        thread.start()
        try:
            super().run()
        finally:
            self._stop.set()
            beat(self.worker_id, self.started_at, self._run_tasks)

    def run_task(self, db_task_result: DBTaskResult) -> None:
        super().run_task(db_task_result)
        if db_task_result.status == TaskResultStatus.FAILED:
            retry_or_give_up(db_task_result)
