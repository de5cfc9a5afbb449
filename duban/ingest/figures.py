"""Indicator tables: a bare number counts when its column or row names the unit
(计量单位 张 | 已完成数 900), by the header names bureaus use."""

import re
from decimal import Decimal

from duban.ingest.blocks import Block
from duban.ingest.indicators import ACTUAL, GROWTH, RATE, TARGET, Indicator

_NAME = re.compile(r"^(指标名称|指标|项目|名称|内容|工作内容|任务|事项)")
_UNIT = re.compile(r"^(计量单位|单位)$")
_COLUMN_KINDS = [
    (re.compile(r"完成率|完成比例|进度"), RATE),
    (re.compile(r"增长|增幅|增速|同比"), GROWTH),
    (re.compile(r"目标|计划|任务数|预期|指标值"), TARGET),
    (re.compile(r"完成|实际|现状|现有|累计|当前|数量|数值|合计|总数|本期"), ACTUAL),
]
_NUMBER = re.compile(r"^-?\d+(?:,\d{3})*(?:\.\d+)?\s*(%)?$")
_UNIT_IN = re.compile(r"[((]([^()()]{1,8})[))]\s*$")


_SCALED = re.compile(r"^(万|亿)(.+)$")


def cell_figure(name: str, cell: str, kind: str, unit: str, quote: str) -> Indicator | None:
    """A bare number in a cell of a column of figures (1,245.0 | 90% | 5.2 in a 万人
    column → 52000 人), or None when the cell holds something else."""
    number = _NUMBER.match(cell.strip())
    if number is None:
        return None
    text = number.group(0).rstrip("%").strip().replace(",", "")
    if number.group(1) or kind in (RATE, GROWTH):
        unit, scale = "%", 1
    elif scaled := _SCALED.match(unit) if unit else None:
        unit, scale = scaled.group(2), 10000 if scaled.group(1) == "万" else 100000000
    else:
        scale = 1
    value = (Decimal(text) * scale).normalize()
    plain = int(value) if value == value.to_integral_value() else float(value)
    at = len(cell) - len(cell.lstrip())
    return Indicator(
        name[:30], plain, unit, kind, "=", None, None, quote, start=at, end=at + len(text)
    )


def figure_header(cells: list[str]):
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
        if (columns := figure_header(block.cells)) is not None:
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
            if column >= len(cells):
                continue
            unit = header_unit or row_unit
            figure = cell_figure(name, cells[column], kind, unit, block.text.strip())
            # a count with its 单位 cell left empty (镇 143) is still a count
            if figure is not None and (figure.unit or unit_at is not None):
                found.append((b, figure))
    return found
