"""The MkDocs adapter: MkDocs events in, generator calls out; nothing else lives here.

- on_config: the small nav (a few indexes, never every entity page) and the stylesheet.
- on_pre_build: run the pipeline, before MkDocs empties the site folder (content with errors
  leaves the last site as it was).
- on_files: hide the raw content from MkDocs and add every generated page in memory
  (`File.generated`), plus the hand-written pages re-rooted at the site's top.
- on_page_context: what the search plugin indexes (sitesearch.search_view); with
  `pagefind: true`, the marks that tell Pagefind the same (sitesearch.mark_for_pagefind).
- on_post_page, on_post_build (`pagefind: true`): the search dialog on every page, the search
  page's scripts, and Pagefind run over the built site.
- on_serve: watch the content and template folders so `mkdocs serve` rebuilds on change.
- on_nav, on_page_markdown, on_post_page: on a terminal, a progress line (progress.py).
- on_post_page, under `mkdocs serve` while the content has errors: their diagnostics on every
  page of the last good site (servebanner.py).
Problems are logged in the same `file:line:col: error: message [rule]` form as the CLI; an
error stops the build with a PluginError (no traceback), and under `mkdocs serve` the last
good site stays up until the content is fixed.
"""

from __future__ import annotations

import html
import logging
import os
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .build import BuildContext, BuildResult, build, collect_earlier_builds, stage
from .docsdir import docs_nav, pages_taken_in_docs_dir
from .headingids import css_safe_heading_ids
from .load import counter
from .pagetable import PageTable
from .render import Reuse
from .pages import nav_titles
from .problems import Severity
from .progress import ClearBeforeLogging, TerminalProgress
from .servebanner import problems_banner, with_banner
from .write import UnsafeOutput, check_output_folder
from .sitesearch import (PAGEFIND_ADVISED_OVER, SEARCH_PAGE, PagefindError, mark_for_pagefind,
                         pagefind_missing, run_pagefind, search_dialog, search_dialog_head, search_page, search_page_head,
                         search_view, with_header_search_link, with_search_bundle)

log = logging.getLogger("mkdocs.plugins.briefing")
STYLESHEET = "assets/briefing.css"
SCRIPT = "assets/briefing.js"


class BriefingConfig(base.Config):
    content = c.Type(str, default="content")
    templates = c.Type(str, default="templates")
    fail_on_warnings = c.Type(bool, default=False)
    # Site search by Pagefind instead of the theme's lunr search: for large briefings (see
    # sitesearch.py). Needs the `pagefind` package; take `search` out of `plugins`.
    pagefind = c.Type(bool, default=False)
    # Processes that check files and render pages (default: one per CPU for a big briefing;
    # 1 saves memory). `mkdocs serve` always uses one (forkedwork.py: it runs threads).
    jobs = c.Optional(c.Type(int))


def _theme_search(config: MkDocsConfig) -> bool:
    """Whether a lunr search plugin is on: MkDocs' `search`, or a theme's (`material/search`)."""
    return any(name == "search" or name.endswith("/search") for name in config.plugins)


class _GeneratedPage(File):
    """A generated page; `unchanged`: its Markdown is what the last build gave (see on_files)."""

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


def _reuse_key(config: MkDocsConfig) -> tuple[Any, ...]:
    """What a kept `File` and its `Page` were made from, beyond the page's path and Markdown: the
    output folder and URL style, the settings a `Page` reads, and the patterns MkDocs used to set
    the file's inclusion (exclude_docs, draft_docs, not_in_nav)."""
    return (config.site_dir, config.use_directory_urls, config.site_url, config.repo_url, config.edit_uri,
            config.edit_uri_template, config.exclude_docs, config.draft_docs, config.not_in_nav)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    ctx: BuildContext | None = None
    serving = False
    dirty = False  # `mkdocs serve --dirty`: MkDocs renders again only the pages marked modified
    last_good: BuildResult | None = None  # under `mkdocs serve`: what to show while content is broken
    _pending: BuildResult | None = None  # on_pre_build's result, for this build's on_files
    _server: Any = None  # under `mkdocs serve`: MkDocs' server, to watch folders created later
    _watched: set[str]  # the folders it watches for us
    _published: dict[str, File]  # under `mkdocs serve --dirty`: the last build's pages, by src_uri
    # Under `mkdocs serve` while the content has errors: their diagnostics, shown on every page
    # (servebanner.py); and whether the last build's pages showed them (then none is kept).
    shown_errors: list[str] = []
    pages_showed_errors = False
    reuse: Reuse | None = None  # under `mkdocs serve`: this build's page reuse (render.Reuse)
    # Under `mkdocs serve`, the last build's pages and page table: a rebuild renders only the
    # pages whose reads changed (pagecache.py) and takes the others from here.
    pages: dict[str, bytes] | None = None
    page_table: PageTable | None = None
    _full_content: str | None = None  # the page's HTML while the search plugin sees its search view
    hand_written: frozenset[str] | set[str] = frozenset()  # content/pages/, by output path
    # Under `mkdocs serve --dirty`: the last build's page files, and what they were made with
    # (_reuse_key); a kept page's file is handed to MkDocs again (see _page_files).
    page_files: dict[str, _GeneratedPage] | None = None
    page_files_key: tuple[Any, ...] | None = None
    # Under `mkdocs serve`: what the build cache last read or wrote (cache.BuildCache.memory),
    # and the memory in use after the last collection of garbage (build.collect_earlier_builds).
    cache_memory: dict[str, tuple[bytes, Any]]
    blocks_after_collect: int | None = None
    advised = False  # the hint to use Pagefind, given once
    search_url: str | None = None  # the generated Pagefind search page's URL
    indexed_once = False  # under `mkdocs serve --dirty`, Pagefind runs on the first build only
    # On a terminal (not in CI), one line that shows how far a long build is: the generator's
    # stages, then MkDocs reading and writing the pages, then Pagefind (progress.py).
    progress: TerminalProgress | None = None
    _log_filter: ClearBeforeLogging | None = None
    _read_page: Any = staticmethod(lambda: None)
    _wrote_page: Any = staticmethod(lambda: None)

    def __init__(self) -> None:
        super().__init__()
        self.cache_memory = {}
        self._watched = set()
        self._published = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def _start_progress(self) -> None:
        self._stop_progress()
        self.progress = TerminalProgress.on(sys.stderr)
        if self.progress is not None:
            self._log_filter = ClearBeforeLogging(self.progress)
            for handler in logging.getLogger("mkdocs").handlers:
                handler.addFilter(self._log_filter)

    def _stop_progress(self) -> None:
        if self.progress is not None:
            self.progress.clear()
        if self._log_filter is not None:
            for handler in logging.getLogger("mkdocs").handlers:
                handler.removeFilter(self._log_filter)
        self.progress = self._log_filter = None

    def _context(self, config: MkDocsConfig, cache_memory: dict[str, tuple[bytes, Any]] | None = None) -> BuildContext:
        root = Path(config.config_file_path or ".").resolve().parent
        ctx = BuildContext.for_project(root, self.config.content, self.config.templates, cache_memory=cache_memory)
        ctx.jobs = self.config.jobs
        return ctx

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Before MkDocs writes a page: a site without its search index is a half-built site.
        missing = pagefind_missing() if self.config.pagefind else None
        if missing:
            raise PluginError(f"briefing: {missing}")
        if self.config.jobs is not None and self.config.jobs < 1:
            raise PluginError(f"briefing: plugin option `jobs: {self.config.jobs}` is not a number of processes: "
                              "give 1 or more, or leave it out (one per CPU)")
        self._start_progress()  # each build starts with on_config, under `mkdocs serve` too
        ctx = self._context(config)
        # A mistyped folder would otherwise read as an empty briefing, or ignore every override.
        if not ctx.content_dir.is_dir():
            raise PluginError(f"briefing: no content folder at '{ctx.content_dir}' (plugin option "
                              f"`content: {self.config.content}`, relative to mkdocs.yml): create it or fix the option")
        if self.config.templates != "templates" and ctx.templates_dir is not None and not ctx.templates_dir.is_dir():
            raise PluginError(f"briefing: no templates folder at '{ctx.templates_dir}' (plugin option "
                              f"`templates: {self.config.templates}`, relative to mkdocs.yml): create it or fix the option")
        try:  # MkDocs empties site_dir: it must not be (or hold) a folder the build reads or keeps
            check_output_folder(Path(config.site_dir), content=ctx.content_dir, templates=ctx.templates_dir,
                                cache=ctx.cache_dir, example="site_dir: site (in mkdocs.yml)")
        except UnsafeOutput as exc:
            raise PluginError(f"briefing: {exc}") from None
        if config.nav is None:
            pages_dir = ctx.content_dir / "pages"
            top = sorted(p.name for p in pages_dir.glob("*.md")) if pages_dir.is_dir() else []
            titles = nav_titles(top)
            nav: list[Any] = [{title: path} for title, path in titles]
            config.nav = nav + [name for name in top if name not in {path for _, path in titles}]
            # A briefing inside an existing MkDocs site (another docs_dir): its own pages keep a
            # place in the nav, as MkDocs would list them without one of ours.
            config.nav += docs_nav(Path(config.docs_dir), ctx.content_dir)
            if self.config.pagefind and SEARCH_PAGE not in top:
                config.nav.append({"Search": SEARCH_PAGE})
        if self.config.pagefind and _theme_search(config):
            log.info("briefing: pagefind is on and so is the `search` plugin: every page still loads "
                     "its lunr index; take `search` out of `plugins` in mkdocs.yml")
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

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # The pipeline runs here, before MkDocs empties the site folder: content with errors
        # stops the build while the last site is still there (in on_files it was already gone).
        self._pending = self._generate(config)
        self._watch_folders(self.ctx)  # under `mkdocs serve`: a folder created since (see there)
        assert self.ctx is not None
        taken = pages_taken_in_docs_dir(Path(config.docs_dir), self.ctx.content_dir,
                                         {**self._pending.pages, **self._pending.static})
        if taken:
            raise PluginError("briefing: these pages of docs_dir would be replaced by the briefing's own pages "
                              "of the same place: " + "; ".join(taken) + ". Move a hand-written page into "
                              f"'{self.ctx.content_dir / 'pages'}' (a hand-written index.md there becomes the "
                              "home page), or rename it")

    def _generate(self, config: MkDocsConfig) -> BuildResult:
        """Run the pipeline and log its problems; raise PluginError on an error (under `mkdocs
        serve` with a last good site: that site's result instead)."""
        # Under `mkdocs serve`, the build cache keeps what it read in memory for the next build.
        ctx = self.ctx = self._context(config, self.cache_memory if self.serving else None)
        ctx.directory_urls = config.use_directory_urls
        if self.serving:  # the garbage of the builds before, when it has grown (see the function)
            with stage(ctx, "gc"):
                self.blocks_after_collect = collect_earlier_builds(self.blocks_after_collect)
        reuse = None
        if self.serving and ctx.cache.enabled:
            held = self.pages or {}
            reuse = Reuse(self.page_table or PageTable(), lambda rel, wanted: rel in held)
        ctx.progress = self.progress
        result = build(ctx, reuse=reuse)
        result.warm = None  # not kept with the last good site under `mkdocs serve` (see BuildResult)
        if self.progress is not None:
            self.progress.clear()
        for error in ctx.cache.errors:  # a read-only checkout: the build goes on without a cache
            log.info(f"briefing: {error}")
        self.reuse = reuse
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
            self.shown_errors = [p.format_text() for p in errors]
        elif self.serving:
            self.last_good = result
            self.shown_errors = []
        return result

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # The result of this build's on_pre_build (run here for a caller that skipped it).
        result = self._pending if self._pending is not None else self._generate(config)
        self._pending = None
        ctx, reuse = self.ctx, self.reuse
        assert ctx is not None
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
        # Nothing is kept either after a build whose pages showed the content's errors.
        unchanged = set(reuse.kept) if reuse is not None and self.dirty and not self.pages_showed_errors else set()
        self.pages_showed_errors = bool(self.shown_errors)
        ours: list[File] = self._page_files(config, result.pages, unchanged)
        for path, source in result.static.items():
            # A hand-written page is always read again, as MkDocs takes its nav title from it:
            # unread under --dirty, the nav of every page a rebuild renders said "None".
            page_class = _GeneratedPage if path.endswith(".md") else File
            ours.append(page_class.generated(config, path, abs_src_path=str(source)))
        for file in ours:
            files.append(file)
        if self.serving and self.dirty:
            self._remove_gone(ours)
        self.hand_written = set(result.static)
        articles = len(result.briefing.articles) if result.briefing is not None else 0
        if articles > PAGEFIND_ADVISED_OVER and not self.config.pagefind and _theme_search(config) \
                and not self.advised:
            self.advised = True  # once per `mkdocs serve`
            log.info(f"briefing: {articles:,} articles: the theme's search builds its whole index in the "
                     "browser on every page load, which takes seconds at this size; `pagefind: true` in "
                     "the briefing plugin's options does not (see the README, 'search with Pagefind')")
        if self.config.pagefind and SEARCH_PAGE not in result.static and SEARCH_PAGE not in result.pages:
            search = File.generated(config, SEARCH_PAGE, content=search_page(config.site_name))
            files.append(search)
            self.hand_written.add(SEARCH_PAGE)  # searched whole: Pagefind skips its box anyway
            self.search_url = search.url
        elif self.config.pagefind:
            self.search_url = None  # a hand-written search page: what it holds is its own
        for asset in (STYLESHEET, SCRIPT):
            text = resources.files("generator").joinpath(asset.rsplit("/", 1)[1]).read_text("utf-8")
            files.append(File.generated(config, asset, content=text))
        return files

    def _remove_gone(self, ours: list[File]) -> None:
        """Under `mkdocs serve --dirty`, MkDocs does not empty the site folder: the HTML of a page
        the last build published and this one does not (an article deleted, an actor's facts
        file removed) would stay served. It is removed here."""
        now = {file.src_uri: file for file in ours}
        gone = [file for uri, file in self._published.items() if uri not in now]
        self._published = now
        if not gone:
            return
        kept = {file.abs_dest_path for file in ours}  # (a page may take a gone page's place)
        for file in gone:
            dest = file.abs_dest_path
            if dest in kept:
                continue
            try:
                os.remove(dest)
                if file.use_directory_urls and os.path.basename(dest) == "index.html":
                    os.rmdir(os.path.dirname(dest))  # its folder, if nothing else is in it
            except OSError:
                pass  # never written (a build with errors), or the folder holds more

    def _page_files(self, config: MkDocsConfig, pages: dict[str, bytes], unchanged: set[str]) -> list[File]:
        """A `File` for each generated page. Under `mkdocs serve --dirty` a page kept from the last
        build gets that build's `File` back, with its inclusion and, if MkDocs never read the
        page, its `Page`: at 10,000 articles, making 63,000 of each anew (and matching every
        path against the exclusion patterns) took over a second of each rebuild. A kept page's
        `Page` is dropped when MkDocs read it (the first build): it holds that build's HTML
        and links, which a rebuild must neither keep in memory nor check again."""
        key = _reuse_key(config)
        held = self.page_files if self.page_files is not None and self.page_files_key == key else {}
        files: list[File] = []
        for path, data in pages.items():
            file = held.get(path) if path in unchanged else None
            if file is None:
                file = _GeneratedPage.generated(config, path, content=data)
            elif file.page is not None and (file.page.markdown is not None or file.inclusion.is_in_nav()):
                file.page = None  # MkDocs makes a fresh one (in the nav, or not yet read)
            file.unchanged = path in unchanged
            files.append(file)
        if self.serving and self.dirty:
            self.page_files, self.page_files_key = {file.src_uri: file for file in files}, key
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

    @event_priority(-110)
    def _mark_for_pagefind(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        if self.config.pagefind:
            page.content = mark_for_pagefind(page.file.src_uri, page.content or "",
                                             whole=page.file.src_uri in self.hand_written)
        return context

    on_page_context = CombinedEvent(_show_search_view, _restore_content, _mark_for_pagefind)

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # The pages MkDocs reads and writes next (under --dirty only the modified ones); counted
        # only for a progress line (a pass over 63,000 files at 10,000 articles).
        if self.progress is None:
            self._read_page = self._wrote_page = lambda: None
            return nav
        total = sum(1 for file in files.documentation_pages() if not self.dirty or file.is_modified())
        self._read_page = counter(self.progress, "MkDocs: reading pages", total, updates=100)
        self._wrote_page = counter(self.progress, "MkDocs: writing pages", total, updates=100)
        return nav

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        self._read_page()
        return markdown

    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri in self.hand_written:  # its heading ids may be linked from anywhere
            return html
        return css_safe_heading_ids(html, page.toc)  # '#2024' is no CSS selector (headingids.py)

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        self._wrote_page()
        if self.shown_errors:
            output = with_banner(output, problems_banner(self.shown_errors))
        if not self.config.pagefind:
            return output
        # The search page holds Pagefind's full UI (filters by kind of page); every other page
        # gets the search dialog, and a page without script the way to the search page.
        on_search_page = 'id="briefing-search"' in output
        search_href = get_relative_url(self.search_url, page.url) if self.search_url else None
        if on_search_page:
            output = with_search_bundle(output, page.url)
        end = output.rfind("</body>")
        if end != -1:
            added = search_page_head(page.url) if on_search_page else search_dialog(search_href)
            output = output[:end] + added + output[end:]
        at = output.find("</head>")
        if at == -1:
            return output
        head = "" if on_search_page else search_dialog_head(page.url)
        href = html.escape(search_href) if search_href else None
        if href:  # where "/" leads without the dialog (briefing.js)
            head += f'<meta name="briefing-search" content="{href}">'
        output = output[:at] + head + output[at:]
        return with_header_search_link(output, href, dialog=not on_search_page) if href else output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs empties the site folder before every build but a `--dirty` one; so Pagefind
        # runs after each, except under `mkdocs serve --dirty`, where the first build's index
        # stays (Pagefind indexes the whole site each time: 40 s at 10,000 articles).
        if not self.config.pagefind or (self.serving and self.dirty and self.indexed_once):
            self._stop_progress()
            return
        if self.progress is not None:
            self.progress("Pagefind: indexing the site", 0, 0)
        try:
            summary = run_pagefind(Path(config.site_dir))
        except PagefindError as exc:
            raise PluginError(f"briefing: {exc}") from None
        finally:
            self._stop_progress()
        self.indexed_once = True
        log.info(f"briefing: pagefind: {summary}" + (" (under `mkdocs serve --dirty` the search index "
                                                     "stays the first build's)" if self.serving and self.dirty else ""))

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_progress()

    def on_shutdown(self) -> None:
        self._stop_progress()

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        self._server = server
        ctx = self._context(config)
        self._watch_folders(ctx)
        if ctx.templates_dir is not None and not ctx.templates_dir.is_dir():
            log.info(f"briefing: no templates folder at '{ctx.templates_dir}' yet; if you create one while "
                     "serving, it is watched from the next rebuild (save any content file)")
        return server

    def _watch_folders(self, ctx: BuildContext) -> None:
        """Under `mkdocs serve`, watch the content and templates folders. MkDocs' watcher needs a
        folder that exists, so one created while serving is watched from the next build on (a
        templates folder made for a first override was never watched before)."""
        if self._server is None:
            return
        for folder in (ctx.content_dir, ctx.templates_dir):
            if folder is not None and str(folder) not in self._watched and folder.is_dir():
                if self._watched:  # not the first call, from on_serve
                    log.info(f"briefing: watching '{folder}' for changes from now on")
                self._server.watch(str(folder))
                self._watched.add(str(folder))
