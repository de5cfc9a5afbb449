"""schemathesis against the live schema, with every persona's token: whatever it sends,
no answer is a server error and every answer matches the schema (status, content type,
headers, body). Bounded: a few examples per operation, as each persona."""

import datetime

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from duban.api.tokens import issue_token
from duban.progress import services as progress
from duban.publishing import services as publishing
from duban.supervision import services as supervision
from duban.wsgi import application

PERSONAS = ("office", "jiuzhu", "yanglao", "leader", "city", "outsider")

# the schema as the running site serves it (no database needed to serve it)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _one_connection_per_test():
    """schemathesis calls the WSGI app directly, not through Django's test client, so the
    signals that close connections after a request would close the test's transaction
    (on PostgreSQL): turn them off as the test client does."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def objects(world, period, target):
    """Some real objects for the generated ids to hit."""
    office = get_user_model().objects.get(username="office")
    report = progress.save_report(
        world.jiuzhu_task, period, actor=office, progress_items=["已开展"],
        readings={target.pk: (400, datetime.date(2023, 9, 30))},
    )  # fmt: skip
    progress.submit_report(report, actor=office)
    supervision.issue_notice(
        world.yanglao_task,
        world.yanglao_task.lead_department,
        actor=office,
        body="请加快推进",
        reply_due=datetime.date(2023, 10, 20),
    )
    publishing.compose_publication(world.bureau, actor=office, kind="task_list", year=2023)


@pytest.fixture
def tokens(objects):
    users = get_user_model().objects.filter(username__in=PERSONAS)
    return {user.username: issue_token(user, name="fuzz")[1] for user in users}


@schema.parametrize()
@settings(
    max_examples=4,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_answer_is_a_server_error_or_off_the_schema(case, tokens):
    for username in PERSONAS:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {tokens[username]}"},
            # a body the schema allows may still break a rule of the bureau's (a 序号 taken,
            # a due date outside the plan's year, an id beyond 64 bits): 422 is the answer
            excluded_checks=[positive_data_acceptance],
        )
