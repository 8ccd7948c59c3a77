"""Stage 4, render: the model -> Markdown text per page, through Jinja2 templates.

One template per page type lives in the package's `templates/` folder; a project folder
listed first in the loader chain overrides any of them, and `!builtin/<name>` still reaches
the original so an override can extend it (Pelican's `!theme/` idea). Templates only format:
every list they show was derived by link.py. Content strings are escaped by default: the
environment's `finalize` runs `md_text` on every `{{ }}` that is not already safe Markdown.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

import jinja2
from jinja2 import meta

from .articletext import render_body
from .forkedwork import WorkerFailed, run_shared, workers_for
from .escape import Markdown, md_inline, md_text, safe_url, with_title_meta
from .link import date_key
from .load import Progress, counter
from .model import Briefing
from .graph import graph_index, graph_print, neighbourhood_inputs, neighbourhood_svg, whole_graph_svg
from .pagecache import Key, Tracker, extra_keys
from .pagetable import PageTable
from .pagelinks import Links, graph_figure
from .printsahead import TIMELINE_TEMPLATE, have_checked, taken_ahead, with_prints_ahead
from .templateuse import builtin_templates, names_used, template_salt, template_source
from .tracking import TrackingEnvironment
from .pages import entity_path, relative_html_url
from .views import MONTHS, page_jobs, shared_context
from .write import digest

TEMPLATE_NAMES = {
    "home": "home.md.j2",
    "actor": "actor.md.j2",
    "actor_period": "actor_period.md.j2",
    "action": "action.md.j2",
    "quote": "quote.md.j2",
    "article": "article.md.j2",
    "actors_index": "actors_index.md.j2",
    "actions_index": "actions_index.md.j2",
    "quotes_index": "quotes_index.md.j2",
    "articles_index": "articles_index.md.j2",
    "timeline": "timeline.md.j2",
}


class TemplateProblem(Exception):
    """A template could not be loaded or rendered; carries the template's name and line."""

    def __init__(self, template: str, line: int, message: str) -> None:
        super().__init__(message)
        self.template, self.line, self.message = template, line, message


def _finalize(value: Any) -> Any:
    if isinstance(value, Markdown):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return md_text(value)




def format_date(value: str | None) -> str:
    """'2024-11-27' -> '27 November 2024'; '2024-07' -> 'July 2024'; '2024' -> '2024'."""
    if not value:
        return "undated"
    year, month, day = date_key(value)
    if not month:
        return str(year)
    if not day:
        return f"{MONTHS[month]} {year}"
    return f"{day} {MONTHS[month]} {year}"


class ContainedLoader(jinja2.FileSystemLoader):
    """A folder of templates that cannot reach outside itself: Jinja already refuses '..' in
    names, this also refuses a template that is a link to a file elsewhere."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Any]:
        source, filename, uptodate = super().get_source(environment, template)
        folders = [Path(p).resolve() for p in self.searchpath]
        if filename is None or not any(Path(filename).resolve().is_relative_to(f) for f in folders):
            # Not TemplateNotFound: that would quietly fall back to the built-in template.
            raise jinja2.TemplateError(f"{template} is a link to a file outside its template folder; "
                                       "it is not read: copy the template in instead")
        return source, filename, uptodate


def make_environment(override_dir: Path | None, bytecode: jinja2.BytecodeCache | None = None) -> jinja2.Environment:
    builtin = ContainedLoader(str(builtin_templates()))
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None and override_dir.is_dir() and override_dir.resolve() != builtin_templates().resolve():
        loaders.append(ContainedLoader(str(override_dir)))
    loaders += [jinja2.PrefixLoader({"!builtin": builtin}), builtin]
    env = TrackingEnvironment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=False,  # the output is Markdown, escaped by `finalize`, not HTML
        finalize=_finalize,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=bytecode,  # templatecache.SavedBytecode when the build cache is on
    )
    # `when` and `num` format our own values (dates, counts): their output is safe as it is.
    dates: dict[str | None, Markdown] = {}  # the same dates recur on thousands of pages

    def when(value: str | None) -> Markdown:
        formatted = dates.get(value)
        if formatted is None:
            formatted = dates[value] = Markdown(format_date(value))
        return formatted

    env.filters.update(md=md_text, md_inline=md_inline, url=safe_url, when=when,
                       num=lambda n: Markdown(f"{n:,}"), records=lambda ids, table: [table[i] for i in ids])

    # Links as filters (`{{ actor_id | actor_link }}`), the same as `L.actor(actor_id)`: Jinja
    # calls a filter directly, while `L.actor(...)` goes through Context.call, which cost
    # a quarter of rendering with a million links at 10,000 articles.
    @jinja2.pass_context
    def actor_link(context: Any, actor_id: str, text: str | None = None) -> Markdown:
        return context["L"].actor(actor_id, text)

    @jinja2.pass_context
    def actor_links(context: Any, ids: list[str]) -> Markdown:
        return context["L"].actors(ids)

    @jinja2.pass_context
    def action_link(context: Any, action_id: str, text: str | None = None) -> Markdown:
        return context["L"].action(action_id, text)

    @jinja2.pass_context
    def quote_link(context: Any, quote_id: str, text: str | None = None) -> Markdown:
        return context["L"].quote(quote_id, text)

    @jinja2.pass_context
    def article_link(context: Any, article_id: str, text: str | None = None, paragraph: int | None = None) -> Markdown:
        return context["L"].article(article_id, text, paragraph)

    env.filters.update(actor_link=actor_link, actor_links=actor_links, action_link=action_link,
                       quote_link=quote_link, article_link=article_link)
    return env


@dataclass
class Reuse:
    """Pages a build may keep from the previous one into the same output target.

    `previous`: the page table saved by that build; `have(path, digest)`: whether the target
    still holds exactly those bytes at that path. After `render`, `kept` lists the pages not
    rendered (path -> output hash) and `table` is the page table to save for the next build."""

    previous: PageTable
    have: Callable[[str, str], bool]
    kept: dict[str, str] = field(default_factory=dict)
    table: PageTable = field(default_factory=PageTable)
    order: list[str] = field(default_factory=list)  # every page, rendered or kept, in build order


PARALLEL_FROM_PAGES = 400  # fewer pages to render than this: no worker process (forkedwork)
PARALLEL_FROM_KEYS = 20_000  # ...and fewer page-table keys to fingerprint on a rebuild


def _preload(env: jinja2.Environment, names: set[str]) -> None:
    """Compile the templates named and those they include here, before workers are forked:
    a template a worker compiles would not reach the build cache (templatecache.py). Best
    effort: a template that fails is reported when a page renders it, as without workers."""
    todo, seen = sorted(names), set(names)
    while todo:
        name = todo.pop()
        try:
            env.get_template(name)
            source, filename = template_source(env, name)
            refs = meta.find_referenced_templates(env.parse(source, name, filename))
        except jinja2.TemplateError:
            continue
        for ref in refs:
            if ref is not None and ref not in seen:
                seen.add(ref)
                todo.append(ref)


PageJob = tuple[str, str, dict[str, Any]]  # (output path, template key, the page's own context)


def render(b: Briefing, override_dir: Path | None, directory_urls: bool = True,
           progress: Progress | None = None, reuse: Reuse | None = None,
           bytecode: jinja2.BytecodeCache | None = None, workers: int | None = None,
           usage: dict[str, int] | None = None, sink: "PageSink | None" = None) -> dict[str, bytes]:
    """Every generated page as Markdown in UTF-8, keyed by its path. Raises TemplateProblem.

    `directory_urls` is MkDocs' setting of the same name: links inside raw HTML (the graphs)
    are not rewritten by MkDocs, so they are written as the final URLs. With `reuse`, pages
    whose every read is unchanged since the previous build are not rendered (see Reuse).
    `bytecode`: where compiled templates are kept between builds (templatecache.py).
    `workers`: how many processes render (forkedwork.py; None: one per usable CPU when there
    are many pages). The pages and page table are the same whatever the number. `usage` is
    told how many processes rendered and the workers' peak memory in KiB. With a `sink`, each
    page goes to it as soon as it is made, by the process that made it, and is not returned
    (raises the first OSError a page's `put` met, in page order)."""
    env = make_environment(override_dir, bytecode)

    def setup(shared: dict[str, Any] | None = None) -> tuple[dict[str, Any], list[PageJob], Any]:
        shared = shared if shared is not None else shared_context(b)
        return shared, page_jobs(b, shared["timeline"]), graph_index(b)  # graphs: relations gathered once
    def make_tracker(shared: dict[str, Any], jobs: list[tuple[str, str, dict[str, Any]]], graphs: Any) -> Tracker:
        try:
            salt = template_salt(env, override_dir, directory_urls)
        except OSError:
            salt = os.urandom(16)  # templates that cannot be read now: keep no page from before
        return Tracker(b, shared, {path: extra for path, _, extra in jobs}, salt,
                       lambda actor_id: neighbourhood_inputs(graphs, actor_id), lambda: graph_print(graphs))

    processes = workers_for(len(reuse.previous.keys), workers, PARALLEL_FROM_KEYS) if reuse is not None else 1
    ahead = None
    tracker: Tracker | None = None
    if reuse is not None and processes > 1:
        # A big rebuild: the model's and the orderings' prints in a worker, while this process
        # makes the orderings, page list and graphs, and then the prints of the keys that need
        # them (printsahead.py).
        previous = reuse.previous
        made_before = shared_context(b)  # before the fork: the worker needs it too

        def setup_and_prints() -> tuple[dict[str, Any], list, Any, Tracker]:
            shared, jobs, graphs = setup(made_before)
            made = make_tracker(shared, jobs, graphs)
            timeline_pages = {path for path, key, _ in jobs if key == TIMELINE_TEMPLATE}
            rest = [i for i, key in enumerate(previous.keys) if not taken_ahead(key, timeline_pages)]
            same_graphs = previous.graph_print is not None and previous.graph_print == made.graph_print()
            made.fingerprints([previous.keys[i] for i in rest], same_graphs, [previous.prints[i] for i in rest])
            return shared, jobs, graphs, made
        (shared, jobs, graphs, tracker), ahead = with_prints_ahead(b, previous, reuse.have, setup_and_prints,
                                                                   made_before)
        reuse.have = have_checked(ahead, previous, reuse.have)
    else:
        shared, jobs, graphs = setup()
    known_names: dict[str, list[str] | None] = {}
    if reuse is not None:
        if tracker is None:
            tracker = make_tracker(shared, jobs, graphs)
        salt = tracker.salt
        env.tracker = tracker
        reuse.table = reuse.previous.successor(tracker, processes, ahead.prints if ahead is not None else None)
        tracker.bind(reuse.table)
        reuse.table.salt = salt
        known_names = reuse.previous.names if reuse.previous.salt == salt else {}
        reuse.order = [path for path, _, _ in jobs]
    maker = _PageMaker(b, env, shared, graphs, tracker, reuse, directory_urls)
    tell = counter(progress, "rendering pages", len(jobs))
    if tracker is not None and reuse is not None:  # first the pages kept from the last build, then the rest
        todo = maker.split(jobs, known_names, tell)
    else:
        todo = jobs
    pages = maker.render_all(todo, tell, workers, usage, sink)
    # The environment and its templates refer to each other, so only the garbage collector
    # frees them; under `mkdocs serve` they must not keep this build's model alive through the
    # tracker, nor the page table its predecessor (see build.collect_earlier_builds).
    env.tracker = None
    if reuse is not None:
        reuse.table.done_keeping(reuse.order)
    return pages


class PageSink(Protocol):
    """Where pages go as they are made, instead of into render's result (write.FreshTree).
    `put` runs in the process that rendered the page (a forked worker too) and returns what
    the write left; `took` is then told that in the calling process."""

    def put(self, rel: str, data: bytes, wanted: str | None = None) -> Any: ...

    def took(self, rel: str, written: Any) -> None: ...


class _PageMaker:
    """Renders one page at a time, with what all pages share made once (link texts, links per
    page folder, compiled templates), and records what each read in the page table."""

    def __init__(self, b: Briefing, env: jinja2.Environment, shared: dict[str, Any], graphs: Any,
                 tracker: Tracker | None, reuse: Reuse | None, directory_urls: bool) -> None:
        self.b, self.env, self.shared, self.graphs = b, env, shared, graphs
        self.tracker, self.reuse, self.directory_urls = tracker, reuse, directory_urls
        self.templates: dict[str, jinja2.Template] = {}
        self.escaped: dict[str, str] = {}  # link texts, escaped once per build
        self.made: dict[str, dict[tuple[str, ...], Markdown]] = {}  # links, made once per page folder
        self.named: dict[str, dict[str, Markdown]] = {}  # links to actors by name, the same per folder
        self.shared_keys: dict[str, list[Key]] = {}  # per template: the shared values it may read

    def split(self, jobs: list[tuple[str, str, dict[str, Any]]], known_names: dict[str, list[str] | None],
              tell: Callable[[], None]) -> list[tuple[str, str, dict[str, Any]]]:
        """The jobs whose pages are not kept as the last build left them (with `reuse`); the
        kept ones go into the new page table as they were. Also works out, once per template,
        which shared values its pages read. One loop over 63,000 pages with no call per page
        but `have` (a method call each cost this a tenth of a second)."""
        tracker, reuse = self.tracker, self.reuse
        assert tracker is not None and reuse is not None
        for key in dict.fromkeys(key for _, key, _ in jobs):
            self._names_for(TEMPLATE_NAMES[key], known_names)
        previous, table, have, kept = reuse.previous, reuse.table, reuse.have, reuse.kept
        pages, unchanged = previous.pages, previous.unchanged
        nothing_changed = not previous.changed_keys(tracker)
        carried = table.pages if table.extends(previous) else None  # else table.keep numbers the keys again
        todo: list[tuple[str, str, dict[str, Any]]] = []
        for job in jobs:
            path, key = job[0], job[1]
            entry = pages.get(path) if key != "home" else None  # the whole-briefing graph is not tracked: drawn
            if entry is not None and (nothing_changed or unchanged(tracker, path) is not None) and have(path, entry[0]):
                kept[path] = entry[0]
                if carried is not None:
                    carried[path] = entry
                else:
                    table.keep(tracker, previous, path)
                tell()
            else:
                todo.append(job)
        return todo

    def _names_for(self, name: str, known_names: dict[str, list[str] | None]) -> None:
        """The shared values the pages of template `name` may read: as the last build found
        them for the same templates (`known_names`), or from the template's source now."""
        assert self.reuse is not None
        if name in self.shared_keys:
            return
        if name in known_names:
            used = known_names[name]
        else:
            try:
                found = names_used(self.env, name, {name})
            except jinja2.TemplateError as exc:
                raise template_problem(exc, name) from None
            used = None if found is None else sorted(found)
        self.reuse.table.names[name] = used
        self.shared_keys[name] = [("s", n) for n in sorted(self.shared) if n != "b" and (used is None or n in used)]

    def page(self, path: str, key: str, extra: dict[str, Any]) -> bytes:
        """The page as UTF-8, its reads put in the page table. Raises TemplateProblem."""
        b, tracker, reuse = self.b, self.tracker, self.reuse
        name = TEMPLATE_NAMES[key]
        try:
            if tracker is not None:
                own = [k for k in self.shared_keys[name] if k[1] not in extra]  # a page's own value wins
                tracker.start(own + extra_keys(tracker, path, extra)
                              + ([("g", extra["actor"].id)] if key == "actor" else []))
            template = self.templates.get(name) or self.templates.setdefault(name, self.env.get_template(name))
            links = Links(path, b, self.escaped, self.made, tracker, self.named)
            context = {**self.shared, **extra, "L": links, "page_path": path}
            if tracker is not None:
                context["b"] = tracker.view
            if key == "article":
                article_id = extra["article"].id
                context["body"] = render_body(b, article_id, links)
                if tracker is not None:  # what render_body read
                    tracker.read(("body", "article", article_id))
                    tracker.read(("l", "article", article_id))
                    for quote_id in b.article_links[article_id].quote_spans:
                        tracker.record("quote", quote_id)
                        tracker.record("actor", b.quotes[quote_id].speaker)
            if key in ("home", "actor"):
                def url_for(actor_id: str, here: str = path) -> str:
                    return relative_html_url(here, entity_path("actor", actor_id), self.directory_urls)
                if key == "home":
                    svg, text, _left_out = whole_graph_svg(b, url_for, index=self.graphs)
                else:
                    svg, text = neighbourhood_svg(b, extra["actor"].id, url_for, index=self.graphs)
                context["graph"] = graph_figure(svg, text)
            page = with_title_meta(template.render(context))
            if tracker is not None and reuse is not None:
                reuse.table.put(tracker, path, digest(page), tracker.finish())
            return page
        except jinja2.TemplateError as exc:
            raise template_problem(exc, name) from None
        finally:
            if tracker is not None:
                tracker.current = None

    def render_all(self, todo: list[tuple[str, str, dict[str, Any]]], tell: Callable[[], None],
                   workers: int | None, usage: dict[str, int] | None, sink: PageSink | None) -> dict[str, bytes]:
        """Every page of `todo`, by path in its order: in this process, or shared with forked
        workers whose pages and page-table entries are merged here (PageTable.adopt). With a
        `sink`, what its `put` returned stands for each page: the pages are not sent back."""
        processes = workers_for(len(todo), workers, PARALLEL_FROM_PAGES)
        if processes > 1:
            _preload(self.env, {TEMPLATE_NAMES[key] for _, key, _ in todo})
        table = self.reuse.table if self.reuse is not None and self.tracker is not None else None
        base = len(table.keys) if table is not None else 0  # keys numbered alike in every process
        sent = [base]  # in a worker: its keys up to here went back with earlier pages

        def do(i: int) -> Any:
            try:
                page = self.page(*todo[i])
            except TemplateProblem as problem:
                return problem
            if sink is None:
                return page
            path = todo[i][0]
            try:
                return sink.put(path, page, table.pages[path][0] if table is not None else None)
            except OSError as exc:  # a full disk: reported like a template problem, first in page order
                return exc

        def export(i: int, value: Any) -> Any:
            if isinstance(value, OSError):
                return value
            if isinstance(value, TemplateProblem):
                return ("problem", value.template, value.line, value.message)
            if table is None:
                return ("page", value)
            keys, upto = table.keys, len(table.keys)
            entry = table.pages[todo[i][0]]
            new_keys, new_prints, sent[0] = keys[sent[0]:upto], table.prints[sent[0]:upto], upto
            return ("page", value, entry, new_keys, new_prints)

        shared = run_shared(len(todo), do, processes, stops=lambda value: isinstance(value, (TemplateProblem, OSError)),
                            export=export, tell=tell)
        if usage is not None:
            usage["render_processes"] = processes
            usage["worker_peak_kib"] = sum(shared.worker_peaks_kib)
        pages: dict[str, bytes] = {}
        mappings: list[list[int]] = [[] for _ in range(processes)]  # per worker: its keys past `base`, numbered here
        for i, value in enumerate(shared.results):
            if isinstance(value, (TemplateProblem, OSError)):
                raise value
            if type(value) is tuple:
                if value[0] == "problem":
                    raise TemplateProblem(*value[1:])
                if table is not None and self.tracker is not None:
                    _, _, (page_digest, indexes), new_keys, new_prints = value
                    table.adopt(self.tracker, todo[i][0], page_digest, indexes, new_keys, new_prints,
                                mappings[i % processes], base)
                value = value[1]
            if value is None:  # cannot be: every job before the first problem is done (run_shared)
                raise WorkerFailed(f"no page came back for {todo[i][0]}")
            if sink is None:
                pages[todo[i][0]] = value
            else:
                sink.took(todo[i][0], value)
        return pages


def check_templates(override_dir: Path | None) -> None:
    """Compile the project's template overrides, and every page template through them, as a
    build would load them: what `briefing check` can find in templates without rendering (a
    syntax error, an unknown filter or test). Raises TemplateProblem."""
    if override_dir is None or not override_dir.is_dir():
        return  # the built-in templates alone: tested with the project
    env = make_environment(override_dir)
    own = sorted(p.relative_to(override_dir).as_posix() for p in override_dir.rglob("*.j2") if p.is_file())
    for name in dict.fromkeys([*TEMPLATE_NAMES.values(), *own]):
        try:
            env.get_template(name)
        except jinja2.TemplateError as exc:
            raise template_problem(exc, name) from None


def template_problem(exc: jinja2.TemplateError, name: str) -> TemplateProblem:
    """A Jinja error met while loading or rendering template `name`, as a TemplateProblem: a
    syntax error at its own template and line, any other at the template line it was raised on."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return TemplateProblem(exc.filename or exc.name or name, exc.lineno, exc.message or str(exc))
    return TemplateProblem(name, _template_line(exc), f"{type(exc).__name__}: {exc}")


def _template_line(exc: BaseException) -> int:
    tb = exc.__traceback__
    line = 0
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith(".j2"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


Renderer = Callable[[Briefing, "Path | None"], "dict[str, bytes]"]
