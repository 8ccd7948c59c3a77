"""The repository's sample content renders to the committed pages under tests/golden/.

After an intended change to templates or rendering, regenerate and review the diff:

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest -q tests/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.build import BuildContext, build

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _build() -> dict[str, str]:
    ctx = BuildContext.for_project(ROOT)
    result = build(ctx)
    assert ctx.problems.sorted() == [], "\n".join(p.format_text() for p in ctx.problems.sorted())
    assert all(isinstance(data, bytes) for data in result.pages.values())  # kept as they are written
    return {path: data.decode("utf-8") for path, data in result.pages.items()}


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    pages = _build()
    if UPDATE:
        for old in GOLDEN.rglob("*.md") if GOLDEN.is_dir() else []:
            if old.relative_to(GOLDEN).as_posix() not in pages:
                old.unlink()
        for rel, text in pages.items():
            target = GOLDEN / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
    return pages


def _golden_files() -> set[str]:
    return {p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*.md")} if GOLDEN.is_dir() else set()


def test_generated_file_set_equals_golden_set(pages):
    assert set(pages) == _golden_files()


def test_sample_has_the_expected_pages(pages):
    # A sanity floor independent of the golden files: one page per entity plus the fixed pages.
    assert {"index.md", "timeline.md", "actors/index.md", "actions/index.md", "quotes/index.md",
            "articles/index.md", "actors/nicolas-maduro.md",
            "articles/us-sanctions-21-officials.md"} <= set(pages)
    # fixed pages + actors + actions + quotes + articles + one timeline page per action type
    assert len(pages) == 6 + 22 + 16 + 6 + 1 + 10


@pytest.mark.parametrize("rel", sorted(_golden_files()) or ["<no golden files>"])
def test_page_matches_golden(pages, rel):
    if UPDATE and not (GOLDEN / rel).is_file():
        pytest.skip("golden files were just created; run again to compare")
    golden = GOLDEN / rel
    assert golden.is_file(), f"missing golden file {rel}: run with UPDATE_GOLDEN=1"
    assert rel in pages, f"{rel} is no longer generated"
    assert pages[rel] == golden.read_bytes().decode("utf-8")


def test_two_builds_are_byte_identical():
    first = _build()
    second = _build()
    assert list(first) == list(second)
    assert {k: v.encode("utf-8") for k, v in first.items()} == {k: v.encode("utf-8") for k, v in second.items()}
