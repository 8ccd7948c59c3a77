"""Pages rendered by forked worker processes (forkedwork.py) are the pages one process renders.

The same briefing is built with one process and with several, and the trees compared byte for
byte; the page table the workers' pages enter (PageTable.adopt) must then let a rebuild after
any edit keep exactly the pages a clean build would give. Errors in a worker's share come back
as the same diagnostics, the first in page order; a worker that crashes or dies is an error,
never a shorter site; and no worker outlives the call that forked it.
"""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.build import BuildContext, build, write
from generator.cache import CACHE_DIR_NAME
from generator.cli import main
from generator.forkedwork import MAX_AUTO_WORKERS, WorkerFailed, run_shared, usable_cpus, workers_for
from test_incremental import EDITS, MULTI, tree
import test_template_cache

compiled = test_template_cache.compiled  # the fixture: templates Jinja compiles, by name

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="render workers are forked")


def built(root: Path, out: Path, jobs: int, cache: bool = True, rendered: list[int] | None = None) -> BuildContext:
    """`briefing build --out` as the CLI runs it, with `jobs` processes; the context afterwards.
    `rendered` is told how many pages were rendered (not kept from the last build)."""
    ctx = BuildContext.for_project(root, cache=cache)
    ctx.jobs = jobs
    result = build(ctx, out, stream=True)  # into a new folder, each page written as it renders
    assert not ctx.problems.errors, [p.format_text() for p in ctx.problems.errors]
    write(ctx, result, out)
    if rendered is not None:
        rendered.append(result.rendered)
    return ctx


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(MULTI, root, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    return root


@pytest.mark.parametrize("jobs", [2, 3, 7])
def test_workers_render_the_same_tree(project: Path, tmp_path: Path, jobs: int) -> None:
    one = built(project, tmp_path / "one", 1, cache=False)
    many = built(project, tmp_path / "many", jobs, cache=False)
    assert one.usage["render_processes"] == 1
    assert many.usage["render_processes"] == jobs  # they did run: this test is not one process twice
    assert many.usage["worker_peak_kib"] > 0
    assert tree(tmp_path / "many") == tree(tmp_path / "one")


@pytest.mark.parametrize("name", list(EDITS))
def test_a_rebuild_after_workers_equals_a_clean_build(project: Path, tmp_path: Path, name: str) -> None:
    """The page table of a build shared among workers is as good as one process's: after each
    edit of test_incremental, a rebuild keeps only pages that a clean build gives unchanged."""
    alone = tmp_path / "alone"  # the same project, built and rebuilt by one process
    shutil.copytree(project, alone)
    out, ref = tmp_path / "out", tmp_path / "ref"
    assert built(project, out, 3).usage["render_processes"] == 3
    built(alone, tmp_path / "alone-out", 1)
    EDITS[name](project)
    EDITS[name](alone)
    rendered: list[int] = []
    built(project, out, 2, rendered=rendered)
    built(alone, tmp_path / "alone-out", 1, rendered=rendered)
    built(project, ref, 1, cache=False)
    assert tree(out) == tree(ref)
    # ... and the workers' table kept exactly the pages one process's keeps.
    assert rendered[0] == rendered[1], rendered


def test_a_rebuild_with_nothing_changed_keeps_every_page_the_workers_rendered(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    built(project, out, 2)
    before = tree(out)
    ctx = BuildContext.for_project(project)
    ctx.jobs = 2
    result = build(ctx, out)
    assert list(result.pages) == ["index.md"]  # the home page is always drawn again
    write(ctx, result, out)
    assert tree(out) == before


def problems_of(root: Path, out: Path, jobs: int) -> list[str]:
    ctx = BuildContext.for_project(root, cache=False)
    ctx.jobs = jobs
    result = build(ctx, out)
    assert not result.pages
    return [p.format_text() for p in ctx.problems.errors]


@pytest.mark.parametrize("failing", [["marta-ibanez"], ["dockers-union"], ["marta-ibanez", "dockers-union"]])
def test_a_template_error_in_a_workers_page_is_the_same_diagnostic(project: Path, tmp_path: Path,
                                                                    failing: list[str]) -> None:
    """A template that fails on some actors' pages: whichever process renders them, the build
    reports the error of the first failing page in page order, as one process does."""
    (project / "templates").mkdir()
    # A line and a field of its own for each failing actor: their diagnostics differ.
    lines = [f'{{% if actor.id == "{actor}" %}}{{{{ actor.no_field_{n} }}}}{{% endif %}}' for n, actor in enumerate(failing)]
    (project / "templates" / "actor.md.j2").write_text("# {{ actor.name }}\n\n" + "\n".join(lines) + "\n", "utf-8")
    alone = problems_of(project, tmp_path / "a", 1)
    assert len(alone) == 1 and "no_field_" in alone[0], alone
    for jobs in (2, 3):
        assert problems_of(project, tmp_path / f"w{jobs}", jobs) == alone
    assert not (tmp_path / "w2").exists()


# --- forkedwork itself -------------------------------------------------------------------------


def test_run_shared_gives_every_result_in_order_and_tells_each() -> None:
    told: list[int] = []
    shared = run_shared(25, lambda i: (i, os.getpid()), 3, tell=lambda: told.append(1))
    assert [value[0] for value in shared.results] == list(range(25))
    assert len({value[1] for value in shared.results}) == 3  # three processes made them
    assert shared.results[0][1] == os.getpid()  # this one did its share
    assert len(told) == 25 and len(shared.worker_peaks_kib) == 2


def test_run_shared_stops_each_process_at_its_first_stopping_result() -> None:
    shared = run_shared(20, lambda i: "stop" if i in (7, 12) else i, 2, stops=lambda v: v == "stop")
    results = shared.results
    assert results[:7] == list(range(7)) and results[7] == "stop"
    assert results[12] == "stop" and results[14] is None  # 12's process (this one) stopped there
    assert results[8] == 8 and results[9] is None  # 7's (the worker) stopped at 7


def test_an_exception_in_a_worker_comes_back_with_its_traceback() -> None:
    parent = os.getpid()

    def do(i: int) -> int:
        if os.getpid() != parent and i == 5:
            raise ValueError("the worker's own bug")
        return i

    with pytest.raises(WorkerFailed, match="(?s)ValueError: the worker's own bug"):
        run_shared(10, do, 2)


def test_a_worker_that_dies_is_an_error_not_a_shorter_result() -> None:
    parent = os.getpid()

    def do(i: int) -> int:
        if os.getpid() != parent and i == 3:
            os._exit(3)
        return i

    with pytest.raises(WorkerFailed, match="ended before its share was done"):
        run_shared(10, do, 2)


def test_no_worker_outlives_an_interrupted_call(tmp_path: Path) -> None:
    parent = os.getpid()
    pids = tmp_path / "pids"

    def do(i: int) -> int:
        if os.getpid() != parent:
            with open(pids, "a") as handle:
                handle.write(f"{os.getpid()}\n")
            time.sleep(60)
        elif i >= 2:
            while not pids.exists() or len(pids.read_text().split()) < 2:
                time.sleep(0.01)
            raise KeyboardInterrupt  # Ctrl-C while the workers are busy
        return i

    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        run_shared(9, do, 3)
    assert time.perf_counter() - started < 30
    for pid in map(int, pids.read_text().split()):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # gone, and reaped (a zombie would still take the signal)


def test_workers_for() -> None:
    assert workers_for(10_000, 1, 400) == 1
    assert workers_for(10_000, 3, 400) == 3
    assert workers_for(2, 3, 400) == 2  # never more processes than jobs
    assert workers_for(399, None, 400) == 1  # a small build: a fork costs more than it saves
    if sys.platform.startswith("linux"):  # by default one per usable CPU, at most 4
        assert workers_for(10_000, None, 400) == min(usable_cpus(), MAX_AUTO_WORKERS)
    else:  # elsewhere only when asked
        assert workers_for(10_000, None, 400) == 1
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:  # another thread (`mkdocs serve`): forking could leave a lock held in the worker
        assert workers_for(10_000, 4, 400) == 1
    finally:
        stop.set()
        thread.join()


def test_the_cli_refuses_a_number_of_jobs_below_one(project: Path, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["build", "--project", str(project), "--out", str(tmp_path / "out"), "--jobs", "0"])
    assert exit_info.value.code == 2
    assert "argument --jobs: '0' is not a number of processes: give 1 or more" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_templates_compiled_for_workers_reach_the_build_cache(project: Path, tmp_path: Path,
                                                               compiled: list[str]) -> None:
    """Templates are compiled before the fork (render._preload): one compiled in a worker
    would be lost with it, and the next build would compile it again."""
    built(project, tmp_path / "a", 3)
    assert {"actor.md.j2", "quote.md.j2", "timeline.md.j2", "_action_table.md.j2"} <= set(compiled)
    compiled.clear()
    built(project, tmp_path / "b", 1)  # another folder: every page rendered, by this process
    assert compiled == []


def test_mkdocs_build_with_workers_gives_the_same_site(tmp_path: Path) -> None:
    """The plugin's path: `jobs: 3` in mkdocs.yml, the worker's pages handed to MkDocs in memory."""
    from test_e2e_mkdocs import make_project, run_mkdocs

    sites = {}
    for jobs in (1, 3):
        root = make_project(tmp_path / f"j{jobs}", MULTI / "content")
        config = root / "mkdocs.yml"
        text = config.read_text("utf-8")
        assert text.count("  - briefing\n") == 1
        config.write_text(text.replace("  - briefing\n", f"  - briefing:\n      jobs: {jobs}\n"), "utf-8")
        proc = run_mkdocs(root)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        sites[jobs] = {rel: data for rel, data in tree(root / "site").items() if not rel.startswith("sitemap.xml")}
    assert len([rel for rel in sites[1] if rel.endswith(".html")]) > 30
    assert sites[3] == sites[1]
