"""What a curator waits for under `mkdocs serve --dirty` after saving a facts file.

    .venv/bin/python benchmarks/serve_rebuild.py PROJECT_DIR [--edits 3] [--profile OUT.prof]

Copies PROJECT_DIR (a folder with `mkdocs.yml` and `content/`, such as a briefing that
`run.py --keep` left) to a temporary folder and builds it there the way `mkdocs serve --dirty
--no-strict` does: one set of plugins for all builds (MkDocs keeps a plugin that has
`on_startup`), a first full build, then, after each edit of a facts file (an action's summary),
`build(config, dirty=True)`. Prints the time of each build, the generator's stage times and
the memory the process holds after each.
No server and no browser: what is timed is the rebuild itself. `--profile` writes a cProfile
of the last rebuild (read it with `python -m pstats OUT.prof`).
"""

from __future__ import annotations

import argparse
import cProfile
import os
import shutil
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--edits", type=int, default=3)
    parser.add_argument("--profile", type=Path, help="write a cProfile of the last rebuild here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "project"
        shutil.copytree(args.project / "content", root / "content")
        shutil.copy(args.project / "mkdocs.yml", root / "mkdocs.yml")
        os.chdir(root)

        def config():  # as `--no-strict`: a dirty build's own warning would stop a strict one
            loaded = load_config(str(root / "mkdocs.yml"))
            loaded["strict"] = False
            return loaded

        first = config()
        first.plugins.on_startup(command="serve", dirty=True)
        started = time.perf_counter()
        build(first, dirty=False)
        print(f"first build {time.perf_counter() - started:.1f} s", flush=True)
        facts = sorted(p for p in (root / "content" / "facts").rglob("*.y*ml") if "summary: " in p.read_text("utf-8"))
        for n in range(args.edits):
            edited = facts[(n * 7) % len(facts)]
            edited.write_text(edited.read_text("utf-8").replace("summary: ", "summary: Edited ", 1), "utf-8")
            again = config()
            again.plugins = first.plugins  # the plugin keeps its state between builds, as under serve
            profiler = cProfile.Profile() if args.profile and n + 1 == args.edits else None
            started = time.perf_counter()
            if profiler is not None:
                profiler.runcall(build, again, dirty=True)
            else:
                build(again, dirty=True)
            took = time.perf_counter() - started
            if profiler is not None:
                profiler.dump_stats(args.profile)
            timings = again.plugins["briefing"].ctx.timings
            print(f"rebuild {n + 1} ({edited.relative_to(root)}): {took:.2f} s; generator stages "
                  + ", ".join(f"{name} {seconds:.2f}" for name, seconds in timings.items())
                  + f"; RSS after it {_rss_mib():,.0f} MiB", flush=True)


def _rss_mib() -> float:
    """The process's resident memory now (not its peak, which the first full build sets)."""
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


if __name__ == "__main__":
    main()
