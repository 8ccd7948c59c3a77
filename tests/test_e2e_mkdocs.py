"""End to end: real `mkdocs build --strict` runs on throwaway projects, asserted on the HTML.

Two briefings are built once per module: the repository's own sample content and the
fixture briefing under tests/fixtures/multi/ (a fictional port strike, nested facts folders,
accented names with accent-less aliases, hostile text). Each is copied into a temporary
project next to a copy of the repository's mkdocs.yml and built in a subprocess, exactly as a
curator would run it. What the pages should contain is worked out here from the raw content
files (read with PyYAML's BaseLoader, never through the generator), so the generator is
checked against an independent reading of the contract.
"""

from __future__ import annotations

import os
import posixpath
import json
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from htmltree import Node, parse

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "multi"
ENTITY_FOLDERS = {"actor": "actors", "action": "actions", "quote": "quotes", "article": "articles"}
# Home, the four entity indexes and the timeline.
FIXED_PAGES = ["index.html", "actors/index.html", "actions/index.html", "quotes/index.html",
               "articles/index.html", "timeline/index.html"]

HOSTILE_PARAGRAPH = ("Outside the gate, one placard read <script>alert(1)</script> and another simply "
                     "{{ 7*7 }}. A leaflet told passers-by to [click](javascript:alert(1)) to give to "
                     "the strike fund.")



# --- running things --------------------------------------------------------------------------


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run_mkdocs(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=_env(),
                          capture_output=True, text=True, timeout=300)


def run_check(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "check", "--project", str(root), *extra],
                          cwd=root, env=_env(), capture_output=True, text=True, timeout=300)


def make_project(root: Path, content: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(content, root / "content")
    return root


def warning_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("WARNING")]


# --- an independent reading of the content ---------------------------------------------------


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)  # type: ignore[arg-type]


@dataclass
class Content:
    """The raw content as plain dicts: BaseLoader keeps every scalar as the text written."""

    root: Path
    actors: dict[str, dict] = field(default_factory=dict)
    actions: dict[str, dict] = field(default_factory=dict)
    quotes: dict[str, dict] = field(default_factory=dict)
    articles: dict[str, dict] = field(default_factory=dict)  # id -> front matter + "body", "file"
    pages: list[str] = field(default_factory=list)  # hand-written pages, relative to pages/

    @classmethod
    def read(cls, content: Path) -> "Content":
        c = cls(content)
        facts = sorted(p for p in (content / "facts").rglob("*") if p.suffix in (".yaml", ".yml"))
        for path in facts:
            data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader) or {}
            for record in data.get("actors") or []:
                c.actors[record["id"]] = record
            for record in data.get("actions") or []:
                c.actions[record["id"]] = record
            for record in data.get("quotes") or []:
                c.quotes[record["id"]] = record
        for path in sorted((content / "articles").glob("*.md")):
            text = path.read_text("utf-8")
            _, front, body = text.split("---\n", 2)
            meta = yaml.load(front, Loader=yaml.BaseLoader)
            meta["body"] = unicodedata.normalize("NFC", body.strip())
            meta["file"] = path.stem
            c.articles[meta.get("id") or path.stem] = meta
        pages = content / "pages"
        if pages.is_dir():
            c.pages = sorted(p.relative_to(pages).as_posix() for p in pages.rglob("*.md"))
        return c

    def paragraphs(self, article_id: str) -> list[str]:
        return [p for p in re.split(r"\n[ \t]*\n\s*", self.articles[article_id]["body"]) if p.strip()]

    def by_or_target(self, actor_id: str) -> set[str]:
        return {a for a, r in self.actions.items()
                if actor_id in _as_list(r.get("by")) + _as_list(r.get("targets"))}

    def quotes_of(self, actor_id: str) -> set[str]:
        return {q for q, r in self.quotes.items() if r["speaker"] == actor_id or actor_id in _as_list(r.get("about"))}

    def affiliations(self, actor_id: str) -> set[str]:
        return {a["actor"] for a in self.actors[actor_id].get("affiliations") or []}

    def members(self, actor_id: str) -> set[str]:
        return {other for other in self.actors if actor_id in self.affiliations(other)}

    def nationals(self, actor_id: str) -> set[str]:
        return {other for other, r in self.actors.items() if r.get("country") == actor_id}

    @cached_property
    def mentions(self) -> dict[str, dict[str, int]]:
        """article id -> {actor id: mentions}: every name and alias as whole words, accents
        folded, case kept; a match inside a longer match of another name does not count."""
        patterns = []
        for actor_id, actor in self.actors.items():
            for name in [actor["name"], *_as_list(actor.get("aliases"))]:
                words = [re.escape(w) for w in fold_accents(name).split()]
                body = r"\s+".join(words).replace("'", "['\u2019]")
                patterns.append((actor_id, re.compile(rf"(?<!\w){body}(?!\w)")))
        result: dict[str, dict[str, int]] = {}
        for article_id, article in self.articles.items():
            text = fold_accents(article["body"])
            spans = {(m.start(), m.end(), actor_id) for actor_id, rx in patterns for m in rx.finditer(text)}
            kept = [s for s in spans
                    if not any(o[0] <= s[0] and s[1] <= o[1] and o[1] - o[0] > s[1] - s[0] for o in spans)]
            counts: dict[str, int] = {}
            for start, end, actor_id in sorted(set((s, e, a) for s, e, a in kept)):
                counts[actor_id] = counts.get(actor_id, 0) + 1
            result[article_id] = counts
        return result

    def articles_mentioning(self, actor_id: str) -> set[str]:
        return {a for a, counts in self.mentions.items() if actor_id in counts}

    def quotes_from(self, article_id: str) -> set[str]:
        return {q for q, r in self.quotes.items() if r["source"] == article_id}


def fold_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


def fold_quote(text: str) -> str:
    """The contract's folding: white space runs, curly quotes and en/em dashes."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                           "\u2013": "-", "\u2014": "-"})
    return " ".join(text.translate(table).split())


# --- built pages (the HTML tree is tests/htmltree.py) ---------------------------------------

@dataclass
class Page:
    rel: str  # path under site/, '/'-separated
    raw: str
    root: Node

    @cached_property
    def content(self) -> Node:
        """Material's main article: the page's own Markdown, without nav, header or footer."""
        found = [n for n in self.root.iter("article") if "md-content__inner" in n.classes()]
        assert len(found) == 1, self.rel
        return found[0]

    @cached_property
    def ids(self) -> set[str]:
        out = set()
        for node in self.root.iter():
            if node.attrs.get("id"):
                out.add(node.attrs["id"])
            if node.tag == "a" and node.attrs.get("name"):
                out.add(node.attrs["name"])
        return out

    def section(self, heading_start: str) -> list[Node]:
        """The nodes after the h2 whose text starts with `heading_start`, up to the next heading."""
        nodes: list[Node] = []
        inside = False
        for child in self.content.children:
            if not isinstance(child, Node):
                continue
            if child.tag in ("h1", "h2"):
                inside = child.text().strip().startswith(heading_start)
                continue
            if inside:
                nodes.append(child)
        return nodes

    def table(self) -> dict[str, str]:
        """The first two-column table of the content: first cell -> second cell text."""
        table = self.content.first("table")
        rows = {}
        for tr in table.iter("tr"):
            cells = list(tr.iter("td"))
            if len(cells) == 2:
                rows[cells[0].text().strip()] = " ".join(cells[1].text().split())
        return rows


@dataclass
class Site:
    root: Path
    content: Content
    proc: subprocess.CompletedProcess[str]

    @property
    def site(self) -> Path:
        return self.root / "site"

    @cached_property
    def html_files(self) -> list[str]:
        return sorted(p.relative_to(self.site).as_posix() for p in self.site.rglob("*.html"))

    def page(self, rel: str) -> Page:
        cache = self.__dict__.setdefault("_pages", {})
        if rel not in cache:
            raw = (self.site / rel).read_text("utf-8")
            cache[rel] = Page(rel, raw, parse(raw))
        return cache[rel]

    def entity(self, kind: str, entity_id: str) -> Page:
        return self.page(f"{ENTITY_FOLDERS[kind]}/{entity_id}/index.html")

    def resolve(self, page_rel: str, url: str) -> tuple[str | None, str, str | None]:
        """(target file under site/ or None if external, fragment, problem or None)."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc:
            if parts.scheme in ("http", "https", "mailto"):
                return None, "", None
            return None, "", f"link with scheme '{parts.scheme}:'"
        path = unquote(parts.path)
        if not path:
            return page_rel, parts.fragment, None
        if path.startswith("/"):
            joined = posixpath.normpath(path.lstrip("/") or ".")
        else:
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(page_rel), path))
        if joined == ".." or joined.startswith("../"):
            return None, "", "leaves the site"
        target = "index.html" if joined == "." else joined
        if (self.site / target).is_dir():
            target = posixpath.join(target, "index.html")
        return target, parts.fragment, None

    def links(self, page_rel: str, nodes: list[Node] | Node) -> list[str]:
        """Resolved targets of every <a href> inside the given nodes, except links within the
        page itself (heading permalinks)."""
        out = []
        for node in nodes if isinstance(nodes, list) else [nodes]:
            anchors = ([node] if node.tag == "a" else []) + list(node.iter("a"))
            for a in anchors:
                href = a.attrs.get("href") or a.attrs.get("xlink:href")  # the graphs' links: xlink:href
                if href and not href.startswith("#"):
                    target, _, _ = self.resolve(page_rel, href)
                    if target:
                        out.append(target)
        return out

    def linked_ids(self, page: Page, kind: str, nodes: list[Node] | Node | None = None) -> set[str]:
        rx = re.compile(rf"{ENTITY_FOLDERS[kind]}/([a-z0-9-]+)/index\.html")
        targets = self.links(page.rel, page.content if nodes is None else nodes)
        return {m.group(1) for t in targets if (m := rx.fullmatch(t))}


def _build(tmp_path_factory: pytest.TempPathFactory, name: str, content: Path) -> Site:
    root = make_project(tmp_path_factory.mktemp(name), content)
    # In strict mode MkDocs writes every page first and aborts at the end, so the HTML of a
    # build that failed only on warnings is still complete and can be inspected.
    return Site(root, Content.read(root / "content"), run_mkdocs(root))


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _build(tmp_path_factory, "sample", REPO / "content")


@pytest.fixture(scope="module")
def multi(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _build(tmp_path_factory, "multi", FIXTURE / "content")


@pytest.fixture(params=["sample", "multi"])
def site(request: pytest.FixtureRequest) -> Site:
    return request.getfixturevalue(request.param)


# --- the build itself --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["sample", "multi"])
def test_strict_build_is_clean(request: pytest.FixtureRequest, name: str) -> None:
    built: Site = request.getfixturevalue(name)
    output = built.proc.stdout + built.proc.stderr
    assert built.proc.returncode == 0, output
    assert warning_lines(output) == []
    assert "Traceback" not in output
    assert "Documentation built in" in output


def test_article_with_url_builds_strict(tmp_path: Path) -> None:
    root = make_project(tmp_path, REPO / "content")
    article = root / "content" / "articles" / "us-sanctions-21-officials.md"
    text = article.read_text("utf-8")
    article.write_text(text.replace("language: en\n", "language: en\nurl: https://example.org/story\n", 1), "utf-8")
    proc = run_mkdocs(root)
    assert proc.returncode == 0, proc.stderr
    assert warning_lines(proc.stderr) == []


@pytest.mark.parametrize("name, summary", [
    ("sample", "checked 1 articles, 22 actors, 16 actions, 6 quotes"),
    ("multi", "checked 3 articles, 13 actors, 8 actions, 5 quotes"),
])
def test_cli_check_passes(tmp_path: Path, name: str, summary: str) -> None:
    source = REPO / "content" if name == "sample" else FIXTURE / "content"
    root = make_project(tmp_path / name, source)
    for extra in ((), ("--strict",)):
        proc = run_check(root, *extra)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout == ""
        # Only the summary line: no problem at all, not even a warning.
        assert re.fullmatch(rf"briefing: {summary} \(\d+\.\d\ds\)\n", proc.stderr), proc.stderr


# --- pages ---------------------------------------------------------------------------------


def test_every_page_exists(site: Site) -> None:
    c = site.content
    expected = set(FIXED_PAGES)
    for kind, ids in (("actor", c.actors), ("action", c.actions), ("quote", c.quotes), ("article", c.articles)):
        expected |= {f"{ENTITY_FOLDERS[kind]}/{i}/index.html" for i in ids}
    expected |= {f"{p.removesuffix('.md')}/index.html" for p in c.pages}
    # One timeline page per action type, so the timeline can be filtered without JavaScript.
    types = {record["type"] for record in c.actions.values()}
    expected |= {f"timeline/{t}/index.html" for t in types}
    pages = {p for p in site.html_files if p != "404.html"}
    assert pages == expected
    assert (len(c.actors) + len(c.actions) + len(c.quotes) + len(c.articles) + len(FIXED_PAGES) + len(c.pages)
            + len(types)) == len(pages)


def test_sample_site_has_the_seed_briefing(sample: Site) -> None:
    pages = [p for p in sample.html_files if p.endswith("index.html")]
    assert len(pages) >= 30
    assert len(pages) == 62  # 52 pages + one timeline page for each of the 10 action types
    quote_ids = {"blinken-hold-maduro-accountable", "blinken-security-apparatus-abuses",
                 "us-repressing-intimidating-opposition", "senior-official-every-opportunity",
                 "senior-official-violent-repression", "senior-official-energy-sanctions"}
    assert set(sample.content.quotes) == quote_ids
    for quote_id in quote_ids:
        assert (sample.site / "quotes" / quote_id / "index.html").is_file()
    article = sample.entity("article", "us-sanctions-21-officials")
    marks = [m for m in article.root.iter("mark") if "briefing-quote" in m.classes()]
    assert len(marks) == 6
    assert {m.attrs.get("id") for m in marks} == {f"quote-{q}" for q in quote_ids}
    assert (sample.site / "about" / "index.html").is_file()


def test_raw_content_is_not_published(site: Site) -> None:
    assert not (site.site / "facts").exists()
    assert not (site.site / "pages").exists()
    published = [p.relative_to(site.site).as_posix() for p in site.site.rglob("*") if p.is_file()]
    assert [p for p in published if p.endswith((".yaml", ".yml", ".md"))] == []
    for article in site.content.articles.values():
        # The raw article (front matter and all) is not there under its file name either.
        assert not (site.site / "articles" / f"{article['file']}.md").exists()
    for p in published:
        if p.endswith(".html"):
            assert "\nsource: " not in site.page(p).raw and "---\ntitle:" not in site.page(p).raw, p


def test_every_relative_link_resolves(site: Site) -> None:
    broken = []
    checked = 0
    for rel in site.html_files:
        page = site.page(rel)
        for node in page.root.iter():
            for attr in ("href", "xlink:href", "src"):
                url = node.attrs.get(attr)
                if not url or node.tag not in ("a", "link", "script", "img", "iframe", "source"):
                    continue
                target, fragment, problem = site.resolve(rel, url)
                if problem:
                    broken.append((rel, url, problem))
                    continue
                if target is None:
                    continue
                checked += 1
                if not (site.site / target).is_file():
                    broken.append((rel, url, "no such file"))
                elif fragment and target.endswith(".html") and fragment not in site.page(target).ids:
                    broken.append((rel, url, f"no id '{fragment}' in {target}"))
    assert broken == []
    assert checked > 1000


# --- cross links ---------------------------------------------------------------------------


def test_actor_pages_link_to_their_facts(site: Site) -> None:
    c = site.content
    for actor_id, actor in c.actors.items():
        page = site.entity("actor", actor_id)
        assert page.content.first("h1").text().strip().startswith(actor["name"])
        assert site.linked_ids(page, "action") == c.by_or_target(actor_id), actor_id
        assert site.linked_ids(page, "quote") == c.quotes_of(actor_id), actor_id
        assert site.linked_ids(page, "article") == c.articles_mentioning(actor_id), actor_id
        assert site.linked_ids(page, "actor", page.section("Affiliations")) == c.affiliations(actor_id), actor_id
        assert site.linked_ids(page, "actor", page.section("Members")) == c.members(actor_id), actor_id
        assert site.linked_ids(page, "actor", page.section("Actors of this country")) == c.nationals(actor_id)
        if actor.get("country"):
            assert site.linked_ids(page, "actor", page.content.first("table")) >= {actor["country"]}
        total = sum(c.mentions[a].get(actor_id, 0) for a in c.articles)
        mentioned = page.table()["Mentioned"]
        n = len(c.articles_mentioning(actor_id))
        assert mentioned == (f"{total} time{'s' if total != 1 else ''} in {n} article{'s' if n != 1 else ''}"), actor_id


def test_article_pages_link_the_actors_they_mention(site: Site) -> None:
    c = site.content
    for article_id in c.articles:
        page = site.entity("article", article_id)
        expected = c.mentions[article_id]
        assert expected, article_id
        body = [p for p in page.content.iter("p") if any(a.attrs.get("id", "").startswith("p-") for a in p.iter("a"))]
        assert len(body) == len(c.paragraphs(article_id))
        assert site.linked_ids(page, "actor", body) == set(expected), article_id
        listed = page.section("Actors mentioned")
        assert site.linked_ids(page, "actor", listed) == set(expected), article_id
        items = {" ".join(li.text().split()) for node in listed for li in node.iter("li")}
        assert items == {f"{c.actors[a]['name']} — {n} mention{'s' if n != 1 else ''}" for a, n in expected.items()}
        cited = {a for a, r in c.actions.items() if any(s["article"] == article_id for s in r["sources"])}
        assert site.linked_ids(page, "action", page.section("Actions citing this article")) == cited
        assert site.linked_ids(page, "quote", page.section("Quotes from this article")) == c.quotes_from(article_id)


def test_article_text_is_published_as_written(site: Site) -> None:
    c = site.content
    for article_id in c.articles:
        page = site.entity("article", article_id)
        body = [p for p in page.content.iter("p") if any(a.attrs.get("id", "").startswith("p-") for a in p.iter("a"))]
        for number, (node, paragraph) in enumerate(zip(body, c.paragraphs(article_id)), start=1):
            assert node.first("a").attrs["id"] == f"p-{number}"
            # The quote markers (<sup> links) are additions; all the rest is the text, unchanged.
            assert "".join(node.text(skip=("sup", "script")).split()) == "".join(paragraph.split()), article_id


def test_quotes_are_marked_in_their_articles(site: Site) -> None:
    c = site.content
    for article_id in c.articles:
        page = site.entity("article", article_id)
        marks = {m.attrs.get("id"): m for m in page.root.iter("mark") if "briefing-quote" in m.classes()}
        assert set(marks) == {f"quote-{q}" for q in c.quotes_from(article_id)}
        for quote_id in c.quotes_from(article_id):
            assert fold_quote(marks[f"quote-{quote_id}"].text()) == fold_quote(c.quotes[quote_id]["text"])
    for quote_id, quote in c.quotes.items():
        page = site.entity("quote", quote_id)
        assert site.linked_ids(page, "actor", page.content) >= {quote["speaker"], *_as_list(quote.get("about"))}
        assert site.linked_ids(page, "article", page.content) == {quote["source"]}
        if quote.get("action"):
            assert site.linked_ids(page, "action", page.content) == {quote["action"]}
        paragraph_links = [a.attrs["href"] for a in page.content.iter("a") if "#p-" in a.attrs.get("href", "")]
        assert len(paragraph_links) == 1, quote_id
        quoted = " ".join(page.content.first("blockquote").text().split())
        assert quoted == " ".join(quote["text"].split())


# --- the fixture briefing in detail ------------------------------------------------------------


def test_accentless_aliases_link_to_accented_actors(multi: Site) -> None:
    cases = [
        ("dockers-walk-out", "Marta Ibanez", "marta-ibanez"),
        ("dockers-walk-out", "Tomas Ferrer", "tomas-ferrer"),
        ("minister-orders-arbitration", "Olafur Jonsson", "olafur-jonsson"),
        ("minister-orders-arbitration", "Ibanez", "marta-ibanez"),
        ("minister-orders-arbitration", "Marta Ibáñez", "marta-ibanez"),
        ("minister-orders-arbitration", "Tomás Ferrer", "tomas-ferrer"),
        ("port-standstill-talks", "Ólafur Jónsson", "olafur-jonsson"),
        ("port-standstill-talks", "Joaquin Peralta", "joaquin-peralta"),
        ("port-standstill-talks", "Dockers\u2019 Union", "dockers-union"),
    ]
    for article_id, text, actor_id in cases:
        page = multi.entity("article", article_id)
        found = [a for p in page.content.iter("p") for a in p.iter("a") if a.text() == text]
        assert len(found) == 1, (article_id, text)
        assert multi.resolve(page.rel, found[0].attrs["href"])[0] == f"actors/{actor_id}/index.html"
    assert multi.entity("actor", "marta-ibanez").content.first("h1").text().startswith("Marta Ibáñez")
    assert multi.entity("actor", "olafur-jonsson").table()["Also written"] == "Olafur Jonsson, Jónsson, Jonsson"


def test_hostile_text_is_shown_never_run(multi: Site) -> None:
    article = multi.entity("article", "port-standstill-talks")
    paragraph = next(p for p in article.content.iter("p") if "Outside the gate" in p.text())
    assert " ".join(paragraph.text().split()) == HOSTILE_PARAGRAPH
    assert [a.attrs.get("id") for a in paragraph.iter("a")] == ["p-4"]  # only the anchor: no link made
    assert list(paragraph.iter("script")) == []
    assert "49" not in paragraph.text()
    action = multi.entity("action", "strikers-post-placards")
    assert "\u201cone placard read <script>alert(1)</script>\u201d" in action.content.text()
    nordhaf = multi.entity("actor", "nordhaf-shipping")
    assert "Vesturland shipping group. <img src=x onerror=alert(2)> is not an image here." in nordhaf.content.text()
    assert list(nordhaf.content.iter("img")) == []


def injected_markup(site: Site) -> list[tuple[str, str]]:
    """Every place where content could have become live markup in the built HTML."""
    found = []
    for rel in site.html_files:
        page = site.page(rel)
        lowered = page.raw.lower()
        for needle in ("<script>alert", 'href="javascript:', "<img src=x"):
            if needle in lowered:
                found.append((rel, needle))
        # The document's <title> must hold text only. (SVG graphs carry <title> tooltips of
        # their own inside <svg>; those are checked by the generic rules above and below.)
        head = lowered.split("</head>", 1)[0]
        if head.count("<title>") != 1:
            found.append((rel, "<head> has not exactly one <title>"))
        head_title = head.split("<title>", 1)[1].split("</title>", 1)[0] if "<title>" in head else ""
        if "<" in head_title:
            found.append((rel, "</title><"))
        for node in page.root.iter():
            for attr in ("href", "xlink:href", "src", "action", "formaction"):
                value = (node.attrs.get(attr) or "").strip().lower()
                if value.startswith(("javascript:", "data:", "vbscript:")):
                    found.append((rel, f"<{node.tag} {attr}={value}>"))
            if any(k.startswith("on") for k in node.attrs):
                found.append((rel, f"<{node.tag} {node.attrs}>"))
        for script in page.root.iter("script"):
            if "alert(" in script.text(skip=()):
                found.append((rel, "script running alert()"))
        svg_titles = sum(len(list(svg.iter("title"))) for svg in page.root.iter("svg"))
        titles = list(page.root.iter("title"))
        if len(titles) - svg_titles != 1 or any(list(t.iter()) for t in titles):
            found.append((rel, "a <title> is not one text node"))
    return found


def test_no_page_carries_injected_markup(site: Site) -> None:
    assert injected_markup(site) == []




def test_hostile_page_titles_stay_text(tmp_path: Path) -> None:
    root = make_project(tmp_path, FIXTURE / "content")
    edits = [
        ("articles/dockers-walk-out.md", "title: Dockers walk out at Puerto Salinas",
         "title: 'Dockers walk out </title><script>alert(1)</script>'"),
        ("facts/orgs/companies.yaml", "    name: Nordhaf Shipping", "    name: 'Nordhaf </title><script>alert(2)</script>'"),
        ("facts/events/2024.yaml", "    summary: Container ships queued off Puerto Salinas during the strike.",
         "    summary: 'Ships queued </title><img src=x onerror=alert(3)>'"),
    ]
    for rel, old, new in edits:
        path = root / "content" / rel
        text = path.read_text("utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), "utf-8")
    proc = run_mkdocs(root)
    site = Site(root, Content.read(root / "content"), proc)
    assert [w for w in warning_lines(proc.stderr) if "unrecognized relative link 'https" not in w] == []
    assert site.entity("article", "dockers-walk-out").content.first("h1").text().startswith(
        "Dockers walk out </title><script>alert(1)</script>")
    assert injected_markup(site) == []


def test_description_allows_inline_markdown(multi: Site) -> None:
    page = multi.entity("actor", "marta-ibanez")
    paragraph = next(p for p in page.content.iter("p") if p.text().startswith("Minister of Transport of"))
    assert " ".join(paragraph.text().split()) == "Minister of Transport of Meridia since February 2023."
    assert [(a.attrs["href"], a.text()) for a in paragraph.iter("a")] == [("https://example.org/meridia", "Meridia")]
    assert [em.text() for em in paragraph.iter("em")] == ["February 2023"]


def test_affiliations_show_roles_and_dates(multi: Site) -> None:
    def items(actor_id: str) -> list[str]:
        page = multi.entity("actor", actor_id)
        return [" ".join(li.text().split()) for node in page.section("Affiliations") for li in node.iter("li")]

    assert items("joaquin-peralta") == ["Minister of Labour, Ministry of Labour (15 March 2021 – 30 June 2024)"]
    marta = items("marta-ibanez")
    assert marta == ["Minister of Transport, Ministry of Transport (since 1 February 2023)",
                     "Cabinet member, Government of Meridia (since 1 February 2023)"]
    assert items("ministry-of-labour") == ["Government of Meridia"]
    members = multi.entity("actor", "dockers-union").section("Members")
    assert sorted(" ".join(li.text().split()) for n in members for li in n.iter("li")) == [
        "Striking dockers, Members", "Tomás Ferrer, General secretary"]


def test_actions_show_partial_dates_counts_and_statuses(multi: Site) -> None:
    expected = {
        "port-wage-freeze": {"Date": "2023", "Type": "wage-freeze", "Status": "confirmed",
                             "By": "Puerto Salinas Port Authority", "Targets": "Union of Port Workers of Meridia"},
        "ships-stranded": {"Date": "July 2024", "Type": "disruption", "Status": "confirmed", "By": "Striking dockers",
                           "Targets": "Nordhaf Shipping", "Count": "37"},
        "dockers-strike-begins": {"Date": "15 July 2024", "Type": "strike", "Status": "confirmed",
                                  "By": "Union of Port Workers of Meridia, Striking dockers",
                                  "Targets": "Puerto Salinas Port Authority", "Count": "4,200"},
        "nordhaf-diverts-ships": {"Date": "20 July 2024", "Type": "diversion", "Status": "planned",
                                  "By": "Nordhaf Shipping, Ólafur Jónsson", "Targets": "Meridia", "Count": "2"},
        "union-disputes-arbitration": {"Date": "2 August 2024", "Type": "claim", "Status": "disputed",
                                       "By": "Union of Port Workers of Meridia", "Targets": "Government of Meridia"},
    }
    for action_id, rows in expected.items():
        page = multi.entity("action", action_id)
        assert page.table() == rows, action_id
        sources = [a for s in page.section("Sources") for a in s.iter("li")]
        assert len(sources) == len(multi.content.actions[action_id]["sources"]), action_id
    wage = multi.entity("action", "port-wage-freeze")
    assert multi.linked_ids(wage, "article", wage.section("Sources")) == {"dockers-walk-out", "minister-orders-arbitration"}


def test_timeline_orders_full_and_partial_dates(multi: Site) -> None:
    page = multi.page("timeline/index.html")
    headings = [" ".join(h.text().replace("¶", "").split()) for h in page.content.iter() if h.tag in ("h2", "h3")]
    assert headings == ["2023", "Sometime in 2023", "2024", "July 2024", "August 2024"]
    order = []
    for li in page.content.iter("li"):
        for a in li.iter("a"):
            target = multi.resolve(page.rel, a.attrs["href"])[0] or ""
            m = re.fullmatch(r"(actions|quotes)/([a-z0-9-]+)/index\.html", target)
            if m:
                order.append(m.group(2))
    assert order == [
        "port-wage-freeze",
        "ships-stranded", "strikers-post-placards",
        "dockers-strike-begins", "ferrer-not-going-back",
        "nordhaf-diverts-ships", "jonsson-ships-elsewhere",
        "talks-collapse", "peralta-buy-time",
        "government-orders-arbitration", "union-disputes-arbitration", "ibanez-cannot-afford", "union-unlawful-attempt",
    ]


def test_article_front_matter_fields(multi: Site) -> None:
    assert (multi.site / "articles" / "port-standstill-talks" / "index.html").is_file()
    assert not (multi.site / "articles" / "salinas-port-standstill").exists()
    page = multi.entity("article", "minister-orders-arbitration")
    rows = page.table()
    assert rows["Outlet"] == "Meridian Herald"
    assert rows["Date"] == "2 August 2024"
    assert rows["Author"] == "Lucía Ortega"
    assert rows["Original"] == "https://example.org/meridia/arbitration?ref=1&page=2"
    original = next(a for a in page.content.iter("a") if a.text() == rows["Original"])
    assert original.attrs["href"] == "https://example.org/meridia/arbitration?ref=1&page=2"
    assert "Author" not in multi.entity("article", "dockers-walk-out").table()
    assert "Original" not in multi.entity("article", "dockers-walk-out").table()
    quote = multi.entity("quote", "peralta-buy-time")
    assert quote.table()["Date"] == "22 July 2024"  # the source article's date
    assert multi.entity("quote", "jonsson-ships-elsewhere").table()["Date"] == "20 July 2024"


def test_hand_written_page_is_published_with_working_links(multi: Site) -> None:
    page = multi.page("methodology/index.html")
    assert page.content.first("h1").text().startswith("Methodology")
    assert set(multi.links(page.rel, page.content)) >= {"timeline/index.html", "actors/marta-ibanez/index.html"}
    nav = [n for n in page.root.iter("nav")]
    assert any("methodology/index.html" in multi.links(page.rel, n) for n in nav)
    home = multi.page("index.html")
    assert any("methodology/index.html" in multi.links(home.rel, n) for n in home.root.iter("nav"))


# --- failures ----------------------------------------------------------------------------------

BREAKS = [
    pytest.param(
        "facts/quotes/statements.yaml", "    speaker: olafur-jonsson\n", "    speker: olafur-jonsson\n",
        ["content/facts/quotes/statements.yaml:4:5: error: a quote has no 'speaker': add 'speaker:' "
         "(Id of the actor who said it.) [field-required]",
         "content/facts/quotes/statements.yaml:5:5: error: unknown field 'speker' in a quote "
         "(did you mean 'speaker'?) [field-unknown]"],
        id="unknown-field"),
    pytest.param(
        "facts/orgs/unions/dockers.yaml", "      - actor: dockers-union\n", "      - actor: dockers-unoin\n",
        ["content/facts/orgs/unions/dockers.yaml:16:16: error: actor: no actor has the id 'dockers-unoin' "
         "(did you mean 'dockers-union'?) [ref-unknown]"],
        id="unknown-reference"),
    pytest.param(
        "facts/events/2024.yaml", "  - id: ships-stranded\n    date: 2024-07\n", "  - id: ships-stranded\n    date: 2024-13\n",
        ["content/facts/events/2024.yaml:15:11: error: date: '2024-13' is not a real calendar date [date-invalid]"],
        id="bad-date"),
    pytest.param(
        "facts/people/business.yml", "    aliases: [Olafur Jonsson, Jónsson, Jonsson]\n",
        "    aliases: [Olafur Jonsson, Jónsson, Jonsson\n",
        # The whole file is lost, so its actors are missing too: their references elsewhere
        # are reported as well (ref-unknown), after the syntax error.
        None, id="yaml-syntax"),
]


@pytest.mark.parametrize("rel, old, new, expected", BREAKS)
def test_broken_facts_fail_the_build(tmp_path: Path, rel: str, old: str, new: str, expected: list[str] | None) -> None:
    root = make_project(tmp_path, FIXTURE / "content")
    target = root / "content" / rel
    text = target.read_text("utf-8")
    assert text.count(old) == 1
    target.write_text(text.replace(old, new), "utf-8")
    proc = run_mkdocs(root)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in output
    problems = re.findall(r"^content/\S+:\d+:\d+: error: .+ \[[a-z-]+\]$", output, re.MULTILINE)
    if expected is None:
        in_file = [p for p in problems if p.startswith(f"content/{rel}:")]
        assert len(in_file) == 1, output
        assert re.fullmatch(rf"content/{re.escape(rel)}:[56]:\d+: error: YAML syntax error: .+ \[yaml-syntax\]",
                            in_file[0])
        # The ids the broken file defines are recognised from its `id:` lines, so the syntax
        # error does not cascade into "unknown actor" errors where they are used.
        others = [p for p in problems if p not in in_file]
        assert others == [], others
    else:
        assert problems == expected, output
    assert f"briefing: {len(problems)} error(s) in the content:" in output
    assert not (root / "site" / "index.html").exists()
    # The CLI reports exactly the same problems.
    check = run_check(root)
    assert check.returncode == 1
    assert re.findall(r"^content/\S+:\d+:\d+: error: .+ \[[a-z-]+\]$", check.stderr, re.MULTILINE) == problems


def test_broken_content_leaves_the_last_site_as_it_was(tmp_path: Path) -> None:
    """MkDocs empties the site folder after on_pre_build: the content is checked before that,
    so a build that fails on the content leaves the site it had (it was emptied before)."""
    root = make_project(tmp_path, FIXTURE / "content")
    assert run_mkdocs(root).returncode == 0
    site = root / "site"
    before = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    assert len(before) > 50 and Path("index.html") in before
    target = root / "content" / "facts/orgs/unions/dockers.yaml"
    target.write_text(target.read_text("utf-8").replace("      - actor: dockers-union\n",
                                                        "      - actor: dockers-unoin\n"), "utf-8")
    proc = run_mkdocs(root)
    assert proc.returncode != 0 and "[ref-unknown]" in proc.stderr, proc.stderr
    after = {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    assert after.keys() == before.keys()
    assert after == before


# --- template overrides ------------------------------------------------------------------------


def test_project_templates_override_the_builtin_ones(tmp_path: Path) -> None:
    root = make_project(tmp_path, REPO / "content")
    templates = root / "templates"
    templates.mkdir()
    (templates / "actor.md.j2").write_text(
        "# Custom {{ actor.name }}\n\nOVERRIDE-MARKER {{ actor.id }}: {{ L.actors(rel.affiliated_with | map(attribute='actor') | list) }}\n",
        "utf-8")
    (templates / "quote.md.j2").write_text('{% include "!builtin/quote.md.j2" %}\n\nINCLUDED-MARKER\n', "utf-8")
    (templates / "action.md.j2").write_text('{% extends "!builtin/action.md.j2" %}\n', "utf-8")
    proc = run_mkdocs(root)
    assert proc.returncode == 0, proc.stderr
    assert warning_lines(proc.stderr) == []
    site = Site(root, Content.read(root / "content"), proc)
    page = site.entity("actor", "nicolas-maduro")
    assert page.content.first("h1").text().replace("¶", "").strip() == "Custom Nicolás Maduro"
    assert " ".join(page.content.text().split()).endswith("OVERRIDE-MARKER nicolas-maduro: Venezuelan government")
    assert site.linked_ids(page, "actor") == {"venezuelan-government"}
    assert "Articles that mention" not in page.content.text()
    quote = site.entity("quote", "blinken-hold-maduro-accountable")
    assert " ".join(quote.content.text().split()).endswith("INCLUDED-MARKER")
    assert quote.table()["Speaker"] == "Antony Blinken"  # the built-in part is still there
    action = site.entity("action", "treasury-sanctions-21-officials")
    assert action.table()["Count"] == "21"
    assert [h.text().replace("¶", "").strip() for h in action.content.iter("h2")] == ["Sources", "Quotes on this action"]


def test_broken_override_template_fails_with_its_place(tmp_path: Path) -> None:
    root = make_project(tmp_path, REPO / "content")
    (root / "templates").mkdir()
    (root / "templates" / "actor.md.j2").write_text("# {{ actor.name }}\n\n{% if %}\n", "utf-8")
    proc = run_mkdocs(root)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "Traceback" not in output
    assert re.findall(r"^\S+:\d+:\d+: error: .+ \[[a-z-]+\]$", output, re.MULTILINE) == [
        "templates/actor.md.j2:3:1: error: Expected an expression, got 'end of statement block' [template-error]"]


@pytest.mark.parametrize("source, expected", [
    ("# {{ quote.text\n", "templates/quote.md.j2:1:1: error: unexpected end of template, expected "
                          "'end of print statement'. [template-error]"),
    ('{% extends "!builtin/quote.md.j2" %}\n{% block x %}{{ quote.text | nosuchfilter }}{% endblock %}\n',
     "templates/quote.md.j2:2:1: error: No filter named 'nosuchfilter'. [template-error]"),
], ids=["syntax", "unknown-filter"])
def test_broken_override_template_found_by_check_and_build_at_its_place(tmp_path: Path, source: str,
                                                                        expected: str) -> None:
    """`briefing check` compiles the overrides too (it said nothing before), and a build with
    the cache reports the template's own file (it said `<introspection>` before)."""
    root = make_project(tmp_path, REPO / "content")
    (root / "templates").mkdir()
    (root / "templates" / "quote.md.j2").write_text(source, "utf-8")
    pattern = r"^\S+:\d+:\d+: error: .+ \[[a-z-]+\]$"
    for extra in ([], ["--no-cache"]):
        check = run_check(root, *extra)
        assert check.returncode == 1 and re.findall(pattern, check.stderr, re.MULTILINE) == [expected], check.stderr
        built = subprocess.run([sys.executable, "-m", "generator", "build", "--project", str(root), *extra,
                                "--out", str(tmp_path / "out")], env=_env(), capture_output=True, text=True)
        assert built.returncode == 1 and re.findall(pattern, built.stderr, re.MULTILINE) == [expected], built.stderr


# --- hand-written pages and generated pages -------------------------------------------------------



@pytest.mark.parametrize("name", ["index.md", "README.md"])
def test_a_hand_written_home_page_takes_the_root_and_the_overview_moves(tmp_path: Path, name: str) -> None:
    """content/pages/index.md (or README.md) is a hand-written page like any other, published
    as it is: at the site's root, where readers land. The generated home page moves to
    /overview/ and stays one click away in the nav."""
    root = make_project(tmp_path, REPO / "content")
    (root / "content" / "pages" / name).write_text(
        "# Our desk\n\nHAND-MARKER. See the [overview](overview.md) and the [actors](actors/index.md).\n", "utf-8")
    site = Site(root, Content.read(root / "content"), run_mkdocs(root))
    assert site.proc.returncode == 0, site.proc.stdout + site.proc.stderr
    home, overview = site.page("index.html"), site.page("overview/index.html")
    assert home.content.first("h1").text().startswith("Our desk") and "HAND-MARKER" in home.content.text()
    assert set(site.links(home.rel, home.content)) == {"overview/index.html", "actors/index.html"}
    assert overview.content.first("h1").text().startswith("Briefing")
    assert "Nicolás Maduro" in overview.content.text()
    nav = [link for n in home.root.iter("nav") for link in site.links(home.rel, n)]
    assert {"overview/index.html", "actors/index.html", "timeline/index.html", "about/index.html"} <= set(nav)
    assert not (root / "site" / "README" / "index.html").exists() and not (root / "site" / "pages").exists()


def test_without_a_hand_written_home_overview_is_a_free_name(tmp_path: Path) -> None:
    root = make_project(tmp_path, REPO / "content")
    (root / "content" / "pages" / "overview.md").write_text("# Mine\n", "utf-8")
    proc = run_mkdocs(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Mine" in (root / "site" / "overview" / "index.html").read_text("utf-8")
    (root / "content" / "pages" / "index.md").write_text("# Home\n", "utf-8")
    proc = run_check(root)
    assert proc.returncode == 1
    assert "content/pages/overview.md: error: hand-written page 'pages/overview.md' would be published at " \
           "'/overview/', which belongs to a generated page: rename it [page-collision]" in proc.stderr


def test_hand_written_pages_may_sit_in_generated_folders_under_free_names(tmp_path: Path) -> None:
    """The contract reserves no names: `pages/actors/notes.md` is published at /actors/notes/
    while no actor has the id `notes` (nor an action type the name, under timeline/)."""
    root = make_project(tmp_path, REPO / "content")
    for name in ("actors/notes.md", "timeline/reading-guide.md", "articles/corrections.md"):
        (root / "content" / "pages" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "content" / "pages" / name).write_text(
            f"# Hand-written {name}\n\nHAND-MARKER\n\n## Members\n\n- SEARCHABLE-{name.split('/')[0].upper()}\n", "utf-8")
    proc = run_mkdocs(root)
    assert proc.returncode == 0 and warning_lines(proc.stdout + proc.stderr) == [], proc.stdout + proc.stderr
    for url in ("actors/notes", "timeline/reading-guide", "articles/corrections"):
        assert "HAND-MARKER" in (root / "site" / url / "index.html").read_text("utf-8")
    # Searched whole, as written: the generated pages' search views (lists left out) are theirs only.
    index = (root / "site" / "search" / "search_index.json").read_text("utf-8")
    assert all(f"SEARCHABLE-{folder}" in index for folder in ("ACTORS", "TIMELINE", "ARTICLES"))
    assert "<h1 id=\"actors\">Actors" in (root / "site" / "actors" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("name", [
    "actors.md",
    "timeline/index.md",
    "actors/nicolas-maduro.md",
    "actors/nicolas-maduro/2024.md",
    "timeline/sanction.md",
    "timeline/years/1999.md",
    "timeline/types/sanction/2024.md",
    "articles/us-sanctions-21-officials.md",
])
def test_hand_written_page_cannot_replace_a_generated_page(tmp_path: Path, name: str) -> None:
    root = make_project(tmp_path, REPO / "content")
    page = root / "content" / "pages" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("# Hand-written\n\nHAND-MARKER\n", "utf-8")
    proc = run_mkdocs(root)
    output = proc.stdout + proc.stderr
    assert "Traceback" not in output
    assert proc.returncode != 0, "build passed; HAND-MARKER replaced: " + ", ".join(
        p.relative_to(root / "site").as_posix() for p in (root / "site").rglob("*.html")
        if "HAND-MARKER" in p.read_text("utf-8"))
    assert re.search(rf"^content/pages/{re.escape(name)}(:\d+:\d+)?: error: .+ \[page-collision\]$", output, re.MULTILINE), output


def test_cli_check_reports_page_collision(tmp_path: Path) -> None:
    root = make_project(tmp_path, REPO / "content")
    (root / "content" / "pages" / "timeline.md").write_text("# Hand-written timeline\n", "utf-8")
    proc = run_check(root)
    assert proc.returncode == 1, proc.stderr
    assert "content/pages/timeline.md: error: hand-written page 'pages/timeline.md' would be published at " \
           "'/timeline/', which belongs to a generated page: rename it [page-collision]" in proc.stderr


def test_pages_read_with_the_builtin_theme(tmp_path: Path) -> None:
    """No Material-only syntax is needed to read a page: the sample builds strict with MkDocs'
    own theme, and its pages carry the same links, marks and graphs."""
    root = make_project(tmp_path, REPO / "content")
    config = (root / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"theme:\n(?:  .*\n|    .*\n)+", "theme:\n  name: mkdocs\n", config)
    assert "name: mkdocs" in config and "material" not in config
    (root / "mkdocs.yml").write_text(config, "utf-8")
    proc = run_mkdocs(root)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert warning_lines(output) == []
    article = (root / "site" / "articles" / "us-sanctions-21-officials" / "index.html").read_text("utf-8")
    assert article.count('class="briefing-quote"') == 6
    assert 'href="../../actors/nicolas-maduro/"' in article
    home = (root / "site" / "index.html").read_text("utf-8")
    assert 'class="briefing-graph"' in home and 'xlink:href="actors/edmundo-gonzalez/"' in home


def test_generated_heading_ids_are_css_selectors(tmp_path: Path) -> None:
    """The `mkdocs` theme's scroll spy reads each heading's id as a CSS selector: on generated
    pages no heading id starts with a digit (the timeline's years are `_2024`, in the page, its
    table of contents and the search index's sections); a hand-written page keeps its ids as
    written."""
    root = make_project(tmp_path, REPO / "content")
    (root / "content" / "pages" / "review.md").write_text("# Review\n\n## 2024 in review\n\nText.\n", "utf-8")
    proc = run_mkdocs(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = root / "site"
    digit_ids = {}
    for path in sorted(site.rglob("*.html")):
        found = re.findall(r'<h[1-6] id="(\d[^"]*)"', path.read_text("utf-8"))
        if found:
            digit_ids[path.relative_to(site).as_posix()] = found
    assert digit_ids == {"review/index.html": ["2024-in-review"]}
    timeline = (site / "timeline" / "index.html").read_text("utf-8")
    assert '<h2 id="_2024">2024<a class="headerlink" href="#_2024"' in timeline
    assert '<a href="#_2024"' in timeline.split('<div class="md-content"', 1)[0]  # the table of contents
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = {doc["location"] for doc in index["docs"]}
    assert sorted(loc for loc in locations if re.search(r"#\d", loc)) == ["review/#2024-in-review"]


def test_search_index_leaves_out_the_graphs(sample: Site) -> None:
    """The graphs' labels and text versions repeat the page in other words: not indexed twice.
    What readers search for (names and their accent-free spellings) is indexed."""
    index = json.loads((sample.site / "search" / "search_index.json").read_text("utf-8"))
    texts = [doc["text"] for doc in index["docs"]]
    assert not any("The graph as text" in text or "Graph of " in text for text in texts)
    assert any("Edmundo Gonzalez" in text for text in texts)


@pytest.mark.parametrize("kind", ["actor", "action", "quote", "article"])
def test_an_id_named_index_does_not_take_its_folders_index_page(tmp_path: Path, kind: str) -> None:
    """'index' is a valid id and action type, but `actors/index.md` is the actors index: the
    record's page is `actors/_index/` (no id can take that name), and both pages are there."""
    ids = {k: ("index" if k == kind else k + "-one") for k in ("actor", "action", "quote", "article")}
    root = tmp_path / "p"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "facts").mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "content" / "articles" / "story.md").write_text(
        f"---\ntitle: A story\ndate: 2024-01-02\nsource: Wire\nid: {ids['article']}\n---\n"
        "The Index Group met Alice Smith. \u201cWe met,\u201d she said.\n", "utf-8")
    (root / "content" / "facts" / "f.yaml").write_text(
        f"actors:\n  - {{id: {ids['actor']}, name: Index Group, type: group}}\n"
        "  - {id: alice, name: Alice Smith, type: person}\n"
        f"actions:\n  - {{id: {ids['action']}, date: 2024-01-02, type: index, by: {ids['actor']}, targets: [alice],\n"
        f"     summary: Met Alice., sources: [{{article: {ids['article']}}}]}}\n"
        f"quotes:\n  - {{id: {ids['quote']}, speaker: alice, text: We met, source: {ids['article']}, action: {ids['action']}}}\n",
        "utf-8")
    proc = run_mkdocs(root)
    assert proc.returncode == 0 and warning_lines(proc.stdout + proc.stderr) == [], proc.stdout + proc.stderr
    folder = {"actor": "actors", "action": "actions", "quote": "quotes", "article": "articles"}[kind]
    site = root / "site"
    listing = (site / folder / "index.html").read_text("utf-8")
    assert f'<h1 id="{folder}">{folder.capitalize()}' in listing and 'href="_index/"' in listing
    assert (site / folder / "_index" / "index.html").is_file()
    assert '<h1 id="timeline">Timeline' in (site / "timeline" / "index.html").read_text("utf-8")
    assert '<h1 id="timeline-index">Timeline: index' in (site / "timeline" / "_index" / "index.html").read_text("utf-8")


@pytest.mark.parametrize("option, message", [
    ("content: nope", "briefing: no content folder at '{root}/nope' (plugin option `content: nope`, relative to "
                      "mkdocs.yml): create it or fix the option"),
    ("templates: my-templates", "briefing: no templates folder at '{root}/my-templates' (plugin option "
                                "`templates: my-templates`, relative to mkdocs.yml): create it or fix the option"),
    ("jobs: 0", "briefing: plugin option `jobs: 0` is not a number of processes: give 1 or more, or leave it out "
                "(one per CPU)"),
])
def test_a_mistyped_plugin_folder_stops_the_build(tmp_path: Path, option: str, message: str) -> None:
    """A content folder that does not exist read as an empty briefing ("no articles"), and a
    templates folder that does not exist left every override unused without a word."""
    root = make_project(tmp_path, REPO / "content")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert text.count("  - briefing\n") == 1
    config.write_text(text.replace("  - briefing\n", f"  - briefing:\n      {option}\n"), "utf-8")
    proc = run_mkdocs(root)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in output
    assert message.format(root=root.resolve()) in output, output


def test_a_site_dir_on_the_templates_folder_is_refused_before_mkdocs_empties_it(tmp_path: Path) -> None:
    """MkDocs empties site_dir before a build and only guards docs_dir: `-d templates` emptied the
    project's template overrides."""
    root = make_project(tmp_path, REPO / "content")
    (root / "templates").mkdir()
    override = root / "templates" / "quote.md.j2"
    override.write_text('{% extends "!builtin/quote.md.j2" %}\n', "utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "templates"], cwd=root,
                          env=_env(), capture_output=True, text=True, timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in output
    assert (f"briefing: refusing to write the output to '{root.resolve() / 'templates'}': it is the templates "
            f"folder") in output, output
    assert "e.g. site_dir: site (in mkdocs.yml)" in output
    assert [p.name for p in (root / "templates").iterdir()] == ["quote.md.j2"]
    assert override.read_text("utf-8") == '{% extends "!builtin/quote.md.j2" %}\n'


def test_pages_of_another_docs_dir_are_not_replaced_without_a_word(tmp_path: Path) -> None:
    """A briefing added to an existing MkDocs site (`docs_dir: docs`, the plugin's `content:`
    elsewhere): a page of docs/ in the place of a briefing page was silently replaced."""
    root = make_project(tmp_path, REPO / "content")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8").replace("docs_dir: content\n", "docs_dir: docs\n")
    config.write_text(text.replace("  - briefing\n", "  - briefing:\n      content: content\n"), "utf-8")
    (root / "docs" / "actors").mkdir(parents=True)
    (root / "docs" / "guide.md").write_text("# Guide\n", "utf-8")
    (root / "docs" / "guides").mkdir()
    (root / "docs" / "guides" / "how-to.md").write_text("# How to\n", "utf-8")
    proc = run_mkdocs(root)
    assert proc.returncode == 0, proc.stderr  # pages of their own places build...
    home = (root / "site" / "index.html").read_text("utf-8")
    assert 'href="guide/"' in home and 'href="guides/how-to/"' in home  # ...and keep a place in the nav
    assert "not included in the nav" not in proc.stderr
    (root / "docs" / "README.md").write_text("# My home\n", "utf-8")
    (root / "docs" / "actors" / "nicolas-maduro.md").write_text("# Mine\n", "utf-8")
    (root / "site" / "keep.txt").write_text("the last site", "utf-8")
    proc = run_mkdocs(root)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1 and "Traceback" not in output
    assert ("briefing: these pages of docs_dir would be replaced by the briefing's own pages of the same place: "
            "docs/README.md; docs/actors/nicolas-maduro.md. Move a hand-written page into") in output, output
    assert (root / "site" / "keep.txt").exists()  # refused before MkDocs empties the site folder
