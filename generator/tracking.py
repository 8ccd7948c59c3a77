"""The doors through which templates read the model, each reporting what a page reads to the
page tracker (pagecache.Tracker): the briefing's dicts (`TrackedMap`, seen as `b` through
`TrackedBriefing`) and Jinja's attribute access (`TrackingEnvironment`), watched only for
the two record fields kept apart from a record's fingerprint."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

import jinja2

from .model import Briefing

if TYPE_CHECKING:
    from .pagecache import Tracker

APART = frozenset(("body", "origin"))  # record fields fingerprinted on their own
# The briefing's dicts, and the key a read of one of their entries records: the entry's whole
# fingerprint (a record's every field but body and origin), so templates need not be watched
# field by field. Records reach a template only through these maps, the page's own context,
# shared orderings (fingerprinted whole) and the link helpers (which record what they read).
MAPS = {"actors": ("r", "actor"), "actions": ("r", "action"), "quotes": ("r", "quote"),
         "articles": ("r", "article"), "actor_links": ("l", "actor"), "article_links": ("l", "article"),
         "action_quotes": ("m", "action_quotes")}


class TrackedMap:
    """A read-only view of one of the briefing's dicts that records what a template reads."""

    def __init__(self, name: str, data: dict, tracker: "Tracker") -> None:
        self._name, self._data, self._tracker = name, data, tracker
        self._tag = MAPS[name]  # ("r", "actor"): what a read of one entry records

    def __getitem__(self, key: Any) -> Any:
        self._tracker.entry(self._tag, key)
        return self._data[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._tracker.entry(self._tag, key)
        return self._data.get(key, default)

    def __contains__(self, key: Any) -> bool:
        self._tracker.entry(self._tag, key)
        return key in self._data

    def _all(self) -> dict:
        self._tracker.read(("k", self._name))
        for key in self._data:
            self._tracker.entry(self._tag, key)
        return self._data

    def __iter__(self) -> Iterator[Any]:
        return iter(self._all())

    def __len__(self) -> int:
        self._tracker.read(("k", self._name))
        return len(self._data)

    def keys(self) -> Any:
        return self._all().keys()

    def values(self) -> Any:
        return self._all().values()

    def items(self) -> Any:
        return self._all().items()


class TrackedBriefing:
    """What templates see as `b`: the briefing, its dicts wrapped in TrackedMap."""

    def __init__(self, b: Briefing, tracker: "Tracker") -> None:
        self._b = b
        self._maps = {name: TrackedMap(name, getattr(b, name), tracker) for name in MAPS}
        self._tracker = tracker

    def __getattr__(self, name: str) -> Any:
        mapped = self._maps.get(name)
        if mapped is not None:
            return mapped
        self._tracker.read(("B", name))
        return getattr(self._b, name)


class TrackingEnvironment(jinja2.Environment):
    """Jinja's environment with attribute and item access reported to a Tracker. This runs
    for every `x.y` of every page, so it is written out flat (Jinja's own `getattr` inlined)."""

    tracker: "Tracker | None" = None

    def getattr(self, obj: Any, attribute: str) -> Any:
        if attribute in APART:  # the only fields not in a record's fingerprint
            tracker = self.tracker
            if tracker is not None and tracker.current is not None:
                tracker.read_attribute(obj, attribute)
        try:
            return getattr(obj, attribute)
        except AttributeError:
            pass
        try:
            return obj[attribute]
        except (TypeError, LookupError, AttributeError):
            return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(argument, str) and argument in APART:
            tracker = self.tracker
            if tracker is not None and tracker.current is not None:
                tracker.read_attribute(obj, argument)
        return super().getitem(obj, argument)
