"""A rebuild's fingerprints of the model's own page-table keys, made in a worker process while
render works out the page list, the shared orderings and the graphs.

A rebuild compares the fingerprint of every key a page read last time (pagecache.py) with its
fingerprint now: 127,000 keys at 10,000 articles. Most are the model's own (records, links
objects, map entries: 120,000), and need nothing render makes; the rest need its orderings,
page list or graphs, which take it about a second to make. So a worker forked before that
second fingerprints the model's keys, and checks that the output folder still holds each page
the last build wrote (a system call per page: a third of a second), while this process makes
the orderings; this process then fingerprints the few keys left. Each fingerprint is what
Tracker.fingerprint gives for the key, whoever makes it: the same table, the same kept pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from .forkedwork import run_shared
from .model import Briefing
from .pagecache import PageTable, Tracker

T = TypeVar("T")

# Keys whose fingerprint depends on the model alone (see Tracker._value): records, their
# bodies and origins, links objects, the briefing's maps and key lists.
MODEL_TAGS = frozenset(("r", "body", "origin", "l", "m", "k", "B"))


@dataclass
class Ahead:
    """What the worker found: each key's fingerprint (None for the keys left to this process),
    and the pages of the last build that the output no longer holds as written."""

    prints: list[bytes | None]
    gone: set[str]


def with_prints_ahead(b: Briefing, previous: PageTable, have: Callable[[str, str], bool],
                      setup: Callable[[], T]) -> tuple[T, Ahead]:
    """`setup()` here, and meanwhile in a worker the fingerprints of `previous`'s model keys and
    `have(path, digest)` for each of its pages."""
    done = run_shared(2, lambda i: setup() if i == 0 else _ahead(b, previous, have), 2)
    made: Any = done.results[0]
    return made, done.results[1]


def _ahead(b: Briefing, previous: PageTable, have: Callable[[str, str], bool]) -> Ahead:
    # A tracker without render's values: the model's keys never ask for them.
    tracker = Tracker(b, {}, {}, b"", lambda actor_id: None)
    chosen = [i for i, key in enumerate(previous.keys) if key[0] in MODEL_TAGS]
    prints: list[bytes | None] = [None] * len(previous.keys)
    for i, printed in zip(chosen, tracker.fingerprints([previous.keys[i] for i in chosen], False, [])):
        prints[i] = printed
    gone = {path for path, (digest, _) in previous.pages.items() if not have(path, digest)}
    return Ahead(prints, gone)


def have_checked(ahead: Ahead, previous: PageTable, have: Callable[[str, str], bool]) -> Callable[[str, str], bool]:
    """`have` as the worker answered it for the last build's pages (other questions: asked now)."""
    def checked(path: str, digest: str) -> bool:
        entry = previous.pages.get(path)
        if entry is not None and entry[0] == digest:
            return path not in ahead.gone
        return have(path, digest)
    return checked
