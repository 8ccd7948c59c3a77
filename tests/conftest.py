"""Shared helpers for unit tests: build a small project tree under tmp_path."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

VALID_ARTICLE = """\
---
title: Sanctions on officials
date: 2024-11-27
source: Example News
---
The U.S. Treasury sanctioned 21 officials aligned with Nicolas Maduro on Wednesday.

Antony Blinken said the United States is "acting again today to hold Maduro accountable."
"""


def make_project(
    tmp_path: Path,
    facts: dict[str, str],
    articles: dict[str, str],
    pages: dict[str, str] | None = None,
) -> Path:
    """Write content/facts/<key>, content/articles/<key> and content/pages/<key>; return tmp_path.

    Texts are dedented, so tests can indent them inline. Facts keys may contain folders
    ("actors/people.yaml"); article and page keys are file names (or relative paths).
    """
    content = tmp_path / "content"
    for folder, files in (("facts", facts), ("articles", articles), ("pages", pages or {})):
        (content / folder).mkdir(parents=True, exist_ok=True)
        for rel, text in files.items():
            target = content / folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path


@pytest.fixture
def valid_article() -> str:
    """A well-formed article: front matter with title, date, source and a two-paragraph body."""
    return VALID_ARTICLE
