"""Does the same build get slower when the process already holds a large heap?

    .venv/bin/python benchmarks/third/tools/heap_ballast.py SMALL LARGE [--code DIR] [--repeat 2]

Alternately, each in a fresh process: a cold build + write of SMALL alone ("alone"), and the
same after building LARGE in that process and keeping its result alive ("ballast"). Same
work, same code: any difference is what a 10x larger heap costs each operation (CPU caches,
TLB, allocator), which no profile of one size shows as a function.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def cold(project: Path, work: Path, name: str) -> tuple[float, dict, object]:
    from generator.build import BuildContext, build, write

    out, cache = work / f"{name}-out", work / f"{name}-cache"
    ctx = BuildContext.for_project(project, cache=cache)
    t = time.perf_counter()
    result = build(ctx, out)
    write(ctx, result, out)
    return time.perf_counter() - t, dict(ctx.timings), result


def child(mode: str, small: str, large: str, code: str) -> dict:
    sys.path.insert(0, code)
    work = Path(tempfile.mkdtemp(prefix="heap-ballast-"))
    try:
        keep = cold(Path(large), work, "large")[2] if mode == "ballast" else None
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        total, timings, _ = cold(Path(small), work, "small")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    del keep
    return {"mode": mode, "rss_before_mib": before, "small_total": round(total, 2),
            "timings": {k: round(v, 2) for k, v in timings.items()}}


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(child(*sys.argv[2:6])))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("small", type=Path)
    parser.add_argument("large", type=Path)
    parser.add_argument("--code", type=Path, default=REPO)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    for _ in range(args.repeat):
        for mode in ("alone", "ballast"):
            proc = subprocess.run([sys.executable, __file__, "--child", mode, str(args.small), str(args.large),
                                   str(args.code)], capture_output=True, text=True,
                                  env={**os.environ, "PYTHONPATH": str(args.code)})
            if proc.returncode != 0:
                raise SystemExit(proc.stderr[-3000:])
            print(proc.stdout.strip().splitlines()[-1], flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
