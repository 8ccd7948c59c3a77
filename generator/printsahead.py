"""A rebuild's fingerprints of the model's own page-table keys and of the shared orderings,
made in a worker process while render works out the page list and the graphs.

A rebuild compares the fingerprint of every key a page read last time (pagecache.py) with its
fingerprint now: 127,000 keys at 10,000 articles. Most are the model's own (records, links
objects, map entries: 120,000), and need nothing render makes; the shared orderings (the
newest actions and quotes...: 18 keys, but 50,000 records in them) need only
views.shared_context, a tenth of a second to make; the rest need render's page list or graphs.
So a worker forked before render's setup fingerprints the model's keys and the orderings
(made again there), and checks that the output folder still holds each page the last build
wrote, while this process makes the orderings, page list and graphs and fingerprints the keys
that need them. The two shares come out close (measured at 10,000 articles of the standard
benchmark shape: 0.86 s in the worker, 1.0 s here, both slower than alone on a shared machine). Each fingerprint is what Tracker.fingerprint gives
for the key, whoever makes it: the same table, the same kept pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from .forkedwork import run_shared
from .model import Briefing
from .pagecache import Tracker
from .pagetable import PageTable
from .views import shared_context

T = TypeVar("T")

# Keys whose fingerprint depends on the model alone (see Tracker._value): records, their
# bodies and origins, links objects, the briefing's maps and key lists.
MODEL_TAGS = frozenset(("r", "body", "origin", "l", "m", "k", "B"))
AHEAD_TAGS = MODEL_TAGS | {"s"}  # ...and the shared orderings: the keys the worker fingerprints


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
    # A tracker with the shared orderings but without render's other values: the keys chosen
    # never ask for them.
    chosen = [i for i, key in enumerate(previous.keys) if key[0] in AHEAD_TAGS]
    shared = shared_context(b) if any(previous.keys[i][0] == "s" for i in chosen) else {}
    tracker = Tracker(b, shared, {}, b"", lambda actor_id: None)
    prints: list[bytes | None] = [None] * len(previous.keys)
    for i, printed in zip(chosen, tracker.fingerprints([previous.keys[i] for i in chosen], False, [])):
        prints[i] = printed
    missing = getattr(have, "missing", None)  # write.StillThere: all at once
    gone = missing(previous.pages) if missing is not None else \
        {path for path, (digest, _) in previous.pages.items() if not have(path, digest)}
    return Ahead(prints, gone)


def have_checked(ahead: Ahead, previous: PageTable, have: Callable[[str, str], bool]) -> Callable[[str, str], bool]:
    """`have` as the worker answered it for the last build's pages (other questions: asked now)."""
    def checked(path: str, digest: str) -> bool:
        entry = previous.pages.get(path)
        if entry is not None and entry[0] == digest:
            return path not in ahead.gone
        return have(path, digest)
    return checked
