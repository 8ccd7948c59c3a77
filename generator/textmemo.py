"""Link's text memo (kept in the build cache between builds) and the two text functions whose
results it remembers beside the searches: an article's paragraphs and its mention counts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter

from .model import Mention

PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
Found = tuple[list[tuple[str, int, int]], list[tuple[str, int]]]  # an article's mentions and their counts


@dataclass
class TextMemo:
    """Link's text work, remembered by exactly what it depends on, for the build cache: an
    article's mentions and their counts by (a hash of every name and alias the matcher knows,
    a hash of the body), where a quote or evidence stands by (hash of the body, the text), and
    a body's paragraphs by its hash. Only what was found is kept; a text not found is searched
    again, so its diagnostic is made afresh. `used_*` collects what this build needed (saved
    for the next)."""

    # An article's mentions, (actor, start, end) each, and their counts as ArticleLinks holds
    # them (counted and ordered again, they took a tenth of a second of a rebuild).
    mentions: dict[tuple[str, str], Found] = field(default_factory=dict)
    # (start, end, paragraph, line within the body): all a span needs, none of it from outside
    # the body (the file line is the body's first line plus that).
    spans: dict[tuple[str, str], tuple[int, int, int, int]] = field(default_factory=dict)
    # A body's paragraphs, (start, end) each, by the hash of the body alone.
    paragraphs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    used_mentions: dict[tuple[str, str], Found] = field(default_factory=dict)
    used_spans: dict[tuple[str, str], tuple[int, int, int, int]] = field(default_factory=dict)
    used_paragraphs: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    loaded: bool = False  # made by from_data from what the cache kept (not an empty start)

    def changed(self) -> bool:
        return (self.used_mentions.keys() != self.mentions.keys() or self.used_spans.keys() != self.spans.keys()
                or self.used_paragraphs.keys() != self.paragraphs.keys())

    def to_data(self) -> dict[str, dict]:
        """What the build cache keeps for the next build: what this one used."""
        return {"mentions": self.used_mentions, "spans": self.used_spans, "paragraphs": self.used_paragraphs}

    @classmethod
    def from_data(cls, saved: object) -> "TextMemo":
        """The memo as the build cache gave it (to_data), or an empty one if it is not that."""
        names = ("mentions", "spans", "paragraphs")
        if not isinstance(saved, dict) or saved.keys() != set(names) or not all(isinstance(saved[n], dict) for n in names):
            return cls()
        return cls(saved["mentions"], saved["spans"], saved["paragraphs"], loaded=True)


def paragraphs_of(body: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph of a body: the text between blank lines."""
    found: list[tuple[int, int]] = []
    pos = 0
    for m in PARAGRAPH_BREAK.finditer(body):
        found.append((pos, m.start()))
        pos = m.end()
    if pos < len(body):
        found.append((pos, len(body)))
    return found


def mention_counts(mentions: list[Mention]) -> list[tuple[str, int]]:
    """(actor, mentions) of an article, most first, then by id."""
    counts = Counter(map(attrgetter("actor"), mentions))
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
