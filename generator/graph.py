"""Relationship graph: actors and their links as a static SVG, drawn at build time.

Pure Python and inline markup, so the site needs no script, no CDN and works offline.
This module finds the links and chooses what to draw: which actors and links (dense or large
briefings are capped, and the text says so, to stay fast and legible) and the text
alternative. graph_draw.py lays the chosen actors out and writes the markup. Output must be
byte-identical across runs and PYTHONHASHSEED values: every loop runs over sorted ids (never
a set or a hash order).
The SVG is one line: it goes into a Markdown page as raw HTML, where a blank line would end
the HTML block and a line indented by four spaces would become code. Python-Markdown does
not count <svg> as a block tag, so the caller wraps it in a block element (<figure>, <div>).

A build draws one graph per actor page: the links are found once, by graph_index(b), and the
GraphIndex is passed to every call, so that a page costs its own actors' links, not a scan of
the facts. The index also keeps what pages share (names and labels escaped, link titles,
legends, the spots of a radial layout): there is no state in the module itself.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable
from itertools import chain, product
from typing import Callable

from .escape import md_span
from .graph_draw import (KINDS, TYPE_COLOURS, Box, Edges, _LINE_HEADS, _LINE_HEADS_CONTEXT, _OTHER_COLOUR, _UNSAFE,
                         _attr, _count, _draw_legend, _force_layout, _label, _line_style, _radial_layout, _ring,
                         _spot_order, _svg, _text)
from .model import ACTOR_TYPES, Briefing

# How a link reads from its target, for the text alternative (from its source: the kind itself).
_BACKWARD = {"acted on": "acted on by", "affiliated with": "has as members", "quoted about": "spoken about by"}
_LINKS_PER_NODE = 2.5  # links drawn in the whole graph, at most, per actor drawn
_TYPE_ORDER = {t: i for i, t in enumerate(ACTOR_TYPES)}
_SAFE_ID = re.compile(r"[^a-z0-9-]+")

Directed = Counter[tuple[str, str, str]]  # (source, target, kind) -> how many facts say so
Link = tuple[tuple[str, str, str], int]  # one item of a Directed
_ACTED_ON, _AFFILIATED_WITH, _QUOTED_ABOUT = ("acted on",), ("affiliated with",), ("quoted about",)  # kinds, for product


def _directed(b: Briefing, around: set[str] | None = None, within: set[str] | None = None) -> Directed:
    """Links from the facts, between known actors (or only actors `within`); no self-links.
    With `around`, from the facts that involve those actors only, found through b.actor_links
    (filled by link.py) when it knows them all: every link of those actors is there (and
    other links of the same facts)."""
    if around is not None and all(a in b.actor_links for a in around):
        links = [b.actor_links[a] for a in sorted(around)]
        action_ids = sorted({i for x in links for i in (*x.actions_by, *x.actions_targeting)})
        quote_ids = sorted({i for x in links for i in (*x.quotes_by, *x.quotes_about)})
        holders = sorted(around | {m for x in links for m, _ in x.members})
    else:
        action_ids, quote_ids, holders = sorted(b.actions), sorted(b.quotes), sorted(b.actors)
    allowed = b.actors if within is None else within
    # Each fact's (source, target, kind) triples, counted at the end in C: a product of its
    # distinct allowed ends, self-links dropped after (a Counter keeps the first-seen order, as
    # counting one by one in Python did). Medians of 6 runs alternated in one process: 0.28 s
    # instead of 0.34 s on the standard briefing at 10,000 articles, 0.50 s instead of 0.52 s
    # on benchmarks/independent's (there the time is in the loops, not in counting).
    triples: list[Iterable[tuple[str, str, str]]] = []
    add = triples.append

    def ends(ids: list[str]) -> list[str]:
        # A repeated id in one fact counts once; two affiliations to one body are one link.
        return [i for i in (dict.fromkeys(ids) if len(ids) > 1 else ids) if i in allowed]

    actions, quotes, actors = b.actions, b.quotes, b.actors
    for action in (actions[i] for i in action_ids if i in actions):
        targets = ends(action.targets)
        if targets:
            add(product(ends(action.by), targets, _ACTED_ON))
    for actor in (actors[i] for i in holders if i in actors):
        if actor.affiliations and actor.id in allowed:
            add(product((actor.id,), ends([aff.actor for aff in actor.affiliations]), _AFFILIATED_WITH))
    for quote in (quotes[i] for i in quote_ids if i in quotes):
        if quote.about and quote.speaker in allowed:
            add(product((quote.speaker,), ends(quote.about), _QUOTED_ABOUT))
    out: Directed = Counter(chain.from_iterable(triples))
    for self_link in [link for link in out if link[0] == link[1]]:
        del out[self_link]
    return out


def _pairs(directed: Directed) -> Edges:
    pairs: dict[tuple[str, str], Counter[str]] = {}
    for link, count in directed.items():
        pairs.setdefault(tuple(sorted(link[:2])), Counter())[link[2]] += count  # type: ignore[arg-type]
    # Fixed order of keys and of kinds inside each Counter, whatever order facts came in.
    return {key: Counter({k: pairs[key][k] for k in KINDS if pairs[key][k]}) for key in sorted(pairs)}


def graph_edges(b: Briefing) -> Edges:
    """Undirected actor pairs (sorted tuple) -> count of facts per relation kind."""
    return _pairs(_directed(b))


class _Table(dict):
    """A dict that fills itself: a missing key is worked out by `make` once, then kept."""

    def __init__(self, make: Callable) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key):  # type: ignore[no-untyped-def]
        value = self[key] = self.make(key)
        return value


class _ActorMarks:
    """What the graphs show of one actor, worked out once: name, sort keys and markup pieces.
    A node is '<a xlink:href="' + href + head + [aria-current] + body + cx, cy, r + fill + x, y,
    anchor + the label's markup (see _svg)."""

    __slots__ = ("name", "type", "key", "ring", "text", "tail", "head", "body", "fill", "labels")

    def __init__(self, actor_id: str, name: str, type_: str) -> None:
        folded = name.casefold()
        self.name, self.type = name, type_
        self.text = _text(name)
        # Markup of the name after other text in a link title (see _edge_marks), when escaping it
        # alone gives the same bytes as escaping the whole title: a name already in _text's
        # normal form and not ending with a dot (a dot before "&#58;" is written as a reference).
        self.tail = (md_span(name) if name and name == " ".join(name.split()) and not _UNSAFE.search(name)
                     and not name.endswith(".") else None)
        self.key = (folded, actor_id)  # text order: by name, then id
        self.ring = (_TYPE_ORDER.get(type_, len(_TYPE_ORDER)), folded, actor_id)  # around a centre
        self.head = f'" class="node node-{_SAFE_ID.sub("-", type_)}"'
        self.body = f'><title>{self.text} ({_text(type_)})</title><circle cx="'
        self.fill = f'" fill="{TYPE_COLOURS.get(type_, _OTHER_COLOUR)}" stroke="#ffffff" stroke-width="1.5"/><text x="'
        self.labels: dict[int, tuple[int, str]] = {}  # room -> (label length, markup from text-anchor on)

    def label(self, room: int) -> tuple[int, str]:
        got = self.labels.get(room)
        if got is None:
            label = _label(self.name, room)
            got = self.labels[room] = (len(label), (
                f'" fill="#222222" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" '
                f'paint-order="stroke">{_text(label)}</text></a>'))
        return got


class GraphIndex:
    """The links of one briefing, found once and shared by every graph of a build: render.py
    makes one with `graph_index(b)` and passes it to whole_graph_svg and to each actor page's
    neighbourhood_svg, which then costs that actor's links and its kept neighbours' links with
    each other, never a scan of the facts. Markup that does not depend on the page (names,
    labels, link titles, legends) is escaped once and kept here too, filled in as pages need it.
    Make it once the briefing is complete: it does not see later changes. It is the only state:
    nothing is kept in the module between calls or briefings.

    `directed`: (source, target, kind) -> facts; `weights`: actor -> {neighbour: facts linking
    the two either way, any kind}; `pair_links`: (a, c) with a < c -> the pair's directed links;
    `pair_kinds`: (a, c) -> {kind: facts}, kinds in KINDS order. All shared: read only.
    """

    def __init__(self, b: Briefing, directed: Directed) -> None:
        self.briefing = b
        self.directed = directed
        weights: dict[str, dict[str, int]] = {}
        pair_links: dict[tuple[str, str], list[Link]] = {}
        for link, n in directed.items():
            source, target, _ = link
            ws = weights.get(source)
            if ws is None:
                ws = weights[source] = {}
            ws[target] = ws.get(target, 0) + n
            wt = weights.get(target)
            if wt is None:
                wt = weights[target] = {}
            wt[source] = wt.get(source, 0) + n
            pair = (source, target) if source < target else (target, source)
            got = pair_links.get(pair)
            if got is None:
                pair_links[pair] = [(link, n)]
            else:
                got.append((link, n))
        pair_kinds: dict[tuple[str, str], dict[str, int]] = {}
        for pair, links in pair_links.items():
            kinds: dict[str, int] = {}
            for (_, _, kind), n in links:
                kinds[kind] = kinds.get(kind, 0) + n
            pair_kinds[pair] = kinds if len(kinds) == 1 else {k: kinds[k] for k in KINDS if k in kinds}
        self.weights = weights
        self.pair_links = pair_links
        self.pair_kinds = pair_kinds
        self.fact_counts: dict[str, int] = _Table(self._fact_count)
        self.marks: dict[str, _ActorMarks] = _Table(self._marks)
        self.keys: dict[str, tuple[str, str]] = _Table(lambda a: self.marks[a].key)
        self.hrefs: dict[str, str] = _Table(_attr)  # URL -> attribute value
        self.edge_marks: dict[tuple[str, str], list[tuple[float, str, str, str, str]]] = _Table(self._edge_marks)
        self.legends: dict[tuple, tuple[list[str], float]] = _Table(lambda key: _draw_legend(*key))
        self.spots: dict[tuple[float, float], tuple[int, ...]] = _Table(_spot_order)
        self.rings: dict[tuple[int, Box], tuple[tuple[float, float], list[tuple[float, float]]]] = _Table(_ring)
        self.lines: dict[tuple[tuple[float, float], tuple[float, float], float], str] = {}
        self.styles: dict[tuple[str, int], tuple[str, str, tuple[str, str]]] = _Table(_line_style)
        self._closest: dict[tuple[str, int], tuple[list[str], int]] = {}
        self._among: dict[tuple[str, ...], list[tuple[str, str]]] = {}

    def _fact_count(self, actor_id: str) -> int:
        """How many facts an actor takes part in, as link.py counted them (0 for a hand-made
        Briefing): the tie-break for the neighbours of a hub, cheap where degrees are not."""
        x = self.briefing.actor_links.get(actor_id)
        return 0 if x is None else sum(map(len, (x.actions_by, x.actions_targeting, x.quotes_by, x.quotes_about,
                                                 x.affiliated_with, x.members)))

    def _marks(self, actor_id: str) -> _ActorMarks:
        actor = self.briefing.actors[actor_id]
        return _ActorMarks(actor_id, actor.name, actor.type)

    def _edge_marks(self, pair: tuple[str, str]) -> list[tuple[float, str, str, str, str]]:
        """(offset, markup before x1, the same as context, markup after y2, the same as context)
        of each line drawn for a pair: one per kind, set apart by the offset."""
        kinds = self.pair_kinds[pair]
        present = [k for k in KINDS if k in kinds]
        first, second = self.marks[pair[0]], self.marks[pair[1]]
        # The title's markup is _text of the whole title, put together from the names' markup
        # when that gives the same bytes (see _ActorMarks.tail).
        known = f"{first.text} \u2013 {second.tail}" if first.tail is not None and second.tail is not None else None
        out = []
        for i, kind in enumerate(present):
            style, context_style, what = self.styles[(kind, kinds[kind])]
            tip = known + what[1] if known is not None else _text(f"{first.name} \u2013 {second.name}{what[0]}")
            title = f"><title>{tip}</title></line>"
            out.append(((i - (len(present) - 1) / 2) * 3.5, _LINE_HEADS[kind], _LINE_HEADS_CONTEXT[kind],
                        style + title, context_style + title))
        return out

    def closest(self, actor_id: str, limit: int) -> tuple[list[str], int]:
        """_closest, once per actor and limit (the page cache asks before the page draws)."""
        key = (actor_id, limit)
        found = self._closest.get(key)
        if found is None:
            found = self._closest[key] = _closest(self, actor_id, limit)
        return found

    def among(self, members: list[str]) -> list[tuple[str, str]]:
        """The linked pairs (a < c) among `members`, sorted; each member's links are looked up
        in the set of members (a set intersection: the smaller side is walked)."""
        key = tuple(members)
        found = self._among.get(key)
        if found is None:
            found = self._among[key] = self._pairs_among(members)
        return found

    def _pairs_among(self, members: list[str]) -> list[tuple[str, str]]:
        inside = set(members)
        weights = self.weights
        pairs = [(a, c) for a in inside if a in weights for c in weights[a].keys() & inside if a < c]
        pairs.sort()
        return pairs


def graph_index(b: Briefing) -> GraphIndex:
    """Every link of the briefing, in one pass over actions, affiliations and quotes: make it
    once per build and pass it to whole_graph_svg and neighbourhood_svg."""
    return GraphIndex(b, _directed(b))


def _index_of(b: Briefing, index: GraphIndex | None) -> GraphIndex:
    if index is None:
        return graph_index(b)
    if index.briefing is not b:
        raise ValueError("this GraphIndex was made for another briefing")
    return index


def _strongest(edges: Edges, cap: int) -> Edges:
    """At most about `cap` links, so that a dense core does not become a solid blot: first each
    actor's strongest link (no actor is drawn alone), then the strongest others; ties by ids."""
    if len(edges) <= cap:
        return edges
    order = sorted(edges, key=lambda p: (-sum(edges[p].values()), p))
    keep: dict[tuple[str, str], None] = {}
    covered: set[str] = set()
    for pair in order:
        if not covered.issuperset(pair):
            keep[pair] = None
            covered.update(pair)
    keep.update(dict.fromkeys([p for p in order if p not in keep][:max(0, cap - len(keep))]))
    return {pair: edges[pair] for pair in sorted(keep)}


def whole_graph_svg(b: Briefing, url_for: Callable[[str], str], limit: int = 40,
                    index: GraphIndex | None = None) -> tuple[str, str, list[str]]:
    """(svg, text alternative, ids left out) for every actor that has a link; ("", "", []) if none.

    Above `limit` actors only the `limit` most connected (weighted degree, ties by id) are drawn,
    since hundreds of nodes are neither quick to lay out nor legible; the ids left out come most
    connected first. Likewise at most 2.5 links an actor, the strongest. Actors without a link
    are neither drawn nor counted as left out. Text and picture both say what was cut.
    `index`: graph_index(b), made once per build (made here when not given)."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    ix = _index_of(b, index)
    degree = {a: sum(links.values()) for a, links in ix.weights.items()}
    if not degree:
        return "", "", []
    ranked = sorted(degree, key=lambda a: (-degree[a], a))
    kept, left_out = sorted(ranked[:limit]), ranked[limit:]
    among = {pair: ix.pair_kinds[pair] for pair in ix.among(kept)}
    shown = _strongest(among, int(_LINKS_PER_NODE * len(kept)))
    few = len(shown) < len(among)
    actors = (f"the {len(kept)} most connected of {len(ranked)} linked actors" if left_out
              else _count(len(kept), "actor"))
    links = f"the {len(shown)} strongest of their {len(among)} links" if few else _count(len(shown), "link")
    out = f"; {_count(len(left_out), 'less connected actor')} left out" if left_out else ""
    summary = f"Graph of {actors}, with {links}{out}."
    note = f"Shown: {actors}, with {links}" if left_out or few else ""  # the cap said in the picture too
    radius = {a: 5 + min(7.0, 1.5 * math.sqrt(degree[a])) for a in kept}
    svg = _svg(ix, "briefing-graph", (720, 480), "Relationship graph of the briefing", summary, note,
               lambda box: _force_layout(kept, shown, box), radius, shown, url_for, centre=None)
    outgoing: dict[str, dict[str, dict[str, int]]] = {}
    for pair in shown:
        for (source, target, kind), n in ix.pair_links[pair]:
            outgoing.setdefault(source, {}).setdefault(kind, {})[target] = n
    sentences = [summary] + [_sentence(ix, a, outgoing.get(a)) for a in sorted(kept, key=ix.keys.__getitem__)]
    return svg, " ".join(s for s in sentences if s), left_out


def neighbourhood_svg(b: Briefing, actor_id: str, url_for: Callable[[str], str], limit: int = 24,
                      index: GraphIndex | None = None) -> tuple[str, str]:
    """(svg, text alternative) of one actor at the centre and its direct neighbours.

    Above `limit` neighbours, the most closely linked are kept (links with the centre, then
    facts taken part in, then id) and both the drawing and the text say how many are left out.
    Links between neighbours are drawn faintly for context. ("", "") when it has no link.
    `index`: graph_index(b), made once per build. Without it, the links are found from this
    actor's facts and its kept neighbours' (through b.actor_links): fine for one page, slow
    for every page of a large briefing.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if actor_id not in b.actors:
        return "", ""
    ix = GraphIndex(b, _directed(b, {actor_id})) if index is None else _index_of(b, index)
    with_centre = ix.weights.get(actor_id)
    if not with_centre:
        return "", ""
    kept, ranked = ix.closest(actor_id, limit)
    if index is None:
        # The links between the actors drawn, from their facts: a link between two of them is
        # among the facts of either, so the busiest one's can be skipped.
        busiest = max(kept, key=lambda a: (ix.fact_counts[a], a))
        members = {actor_id, *kept}
        ix = GraphIndex(b, _directed(b, members - {busiest}, within=members))
    left = ranked - len(kept)
    pairs = ix.among([actor_id, *kept])
    pair_kinds = ix.pair_kinds
    shown = {pair: pair_kinds[pair] for pair in pairs}
    name = ix.marks[actor_id].name
    note = f"{len(kept)} of {ranked} linked actors shown" if left else ""
    summary = f"{name} is linked to {_count(ranked, 'actor')}" + (
        f"; the {len(kept)} most closely linked are shown and {left} left out." if left else ".")
    radius = {actor_id: 13.0, **{a: 5 + min(5.0, 1.2 * math.sqrt(with_centre[a])) for a in kept}}
    svg = _svg(ix, f"graph-{_SAFE_ID.sub('-', actor_id)}", (480, 360), f"Relationships of {name}", summary, note,
               lambda box: _radial_layout(ix, actor_id, kept, box), radius, shown, url_for, centre=actor_id)
    # The centre's links both ways; links between neighbours from their source.
    to: dict[str, dict[str, int]] = {}
    by: dict[str, dict[str, int]] = {}
    between: dict[str, dict[str, dict[str, int]]] = {}
    pair_links = ix.pair_links
    for pair in pairs:
        if actor_id in pair:
            for (source, target, kind), n in pair_links[pair]:
                if source == actor_id:
                    to.setdefault(kind, {})[target] = n
                else:
                    by.setdefault(kind, {})[source] = n
        else:
            for (source, target, kind), n in pair_links[pair]:
                between.setdefault(source, {}).setdefault(kind, {})[target] = n
    others = [s for s in (_sentence(ix, a, between[a]) for a in sorted(between, key=ix.keys.__getitem__)) if s]
    sentences = [summary, _sentence(ix, actor_id, to, by)]
    sentences += ["Among them: " + " ".join(others)] if others else []
    return svg, " ".join(s for s in sentences if s)


def graph_print(ix: GraphIndex) -> bytes:
    """A hash of everything the neighbourhood graphs are drawn from: every directed link with
    its count, and each actor's name, type and number of facts. Equal hashes in two builds mean
    every actor's `neighbourhood_inputs` is equal too, so the page cache need not compute them."""
    b = ix.briefing
    digest = hashlib.sha1(repr(list(ix.directed.items())).encode("utf-8", "surrogatepass"))
    digest.update(repr([(a, actor.name, actor.type, ix.fact_counts[a]) for a, actor in b.actors.items()])
                  .encode("utf-8", "surrogatepass"))
    return digest.digest()


def neighbourhood_inputs(ix: GraphIndex, actor_id: str, limit: int = 24) -> tuple:
    """Everything `neighbourhood_svg(..., index=ix)` draws from for one actor, as plain data: the
    kept neighbours and their weights with the centre, how many were ranked, the links among
    the drawn actors, and their names and types. The page cache (pagecache.py) compares it
    between builds, which costs far less than drawing the graph to find out."""
    b = ix.briefing
    with_centre = ix.weights.get(actor_id) if actor_id in b.actors else None
    if not with_centre:
        return ()
    kept, ranked = ix.closest(actor_id, limit)
    members = [actor_id, *kept]
    pairs = ix.among(members)
    actors, pair_links = b.actors, ix.pair_links  # (pair links are in id order: see _directed)
    return (ranked, [(a, with_centre[a]) for a in sorted(kept)], pairs, [pair_links[pair] for pair in pairs],
            [(a, actors[a].name, actors[a].type) for a in sorted(members)])


def _closest(ix: GraphIndex, actor_id: str, limit: int) -> tuple[list[str], int]:
    """(the `limit` neighbours most closely linked to an actor, how many it has). When all are
    kept their order does not matter (every use sorts them or makes a set): no ranking then."""
    with_centre = ix.weights[actor_id]
    if len(with_centre) <= limit:
        return list(with_centre), len(with_centre)
    facts = ix.fact_counts
    ranked = sorted(with_centre, key=lambda a: (-with_centre[a], -facts[a], a))
    return ranked[:limit], len(ranked)


# --- text alternative -------------------------------------------------------------------------


def _sentence(ix: GraphIndex, actor_id: str, outgoing: dict[str, dict[str, int]] | None,
              incoming: dict[str, dict[str, int]] | None = None) -> str:
    """'Name: acted on A (2 times), B; affiliated with C.' from the links given, per kind and
    other end. The whole graph lists each link once, from its source; a neighbourhood's centre
    also lists links to it (`incoming`)."""
    parts: list[str] = []
    for kind in KINDS:
        if outgoing and kind in outgoing:
            parts.append(f"{kind} {_names(ix, outgoing[kind])}")
        if incoming and kind in incoming:
            parts.append(f"{_BACKWARD[kind]} {_names(ix, incoming[kind])}")
    return f"{ix.marks[actor_id].name}: {'; '.join(parts)}." if parts else ""


def _names(ix: GraphIndex, counts: dict[str, int]) -> str:
    marks = ix.marks
    return ", ".join(marks[a].name if counts[a] == 1 else f"{marks[a].name} ({counts[a]} times)"
                     for a in sorted(counts, key=ix.keys.__getitem__))
