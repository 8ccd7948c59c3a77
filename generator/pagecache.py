"""Which pages a rebuild can keep: every page's reads of the model, compared with this build's.

While a page renders, everything it reads from the model is recorded as a key: a record
(`("r", kind, id)`: all its fields but an article's body and any record's origin, which are
keys of their own), a derived links object (`("l", kind, id)`), an entry or the key list of a
briefing map, a shared ordering (`("s", name)`: the timeline, the newest actions...), a
page-specific context value (`"x"`), an actor's graph neighbourhood (`"g"`), and the template
set (`("t",)`). Records reach a page through four doors, each recorded: the briefing's
dicts (tracking.py's `TrackedMap`: `b.actors[id]`, `.get`, loops), the page's own context, the
shared orderings (fingerprinted with every record in them), and the link helpers and Python
parts of a page (article bodies, graphs), which say what they read; Jinja attribute access is
watched only for the two fields kept apart (`TrackingEnvironment`). A page's keys are held as
their indexes in the page table's key list.

The next build computes a fingerprint (a hash of the current value) of each key a page read
and keeps the page if all are unchanged and the output target still holds the bytes it wrote.
A page's output depends only on what it read (templates and helpers are deterministic and
take nothing else), so a kept page is exactly what rendering it again would give; what cannot
be tracked (the home page's whole-briefing graph) is simply always rendered.
"""

from __future__ import annotations

import dataclasses
import hashlib
import marshal
from array import array
from bisect import bisect_right
from itertools import accumulate
from typing import Any, Callable

from .forkedwork import run_shared
from .link import LINK_SETS
from .model import Action, ActorLinks, Actor, Article, ArticleLinks, Briefing, Quote
from .tracking import APART, MAPS, TrackedBriefing
from .views import Timeline

Key = tuple
_KIND_OF = {Actor: "actor", Action: "action", Quote: "quote", Article: "article"}


def _digest(value: Any) -> bytes:
    # repr, not pickle: pickle writes a string shared twice differently from two equal strings,
    # so equal values from a fresh parse and from the cache would hash apart. Values here are
    # tuples of str, int, bool, None and bytes, and model records (whose repr is generated
    # from their fields), all with an exact and stable repr.
    if type(value) is bytes:
        return hashlib.sha1(value).digest()
    return hashlib.sha1(repr(value).encode("utf-8", "surrogatepass")).digest()


_NONE_PRINT = _digest(None)
_KIND_BYTES = {"action": b"action", "quote": b"quote"}  # a timeline entry's kind, as its print starts


# Every field of ArticleLinks, in the plain form its fingerprint hashes (a test checks that no
# field is left out). Spans and mentions become tuples so the whole can go through marshal,
# which writes 10,000 articles' links in half the time their repr takes (version 2: no
# back-references, so equal values always give equal bytes).
ARTICLE_LINKS_PRINTED = ("actions", "quotes", "mentions", "mention_counts", "paragraphs", "quote_spans", "evidence")


def _article_links_print(links: ArticleLinks) -> bytes:
    def span(s: Any) -> tuple:
        return (s.start, s.end, s.paragraph, s.line)
    plain = (links.actions, links.quotes, [(m.actor, m.start, m.end) for m in links.mentions],
             links.mention_counts, links.paragraphs,
             [(quote_id, [span(s) for s in spans]) for quote_id, spans in links.quote_spans.items()],
             [(where, span(s)) for where, s in links.evidence.items()])
    return hashlib.sha1(marshal.dumps(plain, 2)).digest()


ACTOR_LINKS_PRINTED = ("actions_by", "actions_targeting", "quotes_by", "quotes_about", "affiliated_with", "members",
                       "country_of", "mentioned_in", "mention_total", "related")


def _actor_links_print(links: ActorLinks) -> bytes:
    def affiliation(a: Any) -> tuple:  # every field but its origin (positions: keys of their own)
        return (a.actor, a.role, a.since, a.until)
    plain = (links.actions_by, links.actions_targeting, links.quotes_by, links.quotes_about,
             [affiliation(a) for a in links.affiliated_with], [(m, affiliation(a)) for m, a in links.members],
             links.country_of, links.mentioned_in, links.mention_total, links.related)
    return hashlib.sha1(marshal.dumps(plain, 2)).digest()


class Tracker:
    """The reads of the page being rendered, and fingerprints of this build's values."""

    def __init__(self, b: Briefing, shared: dict[str, Any], extras: dict[str, dict[str, Any]], salt: bytes,
                 graph_inputs: Callable[[str], Any], graph_print: Callable[[], bytes] | None = None) -> None:
        self.b = b
        self.salt = salt  # the template set's hash (render.template_salt)
        self.shared = shared
        self.extras = extras  # page path -> its own context values
        self.graph_inputs = graph_inputs
        self._graph_print = graph_print
        self._graph_printed: bytes | None = None
        # What the page being rendered read: indexes into the page table's keys (see bind).
        self.current: set[int] | None = None
        self.bind(PageTable())
        self._owner: dict[int, Key] | None = None  # see owner
        self._fingerprints: dict[Key, bytes] = {("t",): hashlib.sha1(salt).digest()}
        self._reprs: dict[int, bytes] = {}
        self.view = TrackedBriefing(b, self)

    # --- recording ---------------------------------------------------------------------------

    def bind(self, table: "PageTable") -> None:
        """Number keys as `table` does, adding new ones to it (see PageTable.put). A busy actor's
        page reads 1,000 keys, and a key as a tuple cost a hash and a compare in every set and
        dict it went through (PageTable.put took 13 s at 10,000 articles of benchmarks/third).
        `_entry_ids` finds a map entry's index by its id alone."""
        self._ids, self._keys = table.key_index(), table.keys
        self._entry_ids: dict[tuple[str, str], dict[Any, int]] = {tag: {} for tag in MAPS.values()}
        # Entries read, as they come (repeats too), until finish: links append here directly.
        self.entry_reads: dict[tuple[str, str], list[Any]] = {tag: [] for tag in MAPS.values()}

    def index(self, key: Key) -> int:
        found = self._ids.get(key)
        if found is None:
            found = self._ids[key] = len(self._keys)
            self._keys.append(key)
        return found

    def read(self, key: Key) -> None:
        if self.current is not None:
            self.current.add(self.index(key))

    @property
    def owner(self) -> dict[int, Key]:
        """id(record or links object) -> ("r"|"l", kind, id): made when a page first needs it
        (a rebuild that renders no page, or whose worker fingerprints the model, never does:
        93,000 entries at 10,000 articles, 0.04 s)."""
        if self._owner is None:
            b, owner = self.b, {}
            for name, kind in (("actors", "actor"), ("actions", "action"), ("quotes", "quote"), ("articles", "article")):
                for record_id, record in getattr(b, name).items():
                    owner[id(record)] = ("r", kind, record_id)
            for name, kind in (("actor_links", "actor"), ("article_links", "article")):
                for record_id, links in getattr(b, name).items():
                    owner[id(links)] = ("l", kind, record_id)
            self._owner = owner
        return self._owner

    def entry(self, tag: tuple[str, str], entry_id: Any) -> None:
        """An entry of one of the briefing's maps was read: ("r", "actor") and an id."""
        if self.current is not None:
            self.entry_reads[tag].append(entry_id)

    def read_attribute(self, obj: Any, attribute: str) -> None:
        key = self.owner.get(id(obj))
        if key is None:
            return
        if key[0] == "r" and attribute in APART:
            key = (attribute, key[1], key[2])
        self.current.add(self.index(key))  # type: ignore[union-attr]

    def record(self, kind: str, record_id: str) -> None:
        """A Python helper read a record's fields (a link text, a speaker's name)."""
        self.entry(("r", kind), record_id)

    def start(self, keys: list[Key]) -> None:
        for read in self.entry_reads.values():
            read.clear()
        self.current = {self.index(key) for key in keys}
        self.current.add(self.index(("t",)))

    def finish(self) -> set[int]:
        keys, self.current = self.current or set(), None
        for tag, read in self.entry_reads.items():
            if read:
                ids = self._entry_ids[tag]
                for entry_id in set(read):
                    found = ids.get(entry_id)
                    if found is None:
                        found = ids[entry_id] = self.index((*tag, entry_id))
                    keys.add(found)
                read.clear()
        return keys

    # --- fingerprints -----------------------------------------------------------------------

    def graph_print(self) -> bytes | None:
        """A hash of all the graphs' inputs (graph.graph_print), made once; None without one."""
        if self._graph_printed is None and self._graph_print is not None:
            self._graph_printed = self._graph_print()
        return self._graph_printed

    def _repr(self, value: Any) -> bytes:
        """The hash of a record's or links object's repr, made once per build (shared
        orderings list the same records again and again). A record parsed with the cache on
        carries the hash of its repr as its file gave it (`parse_print`, made by validate.py
        and kept in the cache), so only the fields link.py may set afterwards are added here."""
        found = self._reprs.get(id(value))
        if found is None:
            parsed = value.__dict__.get("parse_print") if type(value) in _KIND_OF else None
            if parsed is not None:
                later_fields = LINK_SETS.get(_KIND_OF[type(value)])
                if later_fields is None:
                    found = parsed  # nothing set after parsing: the parse-time hash is the record's
                else:  # a quote's date, mostly (a tuple made without a generator: 20,000 quotes)
                    later = (getattr(value, later_fields[0]),) if len(later_fields) == 1 else \
                        tuple(getattr(value, name) for name in later_fields)
                    found = hashlib.sha1(parsed + repr(later).encode("utf-8", "surrogatepass")).digest()
            elif type(value) is ArticleLinks:
                found = _article_links_print(value)
            elif type(value) is ActorLinks:
                found = _actor_links_print(value)
            else:
                found = _digest(value)
            self._reprs[id(value)] = found
        return found

    def _shape(self, value: Any) -> Any:
        """A context value as plain data for its fingerprint: records and links objects by their
        repr (every field but bodies and positions), functions by name."""
        if type(value) in _KIND_OF or isinstance(value, (ActorLinks, ArticleLinks)):
            return self._repr(value)
        if type(value) is Timeline:  # 80,000 entries at 10,000 articles: flat, not recursively
            parts: list[bytes] = []
            append, reprs, repr_of = parts.append, self._reprs, self._repr
            for year, months in value:
                append(b"%d:" % year)
                for month, entries in months:
                    append(b"%d;" % month)
                    for kind, item in entries:  # the kind's name, then the record's print
                        append(_KIND_BYTES.get(kind) or kind.encode())
                        append(reprs.get(id(item)) or repr_of(item))
            return b"".join(parts)
        if isinstance(value, (list, tuple)):
            if value and type(value[0]) in _KIND_OF and all(type(v) in _KIND_OF for v in value):
                return b"".join(map(self._repr, value))  # a list of records (the usual case): flat
            if all(type(v) is str for v in value) or all(type(v) is tuple and _plain_pair(v) for v in value):
                return tuple(value)  # ids, or (id, count) pairs (a long actor's lists): already plain
            if len(value) == 2 and type(value[0]) is str and type(value[1]) in _KIND_OF:
                return value[0].encode() + b":" + self._repr(value[1])  # a timeline entry
            return tuple(self._shape(v) for v in value)
        if isinstance(value, dict):
            return tuple((self._shape(k), self._shape(v)) for k, v in value.items())
        if callable(value):
            return getattr(value, "__qualname__", repr(type(value)))
        if isinstance(value, Briefing):
            return type(value).__name__
        if isinstance(value, (set, frozenset)):
            return tuple(sorted(repr(v) for v in value))
        if dataclasses.is_dataclass(value):
            return repr(value)  # model reprs leave out `origin` (positions), see model.py
        return value

    def fingerprints(self, keys: list[Key], graphs_as_before: bool, before: list[bytes],
                     processes: int = 1, ahead: list[bytes | None] | None = None) -> list[bytes]:
        """`fingerprint` of each key, in one loop: a rebuild takes the prints of 120,000 keys,
        and the method calls per key cost more than the hashing. A record's print (the usual
        key) is looked up here directly; with `graphs_as_before` a graph neighbourhood's
        print is taken from `before` (see PageTable._print_now). With `processes` > 1 the keys
        are shared with forked workers (forkedwork.py): 1.8 s of a rebuild at 10,000 articles
        in one process, while a cold build renders on every core. `ahead`: prints already made
        by a worker (printsahead.py), None for each key left to make here, in one process."""
        if ahead is not None:
            rest = [i for i, printed in enumerate(ahead) if printed is None]
            out: list[bytes] = list(ahead)  # type: ignore[arg-type]  # every None is replaced below
            for i, printed in zip(rest, self._fingerprints_of([keys[i] for i in rest], graphs_as_before,
                                                              [before[i] for i in rest])):
                out[i] = printed
            self._fingerprints.update((key, printed) for key, printed in zip(keys, ahead) if printed is not None)
            return out
        if processes <= 1:
            return self._fingerprints_of(keys, graphs_as_before, before)
        # Every n-th key each, not stretches: keys were numbered as pages first read them, so
        # kinds of key (costly ones, cheap ones) come in runs.
        done = run_shared(processes, lambda i: self._fingerprints_of(keys[i::processes], graphs_as_before,
                                                                     before[i::processes]), processes).results
        out = [b""] * len(keys)
        for i, prints in enumerate(done):
            out[i::processes] = prints
            if i:  # a worker's prints, remembered here too
                self._fingerprints.update(zip(keys[i::processes], prints))
        return out

    def _fingerprints_of(self, keys: list[Key], graphs_as_before: bool, before: list[bytes]) -> list[bytes]:
        maps = {"actor": self.b.actors, "action": self.b.actions, "quote": self.b.quotes, "article": self.b.articles}
        parsed_whole = {kind for kind in maps if kind not in LINK_SETS}  # parse_print is all of it
        known, fingerprint = self._fingerprints, self.fingerprint
        out: list[bytes] = []
        append = out.append
        for i, key in enumerate(keys):
            if key[0] == "r":
                found = known.get(key)
                if found is None and key[1] in parsed_whole:
                    record = maps[key[1]].get(key[2])
                    found = record.__dict__.get("parse_print") if record is not None else None
                    if found is not None:
                        known[key] = found
                append(found if found is not None else fingerprint(key))
            elif key[0] == "m":
                # A map entry (an action's quotes: one key per action page), most of them None
                # or a few ids: hashed here as _digest(_shape(value)) hashes them.
                found = known.get(key)
                if found is None:
                    value = getattr(self.b, key[1]).get(key[2])
                    if value is None:
                        found = _NONE_PRINT
                    elif type(value) is list and all(type(v) is str for v in value):
                        found = _digest(tuple(value))
                    else:
                        found = fingerprint(key)
                    known[key] = found
                append(found)
            elif key[0] == "g" and graphs_as_before:
                append(before[i])
            else:
                found = known.get(key)
                append(found if found is not None else fingerprint(key))
        return out

    def fingerprint(self, key: Key) -> bytes:
        found = self._fingerprints.get(key)
        if found is None:
            value = self._value(key)  # a digest already (records, bodies), or plain data
            found = self._fingerprints[key] = value if type(value) is bytes else _digest(value)
        return found

    def _value(self, key: Key) -> Any:
        b = self.b
        tag = key[0]
        if tag in ("r", "body", "origin"):
            record = getattr(b, key[1] + "s").get(key[2])
            if record is None:
                return None
            if tag == "body":
                linked = b.body_hashes.get(key[2])  # link hashed every body already
                return bytes.fromhex(linked) if linked else _digest(record.body.encode("utf-8", "surrogatepass"))
            if tag == "origin":
                return repr(record.origin)
            return self._repr(record)  # every field but the body and origin (repr=False in model.py)
        if tag == "l":
            links = getattr(b, key[1] + "_links").get(key[2])
            return None if links is None else self._repr(links)
        if tag == "m":
            return self._shape(getattr(b, key[1]).get(key[2]))
        if tag == "k":
            return tuple(getattr(b, key[1]))
        if tag == "B":
            return self._shape(getattr(b, key[1], None))
        if tag == "s":
            return self._shape(self.shared.get(key[1]))
        if tag == "x":  # a page's own context value (path, name)
            return self._shape(self.extras.get(key[1], {}).get(key[2]))
        if tag == "g":  # marshal, as for links objects: 270 MB of repr at 10,000 articles (benchmarks/third)
            return hashlib.sha1(marshal.dumps(self.graph_inputs(key[1]), 2)).digest()
        raise KeyError(key)


def _plain_pair(value: tuple) -> bool:
    return len(value) == 2 and type(value[0]) is str and type(value[1]) is int


def extra_keys(tracker: "Tracker", path: str, extra: dict[str, Any]) -> list[Key]:
    """Keys for a page's own context values: its record and links object by their keys, any
    other value (a type's timeline) by the page and name."""
    keys: list[Key] = []
    for name in sorted(extra):
        own = tracker.owner.get(id(extra[name]))
        keys.append(own if own is not None else ("x", path, name))
    return keys


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
        # The context names each template uses (render._names_used: parsing every template
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

    def done_keeping(self) -> None:
        """Let go of the table this one extends, once every kept page is carried over: under
        `mkdocs serve` each rebuild's table would otherwise hold the one before it, and so on."""
        self._extends = None

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
