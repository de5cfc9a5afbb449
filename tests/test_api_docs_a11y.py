"""The API docs page (Swagger UI, served from the package) under axe (WCAG 2.1 AA): it
had 70 serious findings (no lang, 36 low-contrast texts, 33 nested controls)."""

import pytest
from django.urls import reverse

from duban.testing.personas import PASSWORD
from tests.test_browser import _serious_violations


@pytest.mark.browser
def test_the_api_docs_page_has_a_language_and_enough_contrast(live_server, page, world):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    found = _serious_violations(page)
    assert not [v for v in found if v.startswith(("color-contrast", "html-has-lang"))], found
    # left: Swagger UI nests its path-copy and lock buttons inside each operation's button
    assert all(v.startswith("nested-interactive") for v in found), found
