"""The page table: what each page of one output target read (as indexes into one list of
keys) and each key's fingerprint, kept in the build cache between builds; a rebuild keeps the
pages none of whose keys changed. The keys and their fingerprints are pagecache.py's."""

from __future__ import annotations

from array import array
from bisect import bisect_right
from itertools import accumulate
from typing import TYPE_CHECKING, Any

from .cache import in_order

if TYPE_CHECKING:
    from .pagecache import Key, Tracker

COMPACT_ABOVE_KEYS = 10_000  # a table smaller than twice this is never made afresh
FEW_CHANGED_KEYS = 64  # up to this many changed keys, pages_reading finds the pages that read one


def pages_reading(pages: dict[str, tuple[str, bytes]], keys: set[int]) -> set[str]:
    """The paths of `pages` whose key indexes (packed as array("I") bytes) hold one of `keys`.
    A rebuild after an edit changes a few keys, read by a few of 63,000 pages: each key is
    looked for in all the pages' indexes at once (bytes.find, in C) instead of unpacking every
    page's indexes (a tenth of a second). A match counts only where an index starts (a multiple
    of 4 bytes: every page's indexes are), not across the bytes of two."""
    paths = list(pages)
    packed = [entry[1] for entry in pages.values()]
    ends = list(accumulate(map(len, packed)))
    every = b"".join(packed)
    found: set[str] = set()
    for key in keys:
        pattern = array("I", [key]).tobytes()
        at = every.find(pattern)
        while at >= 0:
            if at % len(pattern) == 0:
                found.add(paths[bisect_right(ends, at)])
            at = every.find(pattern, at + 1)
    return found


class PageTable:
    """What each page of one output target read, for the next build to compare.

    `keys` lists every key any page read and `prints` its fingerprint when it was read; each
    page has the hash of its output and the indexes (into `keys`) of what it read. A rebuild
    fingerprints every key once, and a page is kept when none of its keys changed. The key
    list only grows between builds (kept pages keep their indexes); it starts afresh once it
    has grown to twice its size when it was last made afresh."""

    def __init__(self, keys: list[Key] | None = None, prints: list[bytes] | None = None,
                 pages: dict[str, tuple[str, bytes]] | None = None) -> None:
        self.keys: list[Key] = list(keys or [])
        self.prints: list[bytes] = list(prints or [])
        self.pages: dict[str, tuple[str, bytes]] = dict(pages or {})
        self._index: dict[Key, int] | None = None  # see key_index
        self._changed: set[int] | None = None
        self._touched: set[str] | None = None  # the pages that read a changed key, when few changed
        self._extends: PageTable | None = None  # the table whose key indexes this one keeps
        self.base = 0  # keys when the table was last made afresh (see successor)
        self.graph_print: bytes | None = None  # graph.graph_print when the "g" prints were made
        # The context names each template uses (templateuse.names_used: parsing every template
        # again cost 0.1 s a build), valid for the template set hashed `salt`.
        self.salt: bytes | None = None
        self.names: dict[str, list[str] | None] = {}

    def key_index(self) -> dict[Key, int]:
        """Each key's index in `keys`, made when a tracker is first bound to the table: a
        rebuild's previous table is only compared with, and 120,000 keys hashed into a dict for
        nothing cost it 0.05 s."""
        if self._index is None:
            self._index = {key: i for i, key in enumerate(self.keys)}
        return self._index

    def _print_now(self, tracker: Tracker, i: int) -> bytes:
        """Key i's fingerprint in this build. A graph neighbourhood's is taken from the table
        when all the graphs' inputs hash as before (drawing inputs for 3,000 actors to compare
        them cost a tenth of a rebuild)."""
        key = self.keys[i]
        if key[0] == "g" and self.graph_print is not None and self.graph_print == tracker.graph_print():
            return self.prints[i]
        return tracker.fingerprint(key)

    def changed_keys(self, tracker: Tracker) -> set[int]:
        """Indexes of the keys whose fingerprint now differs (computed once per build)."""
        if self._changed is None:
            self._changed = {i for i, old in enumerate(self.prints) if self._print_now(tracker, i) != old}
        return self._changed

    def unchanged(self, tracker: Tracker, path: str) -> str | None:
        """The output hash of a page none of whose reads changed since it was rendered."""
        entry = self.pages.get(path)
        if entry is None:
            return None
        digest, indexes = entry
        changed = self.changed_keys(tracker)
        if not changed:  # nothing changed: no page's indexes need unpacking
            return digest
        if self._touched is None and len(changed) <= FEW_CHANGED_KEYS:
            self._touched = pages_reading(self.pages, changed)
        if self._touched is not None:
            return None if path in self._touched else digest
        found = array("I")
        found.frombytes(indexes)
        return digest if changed.isdisjoint(found) else None

    def successor(self, tracker: Tracker, processes: int = 1, ahead: list[bytes | None] | None = None) -> "PageTable":
        """The table this build fills: the same keys (so kept pages keep their entries) with
        this build's fingerprints, or a fresh one when most keys are no longer read.
        `processes`, `ahead`: how the keys are fingerprinted (Tracker.fingerprints)."""
        # A table made afresh (base 0) counts all its keys as its base, whether it went through
        # the cache file (to_data) or stayed in memory (`mkdocs serve`, where a base of 0 made
        # every rebuild compact and carry 63,000 kept pages over one by one: 1.5 s).
        base = self.base or len(self.keys)
        if len(self.keys) > 2 * max(base, COMPACT_ABOVE_KEYS):
            fresh = PageTable()  # compaction: twice the keys of a fresh table; kept pages re-enter
            fresh.graph_print = tracker.graph_print()
            return fresh
        graphs_as_before = self.graph_print is not None and self.graph_print == tracker.graph_print()
        table = PageTable(self.keys, tracker.fingerprints(self.keys, graphs_as_before, self.prints, processes, ahead))
        # What changed, from the same prints (not fingerprinted a second time by changed_keys).
        self._changed = {i for i, (now, old) in enumerate(zip(table.prints, self.prints)) if now != old}
        self._touched = None
        table.base = base
        table.graph_print = tracker.graph_print()
        table._extends = self
        return table

    def put(self, tracker: Tracker, path: str, digest: str, indexes: set[int]) -> None:
        """A rendered page and the indexes of the keys it read (the tracker, bound to this table,
        numbered them, appending the keys no page read before; their prints are taken now)."""
        keys, prints = self.keys, self.prints
        for i in range(len(prints), len(keys)):
            prints.append(tracker.fingerprint(keys[i]))
        self.pages[path] = (digest, array("I", sorted(indexes)).tobytes())

    def adopt(self, tracker: Tracker, path: str, digest: str, indexes: bytes, new_keys: list[Key],
              new_prints: list[bytes], numbered: list[int], base: int) -> None:
        """A page that a worker process rendered (render.py, forkedwork.py), with its entry as
        the worker's copy of this table gave it. The worker was forked when the table had
        `base` keys, so indexes below that mean the same here; the keys it added since come
        with each page as `new_keys` and their prints, and `numbered` (one list per worker,
        kept by the caller) says which index each has here."""
        keys, prints = self.keys, self.prints
        for i in range(len(prints), len(keys)):
            prints.append(tracker.fingerprint(keys[i]))
        for key, printed in zip(new_keys, new_prints):
            i = tracker.index(key)
            if i == len(prints):  # new here too: the worker's print is this build's
                prints.append(printed)
            numbered.append(i)
        found = array("I")
        found.frombytes(indexes)
        self.pages[path] = (digest, array("I", sorted(i if i < base else numbered[i - base] for i in found)).tobytes())

    def extends(self, previous: "PageTable") -> bool:
        """Whether this table keeps `previous`'s key indexes (successor): a kept page's entry
        then comes over as it is."""
        return self._extends is previous

    def keep(self, tracker: Tracker, previous: "PageTable", path: str) -> None:
        """Carry a kept page's entry over from the previous table."""
        digest, indexes = previous.pages[path]
        if self._extends is previous:
            self.pages[path] = (digest, indexes)
            return
        found = array("I")
        found.frombytes(indexes)
        self.put(tracker, path, digest, {tracker.index(previous.keys[i]) for i in found})

    def done_keeping(self, order: list[str]) -> None:
        """Let go of the table this one extends, once every kept page is carried over: under
        `mkdocs serve` each rebuild's table would otherwise hold the one before it, and so on.
        The pages are put in `order` (the build's page order): kept pages come in first and
        rendered ones as processes finish them, and a table saved in the same order from one
        build to the next has its changes found quickly (cache.save_journaled)."""
        self._extends = None
        self.pages = in_order(self.pages, order)  # every page put is in the order

    def to_data(self) -> dict[str, Any]:
        return {"keys": self.keys, "prints": self.prints, "pages": self.pages, "graph_print": self.graph_print,
                "salt": self.salt, "names": self.names,
                "base": self.base or len(self.keys)}

    @classmethod
    def from_data(cls, data: Any) -> "PageTable":
        if (not isinstance(data, dict) or not isinstance(data.get("keys"), list) or not isinstance(data.get("pages"), dict)
                or not isinstance(data.get("prints"), list) or len(data["prints"]) != len(data["keys"])):
            return cls()
        table = cls(data["keys"], data["prints"], data["pages"])
        table.base = data.get("base") if isinstance(data.get("base"), int) else len(table.keys)
        printed = data.get("graph_print")
        table.graph_print = printed if isinstance(printed, bytes) else None
        names = data.get("names")
        if isinstance(data.get("salt"), bytes) and isinstance(names, dict):
            table.salt, table.names = data["salt"], dict(names)
        return table
