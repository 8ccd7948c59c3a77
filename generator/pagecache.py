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
from operator import itemgetter
from typing import Any, Callable

from .forkedwork import run_shared
from .link import LINK_SETS
from .model import Action, ActorLinks, Actor, Article, ArticleLinks, Briefing, Quote
from .pagetable import PageTable
from .tracking import APART, MAPS, TrackedBriefing
from .views import Timeline

Key = tuple
_KIND_OF = {Actor: "actor", Action: "action", Quote: "quote", Article: "article"}
_KIND_SET, _STR_SET, _TUPLE_SET = frozenset(_KIND_OF), frozenset((str,)), frozenset((tuple,))
_INT_SET, _TWO = frozenset((int,)), frozenset((2,))


def _digest(value: Any) -> bytes:
    # Values here are tuples of str, int, bool, None and bytes (Tracker._shape makes them so:
    # sets sorted, records by their print), or model records. marshal version 2 writes the
    # plain ones as they are, with no back-references (pickle writes a string shared twice
    # differently from two equal strings, so equal values from a fresh parse and from the
    # cache would hash apart), in about a third of the time repr takes (a long actor's lists
    # of ids). What marshal refuses (a record) is hashed by its repr, generated from its fields.
    if type(value) is bytes:
        return hashlib.sha1(value).digest()
    try:
        return hashlib.sha1(marshal.dumps(value, 2)).digest()
    except ValueError:
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
        self.salt = salt  # the template set's hash (templateuse.template_salt)
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
        # A timeline entry's bytes by the id of its (kind, record) pair, which the timelines
        # of all pages share and keep alive (views.py): see _timeline_print.
        self._entry_bytes: dict[int, bytes] = {}
        self._entries_held: list[tuple] = []  # those pairs, held: an id is never reused meanwhile
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
            return self._timeline_print(value)
        if isinstance(value, (list, tuple)):
            types = set(map(type, value))  # in C: a long actor's lists hold thousands of ids
            if types and types <= _KIND_SET:
                return b"".join(map(self._repr, value))  # a list of records (the usual case): flat
            if types <= _STR_SET or (types == _TUPLE_SET and _plain_pairs(value)):
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

    def _timeline_print(self, timeline: Timeline) -> bytes:
        """A timeline as plain bytes: each year and month, and each entry's kind and record
        print. The timeline pages of a long briefing hold every entry three or four times
        over (a year's page, a month's, a type's year...), as the same (kind, record) pairs:
        each pair's bytes are made once, and a month's are joined in C (a loop over 220,000
        entries took a quarter of a second of a rebuild)."""
        parts: list[bytes] = []
        append, entries_known = parts.append, self._entry_bytes
        get = entries_known.__getitem__
        for year, months in timeline:
            append(b"%d:" % year)
            for month, entries in months:
                append(b"%d;" % month)
                try:
                    append(b"".join(map(get, map(id, entries))))
                except KeyError:
                    for entry in entries:  # the kind's name, then the record's print
                        if id(entry) not in entries_known:
                            kind, item = entry
                            entries_known[id(entry)] = (_KIND_BYTES.get(kind) or kind.encode()) + self._repr(item)
                            self._entries_held.append(entry)  # its id stays its own (see __init__)
                    append(b"".join(map(get, map(id, entries))))
        return b"".join(parts)

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


def _plain_pairs(values: list | tuple) -> bool:
    """Whether every value is a (str, int) pair, checked in C (thousands a long actor)."""
    return (set(map(len, values)) == _TWO and set(map(type, map(itemgetter(0), values))) == _STR_SET
            and set(map(type, map(itemgetter(1), values))) == _INT_SET)


def extra_keys(tracker: "Tracker", path: str, extra: dict[str, Any]) -> list[Key]:
    """Keys for a page's own context values: its record and links object by their keys, any
    other value (a type's timeline) by the page and name."""
    keys: list[Key] = []
    for name in sorted(extra):
        own = tracker.owner.get(id(extra[name]))
        keys.append(own if own is not None else ("x", path, name))
    return keys
