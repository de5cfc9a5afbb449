"""The one structure every reader reduces a document to: headings, paragraphs and
table rows with cells, in reading order."""

import re
from dataclasses import dataclass, field

from duban.values import without_controls

HEADING, PARAGRAPH, ROW = "heading", "paragraph", "row"

# Full-width ASCII forms (U+FF01-FF5E: comma, colon, parentheses, digits, %) read as
# their ASCII twins, so every recogniser matches both spellings of the same text.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_HALF_WIDTH.update({0x3000: 0x20, 0xA0: 0x20})


_WIDE = re.compile("[\uff01-\uff5e\u3000\xa0]")


def normalise(text: str) -> str:
    """Full-width forms as ASCII, and no control character or lone surrogate (a NUL deep in
    a text file, a stray byte in a Word run): what every reader keeps of a document."""
    text = without_controls(text)
    return text.translate(_HALF_WIDTH) if _WIDE.search(text) else text


@dataclass(slots=True)
class Block:
    kind: str
    text: str
    cells: list[str] = field(default_factory=list)

    @classmethod
    def row(cls, cells: list[str], *, normalised: bool = False) -> "Block":
        cells = [" ".join((c if normalised else normalise(c)).split()) for c in cells]
        while cells and not cells[-1]:
            cells.pop()
        return cls(ROW, " | ".join(cells) + " |", cells)

    @property
    def is_row(self) -> bool:
        return self.kind == ROW
