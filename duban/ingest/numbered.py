"""Task lists written as numbered paragraphs, each followed by who carries it out:

    一、王纲市长主抓重点工作
    1.坚定不移支持企业发展。……
    责任单位:市经信局、市财政局(列第一位者为牵头单位)

A numbered paragraph is a task when a 责任单位: / 牵头单位: / 牵头负责领导: line follows it
before the next numbered paragraph; a numbered line without one is a heading, and a
leader named in it (王纲市长主抓) leads the tasks under it."""

import re
from dataclasses import dataclass, field

from duban.ingest.blocks import Block

_CN = "一二三四五六七八九十"
_ITEM = re.compile(
    rf"^(?:(?P<num>\d{{1,3}})[.、]|(?P<paren>\([{_CN}]{{1,3}}\))|(?P<cn>[{_CN}]{{1,3}})、)"
    r"\s*(?P<text>\S.*)$"
)
_LEAD_LABELS = "牵头单位|责任单位|主责单位|牵头部门|责任部门|实施单位|承办单位|牵头科室|责任科室"
_HELP_LABELS = "配合单位|协办单位|协同单位|参与单位|配合部门|协同部门"
_LEADER_LABELS = "牵头负责领导|责任领导|分管领导|牵头领导|联系领导|责任人"
_WHO = re.compile(
    rf"^(?P<label>{_LEAD_LABELS}|{_HELP_LABELS}|{_LEADER_LABELS})\s*[::]\s*(?P<names>.*)$"
)
_TITLES = r"(?:常务)?副?(?:市长|区长|县长|州长|书记|局长|主任|厅长|部长|秘书长)"
_LEADER_HEADING = re.compile(rf"^(?P<name>[\u4e00-\u9fff]{{2,3}}?){_TITLES}")
_NOTE = re.compile(r"[((][^()()]*[,,。;;][^()()]*[))]|[((][^()()]{9,}[))]")
_SPLIT = re.compile(r"[、,,;;\s]+")
_SENTENCE = re.compile(r"[。;;]")


@dataclass
class NumberedTask:
    seq: str
    title: str
    text: str
    block: int
    section: str | None
    leaders: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)


def _names(text: str) -> list[str]:
    text = _NOTE.sub("", text[:500])  # (列第一位者为工作牵头单位,下同) is a note, not a name
    return [n for n in _SPLIT.split(text.strip(" 。.")) if n]


def _seq(match: re.Match) -> str:
    return match.group("num") or match.group("paren") or match.group("cn")


def numbered_tasks(blocks: list[Block], start: int = 0) -> list[NumberedTask]:
    tasks: list[NumberedTask] = []
    section: str | None = None
    group_leader: str | None = None
    current: NumberedTask | None = None
    for b in range(start, len(blocks)):
        block = blocks[b]
        if block.is_row:
            current = None
            continue
        text = block.text.strip()
        if (who := _WHO.match(text)) and current is not None:
            names = _names(who.group("names"))
            label = who.group("label")
            if re.fullmatch(_LEADER_LABELS, label):
                current.leaders = [n for n in names if n not in current.leaders] or current.leaders
                current.leaders = [re.sub(_TITLES + "$", "", n) for n in current.leaders]
            else:
                lead_first = re.fullmatch(_LEAD_LABELS, label)
                merged = names + current.departments if lead_first else current.departments + names
                current.departments = list(dict.fromkeys(merged))
            if current not in tasks:
                if not current.leaders and group_leader:
                    current.leaders = [group_leader]
                tasks.append(current)
            continue
        item = _ITEM.match(text)
        if item is None:
            continue
        if item.group("cn") and len(text) <= 60:
            current = None
            section = item.group("text").strip()
            leader = _LEADER_HEADING.match(section)
            group_leader = leader.group("name") if leader else None
            continue
        body = item.group("text").strip()
        title = _SENTENCE.split(body, maxsplit=1)[0][:200]
        current = NumberedTask(_seq(item), title, body, b, section)
    return tasks
