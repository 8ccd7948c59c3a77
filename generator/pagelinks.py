"""What templates link with: `L.actor(id)`, `L.article(id, anchor)`... and the graphs' figure.

Kept apart from render.py, which runs the pages; these make the Markdown of one link or figure
and tell the page tracker (pagecache.py) which records a page's links read.
"""

from __future__ import annotations

import html

from .articletext import LinkMaker, paragraph_anchor
from .escape import Markdown, md_text
from .model import Briefing
from .pagecache import Tracker


class Links(LinkMaker):
    """What a template uses to link: `L.actor(id)`, `L.article(id, anchor)`..."""

    def __init__(self, here: str, briefing: Briefing, escaped: dict[str, str] | None = None,
                 made: dict[str, dict[tuple[str, ...], Markdown]] | None = None, tracker: Tracker | None = None,
                 named: dict[str, dict[str, Markdown]] | None = None) -> None:
        super().__init__(here, escaped, made)
        self.b = briefing
        # What this page reads (pagecache.py): the record of every link text, appended to the
        # tracker's list for its kind (a page of a busy actor makes 5,000 links). Made per
        # page, after the tracker started the page.
        reads = tracker.entry_reads if tracker is not None and tracker.current is not None else None
        self._actor_reads, self._action_reads, self._quote_reads, self._article_reads = (
            (reads[("r", kind)] for kind in ("actor", "action", "quote", "article")) if reads is not None
            else (None, None, None, None))
        # Links to actors by their names, per page folder, found by id alone: most links.
        self._actor_links = (named if named is not None else {}).setdefault(self._folder, {})

    def actor(self, actor_id: str, text: str | None = None) -> Markdown:
        if self._actor_reads is not None:
            self._actor_reads.append(actor_id)
        if not text:
            link = self._actor_links.get(actor_id)
            if link is None:
                link = self._actor_links[actor_id] = self.to("actor", actor_id, self.b.actors[actor_id].name)
            return link
        return self.to("actor", actor_id, text)

    def action(self, action_id: str, text: str | None = None) -> Markdown:
        if self._action_reads is not None:
            self._action_reads.append(action_id)
        return self.to("action", action_id, text or self.b.actions[action_id].summary)

    def quote(self, quote_id: str, text: str | None = None) -> Markdown:
        if self._quote_reads is not None:
            self._quote_reads.append(quote_id)
        return self.to("quote", quote_id, text or self.b.quotes[quote_id].text)

    def article(self, article_id: str, text: str | None = None, paragraph: int | None = None) -> Markdown:
        if self._article_reads is not None:
            self._article_reads.append(article_id)
        anchor = paragraph_anchor(paragraph) if paragraph else None
        return self.to("article", article_id, text or self.b.articles[article_id].title, anchor)

    def page(self, path: str, text: str) -> Markdown:
        return Markdown(f"[{md_text(text)}]({self.url(path)})")

    def actors(self, ids: list[str]) -> Markdown:
        # Each once: a list that names an actor twice is a warning (value-repeated), not two links.
        return Markdown(", ".join(self.actor(i) for i in dict.fromkeys(ids)))


def graph_figure(svg: str, text: str) -> Markdown:
    """An SVG graph as one raw-HTML line: `<figure>` is a block tag, so Python-Markdown
    passes it through untouched (a bare `<svg>` would be wrapped in a paragraph and its text
    read as Markdown). The text alternative is HTML-escaped here, not Markdown-escaped."""
    if not svg:
        return Markdown("")
    caption = html.escape(text, quote=True)
    # `data-search-exclude` (Material's search honours it): node titles and the text version
    # repeat what the page says in words; indexed, they were ~40% of the sample's search index.
    return Markdown(f'<figure class="briefing-graph-figure" data-search-exclude>{svg}<details><summary>'
                    f"The graph as text</summary><p>{caption}</p></details></figure>")
