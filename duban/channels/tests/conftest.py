import pytest

from duban.channels.tests.robot import Robot


@pytest.fixture
def robot():
    """A robot stand-in on 127.0.0.1, closed after the test."""
    stand_in = Robot()
    yield stand_in
    stand_in.close()
