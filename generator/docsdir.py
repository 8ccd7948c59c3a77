"""A briefing inside an existing MkDocs site: `docs_dir` is not the content folder.

The plugin adds the briefing's pages beside the site's own. Two things MkDocs does not do for
such a site: refuse a page of docs_dir that a briefing page would replace (it let the later
file win without a word), and keep the site's own pages in the nav the plugin makes.
"""

from __future__ import annotations

from collections.abc import Mapping
import os
from pathlib import Path
from typing import Any

from .load import MARKDOWN_SUFFIXES


def pages_taken_in_docs_dir(docs_dir: Path, content_dir: Path, ours: Mapping[str, Any]) -> list[str]:
    """Pages of a docs_dir other than the content folder (a briefing added to an existing
    MkDocs site) that a generated or hand-written page of the briefing has the place of:
    MkDocs let the later file replace the earlier without a word. README.md counts as its
    folder's index.md, as MkDocs publishes it."""
    docs, content = docs_dir.resolve(), content_dir.resolve()
    if docs == content or not docs.is_dir():
        return []
    taken = []
    for folder, subfolders, names in os.walk(docs):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and Path(folder, d).resolve() != content)
        for name in sorted(names):
            if name.startswith(".") or not name.endswith(MARKDOWN_SUFFIXES):
                continue
            rel = Path(folder, name).relative_to(docs).as_posix()
            stem, _, _ = rel.rpartition(".")
            place = (stem[:-6] + "index.md") if stem.lower().endswith("readme") and stem[-7:-6] in ("", "/") else stem + ".md"
            if place in ours:
                taken.append(f"{docs_dir.name}/{rel}")
    return taken


def docs_nav(folder: Path, content_dir: Path) -> list[Any]:
    """The nav MkDocs would make of a docs_dir other than the content folder: its Markdown
    pages, then a section per sub-folder (titled as MkDocs titles folders), paths relative to
    docs_dir; [] when docs_dir is the content folder."""
    root = folder.resolve()
    if root == content_dir.resolve() or not root.is_dir():
        return []

    def entries(here: Path) -> list[Any]:
        found: list[Any] = []
        children = sorted(here.iterdir(), key=lambda p: p.name)
        for path in children:
            if path.is_file() and not path.name.startswith(".") and path.name.endswith(MARKDOWN_SUFFIXES):
                found.append(path.relative_to(root).as_posix())
        for path in children:
            if path.is_dir() and not path.name.startswith(".") and path.resolve() != content_dir.resolve():
                inner = entries(path)
                if inner:
                    title = path.name.replace("-", " ").replace("_", " ")
                    found.append({title.capitalize() if title.lower() == title else title: inner})
        return found
    return entries(root)
