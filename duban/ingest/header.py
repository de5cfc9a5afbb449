"""The government-information-disclosure header (索引号, 发布机构, 发文日期 …)."""

import re

# field name in the contract/model -> labels seen on bureaus' pages
LABELS = {
    "index_no": ["索引号"],
    "category": ["组配分类"],
    "topic": ["主题分类"],
    "genre": ["体裁分类"],
    "publisher": ["发布机构"],
    "generated_on": ["生成日期"],
    "issued_on": ["发文日期", "成文日期"],
    "published_on": ["发布日期"],
    "disclosure_method": ["公开方式"],
    "disclosure_scope": ["公开范围"],
    "name": ["名称", "标题"],
    "doc_no": ["文号", "发文字号"],
    "source": ["信息来源", "来源"],
}
DATE_FIELDS = {"generated_on", "issued_on", "published_on"}
_LABEL_TO_FIELD = {label: field for field, labels in LABELS.items() for label in labels}
# Labels may be printed with spaces between characters: 索 引 号.
_LABEL = re.compile(
    "(?:^|(?<=[|\\s]))("
    + "|".join(
        r"\s?".join(map(re.escape, label))
        for label in sorted(_LABEL_TO_FIELD, key=len, reverse=True)
    )
    + r")\s*[::]?"
)
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
HEADER_LINES = 30


def normalise_date(value: str) -> str | None:
    match = _DATE.search(value)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def read_header(lines: list[str]) -> dict[str, str]:
    """Fields of the disclosure header found in the first lines; first occurrence wins."""
    found: dict[str, str] = {}
    for line in lines[:HEADER_LINES]:
        if len(line) > 200:
            continue  # a paragraph of the body, not a header line
        matches = list(_LABEL.finditer(line))
        for i, match in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
            value = line[match.end() : end].strip(" |::\t")
            value = value.split("|")[0].strip()
            field = _LABEL_TO_FIELD[re.sub(r"\s", "", match.group(1))]
            if field in DATE_FIELDS:
                value = normalise_date(value) or ""
            if value and field not in found:
                found[field] = value
    return found


def disclosure_code(index_no: str | None) -> str | None:
    """The part of 索引号 before '/', which names the publishing organization."""
    if not index_no or "/" not in index_no:
        return None
    return index_no.split("/", 1)[0].strip() or None
