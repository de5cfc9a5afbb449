"""Shared test setup: settings for tests, personas (DESIGN.md §1 roles) and the browser."""

import os
import tempfile

import pytest

os.environ.setdefault("DUBAN_VAR_DIR", tempfile.mkdtemp(prefix="duban-test-var-"))
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls beside the browser


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


pytest_plugins = ["duban.testing.fixtures"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Real hashing costs ~0.3 s a user; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # the robot stand-ins listen on 127.0.0.1 (test_channels checks the refusal without it)
    settings.DUBAN_CHANNEL_ALLOW_PRIVATE = True


@pytest.fixture(autouse=True)
def _chinese_unless_asked():
    """Each test starts in the site's language, whatever the one before it activated (a
    page in English leaves English active in the thread)."""
    from django.utils import translation

    translation.activate("zh-hans")
    yield
    translation.deactivate()
