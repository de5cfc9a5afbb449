"""The government-information-disclosure header (索引号, 发布机构, 发文日期 …)."""

import re

# field name in the contract/model -> labels seen on bureaus' pages
LABELS = {
    "index_no": ["索引号", "信息索引号", "索取号"],
    "category": ["组配分类", "信息分类"],
    "topic": ["主题分类"],
    "genre": ["体裁分类"],
    "publisher": ["发布机构", "发布单位", "发文机构", "发文单位"],
    "generated_on": ["生成日期"],
    "issued_on": ["发文日期", "成文日期"],
    "published_on": ["发布日期", "发布时间", "发表时间", "公开日期"],
    "disclosure_method": ["公开方式"],
    "disclosure_scope": ["公开范围"],
    "name": ["名称", "标题"],
    "doc_no": ["文号", "发文字号", "文件编号"],
    "source": ["信息来源", "来源"],
}
# Labels printed beside the fields above, read only so that a value stops before them.
OTHER_LABELS = [
    "分类", "文件分类", "所属机构", "关键字", "关键词", "主题词", "内容概述", "有效性",
    "统一编号", "公开时限", "公开主体", "关联类型", "政策咨询机关", "政策咨询电话", "作者",
    "初审", "复审", "终审", "责任编辑", "阅读人次", "访问次数", "浏览次数", "点击数",
    "字体", "字号", "字体大小",
]  # fmt: skip
DATE_FIELDS = {"generated_on", "issued_on", "published_on"}
_LABEL_TO_FIELD = {label: field for field, labels in LABELS.items() for label in labels}
_LABEL_TO_FIELD.update(dict.fromkeys(OTHER_LABELS))
# Labels may be printed with spaces between characters (索 引 号, 文    号), after a
# bullet, a cell border or a bracket (【字体:).
_LABEL = re.compile(
    "(?:^|(?<=[|\\s•·【\\[]))("
    + "|".join(
        r"\s{0,4}".join(map(re.escape, label))
        for label in sorted(_LABEL_TO_FIELD, key=len, reverse=True)
    )
    + r")\s*[::]?"
)
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# A date with its time, alone or before the publisher, under a title: 2023-01-05 10:00
_POSTED = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s|$)")
_VALUE_JUNK = " |::\t【】[]"
HEADER_LINES = 30


def normalise_date(value: str) -> str | None:
    match = _DATE.search(value)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _field_of(label: str) -> str | None:
    return _LABEL_TO_FIELD[re.sub(r"\s", "", label)]


def _value(field: str, text: str) -> str:
    value = text.strip(_VALUE_JUNK).split("|")[0].strip(_VALUE_JUNK)
    if field in DATE_FIELDS:
        return normalise_date(value) or ""
    if field == "index_no":
        return value.split()[0] if value else ""  # an index number has no space in it
    return value


def read_header(lines: list[str]) -> dict[str, str]:
    """Fields of the disclosure header found in the first lines; first occurrence wins.
    A label alone at the end of its line takes the next line as its value (a list of
    labels and values on separate lines); an unlabelled date and time under the title
    is when the page was posted."""
    found: dict[str, str] = {}
    head = lines[:HEADER_LINES]
    for n, line in enumerate(head):
        if len(line) > 200:
            continue  # a paragraph of the body, not a header line
        matches = list(_LABEL.finditer(line))
        if not matches and (posted := _POSTED.match(line)):
            found.setdefault("posted_on", normalise_date(posted.group(1)) or "")
        for i, match in enumerate(matches):
            field = _field_of(match.group(1))
            if field is None:
                continue
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = _value(field, line[match.end() : end])
            last = i + 1 == len(matches) and not line[match.end() :].strip(_VALUE_JUNK)
            colon = match.group(0).rstrip().endswith((":", ":"))
            if not value and last and colon and n + 1 < len(head) and len(head[n + 1]) <= 80:
                after = head[n + 1]
                if not _LABEL.match(after.strip(" •·")):
                    value = _value(field, after)
            if value and field not in found:
                found[field] = value
    return {k: v for k, v in found.items() if v}


def starts_with_label(line: str) -> bool:
    """Whether a line opens with a label of the page's header (来源:, 【字体:, 作者:)."""
    return bool(_LABEL.match(line.strip(" •·【[")))


def publisher_of(header: dict[str, str]) -> str | None:
    """The publishing body as printed; the source (来源) when nothing better is."""
    return header.get("publisher") or header.get("source")


def date_of(header: dict[str, str]) -> str | None:
    """When the page was published; else when the document was generated or issued."""
    for field in ("published_on", "posted_on", "generated_on", "issued_on"):
        if header.get(field):
            return header[field]
    return None


def disclosure_code(index_no: str | None) -> str | None:
    """The part of 索引号 before '/', which names the publishing organization."""
    if not index_no or "/" not in index_no:
        return None
    return index_no.split("/", 1)[0].strip() or None
