"""The pipeline, top-down: load -> validate -> link -> render -> write.

`build()` is the one entry point that the CLI and the MkDocs plugin share. Each stage
takes what the previous one returned plus the build context; problems are collected on
the context and reported once by the caller. Rendering starts only when the model is free
of errors, and the output folder changes only when every page has rendered (a cold build
may write pages as they render, into a hidden folder put in place at the end: write.FreshTree).
"""

from __future__ import annotations

import gc
import hashlib
import os
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable, Iterator

from .cache import CACHE_DIR_NAME, BuildCache
from .factchunks import ChunkReuse
from .forkedwork import run_shared, workers_for
from .link import link
from .textmemo import TextMemo
from .load import Progress, load
from .model import Briefing
from .pages import home_path, page_url, reserved_url
from .problems import Problems
from .pagetable import PageTable
from .render import Reuse, TemplateProblem, check_templates as compile_templates, render
from .templatecache import SavedBytecode
from .validate import ParsedFile, Records, validate, validate_shared
from .warmstart import PARSED, TEXTS, WarmStart, cache_and_digests
from .write import FreshTree, StillThere, WriteReport, WriteState, state_to_data, write_tree


@dataclass
class BuildContext:
    """Where a project keeps its content and templates; no global state."""

    root: Path
    content_dir: Path
    templates_dir: Path | None = None  # overrides of the built-in templates, if any
    directory_urls: bool = True  # MkDocs' use_directory_urls: how raw-HTML links are written
    progress: Progress | None = None  # told (what, done, total): files read, files checked, pages rendered
    cache_dir: Path | None = None  # the build cache (cache.py); None keeps nothing between builds
    # What the build cache last read or wrote, held by a process that builds again and again
    # (`mkdocs serve`) and handed to each build's context (see cache.BuildCache.memory).
    cache_memory: dict[str, tuple[bytes, Any]] | None = None
    # Processes that render pages (forkedwork.py): None, one per usable CPU for a big build;
    # 1, this process alone (less memory; and `--profile` sees every page).
    jobs: int | None = None
    problems: Problems = field(init=False)
    cache: BuildCache = field(init=False)
    timings: dict[str, float] = field(init=False, default_factory=dict)  # seconds per stage
    # How the build ran, for --profile and the benchmarks: render_processes, worker_peak_kib
    # (the render workers' peak memory, summed; this process's own is its ru_maxrss), and the
    # same for validate (validate_processes, validate_worker_peak_kib).
    usage: dict[str, int] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.root = self.root.resolve()
        self.problems = Problems(self.root)
        self.cache = BuildCache(self.cache_dir, self.cache_memory)

    @classmethod
    def for_project(cls, root: Path, content: str = "content", templates: str | None = "templates",
                    cache: Path | bool = True,
                    cache_memory: dict[str, tuple[bytes, Any]] | None = None) -> "BuildContext":
        """A project's context; the cache is `<root>/.briefing-cache` unless `cache` names
        another folder or is False. The CLI and the MkDocs plugin both use this default, so a
        `mkdocs serve` after a `briefing build` starts warm."""
        root = root.resolve()
        templates_dir = (root / templates) if templates else None
        cache_dir = (root / CACHE_DIR_NAME) if cache is True else (Path(cache).resolve() if cache else None)
        return cls(root, root / content, templates_dir, cache_dir=cache_dir, cache_memory=cache_memory)


@dataclass
class BuildResult:
    briefing: Briefing | None = None
    pages: dict[str, bytes] = field(default_factory=dict)  # generated Markdown (UTF-8) by path
    static: dict[str, Path] = field(default_factory=dict)  # hand-written pages by path
    # Building for an output folder with the cache on: the pages left as they are there
    # (path -> hash of their bytes), what the last write left, and the page table to save.
    out_dir: Path | None = None
    reuse: Reuse | None = None
    known: WriteState = field(default_factory=dict)
    saved: dict | None = None  # the page cache entry as loaded, which the next save is compared with
    # A new output folder the pages were written into as they rendered (build(stream=True)):
    # then `pages` is empty, and `write` puts the folder in place.
    fresh: FreshTree | None = None
    streamed: int = 0  # pages written into `fresh` as they rendered
    # What the build cache gave this build (the parse cache's 20,000 entries and their shard
    # dicts), held until the result is dropped: freeing it as build() returned cost a rebuild
    # a tenth of a second at 10,000 articles, on the way to `write`. The `briefing` command
    # leaves it to the end of the process, which it ends without freeing anything (cli.run).
    warm: WarmStart | None = None

    @property
    def rendered(self) -> int:
        """How many pages this build rendered (held in `pages`, or written into `fresh`)."""
        return len(self.pages) + self.streamed

    def discard(self) -> None:
        """Remove what a build that is not written left behind (a stream's hidden folder):
        called by a caller that stops before `write`. Safe after a write."""
        if self.fresh is not None:
            self.fresh.discard()


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a stage. A build keeps millions of small
    objects alive (YAML nodes, records, pages) and creates almost no cycles; the collector
    would walk all of them again and again as they are allocated (measured: loading 10,000
    articles took 15.8 s with it, 4.8 s without). Reference counting still frees memory."""
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.unfreeze()  # what an earlier pause froze becomes collectable again (mkdocs serve)
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Everything made during the pause is still in the youngest generation, so the
            # first collection after it would walk it all (1.4 s at 10,000 articles). Those
            # objects are the build's data, alive until it ends: move them out of the
            # collector's sight (refcounting still frees them). A next build unfreezes first.
            gc.freeze()
            gc.enable()


def collect_earlier_builds(blocks_after_last: int | None) -> int | None:
    """For a process that builds again and again (`mkdocs serve`), called as a build starts:
    free the garbage of the builds before, when there is enough of it. Their MkDocs pages, nav
    and templates are garbage in cycles, which only the collector frees, and gc_paused froze
    them with the data of the next build: kept for good (measured at 1,000 articles: 50 MiB
    more after each rebuild, before the cycles that rendering makes were collected as it ends;
    see build). A collection walks every live object (1.3 to 2.0 s at 10,000 articles), so it
    runs when the memory Python holds (its allocated blocks, counted without a walk over the
    objects) has grown by a quarter since the last one, the proportion CPython keeps for its
    own full collections. `blocks_after_last`: what the last call returned (None: collect
    now). Returns what to pass next time."""
    if not gc.isenabled():
        return blocks_after_last
    if blocks_after_last is not None and sys.getallocatedblocks() <= blocks_after_last * 5 // 4:
        return blocks_after_last
    gc.unfreeze()
    gc.collect()
    return sys.getallocatedblocks()


@contextmanager
def stage(ctx: BuildContext, name: str) -> Iterator[None]:
    """Time a stage (`briefing build --profile` prints the times)."""
    started = time.perf_counter()
    try:
        yield
    finally:
        ctx.timings[name] = ctx.timings.get(name, 0.0) + time.perf_counter() - started


def check(ctx: BuildContext, relations: bool = True) -> Briefing:
    """load -> validate -> link: everything `briefing check` needs. `briefing check` passes
    `relations=False`: it reports the same problems and needs none of what only pages show."""
    return _check(ctx, relations)[0]


def _check(ctx: BuildContext, relations: bool = True,
           output: tuple[Path, str] | None = None) -> tuple[Briefing, WarmStart | None]:
    """`check`, plus (with `output`: the output folder and its page cache's name, and the cache
    on) that folder's page cache entry, loaded and checked against the folder as the build
    starts (warmstart.py)."""
    parsed_now = {} if ctx.cache.enabled else None
    warm: WarmStart | None = None
    with gc_paused():
        with stage(ctx, "load"):
            cached, shards, digests = ({}, {}, None)
            if ctx.cache.enabled:  # with every input hashed meanwhile in a worker, if worth it
                warm = cache_and_digests(ctx.cache, ctx.content_dir, ctx.root, ctx.jobs, output)
                cached, shards, digests = warm.parsed, warm.shards, warm.digests
            chunks = ChunkReuse(cached, ctx.root) if ctx.cache.enabled else None
            content = load(ctx.content_dir, ctx.problems, cached if ctx.cache.enabled else None, chunks, ctx.progress,
                           digests)
        with stage(ctx, "validate"):
            hook = chunks.add_map if chunks is not None else None
            shared = 1
            if ctx.cache.enabled:  # what the cache did not have, shared among processes (a cold build)
                shared = validate_shared(content, ctx.root, hook, ctx.jobs, ctx.progress, ctx.usage)
            records = validate(content, ctx.problems, parsed_now, hook, ctx.progress if shared == 1 else None)
        save: Callable[[], None] | None = None
        if parsed_now is not None and parsed_now.keys() != cached.keys():
            # What these bytes say, as validated: the cache keeps nothing that depends on
            # other files (link fills in defaults, such as a quote's date, on copies).
            save = partial(ctx.cache.save_shards, PARSED, parsed_now, shards, big=_big_file,
                           keep=_kept_big_files(ctx, chunks, parsed_now))
        memo = None
        if ctx.cache.enabled:
            assert warm is not None
            memo = TextMemo.from_data(warm.texts)
        if save is not None and _save_apart(ctx, len(parsed_now) - len(cached)):
            with stage(ctx, "link"):  # the parse cache pickled and written meanwhile by a worker
                briefing = saved_while(ctx, save, lambda: _link(ctx, records, memo, relations))
        else:
            if save is not None:
                with stage(ctx, "cache"):
                    save()
            with stage(ctx, "link"):
                briefing = _link(ctx, records, memo, relations)
        if memo is not None and memo.changed():
            with stage(ctx, "cache"):
                ctx.cache.save_journaled(TEXTS, memo.to_data(), warm.texts if memo.loaded else None)
    return briefing, warm


def _link(ctx: BuildContext, records: Records, memo: TextMemo | None, relations: bool) -> Briefing:
    if ctx.progress is not None:
        ctx.progress("linking facts and articles", 0, 0)
    briefing = link(records, ctx.problems, memo, relations=relations)
    _check_pages(ctx, briefing)
    return briefing


SAVE_APART_FROM_FILES = 1_000  # fewer new parse-cache entries: saved here (a few tenths of a second)


def _save_apart(ctx: BuildContext, new_entries: int) -> bool:
    """Whether to save the parse cache in a worker while link runs: a cold build of a big
    briefing (1.8 s of pickling at 10,000 articles, while the second core idles through link).
    Not under `mkdocs serve` (threads: no fork; and the cache's memory of what it saved must
    stay this process's)."""
    return ctx.cache.memory is None and workers_for(new_entries, ctx.jobs, SAVE_APART_FROM_FILES) > 1


def saved_while(ctx: BuildContext, save: Callable[[], None], work: Callable[[], Briefing]) -> Briefing:
    """`work()` here while a forked worker runs `save()` (the parse cache: it pickles what the
    fork shares, so nothing is sent to it). The worker's cache errors are reported as this
    process's; its peak memory goes to `ctx.usage` (cache_worker_peak_kib)."""
    def do(i: int) -> Any:
        if i == 0:
            return work()
        save()
        return ctx.cache.errors
    done = run_shared(2, do, 2)
    ctx.cache.failed_elsewhere(done.results[1] or [])
    ctx.usage["cache_worker_peak_kib"] = sum(done.worker_peaks_kib)
    return done.results[0]


def _kept_big_files(ctx: BuildContext, chunks: ChunkReuse | None, parsed_now: dict) -> frozenset[str]:
    """The big files whose cache entry stays their previous version (ChunkReuse.keep_previous);
    the digests they had are remembered in the cache for the next build to compare."""
    if chunks is None or not chunks.rebuilt:
        return frozenset()
    last = ctx.cache.load("parsed-kept")
    last = last if isinstance(last, dict) else {}
    keep, remember = chunks.keep_previous({key[0]: key[1] for key in parsed_now}, last)
    if remember != last:
        ctx.cache.save("parsed-kept", remember)
    return keep


def _big_file(parsed: ParsedFile) -> bool:
    """A file whose records get a cache shard of their own (cache.save_shards)."""
    r = parsed.records
    return len(r.actors) + len(r.actions) + len(r.quotes) >= 2_000


def _check_pages(ctx: BuildContext, briefing: Briefing) -> None:
    """Hand-written pages must not take a generated page's URL, nor each other's."""
    seen: dict[str, str] = {}
    home = home_path(page.path for page in briefing.pages)
    ids = {"actor": briefing.actors, "action": briefing.actions, "quote": briefing.quotes, "article": briefing.articles}
    types = {action.type for action in briefing.actions.values()}
    for page in briefing.pages:
        url = page_url(page.path)
        if reserved_url(url, home, ids, types):
            ctx.problems.add(page.source, 0, 0, "page-collision",
                             f"hand-written page 'pages/{page.path}' would be published at '/{url}', "
                             "which belongs to a generated page: rename it")
        elif url in seen:
            ctx.problems.add(page.source, 0, 0, "page-collision",
                             f"hand-written pages 'pages/{seen[url]}' and 'pages/{page.path}' would both be "
                             f"published at '/{url}': rename one")
        else:
            seen[url] = page.path


def _same_table(reuse: Reuse, known: WriteState, report: WriteReport) -> bool:
    """Whether the page table and write state to save are the ones already saved (a rebuild
    that changed nothing): then the cache file is left as it is."""
    new, old = reuse.table, reuse.previous
    return (not report.written and not report.removed and report.state == known
            and len(new.keys) == len(old.keys) and new.prints == old.prints and new.pages == old.pages)


def _page_cache_name(out_dir: Path) -> str:
    return "pages-" + hashlib.sha256(str(out_dir.resolve()).encode()).hexdigest()[:16]


def build(ctx: BuildContext, out_dir: Path | None = None, reuse: Reuse | None = None,
          stream: bool = False) -> BuildResult:
    """load -> validate -> link -> render. Writing is the caller's: to a folder or to MkDocs.

    With `stream` and an `out_dir` that is missing or empty, each page is written as it
    renders, into a hidden folder that `write` puts in place (write.FreshTree): a cold build's
    63,000 pages are written by the processes that render them, and never held all at once. A
    caller that then does not `write` calls `result.discard()`; a build that fails removes it.

    With `out_dir` (the folder `write` will write to) and the cache on, pages whose inputs are
    unchanged since the last build into that folder, and which it still holds, are not
    rendered again (`result.reuse.kept`). A caller that keeps pages itself (the MkDocs plugin
    under `mkdocs serve`, in memory) passes its own `reuse` instead."""
    output = (out_dir, _page_cache_name(out_dir)) if out_dir is not None and ctx.cache.enabled else None
    briefing, warm = _check(ctx, True, output)
    result = BuildResult(briefing, static={page.path: Path(page.source) for page in briefing.pages}, warm=warm)
    result.reuse = reuse
    if ctx.problems.errors:
        return result
    if out_dir is not None and warm is not None:  # the cache on: its entry for this folder, loaded by _check
        saved, known, gone = warm.pages_saved, warm.known, warm.gone
        prefix = os.path.join(out_dir, "")  # the folder with its '/': joined to 63,000 pages
        result.out_dir, result.known, result.saved = out_dir, known, saved

        # The output folder as checked ahead (warmstart.py), or page by page now.
        have = StillThere(prefix, known, gone)
        result.reuse = Reuse(PageTable.from_data(saved), have)
    bytecode = SavedBytecode(ctx.cache) if ctx.cache.enabled else None
    try:
        with gc_paused(), stage(ctx, "render"):
            if stream and out_dir is not None:
                result.fresh = FreshTree.start(out_dir)
            result.pages = render(briefing, ctx.templates_dir, ctx.directory_urls, ctx.progress, result.reuse,
                                  bytecode, ctx.jobs, ctx.usage, result.fresh)
            result.streamed = len(result.fresh.entries) if result.fresh is not None else 0
            if ctx.cache_memory is not None:
                # A process that builds again and again (`mkdocs serve`): rendering leaves
                # cycles (the page tracker and its view of the model, the graph index, Jinja's
                # contexts) that hold this build's model; collected now, while they are among
                # the few objects made since the pause began, rather than frozen with it.
                gc.collect(0)
    except TemplateProblem as exc:
        result.discard()
        _template_problem(ctx, exc)
    except BaseException:
        result.discard()
        raise
    if bytecode is not None:
        with stage(ctx, "cache"):
            bytecode.save()
    return result


def check_templates(ctx: BuildContext) -> None:
    """The project's template overrides compiled, their problems reported (`briefing check`:
    a build finds them when it renders)."""
    try:
        compile_templates(ctx.templates_dir)
    except TemplateProblem as exc:
        _template_problem(ctx, exc)


def _template_problem(ctx: BuildContext, exc: TemplateProblem) -> None:
    where = Path(exc.template)
    if ctx.templates_dir is not None and (ctx.templates_dir / exc.template).is_file():
        where = ctx.templates_dir / exc.template
    ctx.problems.add(where, exc.line, 1 if exc.line else 0, "template-error", exc.message)


def write(ctx: BuildContext, result: BuildResult, out_dir: Path) -> WriteReport:
    """Write the generated tree plus the hand-written pages: the same tree MkDocs gets."""
    with gc_paused(), stage(ctx, "write"):
        # A hand-written page wins over a generated page of the same path.
        files = {**result.pages, **{path: source.read_bytes() for path, source in result.static.items()}}
        reuse = result.reuse if result.out_dir is not None and result.out_dir == out_dir else None
        if result.fresh is not None:  # the pages were written into it as they rendered
            if result.fresh.out_dir != out_dir:
                raise ValueError(f"this build's pages were written for '{result.fresh.out_dir}', not '{out_dir}'")
            try:
                report = result.fresh.commit(files)
            finally:
                result.discard()  # a no-op once in place
        else:
            table = reuse.table.pages if reuse else {}
            rendered = {path: table[path][0] for path in result.pages if path in table} if reuse else None
            report = write_tree(out_dir, files, result.known if reuse else None,
                                reuse.kept.keys() if reuse else None, rendered)
    if reuse is not None and not _same_table(reuse, result.known, report):
        with stage(ctx, "cache"):
            # Saved as changes to the last full save while they are few (cache.save_journaled):
            # the whole table is 22 MB at 10,000 articles, and an edit changes a few entries.
            ctx.cache.save_journaled(_page_cache_name(out_dir),
                                     {**reuse.table.to_data(), "state": state_to_data(report.state, reuse.order)},
                                     result.saved)
    return report
