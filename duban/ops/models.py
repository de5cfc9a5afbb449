"""What the office sees of the machinery: each worker's last sign of life."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkerHeartbeat(models.Model):
    worker_id = models.CharField(_("工作进程"), max_length=64, unique=True)
    hostname = models.CharField(_("主机"), max_length=255)
    pid = models.PositiveIntegerField(_("进程号"))
    started_at = models.DateTimeField(_("启动时间"))
    last_seen_at = models.DateTimeField(_("最近心跳"), db_index=True)
    tasks_run = models.PositiveIntegerField(_("已运行任务数"), default=0)

    class Meta:
        verbose_name = _("后台工作进程")
        verbose_name_plural = _("后台工作进程")
        ordering = ["-last_seen_at"]

    def __str__(self) -> str:
        return f"{self.worker_id}@{self.hostname}"
