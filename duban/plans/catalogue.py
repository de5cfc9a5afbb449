"""The business lines and the indicator catalogue ship as JSON in plans/data/."""

import functools
import json
from pathlib import Path

from django.utils.translation import get_language

DATA = Path(__file__).resolve().parent / "data"


def business_lines() -> list[dict]:
    return json.loads((DATA / "business_lines.json").read_text(encoding="utf-8"))


def indicators() -> list[dict]:
    return json.loads((DATA / "indicators.json").read_text(encoding="utf-8"))


def sync_catalogue(business_line_model, indicator_model) -> None:
    """Create or update every shipped row; takes models so migrations can pass theirs."""
    lines = {}
    for order, row in enumerate(business_lines()):
        lines[row["code"]], _ = business_line_model.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "keywords": row["keywords"], "order": order},
        )
    for row in indicators():
        indicator_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "unit": row["unit"],
                "direction": row.get("direction", "higher"),
                "business_line": lines.get(row["line"]),
                "aliases": row["aliases"],
            },
        )


@functools.cache
def _english() -> dict[tuple[str, str], tuple[str, str]]:
    """The shipped rows' English names (and units), by (kind, code)."""
    names = {("line", r["code"]): (r["name_en"], "") for r in business_lines()}
    names.update({("indicator", r["code"]): (r["name_en"], r["unit_en"]) for r in indicators()})
    return names


def shown(kind: str, code: str, name: str, unit: str = "") -> tuple[str, str]:
    """A shipped business line's or indicator's name and unit in the reader's language; a
    bureau's own rows (and every row in Chinese) as stored."""
    if (get_language() or "").startswith("en"):
        return _english().get((kind, code), (name, unit))
    return name, unit
