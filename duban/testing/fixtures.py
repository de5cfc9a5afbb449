import datetime

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


@pytest.fixture
def period(world):
    """2023Q3 of the bureau's plan, open, due far ahead."""
    from duban.progress import services

    return services.open_period(
        world.plan, actor=None, code="2023Q3", due_on=datetime.date(2099, 10, 10)
    )


@pytest.fixture
def target(world):
    """A target on 社会救助科's task."""
    from duban.plans import services

    return services.add_target(
        world.jiuzhu_task, actor=None, name="低收入人口动态监测人数", value=1000, unit="人"
    )
