"""Period codes: 2023 (year), 2023H1 (half), 2023Q3 (quarter), 2023-08 (month)."""

import calendar
import datetime
import re

from duban.progress.models import PeriodKind

_CODE = re.compile(r"^(?P<y>\d{4})(?:(?P<h>H[12])|(?P<q>Q[1-4])|-(?P<m>0[1-9]|1[0-2]))?$")


def parse_period_code(code: str) -> tuple[PeriodKind, datetime.date, datetime.date]:
    """Return (kind, first day, last day) of a period code; ValueError when malformed."""
    match = _CODE.match(code.strip())
    if not match:
        raise ValueError(f"报告期代码“{code}”无法识别,应为 2023、2023H1、2023Q3 或 2023-08")
    year = int(match["y"])
    if match["h"]:
        first_month, months, kind = (1 if match["h"] == "H1" else 7), 6, PeriodKind.HALF
    elif match["q"]:
        first_month, months, kind = 3 * (int(match["q"][1]) - 1) + 1, 3, PeriodKind.QUARTER
    elif match["m"]:
        first_month, months, kind = int(match["m"]), 1, PeriodKind.MONTH
    else:
        first_month, months, kind = 1, 12, PeriodKind.YEAR
    last_month = first_month + months - 1
    last_day = calendar.monthrange(year, last_month)[1]
    return kind, datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)
