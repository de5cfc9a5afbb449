"""English, page by page: a bureau whose every name is English, crawled in English by
each persona, shows no Chinese character outside what is marked as Chinese.

Every page a persona can reach (links and GET forms, bounded) is read as a person and a
screen reader would: its text and the attributes that are read aloud or shown (title,
placeholder, aria-label, alt, a button's value). With the data in English, any Chinese
left is an untranslated label, message or default. Chinese is allowed only inside an
element with ``lang="zh…"`` (an official document's own text: a publication is written
in Chinese; the national classification lists; the language switch's 中文) and in a
document's number (督办〔2026〕1号), which is an identifier."""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from duban.orgs import services as orgs
from duban.orgs.models import Level, Role
from duban.plans import services as plans
from duban.plans.models import BusinessLine
from duban.progress import services as progress
from duban.publishing import services as publishing
from duban.supervision import services as supervision
from tests.test_crawl import crawl

PASSWORD = "correct horse battery"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]+")
# a document's number (文号) is an identifier, kept as it was issued: 督办〔2026〕1号
DOCUMENT_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")
SHOWN = ("title", "placeholder", "aria-label", "alt")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


class ChineseOutsideChinese(HTMLParser):
    """The Chinese a reader of an English page meets, with the text around it."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, inside lang="zh…")
        self.found: list[str] = []

    @property
    def chinese_here(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang")
        zh = lang.lower().startswith("zh") if lang is not None else self.chinese_here
        if not zh:
            shown = [attrs.get(name) for name in SHOWN]
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                shown.append(attrs.get("value"))
            self._look(" ".join(s for s in shown if s), f"<{tag}>")
        if tag not in VOID:
            self.stack.append((tag, zh))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        tag = self.stack[-1][0] if self.stack else ""
        if tag in ("script", "style") or self.chinese_here:
            return
        self._look(data, tag)

    def _look(self, text, where):
        if CJK.search(DOCUMENT_NUMBER.sub("", text)):
            self.found.append(f"{where}: {' '.join(text.split())[:80]}")


def chinese_on(html: str) -> list[str]:
    parser = ChineseOutsideChinese()
    parser.feed(html)
    return parser.found


def test_the_auditor_finds_chinese_and_lets_marked_chinese_be():
    page = (
        '<html lang="en"><body><p>Plan</p><span title="提示">x</span>'
        '<div lang="zh-hans"><p>民政局</p><br><b>总结</b></div><p>未报送</p>'
        '<script>var s = "脚本";</script><input type="submit" value="保存"></body></html>'
    )
    assert chinese_on(page) == ["<span>: 提示", "p: 未报送", "<input>: 保存"]


def build_english_bureau():
    city = orgs.create_organization(actor=None, name="Riverside City Bureau", level=Level.CITY)
    bureau = orgs.create_organization(
        actor=None, name="Hillside County Bureau", level=Level.COUNTY, parent=city
    )
    relief = orgs.add_department(bureau, actor=None, name="Social Relief Section")
    care = orgs.add_department(bureau, actor=None, name="Elderly Care Section")

    def person(org, username, name, role, department=None):
        p = orgs.add_person(org, actor=None, name=name, username=username, password=PASSWORD)
        orgs.grant_role(p, actor=None, role=role, organization=org, department=department)
        return p

    person(bureau, "office", "Office Clerk", Role.OFFICE)
    person(bureau, "relief", "Relief Reporter", Role.REPORTER, relief)
    person(bureau, "care", "Care Reporter", Role.REPORTER, care)
    leader = person(bureau, "leader", "Ann Leader", Role.LEADER)
    person(city, "city", "City Inspector", Role.SUPERIOR)

    plan = plans.create_plan(
        bureau, actor=None, year=2023, title="Key tasks 2023", state="in_force"
    )
    relief_line = BusinessLine.objects.create(code="relief-en", name="Relief")
    care_line = BusinessLine.objects.create(code="care-en", name="Care")
    section = plans.add_section(plan, actor=None, title="Tasks of the county congress", seq="I")
    relief_task = plans.add_task(
        plan,
        actor=None,
        seq="1",
        title="Strengthen social relief",
        section=section,
        goal="Monitor low-income households.",
        leaders=[leader],
        departments=[relief],
        business_line=relief_line,
    )
    plans.add_task(plan, actor=None, parent=relief_task, seq="a", title="Build the relief net")
    care_task = plans.add_task(
        plan,
        actor=None,
        seq="2",
        title="Expand elderly care",
        section=section,
        leaders=[leader],
        departments=[care],
        business_line=care_line,
        deadline=datetime.date(2023, 12, 31),
    )
    beds = plans.add_target(care_task, actor=None, name="New care beds", value=100, unit="beds")
    households = plans.add_target(
        relief_task, actor=None, name="Households monitored", value=1000, unit="households"
    )
    q2 = progress.open_period(plan, actor=None, code="2023Q2", due_on=datetime.date(2023, 7, 10))
    q3 = progress.open_period(plan, actor=None, code="2023Q3", due_on=datetime.date(2099, 10, 10))
    approved = progress.save_report(
        care_task,
        q2,
        actor=None,
        plan_items=["Open two homes"],
        progress_items=["Opened one home"],
        readings={beds.pk: ("40", datetime.date(2023, 6, 30))},
    )
    progress.submit_report(approved, actor=None)
    progress.approve_report(approved, actor=None)
    returned = progress.save_report(
        relief_task,
        q2,
        actor=None,
        progress_items=["Visited households"],
        readings={households.pk: ("300", datetime.date(2023, 6, 30))},
    )
    progress.submit_report(returned, actor=None)
    progress.return_report(returned, actor=None, comment="Say how many were visited")
    progress.save_report(care_task, q3, actor=None, progress_items=["Draft for the quarter"])
    supervision.issue_notice(
        relief_task,
        relief,
        actor=None,
        body="Report the households visited",
        reply_due=datetime.date(2023, 8, 1),
    )
    supervision.escalate_overdue(datetime.date(2023, 8, 10))  # the notice's reply is late
    draft = publishing.compose_publication(bureau, actor=None, kind="task_list", year=2023)
    # the document is Chinese; its title is the office's to write
    draft = publishing.update_publication(draft, actor=None, title="Hillside key tasks 2023")
    publishing.publish_publication(draft, actor=None)
    return bureau


@pytest.mark.parametrize("username", ["office", "relief", "leader", "city"])
def test_every_page_a_persona_reaches_in_english_is_english(client, db, username):
    bureau = build_english_bureau()
    client.force_login(get_user_model().objects.get(username=username))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    pages = {}
    answers = crawl(client, on_page=lambda url, html: pages.setdefault(url, chinese_on(html)))
    assert len(answers) >= 10, answers
    assert not [url for url, status in answers.items() if status >= 400]
    untranslated = {url: found for url, found in pages.items() if found}
    print(f"{username}: {len(pages)} pages read in English, {len(untranslated)} with Chinese")
    assert not untranslated, untranslated
    assert f"/orgs/{bureau.pk}/" in answers or username == "city"
