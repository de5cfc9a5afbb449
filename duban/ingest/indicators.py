"""Indicators (指标) in running text, by the rules of DESIGN.md §5.

One regular expression finds every quantity (a number with its unit); plain Python
then decides, from the words around it, whether it is an indicator at all, its kind,
comparator, name and denominator. Chinese numerals are converted on the matched span
only."""

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from itertools import pairwise

ACTUAL, TARGET, RATE, GROWTH = "actual", "target", "completion_rate", "growth"
# How far before a number its name and its cue words are looked for: a clause of a
# government summary can run on for 200 characters without a comma.
NAME_REACH, CUE_REACH = 40, 60

# Longest first, so 个工作日 wins over 个 and 人次 over 人.
UNITS = sorted(
    [
        "个工作日",
        "个百分点",
        "工作日",
        "平方米",
        "公里",
        "人次",
        "户次",
        "大项",
        "大类",
        "百分点",
        "个",
        "家",
        "张",
        "人",
        "户",
        "名",
        "元",
        "项",
        "次",
        "场",
        "座",
        "件",
        "所",
        "条",
        "支",
        "期",
        "对",
        "起",
        "处",
        "套",
        "台",
        "间",
        "米",
        "天",
        "篇",
        "栋",
        "类",
        "亩",
        "辆",
        "份",
        "册",
        "吨",
        "倍",
        "分",
        "岁",
        "床",
        "批",
        "宗",
        "只",
    ],
    key=len,
    reverse=True,
)
_CN_DIGITS = "零〇一二两三四五六七八九十百千"
# Starts with a character set, so the regex engine skips quickly to candidates; what may
# not come before a number (第, a letter, another digit) is checked in _read.
QUANTITY = re.compile(
    rf"(?P<num>\d[\d,.]*|[{_CN_DIGITS}]+)(?:\s*[-—–~～至到]\s*(?P<num2>\d[\d,.]*))?"
    r"\s*(?P<q1>余|多)?(?P<scale>万|亿)?(?P<q2>余|多)?"
    rf"(?P<unit>%|‰|{'|'.join(UNITS)})(?![钟时级届代])(?P<per>/人·月|(?:/[人户月年天次张床]){{1,2}})?"
)
_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_NOT_BEFORE_ARABIC = frozenset(
    "0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz/-第"
)
_NOT_BEFORE_CHINESE = frozenset(_CN_DIGITS + "第")
_SCALE = {"万": 10000, "亿": 100000000, None: 1}
_CLAUSE_END = re.compile(r"[,,;;。!!??\n]")
_SENTENCE_END = re.compile(r"[;;。!!??\n]")
_QUOTED = re.compile(r"“[^”]{0,24}”|\"[^\"]{0,24}\"|‘[^’]{0,24}’|《[^》]{0,40}》")

# Words just before a number that decide kind and comparator.
_RATE_CUE = re.compile(
    r"(完成率|完成比例|完成进度)[^,;。]{0,3}$|完成[^,;。]{0,8}的$|"
    r"占(?:年度|全年)?(?:计划|任务|目标)[^,;。]{0,4}$"
)
# 自信息产生之日起20个工作日内: a time limit for doing something, not a figure of work
_TIME_LIMIT = re.compile(r"^\s*(?:以)?内")
_TIME_UNITS = ("工作日", "日", "天", "小时")
_GROWTH_CUE = re.compile(r"(同比增长|同比上升|增长|增速|增幅|提高了?|上升)[^,,;;。]{0,3}$")
_DROP_CUE = re.compile(r"(同比下降|下降|降低|减少)[^,,;;。]{0,3}$")
_GROWTH_AFTER = re.compile(r"^(以上)?的?(增速|增幅|增长)")
# Comparator words, checked with str.endswith / startswith / in: they are plain words.
_AT_LEAST_BEFORE = ("超过", "超", "逾", "多于", "高于")
_AT_MOST_BEFORE = ("低于", "控制在", "压缩至", "压缩到", "近", "接近")
_AT_LEAST_IN_CLAUSE = ("不少于", "不低于", "至少", "不小于")
_AT_MOST_IN_CLAUSE = ("不超过", "不高于", "不多于", "不大于")
_AT_LEAST_AFTER = ("及以上", "以上", "之上")
_AT_MOST_AFTER = ("以内", "以下", "之内", "内")
_TARGET_CUE = re.compile(
    r"计划|力争|(?<!成功)争取(?!到了)|确保|目标|预计|拟|力求|规划|到\d{4}年|至年底|到年底|年底前|不少于|不低于|"
    r"至少|要求|应当|须"
)
_TARGET_FIRST = re.compile("[计力争确目预拟规到至年不要应须]")
_DEADLINE_AHEAD = re.compile(r"(?:到|至)\d{4}年")
_ACTUAL_CUE = re.compile(r"已经|已|累计|现有|目前|截至|截止|去年|占了|全年共")
# 30家示范型以上照料中心 counts centres of a grade: 示范型以上 is no scope
_GRADES = ("型", "级", "星", "类", "等")
_SCOPE_AFTER = re.compile(r"^([\u4e00-\u9fff]{1,4})以上(?![的,,。;;、\s)]|$)")
# A Chinese-numeral count of these is structure (四个工程, 两个专项领域), not work done.
_ABSTRACT_NOUN = re.compile(
    r"^[^,,;;。]{0,4}?(任务|工程|水平|维度|方面|问题|领域|层级|目标|机制|行动|体系|文章|作用|"
    r"环节|会战|清单|补贴|重点|举措|原则|理念|意识|精神|能力|层面|阶段|步|年|部分|全会|会议|"
    r"党代会)"
)
_LEADING_NOISE = re.compile(
    r"^(?:(?:其中|同时|并且|并|以及|及|和|与|共|全区|全市|全县|全省|全年|年末|年底|"
    r"(?:对|将|为|使|在)?(?:我|全)(?:市|区|县|局|省)|共有|现有|拥有|"
    r"截至目前|截至年底|截至|至年底|到年底|目前|当前|今年|此外|另外|计划|力争|争取|拟|预计|确保|一是|二是|三是|四是|五是|六是|"
    r"核心指标|重点指标|重要指标|主要指标|累计|合计|总计|共计|已经|已)[,,、:: ]*)+"
)
_TRAILING_WORDS = [
    "达到",
    "达",
    "为",
    "是",
    "至",
    "提高至",
    "提高到",
    "提升至",
    "增至",
    "增加到",
    "保持在",
    "常态化保持在",
    "共",
    "累计",
    "合计",
    "总计",
    "共计",
    "约",
    "超过",
    "超",
    "逾",
    "近",
    "接近",
    "不少于",
    "不低于",
    "至少",
    "已",
    "已有",
    "拥有",
    "有",
    "的",
    "共有",
    "计",
    "控制在",
    "压缩至",
    "压缩到",
    "同比",
    "分别",
    "平均",
    "均",
    "常态化",
    "从",
    "变为",
    "变成",
    "“",
    "”",
    '"',
]
# Matched on the reversed name, so the pattern is anchored where the words are.
_TRAILING_NOISE_REVERSED = re.compile(
    "^(?:"
    + "|".join(re.escape(w[::-1]) for w in sorted(_TRAILING_WORDS, key=len, reverse=True))
    + ")+"
)
_VERB_LED = re.compile(
    r"^(新增|新建|完成|建成|建设|培训|发放|打造|开展|实现|创建|培育|引进|招录|增加)"
)
_PER = re.compile(
    r"每(?P<mult>[十百千万])?(?P<cls>[个位名户人年月天日次所家])?"
    r"(?P<noun>(?:(?!每)[\u4e00-\u9fff]){0,6}?)(?=平均|拥有|配备|配有|有|享受|补助|补贴|发放|[\d一二三四五六七八九十])"
)
_PER_PERSON_MONTH = re.compile(r"每人每月|每月每人|人均每月")
_MONTHLY = re.compile(r"月[^,,。;;]{0,6}标准|月最低|月人均|每人每月|月补贴")
_UNIT_ALIASES = {"%": "%", "个工作日": "工作日", "个百分点": "百分点"}
_DUE_YEAR = re.compile(r"(?:到|至|于)(\d{4})年(?:底|末)")


@dataclass(slots=True)
class Indicator:
    name: str
    value: float | int
    unit: str
    kind: str
    comparator: str
    value_max: float | int | None
    completion_rate: float | int | None
    text: str
    due_date: str | None = None
    start: int = field(default=0, repr=False)  # where the number is in its paragraph
    end: int = field(default=0, repr=False)
    clause: tuple[int, int] = field(default=(0, 0), repr=False)

    def contract(self) -> dict:
        return {
            "name": self.name,
            "value": self.value,
            "unit": self.unit,
            "kind": self.kind,
            "comparator": self.comparator,
            "value_max": self.value_max,
            "completion_rate": self.completion_rate,
            "text": self.text,
        }


@cache
def _chinese(span: str) -> Decimal | None:
    import cn2an

    try:
        return Decimal(str(cn2an.cn2an(span, "strict")))
    except (ValueError, KeyError, TypeError, InvalidOperation):
        return None


def _number(text: str) -> Decimal | int:
    if "," in text:
        text = text.replace(",", "")
    return Decimal(text) if "." in text else int(text)


def _plain(value: Decimal | int) -> float | int:
    if isinstance(value, int):
        return value
    if value == value.to_integral_value():
        return int(value)
    return float(value.quantize(Decimal("0.0001")))


def extract(text: str, *, default_kind: str = ACTUAL, year: int | None = None) -> list[Indicator]:
    """Indicators in one paragraph or table cell. ``default_kind`` is what a plain
    figure means here: ``actual`` in a summary or a progress column, ``target`` in a
    plan part or a plan column. ``year`` dates targets to the end of that year."""
    matches = list(QUANTITY.finditer(text))
    if not matches:
        return []
    quoted = [m.span() for m in _QUOTED.finditer(text)] if ("“" in text or '"' in text) else []
    bounds = [m.start() for m in _CLAUSE_END.finditer(text)]
    deadlines = [m.end() for m in _DEADLINE_AHEAD.finditer(text)] if "年" in text else []
    found: list[Indicator] = []
    previous_end, previous_name = 0, ""
    for match in matches:
        start, end = match.span()
        if quoted:
            q = bisect_left(quoted, (start,)) - 1
            if q >= 0 and start < quoted[q][1]:
                continue  # inside “…”: a name such as “365社区服务工作法”
        indicator = _read(
            text, bounds, deadlines, match, previous_end, previous_name, default_kind, year
        )
        if indicator is None:
            continue
        if (
            found
            and text[found[-1].end : start].strip() == "、"
            and found[-1].unit == indicator.unit
        ):
            indicator.kind = found[-1].kind  # 同比增长32%、9.4%: a list of the same figure
            indicator.comparator = (
                found[-1].comparator if indicator.comparator == "=" else indicator.comparator
            )
        previous_end, previous_name = end, indicator.name
        found.append(indicator)
    _planned_and_done(text, found)
    _attach_rates(text, found)
    _pair_value_lists(text, found)
    return found


def _clause(bounds: list[int], start: int, end: int, length: int) -> tuple[int, int]:
    """The clause around [start, end): between the punctuation marks in ``bounds``."""
    i = bisect_left(bounds, start)
    left = bounds[i - 1] + 1 if i else 0
    j = bisect_left(bounds, end, i)
    return left, (bounds[j] if j < len(bounds) else length)


def _read(text, bounds, deadlines, match, previous_end, previous_name, default_kind, year):
    start, end = match.span()
    number, number2, q1, scale_word, q2, unit, per = match.groups()
    unit = _UNIT_ALIASES.get(unit, unit) + (per or "")
    after = text[end : end + 8]
    previous_char = text[start - 1] if start else ""
    if number[0].isdigit():
        if previous_char in _NOT_BEFORE_ARABIC or not _ARABIC.fullmatch(number):
            return None  # part of a code or a decimal like 2.0版, or an ordinal 第3
        value = _number(number)
    else:
        if previous_char in _NOT_BEFORE_CHINESE or number2 is not None:
            return None
        if number == "一" or (after[:1] and after[:1] in "一二两三四五六七八九十"):
            return None  # 一件事, 六个一: names, not figures
        if unit in ("期", "批", "类", "届") or _ABSTRACT_NOUN.match(after):
            return None  # 二期 is an edition; 四个工程 is structure
        value = _chinese(number)
        if value is None:
            return None
    if unit in _TIME_UNITS and _TIME_LIMIT.match(after) and "起" in text[max(0, start - 6) : start]:
        return None  # 自变更之日起20个工作日内公开: how soon a duty falls due, not a figure
    if (scope := _SCOPE_AFTER.match(after)) and not scope.group(1).endswith(_GRADES):
        return None  # 100张床位以上养老机构: says which institutions, not how many
    clause_start, clause_end = _clause(bounds, start, end, len(text))
    before = text[max(clause_start, start - 12) : start]
    if before.endswith(("满分", "编号", "电话", "邮编")):
        return None
    scale = _SCALE[scale_word]
    value *= scale
    value_max = None
    comparator = "="
    if number2 is not None:
        if not _ARABIC.fullmatch(number2):
            return None
        upper = _number(number2) * scale
        if upper > value:
            value_max, comparator = upper, "range"
    if comparator == "=":
        scope = text[max(clause_start, previous_end, start - CUE_REACH) : start]
        if q1 or q2 or before.endswith(_AT_LEAST_BEFORE):
            comparator = ">="
        elif before.endswith(_AT_MOST_BEFORE) or any(w in scope for w in _AT_MOST_IN_CLAUSE):
            comparator = "<="
        elif any(w in scope for w in _AT_LEAST_IN_CLAUSE):
            comparator = ">="
        if after.startswith(_AT_LEAST_AFTER):
            comparator = ">="
        elif after.startswith(_AT_MOST_AFTER):
            comparator = "<="
    clause_text = text[max(clause_start, start - CUE_REACH) : start]
    relative = unit in ("%", "百分点")
    if unit == "%" and _RATE_CUE.search(before):
        kind = RATE
    elif relative and (_GROWTH_CUE.search(before) or _GROWTH_AFTER.match(after)):
        kind = GROWTH
    elif relative and _DROP_CUE.search(before):
        kind, value = GROWTH, -value
    elif _TARGET_FIRST.search(clause_text) and _TARGET_CUE.search(clause_text):
        kind = TARGET
    elif _deadline_ahead(text, deadlines, clause_start):
        kind = TARGET  # 到2025年,每千名老年人拥有养老床位数达到35张
    elif default_kind == TARGET and _ACTUAL_CUE.search(clause_text):
        kind = ACTUAL
    else:
        kind = default_kind
    unit = _with_denominator(unit, text, clause_start, end)
    name = _name(text, clause_start, start, end, previous_end, previous_name, clause_end)
    due = None
    if kind == TARGET:
        due_match = _DUE_YEAR.search(text, max(0, clause_start - 40), start)
        due_year = int(due_match.group(1)) if due_match else year
        due = f"{due_year}-12-31" if due_year else None
    return Indicator(
        name=name,
        value=_plain(value),
        unit=unit,
        kind=kind,
        comparator=comparator,
        value_max=_plain(value_max) if value_max is not None else None,
        completion_rate=None,
        text=text[clause_start:clause_end].strip(),
        due_date=due,
        start=start,
        end=end,
        clause=(clause_start, clause_end),
    )


def _deadline_ahead(text: str, deadlines: list[int], clause_start: int) -> bool:
    """到2025年 earlier in the sentence makes what follows a target."""
    if not deadlines or deadlines[0] > clause_start:
        return False
    start = _sentence_start(text, clause_start)
    return any(start <= d <= clause_start for d in deadlines)


def _sentence_start(text: str, before: int) -> int:
    return max(text.rfind(mark, 0, before) for mark in "。;!?\n") + 1


def _with_denominator(unit: str, text: str, clause_start: int, end: int) -> str:
    """每百位老人拥有…6.07张 → 张/百位老人; 月最低生活保障标准…1005元 → 元/月."""
    if unit == "%" or "/" in unit:
        return unit
    scope = text[clause_start:end]
    if unit == "元" and _PER_PERSON_MONTH.search(scope):
        return "元/人·月"
    if "每" in scope:
        per = None
        for per in _PER.finditer(scope):  # noqa: B007 - the last 每 before the number counts
            pass
        if per is not None:
            mult, cls, noun = per.group("mult") or "", per.group("cls") or "", per.group("noun")
            if mult:
                denominator = f"{mult}{cls}{noun}"
            elif noun:
                denominator = noun[-2:]
            else:
                denominator = cls
            if denominator:
                return f"{unit}/{denominator}"
    if unit == "元" and _MONTHLY.search(scope):
        return "元/月"
    return unit


_SUBJECT_VERB = re.compile(
    r"(?<!送)(?:已经|已)?(?:达到|达(?!率)|提高至|提高到|提升至|增至|增加到|保持在|为)"
)
_YEAR_WORDS = re.compile(r"\d{4}年(?:度|底|末)?|^\d{4}(?=[\u4e00-\u9fff])|[①-⑳]|^\d{1,2}[.、]")
_VERB_CHARS = re.compile("[达提增保为]")
_TRAILING_LAST_CHARS = frozenset(word[-1] for word in _TRAILING_WORDS)
_LEADING_FIRST_CHARS = frozenset(
    "其同并以及和与共全年截至到目当今此另计力争拟预确一二三四五六核重主累合总已对将为使在我现拥"
)
_HAS_NUMBERING = re.compile(r"[\d①-⑳]")
_TAIL_END = re.compile(r"完成率|[,、。;:\d]|以上|以内")


def _name(text, clause_start, start, end, previous_end, previous_name, clause_end) -> str:
    """What is counted: the words before the number in its clause (before 达到 if the
    subject comes first); for a second figure of the same thing (2379户3199人) the same
    name; if only a verb is there, the verb and the words after the unit."""
    left = max(clause_start, previous_end, start - NAME_REACH)
    segment = text[left:start]
    if _HAS_NUMBERING.search(segment):
        segment = _YEAR_WORDS.sub("", segment)
    segment = segment.strip()
    parts = _SUBJECT_VERB.split(segment, maxsplit=1) if _VERB_CHARS.search(segment) else ()
    if len(parts) == 2 and len(_clean_name(parts[0])) >= 2:
        segment = parts[0]
    elif "、" in segment:
        segment = segment.rsplit("、", 1)[1]
    name = _clean_name(segment)
    if left == previous_end and previous_end > clause_start and not name:
        return previous_name
    if len(name) < 2 or _VERB_LED.fullmatch(name) or ("、" in text[left:start] and len(name) < 4):
        tail = _TAIL_END.split(text[end:clause_end], maxsplit=1)[0][:24].strip()
        tail = tail.replace("“", "").replace("”", "")
        if tail:
            name = f"{name}{tail}" if _VERB_LED.fullmatch(name) else tail
    elif len(name) <= 2:
        tail = _TAIL_END.split(text[end:clause_end], maxsplit=1)[0][:16].strip()
        if len(tail) >= 2 and "\u4e00" <= tail[0] <= "\u9fff":
            name = f"{name}{tail}"
    return _shortened(name) or "数量"


_NAME_BOUNDARY = "()()、及和与的"


def _shortened(name: str, limit: int = 20) -> str:
    """A name of at most ``limit`` characters, cut where a phrase begins (after 、 及 和 与
    的 or a bracket) rather than mid-phrase; no stray bracket or conjunction at its ends."""
    if len(name) > limit:
        cuts = [i + 1 for i, ch in enumerate(name) if ch in _NAME_BOUNDARY]
        fits = [c for c in cuts if 4 <= len(name) - c <= limit]
        name = name[fits[0] :] if fits else name[-limit:]
    return name.strip("()()、及和与的 ") or name


def _clean_name(segment: str) -> str:
    name = segment.strip()
    if name[:1] in _LEADING_FIRST_CHARS:
        name = _LEADING_NOISE.sub("", name, count=1)
    if name[-1:] in _TRAILING_LAST_CHARS:
        reversed_name = name[::-1]
        if trailing := _TRAILING_NOISE_REVERSED.match(reversed_name):
            name = reversed_name[trailing.end() :][::-1]
    return name.replace("“", "").replace("”", "").strip(" ,:、")


_DONE_BETWEEN = re.compile(r"已完成|已建成|已开工|已送|已发放|已培训|已为|完成了?|建成了?")
_BARE_BRACKET = re.compile(r"[((]\s*$")


def _planned_and_done(text: str, found: list[Indicator]) -> None:
    """A progress bulletin's clause: 15个农村幸福院建设已完成8个(53%): of the 15 planned
    (target), 8 are done (actual), and the percentage alone in brackets after them is
    the completion; 6个老旧小区改造正在施工中(90%): 6 is what is planned."""
    for i, figure in enumerate(found):
        if figure.unit != "%" or figure.kind != ACTUAL:
            continue
        if not _BARE_BRACKET.search(text[max(0, figure.start - 2) : figure.start]):
            continue
        if not text[figure.end : figure.end + 2].lstrip().startswith((")", ")")):
            continue
        figure.kind = RATE  # a percentage alone in brackets after what it measures
        if i == 0:
            continue
        previous = found[i - 1]
        if previous.unit == "%" or _SENTENCE_END.search(text[previous.end : figure.start]):
            continue
        planned = found[i - 2] if i >= 2 else None
        gap = text[planned.end : previous.start] if planned else ""
        if planned and planned.unit == previous.unit and _DONE_BETWEEN.search(gap):
            if planned.kind == ACTUAL and not _SENTENCE_END.search(gap) and len(gap) <= 24:
                planned.kind = TARGET  # 2个…已完成1个: of the two, one is done
        elif previous.kind == ACTUAL and not _DONE_BETWEEN.search(
            text[previous.clause[0] : figure.start]
        ):
            previous.kind = TARGET  # 6个老旧小区改造正在施工中(90%): 6 is the plan


def _attach_rates(text: str, found: list[Indicator]) -> None:
    """新增9家,完成率180%: the rate is also that quantity's completion rate, and the
    quote of both runs from the quantity's clause to the rate's."""
    for i, rate in enumerate(found):
        if rate.kind != RATE or i == 0:
            continue
        quantity = found[i - 1]
        if quantity.unit == "%" or quantity.kind == RATE:
            continue
        gap = text[quantity.end : rate.start]
        if _SENTENCE_END.search(gap) or gap.count(",") > 1:
            continue
        listed = (
            i >= 2
            and found[i - 2].unit == quantity.unit
            and "、" in text[found[i - 2].end : quantity.start]
        )
        segment = text[quantity.clause[0] : quantity.start].rsplit("、", 1)[-1]
        if listed and not _VERB_LED.match(segment):
            continue  # 私墓138座、墓地2座,完成率96.5%: the rate is for the whole list
        quantity.completion_rate = rate.value
        span = (quantity.clause[0], rate.clause[1])
        quantity.text = rate.text = text[span[0] : span[1]].strip()


def _pair_value_lists(text: str, found: list[Indicator]) -> None:
    """年检686家、社会团体年检198家,…同比增长32%、9.4%: values in order with subjects."""
    i = 0
    while i < len(found):
        j = i
        while j + 1 < len(found) and text[found[j].end : found[j + 1].start].strip() in (
            "、",
            "和",
            "及",
        ):
            j += 1
        count = j - i + 1
        if count >= 2 and found[i].kind in (GROWTH, RATE) and i >= count:
            subjects = found[i - count : i]
            joined = all("、" in text[a.end : b.start] for a, b in pairwise(subjects))
            if joined and len({s.unit for s in subjects}) == 1:
                cue = _GROWTH_CUE.search(text[found[i].clause[0] : found[i].start])
                word = cue.group(1) if cue else found[i].name
                for subject, value in zip(subjects, found[i : j + 1], strict=True):
                    value.name = f"{subject.name}{word}"
        i = j + 1
