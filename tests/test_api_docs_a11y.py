"""The API docs page (Swagger UI, served from the package) under axe (WCAG 2.1 AA): it
had 70 serious findings (no lang, 36 low-contrast texts, 33 deep links nested in
operation buttons)."""

import pytest
from django.urls import reverse

from duban.testing.personas import PASSWORD
from tests.test_browser import _serious_violations


@pytest.mark.browser
def test_the_api_docs_page_has_no_serious_axe_finding(live_server, page, world):
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("用户名").fill("office")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto(live_server.url + "/api/v1/docs")
    page.locator(".opblock").first.wait_for()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert _serious_violations(page) == []
    # an operation opened, with its parameters, responses and "Try it out"
    page.locator(".opblock-summary-control").nth(2).click()
    page.locator(".opblock-body").first.wait_for()
    assert _serious_violations(page) == []
