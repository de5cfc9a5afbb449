"""Indicator tables: a bare number counts when its column or row names the unit
(计量单位 张 | 已完成数 900), by the header names bureaus use."""

import re

from duban.ingest.blocks import Block
from duban.ingest.indicators import ACTUAL, GROWTH, RATE, TARGET, Indicator

_NAME = re.compile(r"^(指标名称|指标|项目|名称|内容|工作内容|任务|事项)")
_UNIT = re.compile(r"^(计量单位|单位)$")
_COLUMN_KINDS = [
    (re.compile(r"完成率|完成比例|进度"), RATE),
    (re.compile(r"增长|增幅|增速|同比"), GROWTH),
    (re.compile(r"目标|计划|任务数|预期|指标值"), TARGET),
    (re.compile(r"完成|实际|现状|现有|累计|当前"), ACTUAL),
]
_NUMBER = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?\s*(%)?$")
_UNIT_IN = re.compile(r"[((]([^()()]{1,8})[))]\s*$")


def _header(cells: list[str]):
    """(name column, unit column, [(column, kind, unit in header)]) if this row heads a table
    of figures."""
    clean = [re.sub(r"\s", "", c) for c in cells]
    name = next((i for i, c in enumerate(clean) if _NAME.match(c)), None)
    if name is None:
        return None
    unit = next((i for i, c in enumerate(clean) if _UNIT.match(c)), None)
    values = []
    for i, c in enumerate(clean):
        if i in (name, unit):
            continue
        for pattern, kind in _COLUMN_KINDS:
            if pattern.search(c):
                in_header = _UNIT_IN.search(c)
                values.append((i, kind, in_header.group(1) if in_header else None))
                break
    return (name, unit, values) if values else None


def figure_tables(blocks: list[Block]) -> list[tuple[int, Indicator]]:
    """(block index, indicator) for every figure in tables of figures."""
    found: list[tuple[int, Indicator]] = []
    heading = None
    for b, block in enumerate(blocks):
        if not block.is_row:
            heading = None
            continue
        if (columns := _header(block.cells)) is not None:
            heading = columns
            continue
        if heading is None:
            continue
        name_at, unit_at, values = heading
        cells = block.cells
        if name_at >= len(cells) or not cells[name_at]:
            continue
        name = cells[name_at]
        row_unit = cells[unit_at] if unit_at is not None and unit_at < len(cells) else ""
        if not row_unit and (in_name := _UNIT_IN.search(name)):
            row_unit = in_name.group(1)
            name = name[: in_name.start()].strip()
        for column, kind, header_unit in values:
            if column >= len(cells) or not (number := _NUMBER.match(cells[column].strip())):
                continue
            unit = "%" if number.group(1) or kind in (RATE, GROWTH) else header_unit or row_unit
            if not unit:
                continue
            text = number.group(0).rstrip("%").replace(",", "")
            value = float(text) if "." in text else int(text)
            found.append(
                (b, Indicator(name[:30], value, unit, kind, "=", None, None, block.text.strip()))
            )
    return found
