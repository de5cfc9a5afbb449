"""What the office's 系统状态 page shows: the workers, the queue, the tasks that failed."""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from duban.ops.models import WorkerHeartbeat
from duban.ops.worker import STALE_AFTER, attempts


@dataclass
class Failed:
    name: str
    finished_at: object
    attempts: int
    error: str


@dataclass
class SystemStatus:
    queue: str
    workers: list = field(default_factory=list)
    alive: bool = False
    counts: dict = field(default_factory=dict)
    failed: list[Failed] = field(default_factory=list)


def _concerns(result: DBTaskResult, org_ids) -> bool:
    """A task of one bureau (enqueued with ``org_id=``, an import) is shown to that
    bureau's office only."""
    org_id = result.args_kwargs.get("kwargs", {}).get("org_id")
    return org_id is None or org_ids is None or org_id in org_ids


def system_status(org_ids=None) -> SystemStatus:
    """``org_ids``: the bureaus whose tasks the viewer may see (None: all)."""
    status = SystemStatus(queue=settings.TASK_QUEUE)
    status.workers = list(WorkerHeartbeat.objects.all()[:10])
    now = timezone.now()
    status.alive = any(now - w.last_seen_at < STALE_AFTER for w in status.workers)
    for code in (TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.FAILED):
        status.counts[str(code)] = DBTaskResult.objects.filter(status=code).count()
    for result in DBTaskResult.objects.failed().order_by("-finished_at")[:50]:
        if _concerns(result, org_ids):
            lines = result.traceback.strip().splitlines()
            status.failed.append(
                Failed(
                    result.task_name,
                    result.finished_at,
                    attempts(result),
                    lines[-1] if lines else "",
                )
            )
    return status
