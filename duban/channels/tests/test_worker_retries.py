"""Deliveries on the database queue: `duban worker` sends them after the action commits,
tries a failing robot again (bounded), and leaves one that never answers failed, shown
on 系统状态 to that bureau's office only."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from duban.channels import services
from duban.channels.models import Delivery
from duban.ops.tests.test_worker import queue, run_worker  # noqa: F401  (the fixture)

BUSY = (200, b'{"errcode":130101,"errmsg":"send too fast"}')


@pytest.mark.usefixtures("queue")
def test_the_worker_retries_a_busy_robot_until_it_takes_the_message(
    world,
    user,
    robot,
    django_capture_on_commit_callbacks,
):
    services.add_channel(world.bureau, actor=user("office"), kind="dingtalk", url=robot.url)
    robot.answers = [BUSY, BUSY]
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = services.tell(world.bureau.pk, "notice", "督办〔2023〕1号 请于10月20日前回复")
    assert DBTaskResult.objects.get().status == TaskResultStatus.READY  # queued, not sent
    for _ in range(3):
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == ("sent", 3) and len(robot.received) == 3
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


@pytest.mark.usefixtures("queue")
def test_a_robot_that_never_answers_is_given_up_and_shown_to_its_bureau(
    world,
    user,
    robot,
    django_capture_on_commit_callbacks,
):
    services.add_channel(world.bureau, actor=user("office"), kind="wecom", url=robot.url)
    robot.default = BUSY
    with django_capture_on_commit_callbacks(execute=True):
        services.tell(world.bureau.pk, "reminder", "2023Q3 请报送")
    for _ in range(5):
        run_worker()
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts) == ("failed", 3)  # DUBAN_TASK_ATTEMPTS
    assert DBTaskResult.objects.get().status == TaskResultStatus.FAILED
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="office"))
    assert "send too fast" in client.get("/system/").content.decode()
    client.force_login(get_user_model().objects.get(username="other_office"))
    assert "send too fast" not in client.get("/system/").content.decode()
