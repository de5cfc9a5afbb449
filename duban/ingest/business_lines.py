"""Which business line (业务条线) a piece of text belongs to, by shipped keyword lists."""

from functools import cache

from duban.plans.catalogue import business_lines


@cache
def _keywords() -> list[tuple[str, list[str]]]:
    return [(row["name"], row["keywords"]) for row in business_lines()]


def classify(title: str, body: str = "") -> str | None:
    """The line whose keywords weigh most; a hit in the title counts three times."""
    best, best_score = None, 0
    for name, keywords in _keywords():
        score = sum(len(k) * (3 * title.count(k) + body.count(k)) for k in keywords)
        if score > best_score:
            best, best_score = name, score
    return best
