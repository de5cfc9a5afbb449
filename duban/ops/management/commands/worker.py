import os
import socket

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from duban.ops.worker import DubanWorker


class Command(BaseCommand):
    help = "Run the background tasks queued in the database (duban worker)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
        parser.add_argument(
            "--batch", action="store_true", help="stop when no task is ready (for tests, cron)"
        )
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, interval, batch, max_tasks, **options):
        if settings.TASK_QUEUE != "database":
            raise CommandError("DUBAN_TASK_QUEUE=database is not set: tasks run at once, not here")
        worker = DubanWorker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name="default",
            startup_delay=not batch,
            max_tasks=max_tasks,
            worker_id=f"{socket.gethostname()[:40]}-{os.getpid()}",
            excluded_queue_names=[],
        )
        worker.configure_signals()
        worker.run()
