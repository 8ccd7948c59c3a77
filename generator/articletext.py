"""An article body as Markdown: paragraph anchors, linked mentions, marked curated quotes.

The body is evidence and stays text: every piece of it goes through `md_text`. What we add
(anchors, links, marks) is generated here from ids, never from the article's own markup.
"""

from __future__ import annotations

from .escape import Markdown, md_span
from .model import Briefing, Mention, QuoteSpan
from .pages import entity_path


def paragraph_anchor(number: int) -> str:
    return f"p-{number}"


def quote_anchor(quote_id: str) -> str:
    return f"quote-{quote_id}"


def render_body(briefing: Briefing, article_id: str, link: "LinkMaker") -> Markdown:
    article = briefing.articles[article_id]
    links = briefing.article_links[article_id]
    body = article.body
    # Curated quotes: keep spans that do not cross an earlier one, so marks nest properly.
    spans: list[tuple[QuoteSpan, str]] = []
    for quote_id, quote_spans in sorted(links.quote_spans.items(), key=lambda kv: (kv[1][0].start, kv[0])):
        span = quote_spans[0]
        if spans and span.start < spans[-1][0].end:
            continue
        spans.append((span, quote_id))
    out: list[str] = []
    mention_index = 0
    mentions: list[Mention] = links.mentions
    for number, (p_start, p_end) in enumerate(links.paragraphs, start=1):
        # (offset, order, markup, where the text resumes): closes sort before opens at one offset.
        events: list[tuple[int, int, str, int]] = []
        for span, quote_id in spans:
            if span.end <= p_start or span.start >= p_end:
                continue
            start, end = max(span.start, p_start), min(span.end, p_end)
            anchor = f' id="{quote_anchor(quote_id)}"' if span.start >= p_start else ""
            events.append((start, 1, f'<mark class="briefing-quote"{anchor}>', start))
            speaker = briefing.actors.get(briefing.quotes[quote_id].speaker)
            label = f"quote by {speaker.name}" if speaker else "quote"
            tail = "</mark>" if span.end > p_end else f"</mark> <sup>{link.to('quote', quote_id, label)}</sup>"
            events.append((end, 0, tail, end))
        boundaries = {e[0] for e in events}
        while mention_index < len(mentions) and mentions[mention_index].start < p_start:
            mention_index += 1
        while mention_index < len(mentions) and mentions[mention_index].end <= p_end:
            m = mentions[mention_index]
            mention_index += 1
            # A mention that straddles a quote boundary stays plain text: marks must nest.
            if any(m.start < b < m.end for b in boundaries):
                continue
            events.append((m.start, 2, link.to("actor", m.actor, body[m.start:m.end]), m.end))
        events.sort(key=lambda e: (e[0], e[1]))
        pieces = [f'<a id="{paragraph_anchor(number)}"></a>']
        cursor = p_start
        for offset, _order, markup, resume in events:
            pieces.append(md_span(body[cursor:offset]))
            pieces.append(markup)
            cursor = resume
        pieces.append(md_span(body[cursor:p_end]))
        out.append("".join(pieces))
    return Markdown("\n\n".join(out))


class LinkMaker:
    """Relative Markdown links from the page being rendered to any entity page.

    Pages are rendered by the ten thousand, each with dozens of links, so the two costs of a
    link are paid once: escaped link texts are kept in a cache shared by all pages of a build
    (`escaped`), and relative paths come from the page's folder depth, not from `relpath`."""

    def __init__(self, here: str, escaped: dict[str, str] | None = None,
                 made: dict[str, dict[tuple[str, ...], Markdown]] | None = None) -> None:
        self.here = here
        self._folder = here.rpartition("/")[0]
        self._up = "../" * (self._folder.count("/") + 1) if self._folder else ""
        self._escaped = escaped if escaped is not None else {}
        # Links already made, per page folder, by (kind, id, text, anchor): pages of one folder
        # link to the same entities over and over (every action page links its actors). One
        # dict per folder: keys of four strings, looked up in a dict of that folder's links.
        self._made = (made if made is not None else {}).setdefault(self._folder, {})

    def url(self, target: str, anchor: str | None = None) -> str:
        folder = self._folder
        if folder and target.startswith(folder) and target[len(folder):len(folder) + 1] == "/" \
                and "/" not in target[len(folder) + 1:]:
            rel = target[len(folder) + 1:]  # a page in the same folder
        elif not folder or target.rpartition("/")[0].count("/") == 0:
            rel = self._up + target  # up to the root, then down one folder at most
        else:
            from posixpath import relpath

            rel = relpath(target, folder)
        return f"{rel}#{anchor}" if anchor else rel

    def text(self, text: str) -> str:
        escaped = self._escaped.get(text)
        if escaped is None:
            escaped = self._escaped[text] = md_span(text)
        return escaped

    def to(self, kind: str, entity_id: str, text: str, anchor: str | None = None) -> Markdown:
        key = (kind, entity_id, text, anchor or "")
        link = self._made.get(key)
        if link is None:
            link = self._made[key] = Markdown(f"[{self.text(text)}]({self.url(entity_path(kind, entity_id), anchor)})")
        return link
