"""A 完成时限 cell as a date: 2023年12月底, 6月底前, 年底前, 2023-09-30, 三季度末; the
open ones (持续推进, 长期, 常态化) are no date."""

import calendar
import datetime
import re

_FULL = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_MONTH = re.compile(r"(?:(\d{4})\s*年)?\s*(\d{1,2})\s*月(?:份)?\s*(底|末|前|中旬|上旬|下旬)?")
_YEAR_END = re.compile(r"(?:(\d{4})\s*年)?\s*(?:年底|年末|年内|全年|12月底)")
_QUARTER = re.compile(r"(?:(\d{4})\s*年)?\s*(?:第)?([一二三四1-4])季度")
_QUARTERS = {"一": 3, "二": 6, "三": 9, "四": 12, "1": 3, "2": 6, "3": 9, "4": 12}


def _last_day(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def deadline_on(text: str | None, year: int) -> str | None:
    """The day a deadline cell names, in the plan's ``year`` when it gives none."""
    if not text:
        return None
    try:
        if match := _FULL.search(text):
            return datetime.date(*(int(g) for g in match.groups())).isoformat()
        if match := _YEAR_END.search(text):
            return datetime.date(int(match.group(1) or year), 12, 31).isoformat()
        if match := _QUARTER.search(text):
            return _last_day(int(match.group(1) or year), _QUARTERS[match.group(2)]).isoformat()
        if match := _MONTH.search(text):
            month = int(match.group(2))
            day_year = int(match.group(1) or year)
            if match.group(3) in ("上旬",):
                return datetime.date(day_year, month, 10).isoformat()
            if match.group(3) in ("中旬",):
                return datetime.date(day_year, month, 20).isoformat()
            return _last_day(day_year, month).isoformat()
    except ValueError:
        return None  # 2023年13月: no such day
    return None
