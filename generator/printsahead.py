"""A rebuild's fingerprints of the model's own page-table keys, of the shared orderings and of
the timeline pages' values, made in a worker process while render works out the page list and
the graphs.

A rebuild compares the fingerprint of every key a page read last time (pagecache.py) with its
fingerprint now: 127,000 keys at 10,000 articles. Most are the model's own (records, links
objects, map entries: 120,000), and need nothing render makes; the shared orderings (the
newest actions and quotes...: 18 keys, but 50,000 records in them) need only
views.shared_context, made once before the fork; the timeline's pages (a year's, a month's, a
type's: 300 in one shape, each holding its part of the timeline) need only that and
views.timeline_jobs; the rest need render's page list or graphs. So a worker forked before
render's setup fingerprints the model's keys, the orderings and the timeline pages' values,
and checks that the output folder still holds each page the last build wrote, while this
process makes the page list and graphs and fingerprints the keys that need them. The two
shares come out close (measured at 10,000 articles of the standard benchmark shape, before the
timeline pages moved over: 0.86 s in the worker, 1.0 s here, both slower than alone on a
shared machine). Each fingerprint is what Tracker.fingerprint gives for the key, whoever makes
it: the same table, the same kept pages.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, TypeVar

from .forkedwork import run_shared
from .model import Briefing
from .pagecache import Tracker
from .pagetable import PageTable
from .views import shared_context, timeline_jobs

T = TypeVar("T")

# Keys whose fingerprint depends on the model alone (see Tracker._value): records, their
# bodies and origins, links objects, the briefing's maps and key lists.
MODEL_TAGS = frozenset(("r", "body", "origin", "l", "m", "k", "B"))
AHEAD_TAGS = MODEL_TAGS | {"s"}  # ...and the shared orderings: the keys the worker fingerprints
TIMELINE_TEMPLATE = "timeline"  # ...and the page values of the pages of this template


def taken_ahead(key: tuple, timeline_pages: set[str] | dict[str, Any]) -> bool:
    """Whether the worker fingerprints `key`: a model key, a shared ordering, or a value of one
    of `timeline_pages` (the timeline's pages: a year's, a month's, a type's, made from the
    shared timeline alone; 0.25 s of prints in a shape with 300 of them)."""
    return key[0] in AHEAD_TAGS or (key[0] == "x" and key[1] in timeline_pages)


@dataclass
class Ahead:
    """What the worker found: each key's fingerprint (None for the keys left to this process),
    and the pages of the last build that the output no longer holds as written."""

    prints: list[bytes | None]
    gone: set[str]


def with_prints_ahead(b: Briefing, previous: PageTable, have: Callable[[str, str], bool],
                      setup: Callable[[], T], shared: dict[str, Any]) -> tuple[T, Ahead]:
    """`setup()` here, and meanwhile in a worker the fingerprints of `previous`'s keys that
    `taken_ahead` picks and `have(path, digest)` for each of its pages. `shared`: this build's
    shared_context, made before the fork (both processes use it as it is)."""
    done = run_shared(2, lambda i: setup() if i == 0 else _ahead(b, previous, have, shared), 2)
    made: Any = done.results[0]
    return made, done.results[1]


def _ahead(b: Briefing, previous: PageTable, have: Callable[[str, str], bool],
           shared: dict[str, Any] | None = None) -> Ahead:
    # A tracker with the shared orderings and the timeline pages' values, but without render's
    # other values: the keys chosen never ask for them.
    shared = shared if shared is not None else shared_context(b)
    timeline_pages = {path: extra for path, _, extra in timeline_jobs(b, shared["timeline"])}
    chosen = [i for i, key in enumerate(previous.keys) if taken_ahead(key, timeline_pages)]
    tracker = Tracker(b, shared, timeline_pages, b"", lambda actor_id: None)
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
