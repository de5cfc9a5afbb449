"""What a figure measures: a stock (在册低保3199人, 养老床位12146张), an increase over a
period (新增养老床位100张, 审批低保对象295人) or a rate (覆盖率98%). Only figures of the
same meaning are compared, and the indicator catalogue holds stocks and rates, so an
increase is never taken for one of them."""

import re

STOCK, INCREASE, RATE = "stock", "increase", "rate"

_INCREASE = re.compile(
    r"新增|新建|新培育|培育|新纳入|纳入|新认定|新招募|新开设|新改建|新创建|增加|审批|办理|"
    r"新发展|新登记|新评定|新提升|建成|完成改造|改造提升"
)
_RATE_UNITS = {"%", "‰", "百分点"}
_CLAUSE = re.compile(r"[,,;;。!!??\n]")


def meaning(name: str, unit: str, quote: str = "") -> str:
    """The figure's meaning from its name, its unit and the clause of ``quote`` that
    leads up to its name."""
    if unit in _RATE_UNITS or name.endswith(("率", "比例", "占比")):
        return RATE
    lead = name
    if quote and name and name in quote:
        before = quote[: quote.rindex(name)]
        lead = _CLAUSE.split(before)[-1] + name
    return INCREASE if _INCREASE.search(lead) else STOCK
