"""Facts that are well-formed field by field but contradict themselves: an affiliation that
ends before it starts, an actor affiliated with itself, the same id or alias twice in a list.

Called from link.py (after the ids are known), so `briefing check` and the build report the
same. Each record is looked at once, in a single pass with no lookups across records: at
55,000 records this costs a few milliseconds.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Action, Actor, Origin, Quote
from .problems import Problems


def dates_in_order(since: str, until: str) -> bool:
    """Whether `until` is not before `since`. Dates are validated ISO text (YYYY, YYYY-MM or
    YYYY-MM-DD), so comparing them as text is comparing them as dates; a partial date is
    compared at its own precision ("2020" is not after "2020-05": it may be any day of 2020)."""
    size = min(len(since), len(until))
    return since[:size] <= until[:size]


def _repeated(problems: Problems, origin: Origin | None, name: str, values: Iterable[str]) -> None:
    """A warning at each later occurrence of a value already in the list."""
    assert origin is not None
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        earlier = first.setdefault(value, index)
        if earlier != index:
            problems.warn(origin.path, *origin.of(f"{name}[{index}]"), "value-repeated",
                          f"{name}: '{value}' is listed twice (first as {name}[{earlier}]): remove the second one")


def check_facts(problems: Problems, actors: Iterable[Actor], actions: Iterable[Action],
                quotes: Iterable[Quote]) -> None:
    for actor in actors:
        if len(actor.aliases) > 1:
            _repeated(problems, actor.origin, "aliases", actor.aliases)
        for aff in actor.affiliations:
            origin = aff.origin
            assert origin is not None
            if aff.actor == actor.id:
                problems.add(origin.path, *origin.of("actor"), "affiliation-self",
                             f"actor: '{aff.actor}' is the actor itself: an affiliation names another actor "
                             "(an organisation, government or group) it belongs to; name that actor, or remove "
                             "the affiliation")
            if aff.since and aff.until and not dates_in_order(aff.since, aff.until):
                problems.add(origin.path, *origin.of("until"), "date-order",
                             f"until: {aff.until} is before since: {aff.since}, so the affiliation would end "
                             "before it starts: correct one of the dates, or swap them")
    for action in actions:
        if len(action.by) > 1:
            _repeated(problems, action.origin, "by", action.by)
        if len(action.targets) > 1:
            _repeated(problems, action.origin, "targets", action.targets)
    for quote in quotes:
        if len(quote.about) > 1:
            _repeated(problems, quote.origin, "about", quote.about)
