"""The MkDocs adapter: MkDocs events in, generator calls out; nothing else lives here.

- on_config: the small nav (a few indexes, never every entity page) and the stylesheet.
- on_files: run the pipeline, hide the raw content from MkDocs and add every generated page
  in memory (`File.generated`), plus the hand-written pages re-rooted at the site's top.
- on_serve: watch the content and template folders so `mkdocs serve` rebuilds on change.
Problems are logged in the same `file:line:col: error: message [rule]` form as the CLI; an
error stops the build with a PluginError (no traceback), and under `mkdocs serve` the last
good site stays up until the content is fixed.
"""

from __future__ import annotations

import logging
import os
from importlib import resources
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .build import BuildContext, BuildResult, build
from .pages import NAV_TITLES
from .problems import Severity

log = logging.getLogger("mkdocs.plugins.briefing")
STYLESHEET = "assets/briefing.css"
SCRIPT = "assets/briefing.js"


class BriefingConfig(base.Config):
    content = c.Type(str, default="content")
    templates = c.Type(str, default="templates")
    fail_on_warnings = c.Type(bool, default=False)


class BriefingPlugin(BasePlugin[BriefingConfig]):
    ctx: BuildContext | None = None
    serving = False
    last_good: BuildResult | None = None  # under `mkdocs serve`: what to show while content is broken

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def _context(self, config: MkDocsConfig) -> BuildContext:
        root = Path(config.config_file_path or ".").resolve().parent
        return BuildContext.for_project(root, self.config.content, self.config.templates)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        ctx = self._context(config)
        if config.nav is None:
            nav: list[Any] = [{title: path} for title, path in NAV_TITLES]
            pages_dir = ctx.content_dir / "pages"
            if pages_dir.is_dir():
                nav += sorted(p.relative_to(pages_dir).as_posix() for p in pages_dir.glob("*.md"))
            config.nav = nav
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
        result = build(ctx)
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
        for path, text in result.pages.items():
            files.append(File.generated(config, path, content=text))
        for path, source in result.static.items():
            files.append(File.generated(config, path, abs_src_path=str(source)))
        for asset in (STYLESHEET, SCRIPT):
            text = resources.files("generator").joinpath(asset.rsplit("/", 1)[1]).read_text("utf-8")
            files.append(File.generated(config, asset, content=text))
        return files

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        ctx = self._context(config)
        for folder in (ctx.content_dir, ctx.templates_dir):
            if folder is not None and folder.is_dir():
                server.watch(str(folder))
        return server
