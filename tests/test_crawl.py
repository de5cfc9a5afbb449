"""Every link and GET form a demo persona is shown leads somewhere: no 404, no 500.

Breadth-first from the home page, each persona's own session, a bounded number of pages
each (the figures are printed with -s)."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model

from duban.demo.data import load_demo

PAGES_PER_PERSONA = 60
SKIP = ("/logout", "/static/", "/admin/", "/i18n/", "/account/tokens/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._chosen: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append(attrs["href"])
        if tag == "form" and (attrs.get("method") or "get").lower() == "get":
            self._form = {"action": attrs.get("action") or "", "fields": {}}
        named = self._form is not None and tag in ("input", "select") and attrs.get("name")
        if named and attrs.get("type") not in ("submit", "button", "file"):
            self._form["fields"][attrs["name"]] = attrs.get("value") or ""
        if named and tag == "select":
            self._select = attrs["name"]
        # a browser sends the selected option, else the first
        chosen = "selected" in attrs or self._select not in self._chosen
        if tag == "option" and self._select and chosen:
            self._form["fields"][self._select] = attrs.get("value") or ""
            self._chosen.add(self._select)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "form" and self._form is not None:
            query = urlencode(self._form["fields"])
            self.found.append(f"{self._form['action']}?{query}" if query else self._form["action"])
            self._form, self._chosen = None, set()


def crawl(client, start="/", on_page=None):
    """Status by address; ``on_page(url, html)`` is told of every HTML page read."""
    seen, queue, answers = set(), deque([start]), {}
    while queue and len(answers) < PAGES_PER_PERSONA:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code in (301, 302):
            queue.appendleft(urljoin(url, response["Location"]))
            continue
        answers[url] = response.status_code
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if on_page is not None:
            on_page(url, html)
        parser = Links()
        parser.feed(html)
        for href in parser.found:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return answers


@pytest.fixture
def demo(db):
    return load_demo()


@pytest.mark.parametrize(
    "username", ["office", "jiuzhu", "leader", "city", "province", "fenghua", "fh_leader"]
)
def test_no_link_a_persona_is_shown_fails(client, demo, username):
    client.force_login(get_user_model().objects.get(username=username))
    answers = crawl(client)
    failed = {url: status for url, status in answers.items() if status >= 400}
    print(f"{username}: {len(answers)} pages, {len(failed)} failed")
    assert len(answers) >= 10
    assert not failed


def test_no_link_the_public_is_shown_fails(client, demo):
    from duban.orgs.models import Organization

    org = Organization.objects.get(name="宁波市奉化区民政局")
    answers = crawl(client, f"/public/{org.pk}/")
    failed = {url: status for url, status in answers.items() if status >= 400}
    assert len(answers) >= 3 and not failed
