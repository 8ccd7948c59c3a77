"""A rebuild that hashed its inputs in a worker (warmstart.py) is the rebuild one process makes.

The worker's digests only decide which files the build cache already knows; a file it could
not read, or whose digest is new, is read by load() as before. So after every edit of
test_incremental the rebuild must equal a clean build, render the same pages as a rebuild
without the worker, and report the same problems.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import generator.build as build_module
import generator.warmstart as warmstart
from generator.build import BuildContext, build, write
from generator.cache import CACHE_DIR_NAME, BuildCache
from generator.load import load
from generator.problems import Problems
import test_parallel_render
from test_incremental import EDITS, tree

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the worker is forked")


project = test_parallel_render.project  # the fixture: a copy of the multi fixture, without a cache


seen_gone: list[set[str] | None] = []  # per build of `hashed`: the output checked ahead (what is not as written)


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, str] | None]:
    """Hash ahead for any cache (the fixture's is far below WORTH_FROM_BYTES); the digests each
    build got from the worker, None when there was none."""
    monkeypatch.setattr(warmstart, "WORTH_FROM_BYTES", 0)
    seen: list[dict[str, str] | None] = []
    real = warmstart.cache_and_digests

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = real(*args, **kwargs)
        seen.append(found.digests)
        seen_gone.append(found.gone)
        return found
    seen_gone.clear()
    monkeypatch.setattr(build_module, "cache_and_digests", spy)
    return seen


def built(root: Path, out: Path, jobs: int, cache: bool = True) -> tuple[BuildContext, int]:
    ctx = BuildContext.for_project(root, cache=cache)
    ctx.jobs = jobs
    result = build(ctx, out)
    assert not ctx.problems.errors, [p.format_text() for p in ctx.problems.errors]
    write(ctx, result, out)
    return ctx, len(result.pages)


@pytest.mark.parametrize("name", list(EDITS))
def test_a_rebuild_with_digests_from_a_worker_equals_a_clean_build(project: Path, tmp_path: Path, name: str,
                                                                    hashed: list) -> None:
    alone = tmp_path / "alone"
    shutil.copytree(project, alone)
    out = tmp_path / "out"
    built(project, out, 2)
    built(alone, tmp_path / "alone-out", 1)
    assert hashed[0] is None  # a cold build: no cache yet, nothing to hash ahead
    EDITS[name](project)
    EDITS[name](alone)
    _, rendered = built(project, out, 2)
    _, rendered_alone = built(alone, tmp_path / "alone-out", 1)
    assert hashed[2] is not None and len(hashed[2]) == 12  # the rebuild had every input's digest
    assert seen_gone[2] == set()  # and its output checked: every page as written
    assert hashed[3] is None  # --jobs 1: no worker
    built(project, tmp_path / "ref", 1, cache=False)
    assert tree(out) == tree(tmp_path / "ref")
    assert rendered == rendered_alone


def test_the_worker_hashes_exactly_the_files_load_reads(project: Path) -> None:
    (project / "content" / "articles" / "notes.txt").write_text("not an article\n", encoding="utf-8")
    (project / "content" / "facts" / ".hidden.yaml").write_text("actors: []\n", encoding="utf-8")
    os.symlink(project / "missing.md", project / "content" / "articles" / "gone.md")
    problems = Problems(project)
    content = load(project / "content", problems, {})
    read = {str(f.path): f.source.key[1] for f in (*content.facts, *content.articles) if f.source is not None}
    assert len(read) == 12
    assert warmstart.input_digests(project / "content", project) == read


def test_problems_are_the_same_with_and_without_the_worker(project: Path, tmp_path: Path, hashed: list,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A broken link and a file over the size limit: the worker skips them, load() reports them."""
    import generator.load as load_module

    texts = {}
    for jobs in (2, 1):
        root = tmp_path / f"p{jobs}"
        shutil.copytree(project, root)
        monkeypatch.setattr(load_module, "MAX_FILE_BYTES", 10**9)
        built(root, tmp_path / f"out{jobs}", jobs)  # warm the cache
        os.symlink(root / "missing.md", root / "content" / "articles" / "gone.md")
        monkeypatch.setattr(load_module, "MAX_FILE_BYTES", 2_000)  # events/2024.yaml is bigger
        ctx = BuildContext.for_project(root)
        ctx.jobs = jobs
        build(ctx, tmp_path / f"out{jobs}")
        texts[jobs] = [p.format_text().replace(f"p{jobs}", "p") for p in ctx.problems.sorted()]
    assert hashed[1] is not None  # the second build of the first project hashed ahead
    assert any("file-too-large" in t for t in texts[1]) and any("gone.md" in t for t in texts[1])
    assert texts[2] == texts[1]


def test_a_small_cache_is_not_worth_a_worker(project: Path, tmp_path: Path) -> None:
    built(project, tmp_path / "out", 2)
    cache = BuildCache(project / CACHE_DIR_NAME)
    assert warmstart.cache_and_digests(cache, project / "content", project, 2).digests is None
    assert warmstart.cache_and_digests(cache, project / "content", project, None).digests is None


def test_pages_changed_in_the_output_are_found_by_the_worker(project: Path, tmp_path: Path, hashed: list) -> None:
    """The worker checks the output folder against the last write state (one lstat a page): a
    page edited, replaced or removed by hand there is rendered again, the others kept."""
    out = tmp_path / "out"
    built(project, out, 2)
    edited, replaced, removed = out / "timeline.md", out / "actors" / "marta-ibanez.md", out / "quotes" / "index.md"
    edited.write_bytes(edited.read_bytes() + b"\nmine\n")
    data = replaced.read_bytes()
    replaced.unlink()
    replaced.write_bytes(data)  # the same bytes, in a new file (another inode): not as written
    removed.unlink()
    _, rendered = built(project, out, 2)
    assert seen_gone[1] == {"timeline.md", "actors/marta-ibanez.md", "quotes/index.md"}
    assert rendered == 4  # those three and the home page (always drawn)
    built(project, tmp_path / "ref", 1, cache=False)
    assert tree(out) == tree(tmp_path / "ref")


def test_the_text_memo_comes_with_the_parse_cache_and_spares_every_search(project: Path, tmp_path: Path,
                                                                           hashed: list,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The text memo is loaded while the worker hashes (warmstart.TEXTS): a rebuild with the
    worker searches no article for mentions, quotes or paragraphs again, and without the memo
    it would."""
    import generator.link as link_module
    from generator.mentions import MentionMatcher

    searched: list[str] = []
    real_find, real_find_in = MentionMatcher.find, link_module._Linker.find_in_article
    monkeypatch.setattr(MentionMatcher, "find", lambda self, text: searched.append("mentions") or real_find(self, text))
    monkeypatch.setattr(link_module._Linker, "find_in_article",
                        lambda self, article, *rest: searched.append("text") or real_find_in(self, article, *rest))
    real_paragraphs = link_module.paragraphs_of
    monkeypatch.setattr(link_module, "paragraphs_of", lambda body: searched.append("paragraphs") or real_paragraphs(body))
    out = tmp_path / "out"
    built(project, out, 2)
    assert {"mentions", "text", "paragraphs"} <= set(searched)  # a cold build searches
    searched.clear()
    kept = []
    real = build_module.cache_and_digests
    monkeypatch.setattr(build_module, "cache_and_digests", lambda *a, **k: kept.append(real(*a, **k)) or kept[-1])
    built(project, out, 2)
    assert kept[0].digests is not None  # the worker ran
    assert set(kept[0].texts) == {"mentions", "spans", "paragraphs"}
    assert searched == []
