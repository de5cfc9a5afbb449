import pytest
from django.contrib.auth import get_user_model

from duban.testing.personas import build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def user(world):
    """``user("office")`` → that persona's account."""
    return lambda username: get_user_model().objects.get(username=username)
