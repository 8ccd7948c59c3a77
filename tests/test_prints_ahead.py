"""A rebuild whose model keys were fingerprinted in a worker (printsahead.py) keeps exactly the
pages one process keeps. (test_parallel_render rebuilds after each edit of test_incremental
with two processes, which takes this path; here: the prints themselves, and output pages that
were changed or removed by hand, which the worker checks.)"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import generator.render as render_module
from generator.build import BuildContext, build, check, write
from generator.pagetable import PageTable
from generator.printsahead import TIMELINE_TEMPLATE, Ahead, _ahead, have_checked, taken_ahead
from generator.render import Reuse, render
from generator.views import page_jobs, shared_context, timeline_jobs
import test_parallel_render
from test_incremental import tree

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker is forked")


project = test_parallel_render.project  # the fixture: a copy of the multi fixture, without a cache


def rebuilt(root: Path, out: Path, jobs: int) -> set[str]:
    ctx = BuildContext.for_project(root)
    ctx.jobs = jobs
    result = build(ctx, out)
    assert not ctx.problems.errors
    write(ctx, result, out)
    return set(result.pages)


def test_the_workers_prints_are_the_trackers(project: Path) -> None:
    """Every print made ahead (the model's keys, the shared orderings and the timeline pages'
    values) is the one Tracker.fingerprint gives in render's own tracker; the other keys are
    left to render."""
    ctx = BuildContext.for_project(project, cache=False)
    b = check(ctx)
    reuse = Reuse(PageTable(), lambda path, digest: True)
    render(b, None, reuse=reuse, workers=1)
    table = reuse.table
    first = sorted(table.pages)[0]
    ahead = _ahead(b, table, lambda path, digest: path != first and digest == table.pages[path][0])
    assert ahead.gone == {first}
    fresh = Reuse(table, lambda path, digest: True)
    render(b, None, reuse=fresh, workers=1)  # its tracker's prints of the same keys, made in one process
    # The worker's timeline pages are page_jobs' own pages of that template, values and all.
    shared = shared_context(b)
    jobs = page_jobs(b, shared["timeline"])
    timeline_pages = {path: extra for path, _, extra in timeline_jobs(b, shared["timeline"])}
    assert set(timeline_pages) == {path for path, key, _ in jobs if key == TIMELINE_TEMPLATE}
    assert timeline_pages == {path: extra for path, key, extra in jobs if key == TIMELINE_TEMPLATE}
    model = [i for i, key in enumerate(table.keys) if taken_ahead(key, timeline_pages)]
    others = [i for i, key in enumerate(table.keys) if not taken_ahead(key, timeline_pages)]
    assert any(table.keys[i][0] == "s" for i in model)  # the shared orderings too
    assert any(table.keys[i][0] == "x" and table.keys[i][2] == "timeline" for i in model)  # a type's timeline
    assert len(model) > 30 and others  # both kinds are there: the test compares something
    assert all(ahead.prints[i] == fresh.table.prints[i] for i in model)
    assert all(ahead.prints[i] is None for i in others)
    # ...and each is the print the first render took key by key (Tracker.fingerprint), which
    # the loop over many keys (_fingerprints_of) makes in its own ways for records and map
    # entries: an action's quotes, none or some.
    assert all(ahead.prints[i] == table.prints[i] for i in model)
    entries = [b.action_quotes.get(key[2]) for key in table.keys if key[0] == "m"]
    assert None in entries and any(entries)


def test_pages_changed_or_removed_in_the_output_are_written_again(project: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    rebuilt(project, out, 1)
    clean = tree(out)
    (out / "actors" / "marta-ibanez.md").write_text("edited by hand\n", encoding="utf-8")
    (out / "quotes").joinpath(sorted(os.listdir(out / "quotes"))[0]).unlink()
    used: list[Ahead] = []
    real = render_module.with_prints_ahead

    def spy(*args):  # type: ignore[no-untyped-def]
        made = real(*args)
        used.append(made[1])
        return made
    monkeypatch.setattr(render_module, "with_prints_ahead", spy)
    rendered = rebuilt(project, out, 2)
    assert used and len(used[0].gone) == 2  # the worker found both
    assert {"actors/marta-ibanez.md"} < rendered and any(path.startswith("quotes/") for path in rendered)
    assert tree(out) == clean


def test_have_checked_asks_again_for_what_the_worker_was_not_asked() -> None:
    table = PageTable(pages={"a.md": ("d1", b""), "b.md": ("d2", b"")})
    asked: list[tuple[str, str]] = []

    def have(path: str, digest: str) -> bool:
        asked.append((path, digest))
        return True
    checked = have_checked(Ahead([], {"b.md"}), table, have)
    assert checked("a.md", "d1") and not checked("b.md", "d2")
    assert asked == []
    assert checked("a.md", "other") and checked("c.md", "d3")
    assert asked == [("a.md", "other"), ("c.md", "d3")]
