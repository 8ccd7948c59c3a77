"""The synthetic briefing maker makes valid briefings in both facts layouts and every shape."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.build import BuildContext, check

MAKER = Path(__file__).resolve().parent.parent / "benchmarks" / "make_briefing.py"


@pytest.mark.parametrize("layout", ["monthly", "one-file"])
def test_the_synthetic_briefing_checks_clean(tmp_path: Path, layout: str) -> None:
    proc = subprocess.run([sys.executable, str(MAKER), "--articles", "40", "--out", str(tmp_path), "--layout", layout],
                          capture_output=True, text=True, check=True, timeout=120)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    facts = sorted(p.relative_to(tmp_path / "content" / "facts").as_posix()
                   for p in (tmp_path / "content" / "facts").rglob("*.yaml"))
    if layout == "one-file":
        assert facts == ["actions.yaml", "actors.yaml", "quotes.yaml"]
    else:
        assert len(facts) > 10 and all("/" in f for f in facts)
    ctx = BuildContext.for_project(tmp_path, cache=False)
    b = check(ctx)
    assert ctx.problems.errors == [] and len(b.articles) == 40
    assert (len(b.actions), len(b.quotes), len(b.actors)) == (summary["actions"], summary["quotes"], summary["actors"])


def test_the_other_shapes_check_clean_and_differ_as_named(tmp_path: Path) -> None:
    """`--shape long-articles` makes longer articles with the same facts; `many-actors` makes
    more actors; both are valid and the standard shape is what it was."""
    made = {}
    for shape in ("standard", "long-articles", "many-actors"):
        out = tmp_path / shape
        proc = subprocess.run([sys.executable, str(MAKER), "--articles", "40", "--out", str(out), "--shape", shape],
                              capture_output=True, text=True, check=True, timeout=120)
        made[shape] = json.loads(proc.stdout.strip().splitlines()[-1])
        ctx = BuildContext.for_project(out, cache=False)
        check(ctx)
        assert ctx.problems.errors == [], shape
    standard, long, many = made["standard"], made["long-articles"], made["many-actors"]
    assert long["words_per_article"] > 2.5 * standard["words_per_article"]
    assert (long["actions"], long["quotes"], long["actors"]) == (standard["actions"], standard["quotes"], standard["actors"])
    assert many["actors"] == 80 and standard["actors"] == 12


OTHER_MAKER = '''
import sys
from pathlib import Path

n, out = int(sys.argv[1]), Path(sys.argv[2])
(out / "content" / "articles" / "wire" / "2024").mkdir(parents=True)
(out / "content" / "facts" / "events").mkdir(parents=True)
actors = "actors:\\n" + "".join(f"  - {{id: actor-{i}, name: Actor Number{i}, type: person}}\\n" for i in range(2))
(out / "content" / "facts" / "actors.yml").write_text(actors, "utf-8")
for i in range(n):
    (out / "content" / "articles" / "wire" / "2024" / f"a{i}.md").write_text(
        f"---\\ntitle: Story {i}\\ndate: 2024-01-0{i + 1}\\nsource: Wire\\n---\\n"
        f"Actor Number0 met Actor Number1 on day {i}.\\n", "utf-8")
    (out / "content" / "facts" / "events" / f"a{i}.yml").write_text(
        f"actions:\\n  - id: met-{i}a\\n    date: 2024-01-0{i + 1}\\n    type: meeting\\n    by: actor-0\\n"
        f"    summary: >-\\n      A folded summary.\\n    sources: [{{article: a{i}}}]\\n"
        f"  - id: met-{i}b\\n    date: 2024-01-0{i + 1}\\n    type: meeting\\n    by: [actor-1]\\n"
        f"    summary: Met again.\\n    sources: [{{article: a{i}}}]\\n", "utf-8")
'''


def test_the_benchmark_runs_another_makers_briefing(tmp_path: Path) -> None:
    """`run.py --maker`: a briefing from another maker (nested articles, .yml facts, a folded
    summary first) is made, counted, given the repository's mkdocs.yml, and edited the way the
    rebuild benchmark edits: a one-line action summary and an article, both still valid."""
    sys.path.insert(0, str(MAKER.parent))
    import run

    script = tmp_path / "other_maker.py"
    script.write_text(OTHER_MAKER, "utf-8")
    project = tmp_path / "n3"
    summary, made_in = run.make(project, 3, 1, "material", reuse=True,
                                maker=f"{sys.executable} {script} {{n}} {{out}}")
    assert made_in is not None and (project / "mkdocs.yml").is_file()
    assert {k: summary[k] for k in ("articles", "actors", "actions", "quotes", "facts_files", "files")} == {
        "articles": 3, "actors": 2, "actions": 6, "quotes": 0, "facts_files": 4, "files": 7}
    assert run.make(project, 3, 1, "material", reuse=True,
                    maker=f"{sys.executable} {script} {{n}} {{out}}") == (summary, None)
    for which in ("one facts file", "one article"):
        path, old = run._edit(project, which)
        new = path.read_text("utf-8")
        if which == "one facts file":
            assert path.name == "a0.yml" and "summary: Edited Met again." in new and ">-\n      A folded" in new
        else:
            assert path.name == "a0.md" and new.endswith("A sentence the curator added later.\n")
        ctx = BuildContext.for_project(project, cache=False)
        check(ctx)
        assert ctx.problems.errors == [], which
        path.write_bytes(old)


def test_the_independent_makers_briefing_checks_clean_and_builds(tmp_path: Path) -> None:
    """benchmarks/independent/make.py was written from the content contract alone (the other
    shape of the benchmark): what it makes, a hand-written home page included, is accepted."""
    maker = MAKER.parent / "independent" / "make.py"
    proc = subprocess.run([sys.executable, str(maker), "--articles", "40", "--out", str(tmp_path),
                           "--with-index-page"], capture_output=True, text=True, check=True, timeout=120)
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    assert (tmp_path / "content" / "pages" / "index.md").is_file()
    ctx = BuildContext.for_project(tmp_path, cache=False)
    b = check(ctx)
    assert ctx.problems.errors == []
    assert (len(b.articles), len(b.actions), len(b.quotes), len(b.actors)) == (
        summary["articles"], summary["actions"], summary["quotes"], summary["actors"])


def test_the_serve_rebuild_benchmark_times_each_rebuild(tmp_path: Path) -> None:
    """benchmarks/serve_rebuild.py on a small synthetic briefing: a first build, then each
    edit's rebuild with the generator's stages (the collection of earlier builds' garbage first)
    and the memory held after it; the briefing it was given is left as it was."""
    subprocess.run([sys.executable, str(MAKER), "--articles", "30", "--out", str(tmp_path)],
                   capture_output=True, text=True, check=True, timeout=120)
    before = {p: p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()}
    proc = subprocess.run([sys.executable, str(MAKER.parent / "serve_rebuild.py"), str(tmp_path), "--edits", "2"],
                          capture_output=True, text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert re.fullmatch(r"first build \d+\.\d s", lines[0]), lines
    assert len(lines) == 3 and all(
        re.fullmatch(r"rebuild \d \(content/facts/\S+\.yaml\): \d+\.\d\d s; generator stages gc [\d.]+, load [\d.]+, "
                     r"validate [\d.]+, (cache [\d.]+, )?link [\d.]+, render [\d.]+; RSS after it [\d,]+ MiB", line)
        for line in lines[1:]), lines
    assert {p: p.read_bytes() for p in (tmp_path / "content").rglob("*") if p.is_file()} == before


def test_the_benchmarks_stage_run_counts_what_it_wrote(tmp_path: Path) -> None:
    """`run.py`'s per-stage child on the sample briefing: every page written, and the output
    bytes it reports are the bytes on disk (pages are UTF-8 bytes since the render keeps them
    so; the count crashed on them once)."""
    sys.path.insert(0, str(MAKER.parent))
    import run

    out = tmp_path / "out"
    got = run.child_generator(MAKER.parent.parent, out)
    files = [p for p in out.rglob("*") if p.is_file() and p.name != ".briefing-manifest"]
    assert got["written"] == got["pages"] == len(files) > 20
    hand_written = sum(p.stat().st_size for p in (MAKER.parent.parent / "content" / "pages").rglob("*") if p.is_file())
    assert got["out_bytes"] == sum(p.stat().st_size for p in files) - hand_written
    assert set(got["times"]) == {"load", "validate", "link", "render", "write"}


def test_the_benchmarks_cpu_seconds_count_the_workers_it_waited_for(tmp_path: Path) -> None:
    """`run.py`'s CPU seconds of a build include its forked workers' (render and validate
    workers are reaped with wait4): a child that spins 0.3 s of CPU is counted once waited for.
    And the end-to-end child reports them for a real build, next to its wall time."""
    sys.path.insert(0, str(MAKER.parent))
    import run

    before = run.cpu_seconds()
    pid = os.fork()
    if pid == 0:
        try:
            end = time.process_time() + 0.3
            while time.process_time() < end:
                pass
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert run.cpu_seconds() - before >= 0.25
    project = tmp_path / "sample"
    project.mkdir()
    shutil.copytree(MAKER.parent.parent / "content", project / "content")
    got = run.child_e2e(project, tmp_path / "out", tmp_path / "cache")
    assert 0 < got["cpu"] and got["written"] > 20
    assert run.two_process_speedup(200_000, 2) > 0


def test_the_ab_script_alternates_two_codes_cold_and_after_an_edit(tmp_path: Path) -> None:
    """benchmarks/ab.py on a small synthetic briefing, the working tree's code against itself:
    each code's builds in alternating order, a rebuild rendering only what the edit touched,
    and the briefing it was given left as it was."""
    subprocess.run([sys.executable, str(MAKER), "--articles", "30", "--out", str(tmp_path / "b")],
                   capture_output=True, text=True, check=True, timeout=120)
    before = {p: p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()}
    repo = str(MAKER.parent.parent)
    other = tmp_path / "code"
    other.mkdir()
    for part in ("generator", "templates"):
        (other / part).symlink_to(MAKER.parent.parent / part)
    runs = {}
    for mode in ("cold", "rebuild"):
        proc = subprocess.run([sys.executable, str(MAKER.parent / "ab.py"), mode, str(tmp_path / "b"), "2", repo,
                               str(other)], capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        runs[mode] = [line for line in proc.stdout.splitlines() if ": round " in line]
        assert [line.split(":")[0] for line in runs[mode]] == [repo, str(other), str(other), repo]
        assert sum(": median " in line for line in proc.stdout.splitlines()) == 2
    cold = [int(re.search(r"(\d+) pages rendered", line).group(1)) for line in runs["cold"]]
    edited = [int(re.search(r"(\d+) pages rendered", line).group(1)) for line in runs["rebuild"]]
    assert min(cold) > 100 and len(set(cold)) == 1
    assert max(edited) < 20  # the article edited, and the pages that show it
    assert {p: p.read_bytes() for p in (tmp_path / "b").rglob("*") if p.is_file()} == before
