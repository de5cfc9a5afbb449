"""What the reporting tests share: an open 2023Q3 and a target on 社会救助科's task."""

import datetime

import pytest

from duban.plans import services as plans
from duban.progress import services


@pytest.fixture
def period(world):
    return services.open_period(
        world.plan, actor=None, code="2023Q3", due_on=datetime.date(2099, 10, 10)
    )


@pytest.fixture
def target(world):
    return plans.add_target(
        world.jiuzhu_task, actor=None, name="低收入人口动态监测人数", value=1000, unit="人"
    )
