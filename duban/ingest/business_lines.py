"""Which business line (业务条线) a piece of text belongs to, by shipped keyword lists."""

import re
from collections import Counter
from functools import cache

from duban.plans.catalogue import business_lines


@cache
def _index() -> tuple[re.Pattern, dict[str, dict[str, int]], dict[str, int]]:
    """One pattern for every keyword (longest first, one pass over the text), and for each
    keyword the weight it gives each line, counting the shorter keywords inside it too."""
    rows = business_lines()
    keywords = {k for row in rows for k in row["keywords"]}
    weights: dict[str, dict[str, int]] = {}
    for found in keywords:
        weight: dict[str, int] = {}
        for row in rows:
            for keyword in row["keywords"]:
                if keyword in found:
                    weight[row["name"]] = weight.get(row["name"], 0) + len(keyword) * found.count(
                        keyword
                    )
        weights[found] = weight
    pattern = re.compile("|".join(map(re.escape, sorted(keywords, key=len, reverse=True))))
    order = {row["name"]: i for i, row in enumerate(rows)}
    return pattern, weights, order


def classify(title: str, body: str = "") -> str | None:
    """The line whose keywords weigh most (by length); a hit in the title counts three times."""
    pattern, weights, order = _index()
    scores: dict[str, int] = {}
    hits = Counter(pattern.findall(title))
    for keyword in hits:
        hits[keyword] *= 3
    hits.update(pattern.findall(body))
    for keyword, count in hits.items():
        for name, weight in weights[keyword].items():
            scores[name] = scores.get(name, 0) + count * weight
    if not scores:
        return None
    return max(scores, key=lambda name: (scores[name], -order[name]))
