"""Files validated by forked worker processes (validate.validate_shared) give what one process gives.

A cold build shares the files its cache does not know among processes; each worker sends back
what validating a file gave (a ParsedFile, as the cache keeps it). The problems, their places
and messages, the cache entries and the site must be exactly one process's.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

import generator.build as build_module
from generator.build import BuildContext, build, check, write
from generator.cache import BuildCache
from generator.cli import main
from generator.validate import ParsedFile
from conftest import make_project
from test_incremental import MULTI, tree
from test_load_validate import BASE, CASES, VALID_ARTICLE

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="validate workers are forked")


def checked(root: Path, cache: Path | bool, jobs: int) -> BuildContext:
    ctx = BuildContext.for_project(root, cache=cache)
    ctx.jobs = jobs
    check(ctx)
    return ctx


def texts(ctx: BuildContext) -> list[str]:
    return [p.format_text() for p in ctx.problems.sorted()]


def parsed(cache: Path) -> dict[tuple[str, str], ParsedFile]:
    return BuildCache(cache).load_shards("parsed")[0]


def same_entries(one: dict[tuple[str, str], ParsedFile], many: dict[tuple[str, str], ParsedFile]) -> None:
    assert one.keys() == many.keys()
    for key, alone in one.items():
        shared = many[key]
        assert shared == alone, key  # records (with their origins), problems, chunk maps
        for name in ("actors", "actions", "quotes", "articles"):
            for a, b in zip(getattr(alone.records, name), getattr(shared.records, name)):
                # Not fields, so == skips them: the fingerprints the page cache and link use.
                assert a.__dict__.get("parse_print") == b.__dict__.get("parse_print"), (key, a.id)
                assert a.__dict__.get("body_print") == b.__dict__.get("body_print"), (key, a.id)


@pytest.mark.parametrize(("facts", "articles", "expected"), CASES)
def test_workers_report_the_same_problems(tmp_path: Path, facts: dict, articles: dict | None, expected: list) -> None:
    if "base.yaml" not in facts:
        facts = {"base.yaml": BASE, **facts}
    root = make_project(tmp_path / "p", facts, {"sanctions.md": VALID_ARTICLE} if articles is None else articles)
    one = checked(root, tmp_path / "c1", 1)
    many = checked(root, tmp_path / "c3", 3)
    assert one.usage.get("validate_processes", 1) == 1
    assert many.usage["validate_processes"] >= 2  # they did run: not one process twice
    assert texts(many) == texts(one)
    # With the cache, an article's front matter is composed as validation takes it (in a
    # worker, or here); without it, as load reads the file: the same problems either way.
    assert texts(one) == texts(checked(root, False, 1))
    same_entries(parsed(tmp_path / "c1"), parsed(tmp_path / "c3"))


def test_workers_validate_a_briefing_into_the_same_site_and_cache(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MULTI, root)
    results = {}
    for jobs in (1, 2, 3):
        ctx = BuildContext.for_project(root, cache=tmp_path / f"cache{jobs}")
        ctx.jobs = jobs
        result = build(ctx, tmp_path / f"out{jobs}")
        assert not ctx.problems.errors
        write(ctx, result, tmp_path / f"out{jobs}")
        assert ctx.usage.get("validate_processes", 1) == jobs
        results[jobs] = (texts(ctx), tree(tmp_path / f"out{jobs}"), parsed(tmp_path / f"cache{jobs}"))
    for jobs in (2, 3):
        assert results[jobs][0] == results[1][0]
        assert results[jobs][1] == results[1][1]
        same_entries(results[1][2], results[jobs][2])
    # A facts file's chunk map (an edit then reparses only its items) came back from a worker.
    assert any(entry.chunks for key, entry in results[3][2].items() if key[0].endswith(".yaml"))


def test_only_what_the_cache_does_not_know_is_validated_again(tmp_path: Path) -> None:
    """A warm build validates no file (nothing to share); an edit shares only the new bytes."""
    root = tmp_path / "p"
    shutil.copytree(MULTI, root)
    cache = tmp_path / "cache"
    assert checked(root, cache, 3).usage["validate_processes"] == 3
    assert "validate_processes" not in checked(root, cache, 3).usage
    article = root / "content" / "articles" / "dockers-walk-out.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    again = checked(root, cache, 3)
    assert "validate_processes" not in again.usage  # one file: not worth a fork, even when asked
    assert not again.problems.errors


def test_without_the_cache_one_process_validates(tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(MULTI, root)
    ctx = BuildContext.for_project(root, cache=False)
    ctx.jobs = 3
    check(ctx)
    assert "validate_processes" not in ctx.usage
    assert not ctx.problems.errors


def untimed(captured: pytest.CaptureResult[str]) -> str:
    """What the command printed, its elapsed time left out."""
    return re.sub(r"\(\d+\.\d+s\)", "(time)", captured.out + captured.err)


def test_briefing_check_with_jobs_prints_what_one_process_prints(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.build as build_module
    from generator.cli import main

    root = tmp_path / "p"
    shutil.copytree(MULTI, root)
    ministers = root / "content" / "facts" / "people" / "ministers.yaml"
    text = ministers.read_text(encoding="utf-8")
    ministers.write_text(text.replace("type: person", "type: persn", 1) + "  - id: Bad Id\n", encoding="utf-8")
    used: list[int] = []
    real = build_module.validate_shared
    monkeypatch.setattr(build_module, "validate_shared", lambda *a, **k: used.append(real(*a, **k)) or used[-1])
    printed = {}
    for jobs in ("1", "3"):
        code = main(["check", "--project", str(root), "--no-cache", "--jobs", jobs])
        assert code == 1
        printed[jobs] = untimed(capsys.readouterr())
    assert printed["3"] == printed["1"]
    assert used == []  # --no-cache: nothing to share (each file's result is not kept apart)
    for jobs in ("1", "3"):
        code = main(["check", "--project", str(root), "--cache-dir", str(tmp_path / f"cache{jobs}"), "--jobs", jobs])
        assert code == 1
        assert untimed(capsys.readouterr()) == printed["1"]
    assert used == [1, 3]
    assert "persn" in printed["1"] and "Bad Id" in printed["1"]
    with pytest.raises(SystemExit) as stopped:
        main(["check", "--project", str(root), "--jobs", "0"])
    assert stopped.value.code == 2
    assert "argument --jobs: '0' is not a number of processes: give 1 or more" in capsys.readouterr().err


@pytest.fixture
def save_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Save the parse cache in a worker for any briefing (the fixture's is far below the size)."""
    monkeypatch.setattr(build_module, "SAVE_APART_FROM_FILES", 0)


def test_a_worker_saves_the_parse_cache_as_this_process_would(tmp_path: Path, save_apart: None) -> None:
    """A cold build pickles the parse cache in a worker while link runs (build.saved_while):
    the same entries as one process saves, and the next build finds every file in them."""
    root = tmp_path / "p"
    shutil.copytree(MULTI, root)
    one, two = checked(root, tmp_path / "c1", 1), checked(root, tmp_path / "c2", 2)
    assert "cache_worker_peak_kib" not in one.usage
    assert two.usage["cache_worker_peak_kib"] > 0  # it did run in a worker
    assert texts(two) == texts(one) and not two.problems.errors
    same_entries(parsed(tmp_path / "c1"), parsed(tmp_path / "c2"))
    again = checked(root, tmp_path / "c2", 2)
    assert "validate_processes" not in again.usage  # every file was in the worker's cache
    assert "cache_worker_peak_kib" not in again.usage  # and nothing new to save
    assert texts(again) == texts(one)


def test_a_worker_that_cannot_save_the_cache_warns_once(tmp_path: Path, save_apart: None,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "p"
    shutil.copytree(MULTI, root)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", "utf-8")
    code = main(["build", "--project", str(root), "--out", str(tmp_path / "out"), "--jobs", "2",
                 "--cache-dir", str(blocker / "cache")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert err.count("warning: cannot write the build cache") == 1, err  # the worker's, and no more tries
    assert main(["build", "--project", str(root), "--out", str(tmp_path / "ref"), "--no-cache"]) == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "ref")
