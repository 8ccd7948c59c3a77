"""The relationship graph: edges from the model, safe and deterministic one-line SVG, caps, speed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from generator.build import BuildContext, check
from generator import graph
from generator.graph import graph_edges, graph_index, neighbourhood_svg, whole_graph_svg
from generator.model import Action, Actor, ActorLinks, Affiliation, Briefing, Quote, Source

from conftest import make_project

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert(\"x\")</script> & 'Co' *b* _i_ {{ x }} [l](javascript:y)"
TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent


def url_for(actor_id: str) -> str:
    return f"../actors/{actor_id}/"


def small(reverse: bool = False) -> Briefing:
    """Five actors, every relation kind, a duplicate ref, a self-link and a hostile name.
    `reverse` inserts every record in the opposite order: output must not depend on it."""
    actors = [
        Actor(id="maduro", name="Nicolás Maduro", type="person",
              affiliations=[Affiliation(actor="gov"), Affiliation(actor="gov", role="Again")]),
        Actor(id="gov", name="Government of Venezuela", type="government"),
        Actor(id="treasury", name="U.S. Treasury", type="government"),
        Actor(id="blinken", name="Antony Blinken", type="person"),
        Actor(id="evil", name=HOSTILE, type="group"),
        Actor(id="alone", name="Nobody", type="organization"),
    ]
    src = [Source(article="a1")]
    actions = [
        Action(id="s1", date="2024-11-27", type="sanction", by=["treasury"], targets=["maduro", "gov", "maduro"],
               summary="x", sources=src),
        Action(id="s2", date="2024-12", type="sanction", by=["treasury"], targets=["maduro", "treasury"],
               summary="x", sources=src),
        Action(id="s3", date="2024", type="claim", by=["evil"], targets=["blinken", "ghost"], summary="x", sources=src),
    ]
    quotes = [
        Quote(id="q1", speaker="blinken", text="t", source="a1", about=["maduro", "maduro"]),
        Quote(id="q2", speaker="blinken", text="t", source="a1", about=["blinken"]),
    ]
    order = reversed if reverse else list
    return Briefing(actors={a.id: a for a in order(actors)}, actions={a.id: a for a in order(actions)},
                    quotes={q.id: q for q in order(quotes)})


def hub(n: int) -> Briefing:
    """n actors: actor-00 acts on everyone, each acts on its successor, every third is quoted."""
    types = ["person", "organization", "government", "country", "group"]
    b = Briefing()
    for i in range(n):
        b.actors[f"actor-{i:02d}"] = Actor(id=f"actor-{i:02d}", name=f"Actor {i} Longer Name", type=types[i % 5])
    for i in range(1, n):
        b.actions[f"hub-{i}"] = Action(id=f"hub-{i}", date="2024", type="x", by=["actor-00"],
                                       targets=[f"actor-{i:02d}"], summary="x", sources=[Source(article="a")])
        b.actions[f"next-{i}"] = Action(id=f"next-{i}", date="2024", type="x", by=[f"actor-{i:02d}"],
                                        targets=[f"actor-{(i * 7 + 1) % n:02d}"], summary="x",
                                        sources=[Source(article="a")])
        if i % 3 == 0:
            b.quotes[f"q-{i}"] = Quote(id=f"q-{i}", speaker=f"actor-{i:02d}", text="t", source="a",
                                       about=[f"actor-{(i * 11 + 2) % n:02d}"])
    return b


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("class") == "briefing-graph"
    assert root.get("role") == "img"
    labelled = root.get("aria-labelledby", "").split()
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert labelled and set(labelled) <= ids
    assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}desc") is not None
    return root


XLINK_HREF = "{http://www.w3.org/1999/xlink}href"  # not SVG 2's href: see graph_draw._svg


def node_hrefs(root: ET.Element) -> list[str]:
    assert all(a.get("href") is None for a in root.iter(f"{SVG}a"))
    return [a.get(XLINK_HREF) for a in root.iter(f"{SVG}a")]


def one_line(svg: str) -> None:
    assert "\n" not in svg and "\r" not in svg
    assert not re.search(r"^ {4}", svg)


# --- edges ------------------------------------------------------------------------------------------


def test_graph_edges_counts_each_kind_per_sorted_pair():
    edges = graph_edges(small())
    assert list(edges) == sorted(edges)
    assert all(a < c for a, c in edges)
    assert edges[("maduro", "treasury")] == {"acted on": 2}  # a repeated target counts once per action
    assert edges[("gov", "treasury")] == {"acted on": 1}
    assert edges[("gov", "maduro")] == {"affiliated with": 1}  # two affiliations to one body: one link
    assert edges[("blinken", "maduro")] == {"quoted about": 1}
    assert edges[("blinken", "evil")] == {"acted on": 1}
    # No self-links (treasury on itself, blinken about himself), no unknown ids ("ghost").
    assert set(edges) == {("maduro", "treasury"), ("gov", "treasury"), ("gov", "maduro"),
                          ("blinken", "maduro"), ("blinken", "evil")}


def test_graph_edges_merges_kinds_on_one_pair():
    b = small()
    b.quotes["q3"] = Quote(id="q3", speaker="maduro", text="t", source="a1", about=["treasury"])
    assert graph_edges(b)[("maduro", "treasury")] == {"acted on": 2, "quoted about": 1}


# --- whole graph ----------------------------------------------------------------------------------


def test_every_node_is_a_link_to_its_page():
    svg, text, left = whole_graph_svg(small(), url_for)
    root = parse(svg)
    assert sorted(node_hrefs(root)) == sorted(url_for(a) for a in ["blinken", "evil", "gov", "maduro", "treasury"])
    assert left == []
    for a in root.iter(f"{SVG}a"):
        assert a.find(f"{SVG}circle") is not None and a.find(f"{SVG}text") is not None
    assert text.startswith("Graph of 5 actors, with 5 links.")
    assert "Nobody" not in text and url_for("alone") not in svg  # an actor without links is not drawn


def test_edges_have_a_class_per_kind_and_a_width_by_weight():
    root = parse(whole_graph_svg(small(), url_for)[0])
    lines = [el for el in root.iter(f"{SVG}line") if "edge" in el.get("class", "").split()]
    classes = sorted(el.get("class") for el in lines)
    assert classes == ["edge edge-acted-on"] * 3 + ["edge edge-affiliated-with", "edge edge-quoted-about"]
    widths = {float(el.get("stroke-width")) for el in lines if el.get("class") == "edge edge-acted-on"}
    assert len(widths) == 2  # treasury acted on maduro twice: a thicker line


def test_text_alternative_reads_each_link_once_from_its_source():
    text = whole_graph_svg(small(), url_for)[1]
    assert "U.S. Treasury: acted on Government of Venezuela, Nicolás Maduro (2 times)." in text
    assert "Antony Blinken: quoted about Nicolás Maduro." in text
    assert "Nicolás Maduro: affiliated with Government of Venezuela." in text
    assert f"{HOSTILE}: acted on Antony Blinken." in text  # plain text: the caller escapes it


def test_hostile_names_are_escaped():
    b = small()
    svg, _, _ = whole_graph_svg(b, lambda a: f'x" onclick="alert(1)&{a}')
    one_line(svg)
    assert "<script" not in svg and "alert(\"x\")" not in svg and "{{" not in svg
    root = parse(svg)  # well-formed XML although the name is full of markup
    evil = next(a for a in root.iter(f"{SVG}a") if a.get(XLINK_HREF).endswith("evil"))
    assert evil.get(XLINK_HREF) == 'x" onclick="alert(1)&evil' and evil.get("onclick") is None
    assert evil.find(f"{SVG}title").text == f"{HOSTILE} (group)"  # the browser shows the name as written
    # Markdown sees references only: no emphasis, link or Jinja syntax in the name survives as such.
    html = markdown.markdown(f"<figure>{svg}</figure>")
    assert "<em>" not in html and "<script" not in html and "javascript:" not in html
    assert svg in html  # a raw HTML block passes the one-line SVG through untouched


def test_control_characters_and_newlines_in_names_keep_one_valid_line():
    b = small()
    b.actors["gov"].name = "Gov\nof\x00Venezuela\x0b\ufffe"
    svg, text, _ = whole_graph_svg(b, url_for)
    one_line(svg)
    root = parse(svg)
    gov = next(a for a in root.iter(f"{SVG}a") if a.get(XLINK_HREF) == url_for("gov"))
    assert gov.find(f"{SVG}title").text == "Gov ofVenezuela (government)"


def test_no_links_gives_no_graph():
    b = Briefing(actors={"a": Actor(id="a", name="A", type="person")})
    assert whole_graph_svg(b, url_for) == ("", "", [])
    assert neighbourhood_svg(b, "a", url_for) == ("", "")
    assert neighbourhood_svg(small(), "alone", url_for) == ("", "")
    assert neighbourhood_svg(small(), "no-such-actor", url_for) == ("", "")
    with pytest.raises(ValueError):
        whole_graph_svg(small(), url_for, limit=0)


def test_cap_keeps_the_most_connected_and_says_how_many_are_left_out():
    b = hub(60)
    start = time.perf_counter()
    svg, text, left = whole_graph_svg(b, url_for, limit=40)
    elapsed = time.perf_counter() - start
    print(f"\n60-actor whole graph (40 drawn): {elapsed * 1000:.1f} ms, {len(svg)} bytes")
    assert elapsed < 5
    root = parse(svg)
    one_line(svg)
    hrefs = node_hrefs(root)
    assert len(hrefs) == 40 and len(left) == 20
    edges = graph_edges(b)
    degree = {a: 0 for a in b.actors}
    for (a, c), kinds in edges.items():
        degree[a] += sum(kinds.values())
        degree[c] += sum(kinds.values())
    ranked = sorted((a for a in degree if degree[a]), key=lambda a: (-degree[a], a))
    assert sorted(hrefs) == sorted(url_for(a) for a in ranked[:40])
    assert left == ranked[40:]
    assert text.startswith(f"Graph of the 40 most connected of {len(ranked)} linked actors")
    assert "20 less connected actors left out." in text
    assert "Shown: the 40 most connected of 60 linked actors" in "".join(root.itertext())  # in the picture too
    assert all(url_for(a) not in svg for a in left)


def test_dense_core_draws_the_strongest_links_and_no_actor_alone():
    b = Briefing()
    for i in range(10):
        b.actors[f"a{i}"] = Actor(id=f"a{i}", name=f"A{i}", type="person")
    for i in range(10):
        for j in range(i + 1, 10):
            for n in range(1 + (i + j) % 3):  # weights 1 to 3
                b.actions[f"x{i}-{j}-{n}"] = Action(id=f"x{i}-{j}-{n}", date="2024", type="x", by=[f"a{i}"],
                                                    targets=[f"a{j}"], summary="x", sources=[Source(article="a")])
    svg, text, left = whole_graph_svg(b, url_for)
    root = parse(svg)
    assert left == [] and len(graph_edges(b)) == 45
    assert text.startswith("Graph of 10 actors, with the 25 strongest of their 45 links.")
    lines = [el for el in root.iter(f"{SVG}line") if "edge" in el.get("class", "").split()]
    assert len(lines) == 25
    ends = {(el.get(f"x{e}"), el.get(f"y{e}")) for el in lines for e in "12"}
    assert all((c.get("cx"), c.get("cy")) in ends for a in root.iter(f"{SVG}a") for c in a.iter(f"{SVG}circle"))
    assert min(float(el.get("stroke-width")) for el in lines) > 1.2  # weight-1 links were the ones cut


def test_neighbourhood_cap_and_centre():
    b = hub(40)
    svg, text = neighbourhood_svg(b, "actor-00", url_for, limit=24)
    root = parse(svg)
    one_line(svg)
    hrefs = node_hrefs(root)
    assert len(hrefs) == 25 and url_for("actor-00") in hrefs
    centre = [a for a in root.iter(f"{SVG}a") if a.get("aria-current") == "page"]
    assert [a.get(XLINK_HREF) for a in centre] == [url_for("actor-00")]
    assert text.startswith("Actor 0 Longer Name is linked to 39 actors; the 24 most closely linked are shown "
                           "and 15 left out.")
    assert "24 of 39 linked actors shown" in "".join(root.itertext())
    assert "Actor 0 Longer Name: acted on " in text


def test_neighbourhood_lists_links_both_ways():
    svg, text = neighbourhood_svg(small(), "maduro", url_for)
    root = parse(svg)
    assert sorted(node_hrefs(root)) == sorted(url_for(a) for a in ["blinken", "gov", "maduro", "treasury"])
    assert text == ("Nicolás Maduro is linked to 3 actors. Nicolás Maduro: acted on by U.S. Treasury (2 times); "
                    "affiliated with Government of Venezuela; spoken about by Antony Blinken. "
                    "Among them: U.S. Treasury: acted on Government of Venezuela.")
    # The link between two neighbours is drawn, faintly.
    context = [el for el in root.iter(f"{SVG}line") if "edge-context" in el.get("class", "")]
    assert len(context) == 1


# --- the index: links found once per build ------------------------------------------------------


def every_graph(b: Briefing, index=None) -> tuple:
    return (whole_graph_svg(b, url_for, index=index),
            {a: neighbourhood_svg(b, a, url_for, index=index) for a in sorted(b.actors)})


def test_an_index_gives_the_same_graphs_and_scans_the_facts_once(monkeypatch):
    for b in (small(), small(reverse=True), hub(40), hub(60)):
        without = every_graph(b)
        calls = []
        real = graph._directed
        monkeypatch.setattr(graph, "_directed", lambda *args: calls.append(args) or real(*args))
        index = graph_index(b)
        assert every_graph(b, index) == without
        assert every_graph(b, index) == without  # what the index keeps from one page changes no other
        assert len(calls) == 1  # one pass over the facts for the whole build
        monkeypatch.setattr(graph, "_directed", real)
    assert graph_index(small()).pair_kinds == graph_edges(small())


def test_an_index_belongs_to_its_briefing():
    index = graph_index(small())
    with pytest.raises(ValueError):
        neighbourhood_svg(small(), "maduro", url_for, index=index)
    with pytest.raises(ValueError):
        whole_graph_svg(small(), url_for, index=index)
    b = Briefing(actors={"a": Actor(id="a", name="A", type="person")})
    assert neighbourhood_svg(b, "a", url_for, index=graph_index(b)) == ("", "")
    assert whole_graph_svg(b, url_for, index=graph_index(b)) == ("", "", [])


def test_link_titles_are_escaped_as_a_whole_whatever_the_names():
    """Titles are put together from each name's markup when that is byte for byte the same as
    escaping the whole title: names with spaces, dots, digits or markup at either end."""
    names = ["Plain Name", "Ends with a dot.", "1st Battalion", "-dash", "#hash", " lead space", "trail space ",
             "two  spaces", "tab\tname", "nb\xa0sp", "nul\x00x", "", ".", "a.b", "x\u2028y", HOSTILE, "É.U.",
             "=eq", ">gt", "dot. then", "colon:", "(paren)"]
    b = Briefing()
    for i, name in enumerate(names):
        b.actors[f"n{i:02d}"] = Actor(id=f"n{i:02d}", name=name, type="person")
    for i in range(len(names)):
        for j in range(len(names)):
            if i != j and (i + j) % 3:
                b.actions[f"x{i}-{j}"] = Action(id=f"x{i}-{j}", date="2024", type="x", by=[f"n{i:02d}"],
                                                targets=[f"n{j:02d}"], summary="x", sources=[Source(article="a")])
    index = graph_index(b)
    for (a, c), kinds in index.pair_kinds.items():
        marks = index.edge_marks[(a, c)]
        for (_, _, _, tail, context_tail), kind in zip(marks, [k for k in graph.KINDS if k in kinds]):
            raw = f"{b.actors[a].name} \u2013 {b.actors[c].name}: {kind} ({kinds[kind]})"
            assert tail.endswith(f"<title>{graph._text(raw)}</title></line>")
            assert context_tail.endswith(f"<title>{graph._text(raw)}</title></line>")
    for actor_id in b.actors:
        parse(neighbourhood_svg(b, actor_id, url_for, index=index)[0])


def test_all_actor_pages_of_a_large_briefing_are_quick_with_an_index():
    b = hub(2)
    types = ["person", "organization", "government", "country", "group"]
    n = 1500
    for i in range(n):
        b.actors[f"a{i:04d}"] = Actor(id=f"a{i:04d}", name=f"Actor {i}", type=types[i % 5])
    for i in range(10 * n):  # a few hubs, many actors with about ten links
        by, target = f"a{(i * 7) % n:04d}", f"a{(i * 13 + i // n) % (n if i % 4 else 20):04d}"
        b.actions[f"x{i}"] = Action(id=f"x{i}", date="2024", type="x", by=[by], targets=[target], summary="x",
                                    sources=[Source(article="a")])
    start = time.perf_counter()
    index = graph_index(b)
    pages = [neighbourhood_svg(b, a, url_for, index=index) for a in sorted(b.actors)]
    elapsed = time.perf_counter() - start
    print(f"\n{len(pages)} actor graphs ({len(b.actions)} actions): {elapsed * 1000:.0f} ms")
    assert sum(1 for svg, _ in pages if svg) > n * 0.9
    assert elapsed < 20  # about 1 s: it was quadratic, ten times that and more


# --- determinism ----------------------------------------------------------------------------------


def test_same_output_every_call_and_whatever_the_insertion_order():
    first = whole_graph_svg(small(), url_for), neighbourhood_svg(small(), "maduro", url_for)
    again = whole_graph_svg(small(), url_for), neighbourhood_svg(small(), "maduro", url_for)
    reordered = whole_graph_svg(small(reverse=True), url_for), neighbourhood_svg(small(reverse=True), "maduro", url_for)
    assert first == again == reordered
    assert whole_graph_svg(hub(60), url_for) == whole_graph_svg(hub(60), url_for)


def test_coordinates_have_one_decimal():
    svg = whole_graph_svg(hub(30), url_for)[0]
    numbers = re.findall(r' (?:c?[xy]\d?|r)="(-?[\d.]+)"', svg)
    assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)


SCRIPT = """
import sys
from pathlib import Path
sys.path[:0] = [{root!r}, {tests!r}]
from test_graph import hub, small, url_for
from generator.build import BuildContext, check
from generator.graph import graph_index, neighbourhood_svg, whole_graph_svg
svg, text, left = whole_graph_svg(hub(60), url_for)
sys.stdout.write(svg + text + repr(left) + whole_graph_svg(small(), url_for)[0])
sys.stdout.write("".join(neighbourhood_svg(hub(40), "actor-00", url_for)))
b = check(BuildContext.for_project(Path({project!r})))  # linked: actor pages take the actor_links path
sys.stdout.write(repr(whole_graph_svg(b, url_for)) + repr([neighbourhood_svg(b, a, url_for) for a in sorted(b.actors)]))
index = graph_index(b)
sys.stdout.write(repr(whole_graph_svg(b, url_for, index=index)))
sys.stdout.write(repr([neighbourhood_svg(b, a, url_for, index=index) for a in sorted(b.actors)]))
"""


def test_same_bytes_whatever_the_hash_seed(tmp_path, valid_article):
    project = make_project(tmp_path, FACTS, {"sanctions.md": valid_article})
    script = SCRIPT.format(root=str(ROOT), tests=str(TESTS), project=str(project))
    outputs = []
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                              encoding="utf-8", check=True)
        outputs.append(done.stdout)
    assert "Antony Blinken" in outputs[0] and outputs[0] == outputs[1] == outputs[2]


# --- through the pipeline --------------------------------------------------------------------------

FACTS = {
    "actors.yaml": """\
        actors:
          - id: nicolas-maduro
            name: Nicolás Maduro
            type: person
            aliases: [Nicolas Maduro, Maduro]
            affiliations:
              - actor: venezuelan-government
          - id: venezuelan-government
            name: "<script>alert('gov')</script> & Co"
            type: government
          - id: us-treasury
            name: U.S. Treasury
            type: government
          - id: antony-blinken
            name: Antony Blinken
            type: person
            aliases: [Blinken]
        """,
    "actions.yaml": """\
        actions:
          - id: treasury-sanctions
            date: 2024-11-27
            type: sanction
            by: us-treasury
            targets: [nicolas-maduro, venezuelan-government]
            summary: The Treasury sanctioned officials.
            sources:
              - article: sanctions
        """,
    "quotes.yaml": """\
        quotes:
          - id: blinken-accountable
            speaker: antony-blinken
            text: acting again today to hold Maduro accountable.
            source: sanctions
            about: [nicolas-maduro]
        """,
}


def test_pipeline_briefing_and_the_actor_links_shortcut(tmp_path, valid_article):
    root = make_project(tmp_path, FACTS, {"sanctions.md": valid_article})
    ctx = BuildContext.for_project(root)
    b = check(ctx)
    assert not ctx.problems.errors
    svg, text, left = whole_graph_svg(b, url_for)
    root_el = parse(svg)
    assert sorted(node_hrefs(root_el)) == sorted(url_for(a) for a in b.actors)
    assert "<script" not in svg and left == []
    by_page = {a: neighbourhood_svg(b, a, lambda x: f"../{x}/") for a in sorted(b.actors)}
    assert all(svg and text for svg, text in by_page.values())
    # Actor pages find their facts through actor_links; a scan of every fact must agree.
    unlinked = Briefing(actors=b.actors, actions=b.actions, quotes=b.quotes, articles=b.articles)
    assert {a: neighbourhood_svg(unlinked, a, lambda x: f"../{x}/") for a in sorted(b.actors)} == by_page
    # So must the index made once per build, as render.py uses it.
    index = graph_index(b)
    assert {a: neighbourhood_svg(b, a, lambda x: f"../{x}/", index=index) for a in sorted(b.actors)} == by_page
    assert whole_graph_svg(b, url_for, index=index) == (svg, text, left)
    assert isinstance(b.actor_links["nicolas-maduro"], ActorLinks)
