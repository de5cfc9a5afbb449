"""The issue's script, over HTTP only, against a running site: a reporter of 社会救助科
logs in, makes a token, fetches its department's open tasks for 2023Q3, writes readings,
submits; the leader makes a token and approves; the wall then shows the task reported."""

import datetime
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar

from duban.plans import services as plans
from duban.progress import services as progress
from duban.testing.personas import PASSWORD


def _token(base: str, username: str) -> str:
    """Log in through the login form and make a token on the token page, as a person would."""
    jar = CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def post(path, fields):
        page = browser.open(base + path).read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **fields}).encode()
        request = urllib.request.Request(base + path, data, headers={"Referer": base + path})
        return browser.open(request).read().decode()

    post("/accounts/login/", {"username": username, "password": PASSWORD})
    page = post("/account/tokens/", {"name": "填报脚本"})
    return re.search(r"(dbn_[A-Za-z0-9_-]{40,})", page).group(1)


class Api:
    def __init__(self, base: str, token: str):
        self.base, self.token = base + "/api/v1", token

    def call(self, method: str, path: str, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(
            self.base + path,
            data,
            method=method,
            headers={
                "Authorization": f"Bearer {self.token}",
                "Content-Type": "application/json",
                **(headers or {}),
            },
        )
        try:
            with urllib.request.urlopen(request) as answer:
                return answer.status, dict(answer.headers), json.loads(answer.read())
        except urllib.error.HTTPError as refused:
            return refused.code, dict(refused.headers), json.loads(refused.read())

    def get(self, path):
        status, _headers, body = self.call("GET", path)
        assert status == 200, body
        return body


def test_a_reporters_script_reports_2023q3_and_a_leaders_script_approves(live_server, world):
    progress.open_period(world.plan, actor=None, code="2023Q3", due_on=datetime.date(2099, 10, 10))
    target = plans.add_target(
        world.sub_item, actor=None, name="纳入低收入人口监测人数", value=1000, unit="人"
    )
    base = live_server.url
    reporter = Api(base, _token(base, "jiuzhu"))
    leader = Api(base, _token(base, "leader"))

    me = reporter.get("/me")
    [department] = me["departments"]
    [found] = reporter.get("/periods?code=2023Q3")["items"]
    open_work = f"/tasks?period={found['id']}&department={department}&reported=false"
    tasks = reporter.get(open_work)["items"]
    assert [t["title"] for t in tasks] == ["健全分层分类的社会救助体系"]

    for task in tasks:
        detail = reporter.get(f"/tasks/{task['id']}")
        readings = [
            {"target_id": t["id"], "value": 820, "as_of": "2023-09-30"} for t in detail["targets"]
        ]
        status, headers, report = reporter.call(
            "POST",
            "/reports",
            {
                "task_id": task["id"],
                "period_id": found["id"],
                "progress_items": ["全区纳入低收入人口动态监测 820 人"],
                "readings": readings,
            },
        )
        assert status == 201, report
        status, _headers, report = reporter.call(
            "POST", f"/reports/{report['id']}/submit", {}, {"If-Match": headers["ETag"]}
        )
        assert status == 200 and report["state"] == "submitted", report
    assert reporter.get(open_work)["count"] == 0

    submitted = leader.get(f"/reports?period={found['id']}&state=submitted")["items"]
    assert len(submitted) == 1 and submitted[0]["readings"][0]["value"] == 820.0
    for report in submitted:
        status, _headers, approved = leader.call(
            "POST",
            f"/reports/{report['id']}/approve",
            {"comment": "同意", "version": report["version"]},
        )
        assert status == 200 and approved["state"] == "approved", approved

    status, _headers, refused = reporter.call("POST", f"/reports/{submitted[0]['id']}/approve", {})
    assert status == 403 and refused["code"] == "forbidden"
    wall = leader.get(f"/organizations/{world.bureau.pk}/wall?date=2023-09-30")
    row = next(r for r in wall["items"] if r["title"] == "健全分层分类的社会救助体系")
    assert row["status"] != "unreported" and row["completion"] == 82.0, row
    assert target.readings.get().value == 820
