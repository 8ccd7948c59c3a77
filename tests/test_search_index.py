"""Site search indexes what readers look for, once, where it lives (generator/sitesearch.py,
`search_view`): every page title, actor names with their accent-free spellings, action
summaries, quote texts, article titles and article text. Sections that only list other pages
(an actor's actions and quotes, an article's actors and facts, the indexes and the timelines)
are shown to readers but left out of the index.

The sample briefing and the fixture briefing are built with `mkdocs build --strict` (the
helpers of test_e2e_mkdocs.py), with Material's search and, for the fixture, with MkDocs' own
theme and search; the assertions read site/search/search_index.json and compare it with an
independent reading of the content.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest

from test_e2e_mkdocs import FIXTURE, REPO, Content, fold_accents, fold_quote, make_project, run_mkdocs, warning_lines

# Headings of the sections that list other pages: readers see them, search does not index them.
LISTING_SECTIONS = ("Relationships", "Members", "Actors of this country", "Actions by ", "Actions targeting ",
                    "Quotes by ", "Quotes about ", "Articles that mention ", "Related actors",
                    "Actors mentioned", "Actions citing this article", "Quotes from this article",
                    "Quotes on this action")
LISTING_PAGES = ("actors/", "actions/", "quotes/", "articles/", "timeline/")


def plain(text: str) -> str:
    """An index text as a reader reads it: without the tags Material keeps (p, li, ...) and its
    escaping, curly quotes, dashes and white space folded."""
    return fold_quote(html.unescape(re.sub(r"</?(?:p|li|ul|ol|code|pre|sub|sup)>", " ", text)))


def words(text: str) -> str:
    """The words of a text, lower case, one space apart: compared word by word, punctuation and
    the spaces the search plugins leave around inline tags do not matter."""
    return " ".join(re.findall(r"\w+", plain(text).casefold()))


@dataclass
class Index:
    theme: str
    site: Path
    content: Content
    docs: list[dict]

    @cached_property
    def _words(self) -> list[tuple[str, str, str]]:
        """(location, title words, text words) of every entry. In article texts each marked quote
        is followed by a link to its page, "quote by <speaker>": taken out, so that paragraphs
        can be compared as written."""
        actors = self.content.actors
        markers = {words(f"quote by {actors[q['speaker']]['name']}") for q in self.content.quotes.values()}
        out = []
        for d in self.docs:
            text = f" {words(d['text'])} "
            for marker in markers:
                text = text.replace(f" {marker} ", " ")
            out.append((d["location"], f" {words(d['title'])} ", text))
        return out

    def entries_with(self, text: str) -> list[str]:
        """The entries (locations) whose text holds the words of `text`, in order."""
        needle = f" {words(text)} "
        return [loc for loc, _, body in self._words if needle in body]

    def pages_with(self, text: str) -> set[str]:
        """The pages (URLs) with an entry whose title or text holds the words of `text`."""
        needle = f" {words(text)} "
        return {loc.partition("#")[0] for loc, title, body in self._words if needle in title or needle in body}

    def entries(self, url: str) -> list[dict]:
        return [d for d in self.docs if d["location"].partition("#")[0] == url]

    def page_entry(self, url: str) -> dict:
        [entry] = [d for d in self.docs if d["location"] == url]
        return entry


def _build(tmp_path_factory: pytest.TempPathFactory, name: str, content: Path, theme: str) -> Index:
    root = make_project(tmp_path_factory.mktemp(f"{name}-{theme}"), content)
    if theme != "material":
        config = root / "mkdocs.yml"
        text, found = re.subn(r"(?m)^theme:[ \t]*\n(?:[ \t]+.*\n|[ \t]*\n)*", f"theme:\n  name: {theme}\n",
                              config.read_text("utf-8"), count=1)
        assert found == 1
        config.write_text(text, "utf-8")
    proc = run_mkdocs(root)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    assert warning_lines(output) == []
    docs = json.loads((root / "site" / "search" / "search_index.json").read_text("utf-8"))["docs"]
    return Index(theme, root / "site", Content.read(root / "content"), docs)


BUILDS = {"sample-material": (REPO / "content", "material"), "multi-material": (FIXTURE / "content", "material"),
          "multi-mkdocs": (FIXTURE / "content", "mkdocs")}


@pytest.fixture(scope="module", params=list(BUILDS))
def index(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Index:
    content, theme = BUILDS[request.param]
    return _build(tmp_path_factory, request.param.split("-")[0], content, theme)


def test_every_page_has_its_title_indexed(index: Index) -> None:
    pages = {rel.removesuffix("index.html") for rel in
             (p.relative_to(index.site).as_posix() for p in index.site.rglob("*.html")) if rel != "404.html"}
    assert {d["location"] for d in index.docs if "#" not in d["location"]} == pages
    c = index.content
    titles = {url: plain(index.page_entry(url)["title"]) for url in pages}
    for actor_id, actor in c.actors.items():
        assert titles[f"actors/{actor_id}/"] == fold_quote(actor["name"])
    for action_id, action in c.actions.items():
        assert titles[f"actions/{action_id}/"] == fold_quote(action["summary"])
    for article_id, article in c.articles.items():
        assert titles[f"articles/{article_id}/"] == fold_quote(article["title"])
    for page in c.pages:  # hand-written pages are indexed whole
        url = page.removesuffix(".md") + "/"
        assert index.entries(url) and any(plain(d["text"]) for d in index.entries(url)), url


def test_actor_pages_hold_every_spelling(index: Index) -> None:
    """Search does not fold accents: the actor's page entry lists the accent-free spellings."""
    folded = 0
    for actor_id, actor in index.content.actors.items():
        url = f"actors/{actor_id}/"
        text = plain(index.page_entry(url)["text"])
        aliases = actor.get("aliases") or []
        for spelling in [*aliases, *(fold_accents(n) for n in [actor["name"], *aliases])]:
            if spelling != actor["name"]:
                assert fold_quote(spelling) in text, (url, spelling)
        folded += fold_accents(actor["name"]) != actor["name"]
        assert url in index.pages_with(fold_accents(actor["name"]))
    assert folded > 0  # the fixtures have accented names


def test_article_text_is_indexed_once_on_the_article_page(index: Index) -> None:
    for article_id in index.content.articles:
        url = f"articles/{article_id}/"
        for paragraph in index.content.paragraphs(article_id):
            assert index.pages_with(paragraph) == {url}, paragraph
            if index.theme == "material":
                assert index.entries_with(paragraph) == [f"{url}#text"], paragraph
            else:  # MkDocs' own search stores each page's text, then each section's again
                assert index.entries_with(paragraph) == [url, f"{url}#text"], paragraph


def test_quote_text_is_indexed_on_its_page(index: Index) -> None:
    for quote_id, quote in index.content.quotes.items():
        entry = index.page_entry(f"quotes/{quote_id}/")
        assert f" {words(quote['text'])} " in f" {words(entry['text'])} ", quote_id


def test_listings_are_not_indexed(index: Index) -> None:
    """Names, quote texts and action summaries are indexed where they belong (an entity's own
    page, an article's text, the home page), not again in every list that shows them."""
    c = index.content
    assert [d["location"] for d in index.docs if plain(d["title"]).startswith(LISTING_SECTIONS)] == []
    listing_pages = LISTING_PAGES + tuple(f"timeline/{t}/" for t in {a["type"] for a in c.actions.values()})
    for url in listing_pages:  # the title and the introduction (MkDocs' own search: the page, then its h1)
        assert len(index.entries(url)) == (1 if index.theme == "material" else 2), index.entries(url)
    page_titles = {d["location"]: d["title"] for d in index.docs if "#" not in d["location"]}

    def own(entry: dict) -> bool:
        """The page's own record: the page (its h1's section), an article's text, an action's
        sources, an actor's affiliations; the home page."""
        page, _, section = entry["location"].partition("#")
        if page in listing_pages:
            return False
        return (page == "" or plain(entry["title"]) == plain(page_titles[page])
                or section in ("", "text", "sources", "affiliations"))

    others = {d["location"] for d in index.docs if not own(d)}
    needles = ([a["name"] for a in c.actors.values()] + [q["text"] for q in c.quotes.values()]
               + [a["summary"] for a in c.actions.values()])
    for text in needles:
        found = [loc for loc in index.entries_with(text) if loc in others]
        assert found == [], (text, found)


def test_readers_still_see_the_listings(index: Index) -> None:
    """Only the index leaves the listings out: the pages show them."""
    c = index.content
    timeline = (index.site / "timeline" / "index.html").read_text("utf-8")
    assert all(f'href="../actions/{action_id}/"' in timeline for action_id in c.actions)
    quotes = (index.site / "quotes" / "index.html").read_text("utf-8")
    assert all(f'href="{quote_id}/"' in quotes for quote_id in c.quotes)
    seen = set()
    for kind, folder in (("actor", "actors"), ("article", "articles"), ("action", "actions")):
        for entity_id in getattr(c, f"{kind}s"):
            page = (index.site / folder / entity_id / "index.html").read_text("utf-8")
            seen |= {h for h in LISTING_SECTIONS if re.search(rf"<h2 [^>]*>{re.escape(h)}", page)}
    assert seen >= {"Actions by ", "Quotes by ", "Quotes about ", "Articles that mention ", "Actors mentioned",
                    "Actions citing this article", "Quotes from this article"}
