"""The MkDocs adapter: MkDocs events in, generator calls out; nothing else lives here.

- on_config: the small nav (a few indexes, never every entity page) and the stylesheet.
- on_files: run the pipeline, hide the raw content from MkDocs and add every generated page
  in memory (`File.generated`), plus the hand-written pages re-rooted at the site's top.
- on_page_context: what the search plugin indexes (see `search_view`).
- on_serve: watch the content and template folders so `mkdocs serve` rebuilds on change.
Problems are logged in the same `file:line:col: error: message [rule]` form as the CLI; an
error stops the build with a PluginError (no traceback), and under `mkdocs serve` the last
good site stays up until the content is fixed.
"""

from __future__ import annotations

import logging
import os
import re
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files

from .build import BuildContext, BuildResult, build
from .pagecache import PageTable
from .render import Reuse
from .pages import INDEXES, TIMELINE, nav_titles
from .problems import Severity

log = logging.getLogger("mkdocs.plugins.briefing")
STYLESHEET = "assets/briefing.css"
SCRIPT = "assets/briefing.js"


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


def search_view(src_uri: str, html: str) -> str:
    """The part of a page's HTML that site search indexes (readers still see all of it)."""
    folder = src_uri.rpartition("/")[0]
    # (actors/<id>/<year>.md and actors/<id>/<year>/<month>.md: a long actor's lists by period;
    # articles/years/<year>.md: a long articles index by year)
    if (src_uri in _LISTING_PAGES or folder in ("timeline", "articles/years")
            or folder.startswith(("timeline/", "actors/"))):
        intro = _INTRODUCTION.match(html)
        return intro.group(0) if intro else html
    if folder not in _LIST_HEADING:
        return html
    sections = re.split(r"(?=<h2\b)", html)
    return "".join(section for section in sections if not _LIST_HEADING[folder].match(section))


class BriefingConfig(base.Config):
    content = c.Type(str, default="content")
    templates = c.Type(str, default="templates")
    fail_on_warnings = c.Type(bool, default=False)


class _UnchangedPage(File):
    """A generated page whose Markdown is what the last build gave (see on_files)."""

    def is_modified(self) -> bool:
        return False


class BriefingPlugin(BasePlugin[BriefingConfig]):
    ctx: BuildContext | None = None
    serving = False
    dirty = False  # `mkdocs serve --dirty`: MkDocs renders again only the pages marked modified
    last_good: BuildResult | None = None  # under `mkdocs serve`: what to show while content is broken
    # Under `mkdocs serve`, the last build's pages and page table: a rebuild renders only the
    # pages whose reads changed (pagecache.py) and takes the others from here.
    pages: dict[str, str] | None = None
    page_table: PageTable | None = None
    _full_content: str | None = None  # the page's HTML while the search plugin sees its search view
    hand_written: frozenset[str] | set[str] = frozenset()  # content/pages/, by output path

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def _context(self, config: MkDocsConfig) -> BuildContext:
        root = Path(config.config_file_path or ".").resolve().parent
        return BuildContext.for_project(root, self.config.content, self.config.templates)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        ctx = self._context(config)
        if config.nav is None:
            pages_dir = ctx.content_dir / "pages"
            top = sorted(p.name for p in pages_dir.glob("*.md")) if pages_dir.is_dir() else []
            titles = nav_titles(top)
            nav: list[Any] = [{title: path} for title, path in titles]
            config.nav = nav + [name for name in top if name not in {path for _, path in titles}]
        if config.not_in_nav is None:
            # Entity pages are reached through the indexes, on purpose (a nav listing every
            # page makes MkDocs quadratic); say so, so MkDocs does not list them as omitted.
            from mkdocs.config.config_options import PathSpec

            config.not_in_nav = PathSpec().run_validation("/actors/\n/actions/\n/quotes/\n/articles/\n/timeline/\n")
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        if SCRIPT not in [str(script) for script in config.extra_javascript]:
            config.extra_javascript.append(SCRIPT)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        ctx = self.ctx = self._context(config)
        ctx.directory_urls = config.use_directory_urls
        reuse = None
        if self.serving and ctx.cache.enabled:
            held = self.pages or {}
            reuse = Reuse(self.page_table or PageTable(), lambda rel, wanted: rel in held)
        result = build(ctx, reuse=reuse)
        for error in ctx.cache.errors:  # a read-only checkout: the build goes on without a cache
            log.info(f"briefing: {error}")
        if reuse is not None and not ctx.problems.errors:
            kept = self.pages or {}
            log.info(f"briefing: {len(result.pages)} pages rendered, {len(reuse.kept)} unchanged")
            result.pages = {path: result.pages.get(path) or kept[path] for path in reuse.order}
            self.pages, self.page_table = result.pages, reuse.table
        problems = ctx.problems.sorted()
        for problem in problems:
            if problem.severity is Severity.WARNING and not self.config.fail_on_warnings:
                log.info(problem.format_text())
            elif problem.severity is Severity.WARNING:
                log.warning(problem.format_text())
        errors = [p for p in problems if p.severity is Severity.ERROR]
        if errors:
            lines = "\n".join(p.format_text() for p in errors)
            if not (self.serving and self.last_good is not None):
                raise PluginError(f"briefing: {len(errors)} error(s) in the content:\n{lines}")
            # Under `mkdocs serve`, a failed build would leave the server holding every request
            # until the content is fixed; show the diagnostics and keep serving the last good
            # site instead. (Logged as INFO: a warning would abort a `strict: true` rebuild.)
            log.info(f"briefing: {len(errors)} error(s) in the content; serving the last good "
                     f"site until they are fixed:\n{lines}")
            result = self.last_good
        elif self.serving:
            self.last_good = result
        content_root = os.path.abspath(ctx.content_dir) + os.sep
        for file in list(files):
            # Articles, facts and anything else under content/ are inputs: MkDocs must not
            # publish them as they are. (Not resolved: a link to /etc/passwd is under content/
            # too.) Hand-written pages come back below, from the pipeline's own list.
            if file.abs_src_path and os.path.abspath(file.abs_src_path).startswith(content_root):
                files.remove(file)
        # Under `mkdocs serve --dirty`, a page this build kept from the last one is marked
        # unmodified, so MkDocs keeps its HTML too: at 10,000 articles a rebuild then renders
        # a few pages instead of 63,000. (MkDocs' own caveat for --dirty applies: its search
        # index then holds only the pages built since.)
        # (A build with errors keeps nothing: `reuse.kept` is empty and the last good site is
        # rendered whole.)
        unchanged = set(reuse.kept) if reuse is not None and self.dirty else set()
        for path, text in result.pages.items():
            files.append((_UnchangedPage if path in unchanged else File).generated(config, path, content=text))
        for path, source in result.static.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        self.hand_written = set(result.static)
        for asset in (STYLESHEET, SCRIPT):
            text = resources.files("generator").joinpath(asset.rsplit("/", 1)[1]).read_text("utf-8")
            files.append(File.generated(config, asset, content=text))
        return files

    # The search plugin (MkDocs' own or Material's) indexes `page.content` in its
    # on_page_context; the theme renders `page.content` after every on_page_context. So the
    # search plugin is shown the search view, and the page gets its full content back after.
    # (Material's `data-search-exclude` and `search: exclude` meta are not read by MkDocs' own.)
    @event_priority(100)
    def _show_search_view(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        if page.file.src_uri in self.hand_written:  # published as written, searched as written
            return context
        html = page.content or ""
        view = search_view(page.file.src_uri, html)
        if view != html:
            self._full_content, page.content = html, view
        return context

    @event_priority(-100)
    def _restore_content(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        if self._full_content is not None:
            page.content, self._full_content = self._full_content, None
        return context

    on_page_context = CombinedEvent(_show_search_view, _restore_content)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        ctx = self._context(config)
        for folder in (ctx.content_dir, ctx.templates_dir):
            if folder is not None and folder.is_dir():
                server.watch(str(folder))
        return server
