"""Layout and SVG markup of the relationship graphs: graph.py chooses what to draw, this
module places the nodes and labels and writes the markup.

Kept apart from graph.py so that each stays short and the drawing can be read on its own. It
imports graph.py only for type hints (GraphIndex), so the dependency goes one way. The same
determinism rules apply: loops run over sorted ids, never a set or a hash order; the force
layout starts from a circle sorted by id and runs a fixed number of steps without randomness;
coordinates are written with one decimal.
"""

from __future__ import annotations

import html
import math
import re
from typing import TYPE_CHECKING, Callable, Iterable

from .escape import md_span, md_text
from .model import ACTOR_TYPES

if TYPE_CHECKING:
    from .graph import GraphIndex

KINDS = ("acted on", "affiliated with", "quoted about")
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
_SPREAD = 0.8  # ideal link length, as a share of the space per node
_GRAVITY = 0.008  # pull to the middle, per pixel of distance and per unit of link length
_KIND_CLASS = {kind: "edge-" + kind.replace(" ", "-") for kind in KINDS}
# Not allowed in XML 1.0 even as references (or, for line breaks, not on our one line): dropped.
_UNSAFE = re.compile("[\x00-\x1f\x7f\ufffe\uffff\ud800-\udfff]")

Edges = dict[tuple[str, str], dict[str, int]]  # (a, c) with a < c -> facts per kind (a Counter or a dict)


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


def _radial_layout(ix: GraphIndex, centre: str, neighbours: list[str], box: Box) -> dict[str, tuple[float, float]]:
    """Centre in the middle, neighbours on an ellipse grouped by type (colours stay together);
    from 11 neighbours on, every other one sits on an inner ring so labels do not touch."""
    marks = ix.marks
    ring = sorted(neighbours, key=lambda a: marks[a].ring)
    middle, spots = ix.rings[(len(ring), box)]
    positions = {centre: middle}
    positions.update(zip(ring, spots))
    return positions


def _ring(key: tuple[int, Box]) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """The middle of a box and the spots of n neighbours around it (the same for every page
    with as many neighbours and as tall a legend: kept on the index)."""
    n, (x0, y0, width, height) = key
    cx, cy = x0 + width / 2, y0 + height / 2
    rx, ry = width / 2 - 60, height / 2 - 30
    spots = []
    for i in range(n):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        inner = 0.68 if n > 10 and i % 2 else 1.0
        spots.append((cx + math.cos(angle) * rx * inner, cy + math.sin(angle) * ry * inner))
    return (cx, cy), spots


def _line_xy(start: tuple[float, float], end: tuple[float, float], off: float) -> str:
    """The x1, y1, x2, y2 values of a line set `off` apart from start-end (parallel lines of
    one pair), from x1's value to y2's: one decimal, as _n writes them but for -0.0 (see _svg)."""
    (x1, y1), (x2, y2) = start, end
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    px, py = -(y2 - y1) / length, (x2 - x1) / length  # unit normal, to set parallel lines apart
    return f'{x1 + px * off:.1f}" y1="{y1 + py * off:.1f}" x2="{x2 + px * off:.1f}" y2="{y2 + py * off:.1f}'


def _place_labels(nodes: list[tuple[str, float, float, float, int]], width: float, height: float,
                  middle: tuple[float, float] | None,
                  spots: dict[tuple[float, float], tuple[int, ...]]) -> dict[str, tuple[float, float, str]]:
    """Greedy label placement: biggest nodes first, each takes the first of below, above,
    right, left or a diagonal that overlaps no label placed so far and no node (else the least
    overlapping): a cheap, deterministic stand-in for measuring text. With `middle` (a radial
    layout), spots facing away from it come first, so each label sits on its own spoke
    (`spots`: the order for a direction, see _spot_order). Nodes are (id, x, y, radius, label
    length). Returns id -> (x, baseline y, text-anchor)."""
    # Boxes as (left, top, right, bottom, is a label): the nodes' circles, then labels as placed.
    obstacles = [(x - r, y - r, (x - r) + 2 * r, (y - r) + 2 * r, False) for _, x, y, r, _ in nodes]
    out: dict[str, tuple[float, float, str]] = {}
    h = float(FONT)
    for actor_id, x, y, r, length in sorted(nodes, key=lambda t: (-t[3], t[0])):
        w = length * _CHAR_W
        side = r * 0.7 + 2  # diagonal spots hug the circle
        order = _SPOTS if middle is None or (x, y) == middle else spots[(x - middle[0], y - middle[1])]
        best: tuple[float, int, float, float, str] | None = None
        right_limit, bottom_limit = width - 2 - w, height - h - 2
        for rank, spot in enumerate(order):
            left, top, anchor = _spot(spot, x, y, r, w, h, side)
            # Kept inside the picture: min(max(left, 2.0), right_limit), and the same for top.
            left = 2.0 if 2.0 > left else left
            left = right_limit if right_limit < left else left
            top = 2.0 if 2.0 > top else top
            top = bottom_limit if bottom_limit < top else top
            right, bottom = left + w, top + h
            hits = [o for o in obstacles if o[0] < right and left < o[2] and o[1] < bottom and top < o[3]]
            score = _score(hits, left, top, right, bottom) if hits else 0
            if best is None or (score, rank) < best[:2]:
                best = (score, rank, left, top, anchor)
            if score == 0:
                break
        assert best is not None
        _, _, left, top, anchor = best
        obstacles.append((left, top, left + w, top + h, True))
        text_x = left + w / 2 if anchor == "middle" else left if anchor == "start" else left + w
        out[actor_id] = (text_x, top + h * 0.8, anchor)
    return out


def _spot(spot: int, x: float, y: float, r: float, w: float, h: float, side: float) -> tuple[float, float, str]:
    """(left, top, text-anchor) of a label box at one of the spots around a node, in the order of
    _DIRECTIONS: below, above, right, left, then the diagonals below right, below left, above
    right and above left."""
    if spot == 0:
        return x - w / 2, y + r + 2, "middle"
    if spot == 1:
        return x - w / 2, y - r - 2 - h, "middle"
    if spot == 2:
        return x + r + 3, y - h / 2, "start"
    if spot == 3:
        return x - r - 3 - w, y - h / 2, "end"
    if spot == 4:
        return x + side, y + side, "start"
    if spot == 5:
        return x - side - w, y + side, "end"
    if spot == 6:
        return x + side, y - side - h, "start"
    return x - side - w, y - side - h, "end"


def _score(hits: list[tuple[float, float, float, float, bool]], left: float, top: float, right: float,
           bottom: float) -> float:
    """How much a label box overlaps the boxes it may touch: the area shared with labels, plus
    the area shared with nodes, each summed with sum() in the order placed. Zero overlaps are
    left out: they change no sum, so the score is the same float as summing over every box."""
    labels: list[float] = []
    nodes: list[float] = []
    for o_left, o_top, o_right, o_bottom, label in hits:
        w = min(right, o_right) - max(left, o_left)
        h = min(bottom, o_bottom) - max(top, o_top)
        if w > 0 and h > 0:
            (labels if label else nodes).append(w * h)
    return sum(labels) + sum(nodes)


def _spot_order(direction: tuple[float, float]) -> tuple[int, ...]:
    """The label spots (see _DIRECTIONS) facing most away from the middle first, ties in order."""
    ux, uy = direction
    return tuple(i for _, i in sorted((-round(ux * dx + uy * dy, 6), i) for i, (dx, dy) in enumerate(_DIRECTIONS)))


# Unit direction of each label spot of _spot, in the same order (screen y grows downwards).
_DIRECTIONS = ((0.0, 1.0), (0.0, -1.0), (1.0, 0.0), (-1.0, 0.0),
               (0.7071, 0.7071), (-0.7071, 0.7071), (0.7071, -0.7071), (-0.7071, -0.7071))
_SPOTS = tuple(range(len(_DIRECTIONS)))  # the order of spots without a middle to face away from


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


_LINE_HEADS = {kind: f'<line class="edge {_KIND_CLASS[kind]}" x1="' for kind in KINDS}
_LINE_HEADS_CONTEXT = {kind: f'<line class="edge {_KIND_CLASS[kind]} edge-context" x1="' for kind in KINDS}


def _line_style(key: tuple[str, int]) -> tuple[str, str, tuple[str, str]]:
    """Markup after y2 of a line of a kind and weight, up to its title, as a link to the centre
    and as a context link, and the end of its title (text, markup)."""
    kind, facts = key
    colour, dash = KIND_STYLES[kind]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    style = f'" stroke="{colour}" stroke-width="{_n(min(5.0, 1.2 + 0.8 * (facts - 1)))}"{dash_attr}'
    what = f": {kind} ({facts})"
    return style, style + ' opacity="0.45"', (what, md_span(what))


def _legend(ix: GraphIndex, members: Iterable[str], edges: Edges, width: int, height: int,
            note: str) -> tuple[list[str], float]:
    """Legend items for the types and kinds that appear, flowed into rows at the bottom (drawn
    once per combination: pages share them). The list is shared: read only."""
    marks = ix.marks
    types = {marks[a].type for a in members}
    kinds = {k for counts in edges.values() for k in counts}
    return ix.legends[(tuple(t for t in ACTOR_TYPES if t in types), tuple(k for k in KINDS if k in kinds),
                       width, height, note)]


def _draw_legend(types: tuple[str, ...], kinds: tuple[str, ...], width: int, height: int,
                 note: str) -> tuple[list[str], float]:
    items: list[tuple[str, str]] = [("type", t) for t in types]
    items += [("kind", k) for k in kinds] + ([("note", note)] if note else [])
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


def _svg(ix: GraphIndex, prefix: str, size: tuple[int, int], title: str, desc: str, note: str,
         layout: Callable[[Box], dict[str, tuple[float, float]]], radius: dict[str, float], edges: Edges,
         url_for: Callable[[str], str], centre: str | None) -> str:
    """The legend goes at the bottom, its height known first; the layout gets the space left.
    `edges` are pairs of ix with ix.pair_kinds (their lines are kept on the index).
    Coordinates are written with one decimal, -0.0 as 0.0 (see _n): every number stands in an
    attribute, and ="-0.0" cannot occur elsewhere (text and URLs have their quotes escaped)."""
    width, height = size
    legend, legend_h = _legend(ix, radius, edges, width, height, note)
    box = (0.0, 0.0, float(width), float(height - legend_h))
    positions = layout(box)
    # Links are `xlink:href`, which every browser follows, not SVG 2's `href`: Material's instant
    # navigation sets `el.href` on each `[href]` of a page it brings in, which on an SVG link
    # throws and leaves the old page in view (`xlink:href` is an attribute in another namespace,
    # so `[href]` does not find it).
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
             f'class="briefing-graph" viewBox="0 0 {width} {height}" '
             f'width="100%" role="img" aria-labelledby="{prefix}-title {prefix}-desc" font-family="sans-serif">',
             f'<title id="{prefix}-title">{_text(title)}</title><desc id="{prefix}-desc">{_text(desc)}</desc>',
             '<g class="edges" stroke-linecap="round">']
    edge_marks = ix.edge_marks
    # Radial layouts put nodes on the same spots page after page: their lines are kept too.
    lines: dict[tuple[tuple[float, float], tuple[float, float], float], str] = ix.lines if centre else {}
    for pair in edges:
        a, c = pair
        start, end = positions[a], positions[c]
        context = centre is not None and centre != a and centre != c
        for off, head, context_head, tail, context_tail in edge_marks[pair]:
            key = (start, end, off)
            xy = lines.get(key)
            if xy is None:
                xy = lines[key] = _line_xy(start, end, off)
            parts.append(f'{context_head if context else head}{xy}{context_tail if context else tail}')
    room = 28 if len(positions) <= 12 else 22  # fewer nodes leave room for longer labels
    marks = ix.marks
    nodes = [(a, positions[a][0], positions[a][1], radius[a], marks[a].label(room)[0]) for a in sorted(positions)]
    labels = _place_labels(nodes, box[0] + box[2], box[1] + box[3], positions[centre] if centre else None, ix.spots)
    parts.append(f'</g><g class="nodes" font-size="{FONT}">')
    hrefs = ix.hrefs
    # The centre is drawn last so that no neighbour's label covers it.
    for actor_id, x, y, r, _ in [t for t in nodes if t[0] != centre] + [t for t in nodes if t[0] == centre]:
        m = marks[actor_id]
        tx, ty, anchor = labels[actor_id]
        current = ' aria-current="page" font-weight="bold"' if actor_id == centre else ""
        parts.append(f'<a xlink:href="{hrefs[url_for(actor_id)]}{m.head}{current}{m.body}{x:.1f}" cy="{y:.1f}" '
                     f'r="{r:.1f}{m.fill}{tx:.1f}" y="{ty:.1f}" text-anchor="{anchor}{m.labels[room][1]}')
    return "".join(parts + ["</g>"] + legend + ["</svg>"]).replace('="-0.0"', '="0.0"')
