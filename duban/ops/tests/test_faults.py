"""Faults: the database going away gives a 503 page in Chinese (JSON from the API) and the
site recovers when it returns; /healthz says why it is unhealthy."""

import errno
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connections
from django.test import Client


def _database_away():
    def refuse(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    wrapper = type(connections["default"])
    return mock.patch.object(wrapper, "ensure_connection", refuse)


def test_the_database_going_away_gives_a_503_page_and_the_site_recovers(world):
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username="office"))
    with _database_away():
        page = client.get("/work/")
        health = Client(HTTP_HOST="127.0.0.1").get("/healthz")  # a probe has no session
    assert page.status_code == 503 and page["Retry-After"] == "30"
    text = page.content.decode()
    assert "系统暂时无法使用" in text and "没有保存" in text and "Traceback" not in text
    assert health.status_code == 503
    assert health.json()["reason"].startswith("database unreachable: could not connect")
    assert client.get("/work/").status_code == 200
    assert client.get("/healthz").json()["status"] == "ok"


def test_the_api_answers_a_json_503_when_the_database_is_away(world):
    from duban.api.tokens import issue_token

    token = issue_token(get_user_model().objects.get(username="office"), name="t")[1]
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    headers = {"Authorization": f"Bearer {token}"}
    client.get("/api/v1/me", headers=headers)  # the token is known before the outage
    with mock.patch("duban.api.routes.orgs.Membership.objects.filter") as failing:
        failing.side_effect = OperationalError("server closed the connection unexpectedly")
        answer = client.get("/api/v1/me", headers=headers)
    assert answer.status_code == 503
    assert answer.json()["code"] == "database_unavailable"
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_healthz_names_unapplied_migrations(world):
    with mock.patch("duban.ops.health.MigrationExecutor") as executor:
        executor.return_value.migration_plan.return_value = ["one", "two"]
        answer = Client(HTTP_HOST="127.0.0.1").get("/healthz")
    assert answer.status_code == 503
    assert answer.json() == {"status": "unavailable", "reason": "2 migrations not applied"}


# -- an import killed halfway, a full disk --------------------------------------------------


def _seed(settings, number="002"):
    return next(settings.DUBAN_SEEDS_DIR.glob(f"{number}_*.txt"))


def test_an_import_killed_halfway_saves_nothing(world, settings):
    from duban.ingest.document import parse_file
    from duban.ingest.save import save_document
    from duban.plans import services as plans
    from duban.plans.models import Plan, SourceDocument, Target, Task
    from duban.publishing.models import Publication

    doc = parse_file(_seed(settings))
    before = (Plan.objects.count(), Task.objects.count(), Target.objects.count())
    real_add_task, calls = plans.add_task, []

    def dies_halfway(*args, **kwargs):
        calls.append(1)
        if len(calls) > len(doc.tasks) // 2:
            raise MemoryError("the worker was killed")
        return real_add_task(*args, **kwargs)

    with mock.patch.object(plans, "add_task", dies_halfway), pytest.raises(MemoryError):
        save_document(doc, world.bureau, actor=None)
    assert len(calls) == len(doc.tasks) // 2 + 1 > 10
    assert (Plan.objects.count(), Task.objects.count(), Target.objects.count()) == before
    assert not SourceDocument.objects.exists() and not Publication.objects.exists()
    save_document(doc, world.bureau, actor=None)  # once the cause is gone, it imports
    assert SourceDocument.objects.count() == 1 and Task.objects.count() > before[1] + 30


def _disk_fills_after(n_files: int):
    """FileSystemStorage writes ``n_files`` files, then half of the next one, then ENOSPC."""
    from django.core.files.storage import FileSystemStorage

    real_save, calls = FileSystemStorage._save, []

    def save(self, name, content):
        calls.append(name)
        if len(calls) <= n_files:
            return real_save(self, name, content)
        path = Path(self.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[: content.size // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    return mock.patch.object(FileSystemStorage, "_save", save)


def test_a_full_disk_while_publishing_leaves_no_half_frozen_publication(world, settings, tmp_path):
    from duban.publishing import services
    from duban.publishing.models import IndexCounter, PublicationFile

    settings.MEDIA_ROOT = tmp_path
    draft = services.compose_publication(world.bureau, actor=None, kind="task_list", year=2023)
    with _disk_fills_after(3), pytest.raises(OSError):
        services.publish_publication(draft, actor=None)
    draft.refresh_from_db()
    assert (draft.state, draft.index_no, draft.published_at) == ("draft", "", None)
    assert not PublicationFile.objects.exists() and not IndexCounter.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    services.publish_publication(draft, actor=None)  # space freed: it publishes whole
    assert draft.files.count() == 6 and draft.index_no.endswith("2023-00001")
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 6


def test_a_full_disk_during_duban_export_leaves_no_file(world, tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "list.docx"

    def fills_the_disk(self, data):
        with open(self, "wb") as f:
            f.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    with mock.patch.object(Path, "write_bytes", fills_the_disk), pytest.raises(CommandError) as e:
        call_command("export", "task_list", "--org", world.bureau.name, "--year", "2023",
                     "--format", "docx", "-o", str(out))  # fmt: skip
    assert str(e.value) == f"{out}: No space left on device"
    assert list(tmp_path.iterdir()) == []
