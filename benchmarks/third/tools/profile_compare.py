"""Profile build() + write() at two sizes and compare function by function.

    .venv/bin/python benchmarks/third/tools/profile_compare.py SMALL_PROJECT LARGE_PROJECT [--code DIR] [--top 40]
        [--cache] [--keep DIR]

Each project is profiled in a fresh process (cProfile, cache off, output to a temporary
folder); the table lists the functions whose cumulative or own time grew most from the small
to the large project, with both times and the ratio. A function that grows much faster than
the input (articles 10x: > 11x) and takes a real share of the large build is the suspect.
Lives in a sub-folder so that run.py's maker hash (the .py files beside make.py) ignores it.
"""

from __future__ import annotations

import argparse
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def child(project: str, out: str, stats_file: str, code: str, cache: str = "") -> None:
    sys.path.insert(0, code)
    import cProfile
    import resource
    import time

    from generator.build import BuildContext, build, write

    # cache "": off (as run.py --profile); else a fresh cache folder, cold, as `briefing build
    # --out` with its build cache (the end-to-end runs whose time the ratios use)
    ctx = BuildContext.for_project(Path(project), cache=Path(cache) if cache else False)
    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    result = build(ctx, Path(out)) if cache else build(ctx)
    write(ctx, result, Path(out))
    profiler.disable()
    elapsed = time.perf_counter() - t
    profiler.dump_stats(stats_file)
    print(json.dumps({"elapsed": elapsed, "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "timings": getattr(ctx, "timings", {})}))


def run(project: Path, code: Path, work: Path, name: str, cache: bool) -> tuple[dict, pstats.Stats]:
    stats_file = work / f"{name}.pstats"
    out = work / f"{name}-out"
    cache_dir = work / f"{name}-cache"
    for folder in (out, cache_dir):
        if folder.exists():
            shutil.rmtree(folder)
    proc = subprocess.run([sys.executable, __file__, "--child", str(project), str(out), str(stats_file), str(code),
                           str(cache_dir) if cache else ""],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(code)})
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1]), pstats.Stats(str(stats_file))


def label(func: tuple) -> str:
    path, line, name = func
    short = path.split("/generator/")[-1] if "/generator/" in path else Path(path).name
    return f"{short}:{line}({name})"


def main() -> int:
    if sys.argv[1:2] == ["--child"]:
        child(*sys.argv[2:7])
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("small", type=Path)
    parser.add_argument("large", type=Path)
    parser.add_argument("--code", type=Path, default=REPO)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="keep the .pstats files here")
    parser.add_argument("--cache", action="store_true",
                        help="cold build with the build cache on (build(ctx, out)), as the end-to-end runs")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="profile-compare-"))
    work.mkdir(parents=True, exist_ok=True)
    small, s_stats = run(args.small, args.code, work, "small", args.cache)
    large, l_stats = run(args.large, args.code, work, "large", args.cache)
    print(f"small: {args.small} {small['elapsed']:.1f}s (profiled), peak RSS {small['peak_rss_mib']:.0f} MiB")
    print(f"large: {args.large} {large['elapsed']:.1f}s (profiled), peak RSS {large['peak_rss_mib']:.0f} MiB")
    print(f"ratio: {large['elapsed'] / small['elapsed']:.2f}x time")
    print(f"stage timings (profiled) small: {small['timings']}\n                       large: {large['timings']}")
    s, l = s_stats.stats, l_stats.stats  # func -> (cc, nc, tt, ct, callers)
    total = max(v[3] for v in l.values())
    for key, title in ((3, "cumulative"), (2, "own")):
        rows = []
        for func, v in l.items():
            if v[key] < 0.005 * total:
                continue
            sv = s.get(func)
            before = sv[key] if sv else 0.0
            calls = (sv[1] if sv else 0, v[1])
            rows.append((v[key] - 11 * before, func, before, v[key], calls))
        rows.sort(key=lambda r: -r[0])
        print(f"\n## by {title} time: excess over 11x the small size's (large - 11 x small), top {args.top}\n")
        print(f"{'excess s':>9} {'small s':>8} {'large s':>8} {'ratio':>7} {'calls small':>12} {'calls large':>12}  function")
        for excess, func, before, after, calls in rows[:args.top]:
            ratio = after / before if before else float("inf")
            print(f"{excess:9.2f} {before:8.3f} {after:8.3f} {ratio:7.1f} {calls[0]:12,} {calls[1]:12,}  {label(func)}")
    print(f"\n(stats in {work})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
