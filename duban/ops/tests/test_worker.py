"""`duban worker`: tasks from the database queue, retried a bounded number of times, shown
to the office when they fail for good, picked up again after a worker died; heartbeats."""

import datetime
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from duban.ops.models import WorkerHeartbeat
from duban.ops.tests.tasks import CALLS, flaky
from duban.ops.worker import DubanWorker


@pytest.fixture
def queue(settings):
    settings.TASK_QUEUE = "database"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    settings.DUBAN_TASK_ATTEMPTS = 3
    settings.DUBAN_TASK_RETRY_SECONDS = 0
    CALLS.clear()  # django-tasks reads TASKS again when the setting changes


def run_worker(worker_id="test-worker"):
    """The worker in batch mode, in this process; it would otherwise close the test's
    connection between tasks (a new connection per poll is right for a real worker)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        DubanWorker(
            queue_names=["*"], interval=0, batch=True, backend_name="default",
            startup_delay=False, max_tasks=None, worker_id=worker_id, excluded_queue_names=[],
        ).run()  # fmt: skip


def test_a_failing_task_is_tried_again_and_succeeds(db, queue):
    result = flaky.enqueue("mail", 2)
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY
    for _ in range(3):
        run_worker()
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL and stored.return_value == 3
    assert len(stored.worker_ids) == 3


def test_a_task_that_keeps_failing_stops_after_its_attempts_and_the_office_sees_it(world, queue):
    flaky.enqueue("sms", 99, org_id=world.bureau.pk)
    flaky.enqueue("fax", 99, org_id=world.elsewhere.pk)  # another bureau's
    flaky.enqueue("site", 99)  # a site-wide round
    for _ in range(5):
        run_worker()
    stored = DBTaskResult.objects.get(args_kwargs__args=["sms", 99])
    assert stored.status == TaskResultStatus.FAILED and CALLS["sms"] == 3
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="office"))
    page = client.get("/system/").content.decode()
    assert "flaky" in page and "the mail server did not answer (call 3)" in page
    assert "后台工作进程运行正常" in page  # the worker beat a moment ago
    assert "fax:" not in page and "site:" not in page  # only its own bureau's tasks
    assert client.get("/system/").context["status"].counts["FAILED"] == 1
    reporter = Client(HTTP_HOST="127.0.0.1")
    reporter.force_login(get_user_model().objects.get(username="jiuzhu"))
    assert reporter.get("/system/").status_code == 404


def test_a_task_left_running_by_a_dead_worker_runs_again(db, queue):
    result = flaky.enqueue("report", 0)
    WorkerHeartbeat.objects.create(
        worker_id="dead-1", hostname="old", pid=1,
        started_at=timezone.now() - datetime.timedelta(hours=1),
        last_seen_at=timezone.now() - datetime.timedelta(minutes=10),
    )  # fmt: skip
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=["dead-1"], started_at=timezone.now()
    )
    run_worker("new-worker")
    stored = DBTaskResult.objects.get(pk=result.id)
    assert stored.status == TaskResultStatus.SUCCESSFUL
    assert stored.worker_ids == ["dead-1", "new-worker"]


def test_a_task_of_a_live_worker_is_left_alone(db, queue):
    result = flaky.enqueue("busy", 0)
    WorkerHeartbeat.objects.create(
        worker_id="alive-1", hostname="h", pid=2, started_at=timezone.now(),
        last_seen_at=timezone.now(),
    )  # fmt: skip
    DBTaskResult.objects.filter(pk=result.id).update(
        status=TaskResultStatus.RUNNING, worker_ids=["alive-1"]
    )
    run_worker("other")
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.RUNNING
    assert "busy" not in CALLS


def test_healthz_and_the_system_page_show_the_last_heartbeat(world, queue):
    client = Client(HTTP_HOST="127.0.0.1")
    assert client.get("/healthz").json()["worker_last_seen"] is None
    run_worker()
    seen = client.get("/healthz").json()["worker_last_seen"]
    assert seen == WorkerHeartbeat.objects.get().last_seen_at.isoformat()
    WorkerHeartbeat.objects.update(last_seen_at=timezone.now() - datetime.timedelta(minutes=5))
    client.force_login(get_user_model().objects.get(username="office"))
    assert "超过两分钟没有心跳" in client.get("/system/").content.decode()


def test_a_large_import_goes_to_the_worker_and_running_it_twice_imports_once(
    world, queue, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from duban.plans.models import SourceDocument
    from duban.plans.tasks import import_batch_task

    settings.DUBAN_BACKGROUND_IMPORT_BYTES = 100
    seed = next(settings.DUBAN_SEEDS_DIR.glob("002_*.txt"))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="office"))
    upload = SimpleUploadedFile(seed.name, seed.read_bytes(), "text/plain")
    preview = client.post(f"/orgs/{world.bureau.pk}/import/", {"files": [upload]})
    confirmed = client.post(preview["Location"], {"confirm": ""}, follow=True)
    assert "已转入后台导入" in confirmed.content.decode()
    assert not SourceDocument.objects.exists()
    queued = DBTaskResult.objects.get()
    run_worker()
    assert SourceDocument.objects.count() == 1
    assert queued.args_kwargs["kwargs"]["org_id"] == world.bureau.pk
    kwargs = queued.args_kwargs["kwargs"]
    assert import_batch_task.call(**kwargs)["documents"] == 0  # the batch is gone: a no-op
    assert SourceDocument.objects.count() == 1


def test_with_the_queue_the_worker_renders_a_publications_files_once(
    world, queue, settings, tmp_path, django_capture_on_commit_callbacks
):
    from duban.publishing import services
    from duban.publishing.tasks import freeze_publication_task

    settings.MEDIA_ROOT = tmp_path
    draft = services.compose_publication(world.bureau, actor=None, kind="task_list", year=2023)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_publication(draft, actor=None)
    assert draft.state == "published" and not draft.files.exists()
    csv = Client(HTTP_HOST="127.0.0.1").get(f"/public/{world.bureau.pk}/{draft.pk}/file.csv")
    assert csv.status_code == 200  # rendered from the frozen content meanwhile, and kept
    run_worker()
    assert draft.files.count() == 6
    assert freeze_publication_task.call(draft.pk) == 0  # a second run does nothing
    assert draft.files.count() == 6 and len(list(tmp_path.rglob("*.pdf"))) == 1
