"""Faults: the database going away gives a 503 page in Chinese (JSON from the API) and the
site recovers when it returns; /healthz says why it is unhealthy."""

from unittest import mock

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
