"""The one rule per kind of value, for every entry: page form, Excel sheet, import, API
and command line. Pure Python (``ingest/`` uses it too): a refusal is a ``BadValue`` with
a stable code and a one-line Chinese message; ``duban.refusal`` turns it into the site's
translatable refusal.

- A number is finite, has at most 16 digits before the point (what a DecimalField of 20
  digits with 4 decimals holds, in SQLite as in PostgreSQL) and is kept to 4 decimals.
- A text holds no NUL or other control character (tab and line breaks aside) and no lone
  surrogate, so every page, file and database can hold it.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

INTEGER_DIGITS = 16
DECIMAL_PLACES = 4
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_GROUPING = str.maketrans("", "", ",,  ")


class BadValue(ValueError):
    """A value no entry accepts; ``code`` is stable, the message one line."""

    def __init__(self, code: str, message: str, **params):
        super().__init__(message % params if params else message)
        self.code = code
        self.params = params


def number(raw) -> Decimal:
    """A figure as typed (``1,200``), read or sent (int, float, Decimal)."""
    if isinstance(raw, bool) or raw is None:
        raise BadValue("not_a_number", "“%(value)s”不是数字", value=raw)
    if isinstance(raw, Decimal | int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(repr(raw)) if raw == raw and abs(raw) != float("inf") else None
    else:
        try:
            value = Decimal(str(raw).strip().translate(_GROUPING))
        except InvalidOperation:
            value = None
    if value is None or not value.is_finite():
        raise BadValue("not_a_number", "“%(value)s”不是数字", value=_shown(raw))
    if value and value.adjusted() >= INTEGER_DIGITS:
        raise BadValue(
            "number_too_large",
            "“%(value)s”超过 %(digits)s 位整数,不是有效的数值",
            value=_shown(raw),
            digits=INTEGER_DIGITS,
        )
    return value.quantize(_QUANTUM, rounding=ROUND_HALF_UP)


def is_number(raw) -> bool:
    try:
        number(raw)
    except BadValue:
        return False
    return True


def text(raw: str, *, label: str = "文字") -> str:
    """A text as given, refused when it holds a character no page or file can keep."""
    if not isinstance(raw, str):
        raise BadValue("bad_text", "%(label)s不是文字", label=label)
    bad = _CONTROL.search(raw)
    if bad:
        raise BadValue(
            "bad_text",
            "%(label)s含有无法保存的字符(U+%(char)04X)",
            label=label,
            char=ord(bad.group()),
        )
    return raw


def without_controls(raw: str) -> str:
    """A document's text with control characters and lone surrogates taken out: what a
    reader keeps of a file, where refusing the whole document for one stray byte would
    be worse."""
    return _CONTROL.sub("", raw)


def amount(value: Decimal, unit: str = "") -> str:
    """A figure as a bureau writes it: 6480万元, 1.2亿元, 12146张."""
    for scale, word, step in ((Decimal(10) ** 8, "亿", 10**6), (Decimal(10) ** 4, "万", 100)):
        if abs(value) >= scale and value % step == 0:
            return f"{plain(value / scale)}{word}{unit}"
    return f"{plain(value)}{unit}"


def plain(value: Decimal | None) -> str:
    """1200, 0.5, 12.35: no exponent, no trailing zeros."""
    if value is None:
        return ""
    return format(value.normalize(), "f")


def _shown(raw) -> str:
    shown = str(raw)
    return shown if len(shown) <= 30 else shown[:29] + "…"
