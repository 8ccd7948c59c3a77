"""Relationship graph: actors and their links as a static SVG, drawn at build time.

Pure Python and inline markup, so the site needs no script, no CDN and works offline.
Output must be byte-identical across runs and PYTHONHASHSEED values: every loop runs over
sorted ids (never a set or a hash order), the force layout starts from a circle sorted by id
and runs a fixed number of steps without randomness, and coordinates are written with one
decimal. Dense or large briefings are capped (and the text says so) to stay fast and legible.
The SVG is one line: it goes into a Markdown page as raw HTML, where a blank line would end
the HTML block and a line indented by four spaces would become code. Python-Markdown does
not count <svg> as a block tag, so the caller wraps it in a block element (<figure>, <div>).
"""

from __future__ import annotations

import html
import math
import re
from collections import Counter
from typing import Callable

from .escape import md_text
from .model import ACTOR_TYPES, Briefing

KINDS = ("acted on", "affiliated with", "quoted about")
# How a link reads from its target, for the text alternative (from its source: the kind itself).
_BACKWARD = {"acted on": "acted on by", "affiliated with": "has as members", "quoted about": "spoken about by"}
# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
TYPE_COLOURS = {"person": "#0072b2", "organization": "#e69f00", "government": "#009e73",
                "country": "#cc79a7", "group": "#d55e00"}
_OTHER_COLOUR = "#777777"
# Relation kinds differ by dash pattern as well as colour, so they read in greyscale too.
KIND_STYLES = {"acted on": ("#555555", ""), "affiliated with": ("#8a8a8a", "6 3"),
               "quoted about": ("#2f8fd0", "1.5 3")}
FONT = 11
_CHAR_W = 0.56 * FONT  # generous average glyph width: label boxes are estimated, not measured
_LEGEND_ROW = 18
_ITERATIONS = 150
_LINKS_PER_NODE = 2.5  # links drawn in the whole graph, at most, per actor drawn
_SPREAD = 0.8  # ideal link length, as a share of the space per node
_GRAVITY = 0.008  # pull to the middle, per pixel of distance and per unit of link length
_KIND_CLASS = {kind: "edge-" + kind.replace(" ", "-") for kind in KINDS}
_SAFE_ID = re.compile(r"[^a-z0-9-]+")
# Not allowed in XML 1.0 even as references (or, for line breaks, not on our one line): dropped.
_UNSAFE = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

Edges = dict[tuple[str, str], Counter[str]]
Directed = Counter[tuple[str, str, str]]  # (source, target, kind) -> how many facts say so


def _directed(b: Briefing, around: set[str] | None = None, within: set[str] | None = None) -> Directed:
    """Links from the facts, between known actors (or only actors `within`); no self-links.
    With `around`, only the facts that involve those actors, found through b.actor_links
    (filled by link.py) when it knows them: an actor page costs its own facts, not them all."""
    if around is not None and all(a in b.actor_links for a in around):
        links = [b.actor_links[a] for a in sorted(around)]
        action_ids = sorted({i for x in links for i in (*x.actions_by, *x.actions_targeting)})
        quote_ids = sorted({i for x in links for i in (*x.quotes_by, *x.quotes_about)})
        holders = sorted(around | {m for x in links for m, _ in x.members})
    else:
        action_ids, quote_ids, holders = sorted(b.actions), sorted(b.quotes), sorted(b.actors)
    allowed = b.actors if within is None else within
    out: Directed = Counter()

    def add(sources: list[str], targets: list[str], kind: str) -> None:
        # A repeated id in one fact counts once; two affiliations to one body are one link.
        ends = [t for t in dict.fromkeys(targets) if t in allowed]
        for source in dict.fromkeys(sources) if ends else ():
            for target in ends if source in allowed else ():
                if source != target:
                    out[(source, target, kind)] += 1

    for action in (b.actions[i] for i in action_ids if i in b.actions):
        add(action.by, action.targets, "acted on")
    for actor in (b.actors[i] for i in holders if i in b.actors):
        add([actor.id], [aff.actor for aff in actor.affiliations], "affiliated with")
    for quote in (b.quotes[i] for i in quote_ids if i in b.quotes):
        add([quote.speaker], quote.about, "quoted about")
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


def _degrees(directed: Directed, of: str | None = None) -> dict[str, int]:
    """Weighted degree of every actor, or (with `of`) weight of each link of that one actor."""
    degree: dict[str, int] = {}
    for (source, target, _), n in directed.items():
        for end, other in ((source, target), (target, source)):
            if of is None or other == of:
                degree[end] = degree.get(end, 0) + n
    return degree


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


def _inside(directed: Directed, members: set[str]) -> Directed:
    return Counter(dict(sorted((k, n) for k, n in directed.items() if k[0] in members and k[1] in members)))


def whole_graph_svg(b: Briefing, url_for: Callable[[str], str], limit: int = 40) -> tuple[str, str, list[str]]:
    """(svg, text alternative, ids left out) for every actor that has a link; ("", "", []) if none.

    Above `limit` actors only the `limit` most connected (weighted degree, ties by id) are drawn,
    since hundreds of nodes are neither quick to lay out nor legible; the ids left out come most
    connected first. Likewise at most 2.5 links an actor, the strongest. Actors without a link
    are neither drawn nor counted as left out. Text and picture both say what was cut."""
    if limit < 1:
        raise ValueError("limit must be at least 1")
    directed = _directed(b)
    degree = _degrees(directed)
    if not degree:
        return "", "", []
    ranked = sorted(degree, key=lambda a: (-degree[a], a))
    kept, left_out = sorted(ranked[:limit]), ranked[limit:]
    inside = _inside(directed, set(kept))
    among = _pairs(inside)
    shown = _strongest(among, int(_LINKS_PER_NODE * len(kept)))
    inside = Counter({k: n for k, n in inside.items() if tuple(sorted(k[:2])) in shown})
    few = len(shown) < len(among)
    actors = (f"the {len(kept)} most connected of {len(ranked)} linked actors" if left_out
              else _count(len(kept), "actor"))
    links = f"the {len(shown)} strongest of their {len(among)} links" if few else _count(len(shown), "link")
    out = f"; {_count(len(left_out), 'less connected actor')} left out" if left_out else ""
    summary = f"Graph of {actors}, with {links}{out}."
    note = f"Shown: {actors}, with {links}" if left_out or few else ""  # the cap said in the picture too
    radius = {a: 5 + min(7.0, 1.5 * math.sqrt(degree[a])) for a in kept}
    svg = _svg(b, "briefing-graph", (720, 480), "Relationship graph of the briefing", summary, note,
               lambda box: _force_layout(kept, shown, box), radius, shown, url_for, centre=None)
    sentences = [summary] + [_sentence(b, a, inside, backward=False) for a in _by_name(b, kept)]
    return svg, " ".join(s for s in sentences if s), left_out


def neighbourhood_svg(b: Briefing, actor_id: str, url_for: Callable[[str], str], limit: int = 24) -> tuple[str, str]:
    """(svg, text alternative) of one actor at the centre and its direct neighbours.

    Above `limit` neighbours, the most closely linked are kept (links with the centre, then
    facts taken part in, then id) and both the drawing and the text say how many are left out.
    Links between neighbours are drawn faintly for context. ("", "") when it has no link.
    """
    if limit < 1:
        raise ValueError("limit must be at least 1")
    if actor_id not in b.actors:
        return "", ""
    with_centre = _degrees(_directed(b, {actor_id}), of=actor_id)
    if not with_centre:
        return "", ""
    ranked = sorted(with_centre, key=lambda a: (-with_centre[a], -_fact_count(b, a), a))
    kept, left = ranked[:limit], len(ranked) - min(limit, len(ranked))
    members = {actor_id, *kept}
    # A link between two members is among the facts of either: the busiest one's can be skipped.
    busiest = max(kept, key=lambda a: (_fact_count(b, a), a))
    inside = _inside(_directed(b, members - {busiest}, within=members), members)
    shown = _pairs(inside)
    name = b.actors[actor_id].name
    note = f"{len(kept)} of {len(ranked)} linked actors shown" if left else ""
    summary = f"{name} is linked to {_count(len(ranked), 'actor')}" + (
        f"; the {len(kept)} most closely linked are shown and {left} left out." if left else ".")
    radius = {actor_id: 13.0, **{a: 5 + min(5.0, 1.2 * math.sqrt(with_centre[a])) for a in kept}}
    svg = _svg(b, f"graph-{_SAFE_ID.sub('-', actor_id)}", (480, 360), f"Relationships of {name}", summary, note,
               lambda box: _radial_layout(b, actor_id, kept, box), radius, shown, url_for, centre=actor_id)
    among = _inside(inside, set(kept))
    others = [s for s in (_sentence(b, a, among, backward=False) for a in _by_name(b, kept)) if s]
    sentences = [summary, _sentence(b, actor_id, inside, backward=True)]
    sentences += ["Among them: " + " ".join(others)] if others else []
    return svg, " ".join(s for s in sentences if s)


def _fact_count(b: Briefing, actor_id: str) -> int:
    """How many facts an actor takes part in, as link.py counted them (0 for a hand-made
    Briefing): the tie-break for the neighbours of a hub, cheap where degrees are not."""
    x = b.actor_links.get(actor_id)
    return 0 if x is None else sum(map(len, (x.actions_by, x.actions_targeting, x.quotes_by, x.quotes_about,
                                             x.affiliated_with, x.members)))


def _by_name(b: Briefing, ids: list[str]) -> list[str]:
    return sorted(ids, key=lambda a: (b.actors[a].name.casefold(), a))


# --- text alternative -------------------------------------------------------------------------


def _sentence(b: Briefing, actor_id: str, directed: Directed, backward: bool) -> str:
    """'Name: acted on A (2 times), B; affiliated with C.' from the links given. The whole graph
    lists each link once, from its source; a neighbourhood's centre also lists links to it."""
    parts: list[str] = []
    for kind in KINDS:
        outgoing = {t: n for (s, t, k), n in directed.items() if s == actor_id and k == kind}
        incoming = {s: n for (s, t, k), n in directed.items() if t == actor_id and k == kind}
        if outgoing:
            parts.append(f"{kind} {_names(b, outgoing)}")
        if backward and incoming:
            parts.append(f"{_BACKWARD[kind]} {_names(b, incoming)}")
    return f"{b.actors[actor_id].name}: {'; '.join(parts)}." if parts else ""


def _names(b: Briefing, counts: dict[str, int]) -> str:
    return ", ".join(b.actors[a].name + (f" ({counts[a]} times)" if counts[a] > 1 else "")
                     for a in _by_name(b, list(counts)))


# --- layout -------------------------------------------------------------------------------------

Box = tuple[float, float, float, float]  # x, y, width, height


def _force_layout(nodes: list[str], edges: Edges, box: Box) -> dict[str, tuple[float, float]]:
    """Fruchterman-Reingold with gravity, from a circle in id order, fixed steps, then stretched
    to the box. Points are complex numbers; the loop uses only + - * / and sqrt, exactly rounded
    in IEEE arithmetic everywhere. O(n^2) a step: callers cap n first (40 nodes: about 0.05 s)."""
    x0, y0, width, height = box
    n = len(nodes)
    if n == 1:
        return {nodes[0]: (x0 + width / 2, y0 + height / 2)}
    index = {node: i for i, node in enumerate(nodes)}
    # Rounded start: cos and sin may differ in the last bit between platforms' maths libraries.
    pos = [complex(round(math.cos(2 * math.pi * i / n) * width * 0.4, 6),
                   round(math.sin(2 * math.pi * i / n) * height * 0.4, 6)) for i in range(n)]
    springs = [(index[a], index[c], math.sqrt(sum(kinds.values()))) for (a, c), kinds in edges.items()]
    k = _SPREAD * math.sqrt(width * height / n)  # ideal distance between linked nodes
    for step in range(_ITERATIONS):
        push = [0j] * n
        for i in range(n):
            for j in range(i + 1, n):
                delta = pos[i] - pos[j]
                d2 = delta.real * delta.real + delta.imag * delta.imag
                if d2 < 1e-4:  # coincident nodes: apart along a fixed direction
                    delta, d2 = complex(0.01 * (j - i), 0.01), 1e-4 * (1 + (j - i) ** 2)
                push[i] += delta * (k * k / d2)  # repulsion k^2/d along delta/d
                push[j] -= delta * (k * k / d2)
        for i, j, weight in springs:
            delta = pos[i] - pos[j]
            f = math.sqrt(delta.real * delta.real + delta.imag * delta.imag) / k * weight  # attraction d^2/k
            push[i] -= delta * f
            push[j] += delta * f
        # Gravity keeps components and lone nodes from drifting off; steps shrink as it cools.
        temperature = width / 10 * (1 - step / _ITERATIONS) + 0.5
        for i in range(n):
            force = push[i] - _GRAVITY * k * pos[i]
            d = math.sqrt(force.real * force.real + force.imag * force.imag)
            if d > 0:
                pos[i] += force * (min(d, temperature) / d)
    # Stretched to fill the box less margins: labels need room at the sides.
    xs, ys = _stretch([p.real for p in pos], x0, width, 40.0), _stretch([p.imag for p in pos], y0, height, 22.0)
    return {node: (xs[i], ys[i]) for i, node in enumerate(nodes)}


def _stretch(values: list[float], start: float, size: float, margin: float) -> list[float]:
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        return [start + size / 2] * len(values)
    return [start + margin + (v - lo) / (hi - lo) * (size - 2 * margin) for v in values]


def _radial_layout(b: Briefing, centre: str, neighbours: list[str], box: Box) -> dict[str, tuple[float, float]]:
    """Centre in the middle, neighbours on an ellipse grouped by type (colours stay together);
    from 11 neighbours on, every other one sits on an inner ring so labels do not touch."""
    x0, y0, width, height = box
    cx, cy = x0 + width / 2, y0 + height / 2
    order = {t: i for i, t in enumerate(ACTOR_TYPES)}
    ring = sorted(neighbours, key=lambda a: (order.get(b.actors[a].type, len(order)),
                                             b.actors[a].name.casefold(), a))
    rx, ry = width / 2 - 60, height / 2 - 30
    positions = {centre: (cx, cy)}
    for i, actor_id in enumerate(ring):
        angle = -math.pi / 2 + 2 * math.pi * i / len(ring)
        inner = 0.68 if len(ring) > 10 and i % 2 else 1.0
        positions[actor_id] = (cx + math.cos(angle) * rx * inner, cy + math.sin(angle) * ry * inner)
    return positions


def _place_labels(nodes: list[tuple[str, float, float, float, str]], width: float, height: float,
                  middle: tuple[float, float] | None) -> dict[str, tuple[float, float, str]]:
    """Greedy label placement: biggest nodes first, each takes the first of below, above,
    right, left or a diagonal that overlaps no label placed so far and no node (else the least
    overlapping): a cheap, deterministic stand-in for measuring text. With `middle` (a radial
    layout), spots facing away from it come first, so each label sits on its own spoke.
    Returns id -> (x, baseline y, text-anchor)."""
    circles = [(x - r, y - r, 2 * r, 2 * r) for _, x, y, r, _ in nodes]
    placed: list[Box] = []
    out: dict[str, tuple[float, float, str]] = {}
    for actor_id, x, y, r, label in sorted(nodes, key=lambda t: (-t[3], t[0])):
        w, h = len(label) * _CHAR_W, float(FONT)
        side = r * 0.7 + 2  # diagonal spots hug the circle
        candidates = [(x - w / 2, y + r + 2, "middle"), (x - w / 2, y - r - 2 - h, "middle"),
                      (x + r + 3, y - h / 2, "start"), (x - r - 3 - w, y - h / 2, "end"),
                      (x + side, y + side, "start"), (x - side - w, y + side, "end"),
                      (x + side, y - side - h, "start"), (x - side - w, y - side - h, "end")]
        if middle is not None and (x, y) != middle:
            ux, uy = x - middle[0], y - middle[1]
            candidates = [c for _, c in sorted(enumerate(candidates), key=lambda ic: (
                -round(ux * _DIRECTIONS[ic[0]][0] + uy * _DIRECTIONS[ic[0]][1], 6), ic[0]))]
        best: tuple[float, int, Box, str] | None = None
        for rank, (bx, by, anchor) in enumerate(candidates):
            bx = min(max(bx, 2.0), width - 2 - w)  # keep the label inside the picture
            by = min(max(by, 2.0), height - h - 2)
            cand = (bx, by, w, h)
            score = sum(_overlap(cand, o) for o in placed) + sum(_overlap(cand, c) for c in circles)
            if best is None or (score, rank) < best[:2]:
                best = (score, rank, cand, anchor)
            if score == 0:
                break
        assert best is not None
        _, _, (bx, by, w, h), anchor = best
        placed.append((bx, by, w, h))
        text_x = {"middle": bx + w / 2, "start": bx, "end": bx + w}[anchor]
        out[actor_id] = (text_x, by + h * 0.8, anchor)
    return out


# Unit direction of each label spot above, in the same order (screen y grows downwards).
_DIRECTIONS = ((0.0, 1.0), (0.0, -1.0), (1.0, 0.0), (-1.0, 0.0),
               (0.7071, 0.7071), (-0.7071, 0.7071), (0.7071, -0.7071), (-0.7071, -0.7071))


def _overlap(a: Box, c: Box) -> float:
    w = min(a[0] + a[2], c[0] + c[2]) - max(a[0], c[0])
    h = min(a[1] + a[3], c[1] + c[3]) - max(a[1], c[1])
    return w * h if w > 0 and h > 0 else 0.0


# --- markup ---------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}".replace("-0.0", "0.0")  # one decimal: the same bytes on every run


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _text(value: str) -> str:
    """Content text for SVG: md_text writes <, >, &, quotes and every character that Markdown
    or a MkDocs plugin would read as syntax as references, which XML accepts too."""
    return md_text(_UNSAFE.sub("", " ".join(value.split())).strip())


def _attr(value: str) -> str:
    return html.escape(_UNSAFE.sub("", value), quote=True)


def _label(name: str, limit: int) -> str:
    name = " ".join(name.split())
    return name if len(name) <= limit else name[:limit - 1].rstrip() + "\u2026"


def _legend(b: Briefing, members: list[str], edges: Edges, width: int, height: int, note: str) -> tuple[list[str], float]:
    """Legend items for the types and kinds that appear, flowed into rows at the bottom."""
    types = {b.actors[a].type for a in members}
    kinds = {k for counts in edges.values() for k in counts}
    items: list[tuple[str, str]] = [("type", t) for t in ACTOR_TYPES if t in types]
    items += [("kind", k) for k in KINDS if k in kinds] + ([("note", note)] if note else [])
    rows: list[list[tuple[str, str, float]]] = [[]]
    x = 8.0
    for what, label in items:
        w = (0 if what == "note" else 16) + len(label) * _CHAR_W + 10
        if x + w > width and rows[-1]:
            rows.append([])
            x = 8.0
        rows[-1].append((what, label, x))
        x += w
    legend_h = len(rows) * _LEGEND_ROW + 6
    out: list[str] = [f'<g class="legend" font-size="{FONT}" fill="#333333">']
    for r, row in enumerate(rows):
        y = height - legend_h + 3 + r * _LEGEND_ROW + _LEGEND_ROW / 2
        for what, label, x in row:
            if what == "type":
                out.append(f'<circle cx="{_n(x + 5)}" cy="{_n(y)}" r="5" fill="{TYPE_COLOURS.get(label, _OTHER_COLOUR)}"/>')
            elif what == "kind":
                colour, dash = KIND_STYLES[label]
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                out.append(f'<line class="{_KIND_CLASS[label]}" x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 12)}" '
                           f'y2="{_n(y)}" stroke="{colour}" stroke-width="2"{dash_attr}/>')
            tx = x if what == "note" else x + 16
            out.append(f'<text x="{_n(tx)}" y="{_n(y + FONT * 0.35)}">{_text(label)}</text>')
    out.append("</g>")
    return out, legend_h


def _svg(b: Briefing, prefix: str, size: tuple[int, int], title: str, desc: str, note: str,
         layout: Callable[[Box], dict[str, tuple[float, float]]], radius: dict[str, float], edges: Edges,
         url_for: Callable[[str], str], centre: str | None) -> str:
    """The legend goes at the bottom, its height known first; the layout gets the space left."""
    width, height = size
    legend, legend_h = _legend(b, sorted(radius), edges, width, height, note)
    box = (0.0, 0.0, float(width), float(height - legend_h))
    positions = layout(box)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="briefing-graph" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-labelledby="{prefix}-title {prefix}-desc" font-family="sans-serif">',
             f'<title id="{prefix}-title">{_text(title)}</title><desc id="{prefix}-desc">{_text(desc)}</desc>',
             '<g class="edges" stroke-linecap="round">']
    for (a, c), kinds in edges.items():
        (x1, y1), (x2, y2) = positions[a], positions[c]
        length = math.hypot(x2 - x1, y2 - y1) or 1.0
        px, py = -(y2 - y1) / length, (x2 - x1) / length  # unit normal, to set parallel lines apart
        present = [k for k in KINDS if k in kinds]
        context = centre is not None and centre not in (a, c)
        for i, kind in enumerate(present):
            off = (i - (len(present) - 1) / 2) * 3.5
            colour, dash = KIND_STYLES[kind]
            extra = (f' stroke-dasharray="{dash}"' if dash else "") + (' opacity="0.45"' if context else "")
            tip = f"{b.actors[a].name} \u2013 {b.actors[c].name}: {kind} ({kinds[kind]})"
            parts.append(f'<line class="edge {_KIND_CLASS[kind]}{" edge-context" if context else ""}" '
                         f'x1="{_n(x1 + px * off)}" y1="{_n(y1 + py * off)}" x2="{_n(x2 + px * off)}" '
                         f'y2="{_n(y2 + py * off)}" stroke="{colour}" '
                         f'stroke-width="{_n(min(5.0, 1.2 + 0.8 * (kinds[kind] - 1)))}"{extra}>'
                         f'<title>{_text(tip)}</title></line>')
    room = 28 if len(positions) <= 12 else 22  # fewer nodes leave room for longer labels
    nodes = [(a, positions[a][0], positions[a][1], radius[a], _label(b.actors[a].name, room)) for a in sorted(positions)]
    labels = _place_labels(nodes, box[0] + box[2], box[1] + box[3], positions[centre] if centre else None)
    parts.append(f'</g><g class="nodes" font-size="{FONT}">')
    # The centre is drawn last so that no neighbour's label covers it.
    for actor_id, x, y, r, label in sorted(nodes, key=lambda t: (t[0] == centre, t[0])):
        actor = b.actors[actor_id]
        tx, ty, anchor = labels[actor_id]
        current = ' aria-current="page" font-weight="bold"' if actor_id == centre else ""
        parts.append(f'<a href="{_attr(url_for(actor_id))}" class="node node-{_SAFE_ID.sub("-", actor.type)}"{current}>'
                     f'<title>{_text(actor.name)} ({_text(actor.type)})</title>'
                     f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" '
                     f'fill="{TYPE_COLOURS.get(actor.type, _OTHER_COLOUR)}" stroke="#ffffff" stroke-width="1.5"/>'
                     f'<text x="{_n(tx)}" y="{_n(ty)}" text-anchor="{anchor}" fill="#222222" stroke="#ffffff" '
                     f'stroke-width="3" stroke-linejoin="round" paint-order="stroke">{_text(label)}</text></a>')
    return "".join(parts + ["</g>"] + legend + ["</svg>"])
