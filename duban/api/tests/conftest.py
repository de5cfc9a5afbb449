"""What the API tests share: a caller with a persona's token (``period`` and ``target`` come
from duban/testing/fixtures.py)."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from duban.api.tokens import issue_token


class Caller:
    """HTTP calls to /api/v1 as one persona, with their personal token."""

    def __init__(self, token: str | None):
        self.client = Client(HTTP_HOST="127.0.0.1")
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method, path, data=None, headers=None, **extra):
        kwargs = {"headers": {**self.headers, **(headers or {})}, **extra}
        if data is not None:
            kwargs |= {"data": json.dumps(data), "content_type": "application/json"}
        return getattr(self.client, method)(f"/api/v1{path}", **kwargs)

    def get(self, path, **kw):
        return self._call("get", path, **kw)

    def post(self, path, data=None, **kw):
        return self._call("post", path, data if data is not None else {}, **kw)

    def patch(self, path, data=None, **kw):
        return self._call("patch", path, data if data is not None else {}, **kw)

    def delete(self, path, **kw):
        return self._call("delete", path, **kw)


@pytest.fixture
def api(world):
    """``api("jiuzhu").get("/tasks")``; ``api(None)`` calls with no token at all."""
    made: dict[str, Caller] = {}

    def caller(username: str | None) -> Caller:
        if username not in made:
            token = None
            if username:
                user = get_user_model().objects.get(username=username)
                token = issue_token(user, name="tests")[1]
            made[username] = Caller(token)
        return made[username]

    return caller
