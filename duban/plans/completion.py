"""Completion of a target (DESIGN.md §3), pure: achieved against the target in percent,
inverted for ≤ targets, ranges by their lower bound, over 100 % kept; None when it cannot
be measured (a monitored figure, a zero target, no reading)."""

from decimal import Decimal

HUNDRED = Decimal(100)


def completion_percent(comparator: str, value, achieved) -> Decimal | None:
    if value is None or achieved is None:
        return None
    if comparator == "<=":
        if achieved == 0:
            return None
        return (value / achieved * HUNDRED).quantize(Decimal("0.01"))
    if value == 0:
        return None
    return (achieved / value * HUNDRED).quantize(Decimal("0.01"))
