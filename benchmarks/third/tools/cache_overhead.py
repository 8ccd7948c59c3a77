"""What the build cache adds to a cold build, and how it grows: build() with and without it.

    .venv/bin/python benchmarks/third/tools/cache_overhead.py PROJECT [PROJECT ...] [--code DIR] [--repeat 2]

For each project, in fresh processes, alternately: build(ctx) with the cache off, and
build(ctx, out) with an empty cache (what `briefing build --out` and the benchmark's
end-to-end runs do). Nothing is written, so the disk is out of it. With the cache on it also
times PageTable.put (the per-page bookkeeping of what each page read) and counts the keys
each page read, by the page's top folder (actors/, actions/, timeline/...). Prints one JSON
line per run and a summary (best of the repeats).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def child(project: str, cache: str, code: str) -> dict:
    sys.path.insert(0, code)
    from generator import pagecache
    from generator.build import BuildContext, build

    put_stats = {"pages": 0, "keys": 0, "seconds": 0.0, "by_folder": {}}
    original = pagecache.PageTable.put

    def put(self, tracker, path, digest, keys):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        original(self, tracker, path, digest, keys)
        put_stats["seconds"] += time.perf_counter() - t
        put_stats["pages"] += 1
        put_stats["keys"] += len(keys)
        folder = path.split("/")[0] if "/" in path else "(top)"
        entry = put_stats["by_folder"].setdefault(folder, [0, 0])
        entry[0] += 1
        entry[1] += len(keys)

    pagecache.PageTable.put = put
    work = Path(tempfile.mkdtemp(prefix="cache-overhead-"))
    try:
        ctx = BuildContext.for_project(Path(project), cache=(work / "cache") if cache else False)
        t = time.perf_counter()
        if cache:
            build(ctx, work / "out")
        else:
            build(ctx)
        total = time.perf_counter() - t
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"project": project, "cache": bool(cache), "build": round(total, 2),
            "timings": {k: round(v, 2) for k, v in ctx.timings.items()},
            "put": put_stats if cache else None}


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(sys.argv[2], sys.argv[3], sys.argv[4])))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--code", type=Path, default=REPO)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    best: dict[tuple[str, bool], dict] = {}
    for project in args.projects:
        for _ in range(args.repeat):
            for cache in (False, True):
                proc = subprocess.run([sys.executable, __file__, "--child", str(project), "1" if cache else "",
                                       str(args.code)], capture_output=True, text=True,
                                      env={**os.environ, "PYTHONPATH": str(args.code)})
                if proc.returncode != 0:
                    raise SystemExit(proc.stderr[-3000:])
                got = json.loads(proc.stdout.strip().splitlines()[-1])
                print(json.dumps(got), flush=True)
                key = (str(project), cache)
                if key not in best or got["build"] < best[key]["build"]:
                    best[key] = got
    print("\nbest of each (seconds):")
    for project in args.projects:
        off, on = best[(str(project), False)], best[(str(project), True)]
        put = on["put"]
        print(f"  {project}: cache off {off['build']:.2f}, cache on {on['build']:.2f} "
              f"(+{on['build'] - off['build']:.2f}); render {off['timings'].get('render', 0):.2f} -> "
              f"{on['timings'].get('render', 0):.2f}; PageTable.put {put['seconds']:.2f} s for {put['pages']:,} pages, "
              f"{put['keys']:,} keys ({put['keys'] / max(1, put['pages']):.1f} a page)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
