"""Two versions of the generator on one briefing, alternated: cold builds, or rebuilds after an edit.

On a noisy machine two benchmark runs minutes apart differ by 10 to 20%; builds of two codes
alternated in one run share the machine's good and bad minutes. Each build runs in a fresh
process (as `briefing build --out` does) and prints its stage times.

    # the code of a commit, next to the working tree's
    mkdir -p /tmp/old && git archive 4ec4ad6 generator templates | tar -x -C /tmp/old
    python benchmarks/ab.py cold    /tmp/bm/n10000 3 /tmp/old .
    python benchmarks/ab.py rebuild /tmp/bm/n10000 6 /tmp/old .

`cold`: a new cache and output folder each time (all in a temporary folder, removed at the end:
about 200 MB a build at 10,000 articles). `rebuild`: each code gets its own
copy of the briefing, built cold once; then each round appends a sentence to the same article
in both copies and rebuilds them, in alternating order. Prints every time and the median.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = """
import inspect, json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4])
from generator.build import BuildContext, build, write
project, out, cache = (Path(a) for a in sys.argv[1:4])
t = time.perf_counter()
ctx = BuildContext.for_project(project, cache=cache)
# As `briefing build --out` calls it: code that can write pages as they render does so.
result = build(ctx, out, **({"stream": True} if "stream" in inspect.signature(build).parameters else {}))
write(ctx, result, out)
print(json.dumps({"total": time.perf_counter() - t, "rendered": getattr(result, "rendered", None) or len(result.pages),
                  "errors": len(ctx.problems.errors),
                  "stages": {k: round(v, 2) for k, v in ctx.timings.items()}}))
"""


def run_once(project: Path, out: Path, cache: Path, code: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, str(project), str(out), str(cache), str(code.resolve())],
                          capture_output=True, text=True, env=dict(os.environ, CI="true"))
    if done.returncode != 0:
        raise SystemExit(f"build failed with {code}:\n{done.stderr[-2000:]}")
    found = json.loads(done.stdout.strip().splitlines()[-1])
    if found["errors"]:
        raise SystemExit(f"the briefing has errors with {code}")
    return found


def first_article(project: Path) -> Path:
    return sorted((project / "content" / "articles").rglob("*.md"))[0]  # articles may sit in folders


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("mode", choices=("cold", "rebuild"))
    parser.add_argument("project", type=Path, help="a briefing folder holding content/")
    parser.add_argument("rounds", type=int)
    parser.add_argument("codes", type=Path, nargs=2, metavar="CODE_DIR",
                        help="folders holding generator/ and templates/ (say, a git archive of a commit)")
    args = parser.parse_args(argv)
    times: dict[str, list[float]] = {str(code): [] for code in args.codes}
    with tempfile.TemporaryDirectory(prefix="briefing-ab-") as work_dir:
        work = Path(work_dir)
        copies = {}
        for n, code in enumerate(args.codes):
            if args.mode == "rebuild":  # a copy of the briefing each, with its own cache and output
                copies[str(code)] = work / f"p{n}"
                shutil.copytree(args.project / "content", copies[str(code)] / "content")
                cold = run_once(copies[str(code)], work / f"out{n}", work / f"cache{n}", code)
                print(f"{code}: cold {cold['total']:.2f} s", flush=True)
        for r in range(args.rounds):
            order = list(enumerate(args.codes)) if r % 2 == 0 else list(enumerate(args.codes))[::-1]
            for n, code in order:
                if args.mode == "cold":
                    # New folders, never emptied ones: deleting 63,000 files right before
                    # writing as many made the writes 2 to 3 times slower (see README.md).
                    os.sync()
                    found = run_once(args.project, work / f"out{n}-{r}", work / f"cache{n}-{r}", code)
                else:
                    with open(first_article(copies[str(code)]), "a", encoding="utf-8") as article:
                        article.write(f"\nA sentence added in round {r}.\n")
                    found = run_once(copies[str(code)], work / f"out{n}", work / f"cache{n}", code)
                times[str(code)].append(found["total"])
                print(f"{code}: round {r}: {found['total']:.2f} s, {found['rendered']} pages rendered, {found['stages']}",
                      flush=True)
    for code, measured in times.items():
        print(f"{code}: median {statistics.median(measured):.2f} s of {', '.join(f'{t:.2f}' for t in measured)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
