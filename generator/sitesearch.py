"""What site search indexes, and the Pagefind option for large briefings.

Two engines, one rule for what is searched (`search_sections`):

- **MkDocs' or Material's search plugin** (the default): lunr, built in the reader's browser
  from one `search_index.json`. The plugin shows it each page's search view (`search_view`).
  Fine for hundreds of articles; at 10,000 articles (65 MB of index) Material's search took
  17 s to become ready after every page load and the browser grew by about 2 GB
  (benchmarks/search_in_browser.py).
- **Pagefind** (`pagefind: true` in the plugin's options): a static index split into
  fragments that the browser fetches as a query needs them (0.93 MB for three queries at
  10,000 articles), built after MkDocs wrote the site by the `pagefind` binary from PyPI
  (`pip install 'briefing-sites[pagefind]'`). The pages mark what it indexes with
  `data-pagefind-body` and `data-pagefind-ignore` (`mark_for_pagefind`). Every page gets a
  search dialog (`search_dialog`, Pagefind's component UI) and a generated page, `search.md`,
  holds its full search box with filters (also where search leads without the dialog).
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

from .escape import md_text
from .pages import INDEXES, TIMELINE

# Site search indexes what readers look for, once, where it lives: every page title, actor
# names and their accent-free spellings, action summaries, quote texts, article titles and
# text. Lists of other pages are shown but not indexed (each item is a page of its own, indexed
# there): these sections of entity pages, and all but the introduction of the indexes and
# timelines. At 1,000 articles this halves Material's search index (12.6 MB -> 6.4 MB).
_LISTS = {  # folder -> the headings (their start) of its pages' lists
    "actors": ("By year", "Relationships", "Members", "Actors of this country", "Actions by ", "Actions targeting ",
               "Quotes by ", "Quotes about ", "Articles that mention ", "Related actors"),
    "articles": ("Actors mentioned", "Actions citing this article", "Quotes from this article"),
    "actions": ("Quotes on this action",),
}
_LIST_HEADING = {folder: re.compile(r"<h2\b[^>]*>(?:%s)" % "|".join(map(re.escape, headings)))
                 for folder, headings in _LISTS.items()}
_LISTING_PAGES = {*INDEXES.values(), TIMELINE}  # and timeline/<type>.md, timeline/years/<year>.md, ...
_INTRODUCTION = re.compile(r"\s*<h1\b.*?</h1>(?:\s*<p\b.*?</p>)*", re.S)

SEARCH_PAGE = "search.md"  # the Pagefind search box, when the option is on
# Past this many articles the plugin suggests Pagefind. Material's search was ready 2.1 s after
# each page load at 1,000 articles (6.4 MB of index) and 17 s at 10,000 (65 MB).
PAGEFIND_ADVISED_OVER = 2000


def search_sections(src_uri: str, html: str) -> list[tuple[str, bool]]:
    """A generated page's HTML cut into consecutive parts, each with whether search indexes
    it; the parts joined give the page back."""
    folder = src_uri.rpartition("/")[0]
    # (actors/<id>/<year>.md and actors/<id>/<year>/<month>.md: a long actor's lists by period;
    # articles/years/<year>.md: a long articles index by year)
    if (src_uri in _LISTING_PAGES or folder in ("timeline", "articles/years")
            or folder.startswith(("timeline/", "actors/"))):
        intro = _INTRODUCTION.match(html)
        if not intro:
            return [(html, True)]
        return [(intro.group(0), True), (html[intro.end():], False)]
    if folder not in _LIST_HEADING:
        return [(html, True)]
    heading = _LIST_HEADING[folder]
    return [(section, not heading.match(section)) for section in re.split(r"(?=<h2\b)", html)]


def search_view(src_uri: str, html: str) -> str:
    """The part of a page's HTML that site search indexes (readers still see all of it)."""
    return "".join(part for part, indexed in search_sections(src_uri, html) if indexed)


# What kind of page a result is, by folder: Pagefind's UI offers these as filters ("Actor",
# "Quote"...), so a reader can look for a name among actors only.
_KINDS = {"actors": "Actor", "actions": "Action", "quotes": "Quote", "articles": "Article", "timeline": "Timeline"}


def page_kind(src_uri: str, hand_written: bool = False) -> str:
    """The kind of page a search result is: an entity's, the timeline's, or a plain page."""
    if hand_written:
        return "Page"
    return _KINDS.get(src_uri.split("/", 1)[0].removesuffix(".md"), "Page")


def mark_for_pagefind(src_uri: str, html: str, whole: bool = False) -> str:
    """The page's content HTML wrapped for Pagefind: `data-pagefind-body` (only what is inside
    it is indexed, so the nav, header and footer of every page are not) with the page's kind as
    a filter and, around each part search leaves out, `data-pagefind-ignore`. `whole`: index
    all of it (hand-written pages)."""
    body = f'<div data-pagefind-body data-pagefind-filter="kind:{page_kind(src_uri, whole)}">'
    if whole:
        return f"{body}{html}</div>"
    parts = search_sections(src_uri, html)
    return body + "".join(
        part if indexed or not part.strip() else f'<div data-pagefind-ignore="all">{part}</div>'
        for part, indexed in parts) + "</div>"


# Pagefind's UI on the search page. Carried by the search box itself, as JSON, for briefing.js,
# which draws it on the page's first load and when Material's instant navigation brings the
# page in (running none of the page's own scripts).
SEARCH_PAGE_UI = {"element": "#briefing-search", "showSubResults": True, "showImages": False, "autofocus": True}


def search_page(site_name: str) -> str:
    """The Markdown of the Pagefind search page. Its scripts are found relative to the page
    (`../pagefind/`): no absolute URL, so the site works under any base path."""
    options = html.escape(json.dumps(SEARCH_PAGE_UI, sort_keys=True), quote=True)
    return (
        "# Search\n\n"
        f"Search every actor, action, quote and article of {md_text(site_name)}.\n\n"
        f'<div id="briefing-search" class="briefing-search" data-pagefind-ignore="all" data-briefing-ui="{options}"></div>\n\n'
        '<noscript><p>Search needs JavaScript. Without it, the indexes list every actor, action, '
        "quote and article.</p></noscript>\n"
    )


def _bundle(page_url: str) -> str:
    """Pagefind's folder as seen from a page: relative, so the site works under any base path."""
    depth = page_url.rstrip("/").count("/") + (1 if page_url.endswith("/") else 0)
    return "../" * depth + "pagefind/"


def with_search_bundle(output: str, page_url: str) -> str:
    """The search page's HTML with Pagefind's folder, relative to the page, on its search box:
    where briefing.js loads Pagefind's UI from when instant navigation brings the page in."""
    return output.replace('id="briefing-search"', f'id="briefing-search" data-briefing-bundle="{_bundle(page_url)}"', 1)


def search_page_head(page_url: str) -> str:
    """What the search page adds before `</body>`: Pagefind's UI, found relative to the page
    (briefing.js draws the box with it, on this load and after an instant navigation)."""
    bundle = _bundle(page_url)
    return f'<link rel="stylesheet" href="{bundle}pagefind-ui.css"><script src="{bundle}pagefind-ui.js"></script>'



def search_dialog_head(page_url: str) -> str:
    """What every other page adds before `</head>`: Pagefind's component UI, which draws the
    header's search button and the search dialog. Only these two files load with a page (the
    browser caches them); the index is fetched when a reader searches."""
    bundle = _bundle(page_url)
    return (f'<link rel="stylesheet" href="{bundle}pagefind-component-ui.css">'
            f'<script src="{bundle}pagefind-component-ui.js" defer></script>')


# The dialog shows the first results only: Pagefind's component UI draws a placeholder for every
# result, and at 10,000 articles "sanction" has 16,492 (in Chromium, not even a placeholder
# showed before 14.6 s, and the browser held 2.4 GB; with 20, the first result came after 5.2 s,
# the search's own time). The rest, with filters by kind, are one link away on the search page.
DIALOG_RESULTS = 20


def search_dialog(search_href: str | None) -> str:
    """The search dialog, before `</body>`, opened by the header's button, Ctrl+K or "/"
    (briefing.js): Pagefind's default content (a search box, results, keyboard hints) but for
    sub-results, which in a dialog mostly repeat the page's title under it, and with a link to
    all results on the search page (`search_href`, relative to the page; briefing.js adds the
    query as it is typed). No link without a generated search page."""
    more = (f'<a class="briefing-search-all" href="{html.escape(search_href)}">All results, by kind</a>'
            if search_href else "")
    return ('<pagefind-modal class="briefing-search-dialog">'
            "<pagefind-modal-header><pagefind-input></pagefind-input></pagefind-modal-header>"
            "<pagefind-modal-body><pagefind-summary></pagefind-summary>"
            f'<pagefind-results hide-sub-results max-results="{DIALOG_RESULTS}"></pagefind-results></pagefind-modal-body>'
            f"<pagefind-modal-footer><pagefind-keyboard-hints></pagefind-keyboard-hints>{more}</pagefind-modal-footer>"
            "</pagefind-modal>")


# Material's magnifier (Material Design Icons' "magnify", as the theme's own search button draws it).
_MAGNIFY = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 '
            "0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 "
            '6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>')


def with_header_search_link(page_html: str, href: str, dialog: bool = False) -> str:
    """Material's header with a search button that leads to the search page, where the theme's
    own button would be (it draws one only with its search plugin). With `dialog` the link
    stands inside Pagefind's `<pagefind-modal-trigger>`, which replaces it with a button that
    opens the search dialog once its script runs (without script, the link still leads to the
    search page). Other themes, or a header this does not recognise, are left as they are: the
    nav's Search entry is still there."""
    if 'class="md-header__inner' not in page_html:
        return page_html
    end = page_html.find("</header>")
    at = page_html.rfind("</nav>", 0, end) if end != -1 else -1
    if at == -1:
        return page_html
    button = (f'<a href="{href}" class="md-header__button md-icon briefing-search-button" title="Search" '
              f'aria-label="Search">{_MAGNIFY}</a>')
    if dialog:
        button = f'<pagefind-modal-trigger class="briefing-search-trigger" compact>{button}</pagefind-modal-trigger>'
    return page_html[:at] + button + page_html[at:]


class PagefindError(Exception):
    """Pagefind could not index the site; the message says why and what to do."""


def pagefind_missing() -> str | None:
    """What to do when the `pagefind` package is not installed; None when it is."""
    if importlib.util.find_spec("pagefind") is None:
        return ("the briefing plugin's `pagefind: true` needs the pagefind package: "
                "pip install 'briefing-sites[pagefind]' (or pip install 'pagefind[bin]')")
    return None


def run_pagefind(site_dir: Path) -> str:
    """Index the built site with the `pagefind` package's binary; its summary line back."""
    missing = pagefind_missing()
    if missing:
        raise PagefindError(missing)
    # `.headerlink`: the "¶" of each heading's permalink (the toc extension), else in every title.
    proc = subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site_dir), "--exclude-selectors", ".headerlink"],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        detail = (proc.stderr or proc.stdout).strip().splitlines()
        why = detail[-1] if detail else f"exit code {proc.returncode}"
        # MkDocs has written the site by now: say what is there, as well as why, and the way out.
        raise PagefindError(f"pagefind could not index {site_dir} ({why}): the pages there are complete but "
                            "have no search index; fix what pagefind reports and build again, or set "
                            "`pagefind: false` in the briefing plugin's options to use the theme's search")
    summary = [line.strip() for line in proc.stdout.splitlines() if line.strip().startswith("Indexed")]
    return ", ".join(summary)
