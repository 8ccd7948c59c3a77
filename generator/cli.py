"""The `briefing` command: arguments, output format and exit codes; nothing else.

Exit codes: 0 clean, 1 errors in the content (or warnings under --strict), 2 bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import NoReturn

from . import __version__
from .build import BuildContext, build, check, check_templates, write
from .problems import default_format, report
from .projectconfig import FOLDER_OPTIONS, PluginFolders, plugin_folders
from .progress import TerminalProgress
from .rules import rules_reference
from .schema import field_reference, write_schemas
from .write import UnsafeOutput, Unwritable, check_output_folder

EXAMPLE_OUT = "build/docs"  # the output folder suggested when --out is refused


def _out_folder(text: str) -> Path:
    # An empty --out was Path("."): the current folder, often the project root.
    if not text:
        raise argparse.ArgumentTypeError(f"an empty path: name a folder, e.g. --out {EXAMPLE_OUT}")
    return Path(text)


def _jobs(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes: give 1 or more, e.g. --jobs 2")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="briefing",
        description="Build cross-linked briefing pages from articles and curated YAML facts.",
        epilog="Exit codes: 0 clean, 1 problems in the content, 2 bad usage.",
    )
    parser.add_argument("--version", action="version", version=f"briefing {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--project", type=Path, default=Path("."), metavar="DIR",
                        help="project folder holding content/ (default: the current folder)")
    # Defaults None, so that a folder named explicitly must exist (the default templates folder
    # may well be absent, but a mistyped --templates would silently ignore every override).
    common.add_argument("--content", default=None, metavar="DIR",
                        help="content folder, relative to the project (default: content)")
    common.add_argument("--templates", default=None, metavar="DIR",
                        help="folder of template overrides, relative to the project (default: templates)")
    common.add_argument("--format", choices=("text", "github", "json"), default=None,
                        help="how to print problems (default: github under GitHub Actions, else text)")
    common.add_argument("--strict", action="store_true", help="fail on warnings too")
    common.add_argument("--profile", action="store_true",
                        help="print the time of each stage and the functions that took longest")
    common.add_argument("--cache-dir", type=Path, default=None, metavar="DIR",
                        help="build cache folder (default: .briefing-cache in the project); safe to delete")
    common.add_argument("--no-cache", action="store_true",
                        help="neither read nor write the build cache: parse and render everything")
    common.add_argument("--jobs", type=_jobs, default=None, metavar="N",
                        help="processes that check the files the cache does not know, and render pages "
                             "(default on Linux: one per CPU, for a few hundred files or pages and more)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("check", parents=[common], help="validate content and report every problem")
    b = sub.add_parser("build", parents=[common], help="write the Markdown tree to a folder")
    b.add_argument("--out", type=_out_folder, required=True, metavar="DIR",
                   help="output folder, apart from the content, templates and cache folders")
    b.add_argument("--no-directory-urls", action="store_true",
                   help="link graph nodes as page.html, for a site built with use_directory_urls: false")
    s = sub.add_parser("schema", help="write JSON Schemas of facts files and article front matter")
    s.add_argument("--out", type=_out_folder, required=True, metavar="DIR", help="output folder")
    sub.add_parser("fields", help="print the field reference (Markdown)")
    sub.add_parser("rules", help="print every rule with examples (Markdown)")
    return parser


def run() -> NoReturn:
    """The `briefing` command: `main`, then the process ends at once, as mypy's does, without
    freeing its objects one by one first (a build at 10,000 articles holds millions, and
    freeing them took longer than writing a rebuild's pages). Every file is closed and every
    worker joined by then; the output streams are flushed here."""
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        # write.py holds Ctrl-C back while it commits, so the output is the old tree or the new one.
        print("briefing: interrupted; the output folder is as it was before, or fully updated", file=sys.stderr)
        return 130


def _main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        for path in write_schemas(args.out):
            print(f"wrote {path}")
        return 0
    if args.command == "fields":
        print(field_reference())
        return 0
    if args.command == "rules":
        print(rules_reference())
        return 0
    fmt = args.format or default_format()
    root = args.project
    if not root.is_dir():
        print(f"briefing: error: project folder '{root}' does not exist", file=sys.stderr)
        return 2
    cache: Path | bool = False if args.no_cache else (args.cache_dir or True)
    folders = _folders(args, root)
    ctx = BuildContext.for_project(root, folders["content"][0], folders["templates"][0], cache=cache)
    for name, (_, how, required) in folders.items():
        folder = ctx.content_dir if name == "content" else ctx.templates_dir
        # The default templates folder may be absent (no overrides); one named explicitly may not.
        if folder is None or folder.is_dir() or not required:
            continue
        print(f"briefing: error: no {name} folder at '{folder}'{how}", file=sys.stderr)
        return 2
    if args.command == "build":
        try:  # before anything is read or written: a wrong --out must not cost the inputs
            check_output_folder(args.out, content=ctx.content_dir, templates=ctx.templates_dir,
                                cache=ctx.cache_dir, example=f"--out {EXAMPLE_OUT}")
        except UnsafeOutput as exc:
            print(f"briefing: error: {exc}", file=sys.stderr)
            return 2
    # cProfile sees only this process: under --profile it checks every file and renders every page itself.
    ctx.jobs = args.jobs if args.jobs is not None else (1 if args.profile else None)
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        code = profiler.runcall(_run, args, ctx, fmt)
        print("stage times: " + ", ".join(f"{k} {v:.2f}s" for k, v in ctx.timings.items()), file=sys.stderr)
        for stage_name in ("validate", "render"):
            if ctx.usage.get(f"{stage_name}_processes", 1) > 1:
                print(f"{stage_name}: {ctx.usage[f'{stage_name}_processes']} processes; only this one is profiled",
                      file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(20)
        return code
    return _run(args, ctx, fmt)


def _folders(args: argparse.Namespace, root: Path) -> dict[str, tuple[str, str, bool]]:
    """The content and templates folders, each as (path for BuildContext.for_project, what to
    add to the error when it is missing, whether it must exist). The command line wins; then the
    briefing plugin's options in the project's mkdocs.yml, resolved as the plugin does (so a bare
    `briefing check` in CI checks the folders `mkdocs build` publishes); then the defaults."""
    config = plugin_folders(root) if args.content is None or args.templates is None else PluginFolders()
    for warning in config.warnings:
        print(f"briefing: warning: {warning}", file=sys.stderr)
    chosen: dict[str, tuple[str, str, bool]] = {}
    for name in FOLDER_OPTIONS:
        given = getattr(args, name)
        configured = config.folder(name)
        if given is None and name in config.invalid:
            print(f"briefing: warning: {config.invalid[name]}", file=sys.stderr)
        if given is not None:
            how = (f" (--{name} {given}): create it or fix the path; it is relative to the project folder "
                   f"'{root.resolve()}'")
            chosen[name] = (given, how, True)
        elif name in config.options:
            written = config.options[name]
            how = (f" (plugin option `{name}: {written}` in '{config.file}'): create it or fix the option; "
                   "it is relative to the folder of mkdocs.yml")
            # As the plugin: `templates: templates` may be absent like the default, another may not.
            chosen[name] = (configured or written, how, name == "content" or written != "templates")
        else:  # the default (against the folder of a linked mkdocs.yml, as the plugin resolves it)
            chosen[name] = (configured or name, "", name == "content")
    return chosen


def _run(args: argparse.Namespace, ctx: BuildContext, fmt: str) -> int:
    started = time.perf_counter()
    ctx.progress = TerminalProgress.on(sys.stderr)  # a count on a terminal, quiet in CI and logs
    if args.command == "check":
        briefing = check(ctx, relations=False)
        check_templates(ctx)  # a build finds template errors when it renders; check compiles them
        _clear_progress(ctx)
        summary = (f"checked {len(briefing.articles)} articles, {len(briefing.actors)} actors, "
                   f"{len(briefing.actions)} actions, {len(briefing.quotes)} quotes")
        return _finish(ctx, fmt, args.strict, summary, started)
    ctx.directory_urls = not args.no_directory_urls
    try:
        result = build(ctx, args.out, stream=True)  # a new output folder: each page written as it renders
    except Unwritable as exc:
        _clear_progress(ctx)
        print(f"briefing: error: cannot write to '{args.out}': {exc.strerror or exc}", file=sys.stderr)
        return 1
    if ctx.problems.failed(args.strict):
        result.discard()
        _clear_progress(ctx)
        return _finish(ctx, fmt, args.strict, "nothing written", started)
    if ctx.progress is not None:
        ctx.progress(f"writing to {args.out}", 0, 0)
    try:
        written = write(ctx, result, args.out)
    except OSError as exc:
        _clear_progress(ctx)
        print(f"briefing: error: cannot write to '{args.out}': {exc.strerror or exc}", file=sys.stderr)
        return 1
    except ValueError as exc:  # a path that would leave the output folder (safe_target)
        _clear_progress(ctx)
        print(f"briefing: error: nothing written to '{args.out}': {exc}", file=sys.stderr)
        return 1
    _clear_progress(ctx)
    kept = len(result.reuse.kept) if result.reuse else 0
    rendered = f", {result.rendered:,} rendered" if kept else ""
    summary = (f"{result.rendered + kept + len(result.static)} pages{rendered}: {len(written.written)} written, "
               f"{written.unchanged} unchanged, {len(written.removed)} removed in {args.out}")
    return _finish(ctx, fmt, args.strict, summary, started)


def _clear_progress(ctx: BuildContext) -> None:
    if isinstance(ctx.progress, TerminalProgress):
        ctx.progress.clear()


def _finish(ctx: BuildContext, fmt: str, strict: bool, summary: str, started: float) -> int:
    text = report(ctx.problems, fmt)
    if text:
        print(text, file=sys.stdout if fmt == "json" else sys.stderr)
    elif fmt == "json":
        print("[]")
    failed = ctx.problems.failed(strict)
    if fmt == "text":
        print(f"briefing: {summary} ({time.perf_counter() - started:.2f}s)", file=sys.stderr)
    for error in ctx.cache.errors:  # the build went on without the cache; say so once
        print(f"briefing: warning: {error}", file=sys.stderr)
    return 1 if failed else 0
