"""Heading ids that are also CSS selectors, on generated pages.

Python-Markdown's toc extension gives each heading an id made from its text: the timeline's
year headings get `id="2024"`, a speaker named "21st Century Party" `id="21st-century-party"`.
Such an id is valid HTML, but '#2024' is not a CSS selector, and the `mkdocs` theme's scroll
spy passes each table-of-contents link to `querySelector`: it threw, and the theme's other
scripts (its `s` key for search) stopped on every timeline page. Ids that start with a digit
are given a leading '_' here, in the page and in its table of contents (which the theme and
the search index read), before MkDocs' search plugin or any theme sees the page. Generated
pages only: no link points at their heading ids, while a hand-written page's headings may be
linked from anywhere as they are.
"""

from __future__ import annotations

import re
from typing import Any

_DIGIT_HEADING_ID = re.compile(r'(<h[1-6] id=")(\d[^"]*)"')
_ANY_ID = re.compile(r'\bid="([^"]*)"')
_IN_PAGE_LINK = re.compile(r'href="#([^"]*)"')


def css_safe_heading_ids(html: str, toc: Any) -> str:
    """`html` with every heading id that starts with a digit given a leading '_' (or more, if
    the page already has that id), and links to it within the page changed alike; `toc` (a
    MkDocs TableOfContents, or any iterable of items with `id` and `children`) is changed in
    place to match."""
    if _DIGIT_HEADING_ID.search(html) is None:  # nearly every page: one scan, nothing else
        return html
    taken = set(_ANY_ID.findall(html))
    renamed: dict[str, str] = {}

    def rename(match: re.Match[str]) -> str:
        old = match.group(2)
        new = "_" + old
        while new in taken:
            new = "_" + new
        taken.add(new)
        renamed[old] = new
        return f'{match.group(1)}{new}"'

    html = _DIGIT_HEADING_ID.sub(rename, html)
    html = _IN_PAGE_LINK.sub(lambda m: f'href="#{renamed.get(m.group(1), m.group(1))}"', html)
    _rename_in_toc(toc, renamed)
    return html


def _rename_in_toc(items: Any, renamed: dict[str, str]) -> None:
    for item in items or ():
        if item.id in renamed:
            item.id = renamed[item.id]
        _rename_in_toc(getattr(item, "children", None), renamed)
