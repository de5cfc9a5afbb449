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
    undelivered: list = field(default_factory=list)  # messages a channel did not take


def _visible(org_ids):
    """The tasks the viewer may see: a bureau's office sees those enqueued with its
    ``org_id=`` (an import, its 发送提醒), not other bureaus' nor the site-wide rounds."""
    results = DBTaskResult.objects.all()
    if org_ids is None:
        return results
    return results.filter(args_kwargs__kwargs__org_id__in=sorted(org_ids))


def system_status(org_ids=None) -> SystemStatus:
    """``org_ids``: the bureaus whose tasks the viewer may see (None: all)."""
    status = SystemStatus(queue=settings.TASK_QUEUE)
    status.workers = list(WorkerHeartbeat.objects.all()[:10])
    now = timezone.now()
    status.alive = any(now - w.last_seen_at < STALE_AFTER for w in status.workers)
    visible = _visible(org_ids)
    for code in (TaskResultStatus.READY, TaskResultStatus.RUNNING, TaskResultStatus.FAILED):
        status.counts[str(code)] = visible.filter(status=code).count()
    for result in visible.filter(status=TaskResultStatus.FAILED).order_by("-finished_at")[:50]:
        lines = result.traceback.strip().splitlines()
        status.failed.append(
            Failed(
                result.task_name, result.finished_at, attempts(result), lines[-1] if lines else ""
            )
        )
    status.undelivered = _undelivered(org_ids)
    return status


def _undelivered(org_ids):
    """The messages that failed, of the viewer's bureaus only: the last 50."""
    from duban.channels.models import Delivery, DeliveryState

    failed = Delivery.objects.filter(state=DeliveryState.FAILED).select_related(
        "channel__organization"
    )
    if org_ids is not None:
        failed = failed.filter(channel__organization_id__in=sorted(org_ids))
    return list(failed.order_by("-created_at", "-id")[:50])
