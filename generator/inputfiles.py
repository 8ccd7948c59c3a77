"""Which files under content/ are inputs: the scan that load.py reads and warmstart.py hashes ahead.

Facts are `.yaml`/`.yml` files under content/facts, articles `.md` files under content/articles,
in the same order on every file system; what is skipped, and what is warned about, is decided
here once for both.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from .problems import Problems

FACT_SUFFIXES = (".yaml", ".yml")
ARTICLE_SUFFIXES = (".md",)


def sorted_files(folder: Path, suffixes: tuple[str, ...] | None, problems: Problems, root: Path,
                 ignored: Callable[[str], str] | None = None) -> list[Path]:
    """Files under `folder`, sorted by '/'-separated relative path (the same order on every
    file system); hidden files and folders are skipped, linked folders are not entered (as
    Path.rglob does), and a file whose real place is outside the content folder is reported
    and skipped (a link to /etc/passwd must not become a page). os.scandir, not rglob: at
    10,000 files rglob and its Path objects cost a tenth of a rebuild. A file whose suffix is
    not one of `suffixes` is not read; with `ignored` (which gives the message from the
    file's name) it is warned about, so that `story.markdown` does not vanish without a word.
    Editor backups (`name~`) are skipped silently, as hidden files are."""
    if not folder.is_dir():
        return []
    inside = root.resolve()
    found: list[tuple[str, str]] = []  # (relative path, real path)
    stack = [(str(folder), "")]
    while stack:
        directory, rel_dir = stack.pop()
        folder_inside = Path(directory).resolve().is_relative_to(inside)  # once per folder
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as exc:
            problems.add(Path(directory), 0, 0, "file-unreadable", f"cannot read folder: {exc.strerror or exc}")
            continue
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, rel_dir + name + "/"))
                continue
            if suffixes is not None and os.path.splitext(name)[1].lower() not in suffixes:
                # Checked only here, for the few files that are not read: the scan of 20,000
                # inputs pays nothing for it (is_file needs no system call for a plain file).
                if ignored is not None and not name.endswith("~") and entry.is_file():
                    problems.warn(Path(entry.path), 0, 0, "file-ignored", ignored(name))
                continue
            if not entry.is_file():  # a link to a folder, a broken link, a socket...
                if entry.is_symlink() and not os.path.exists(entry.path):
                    # Named like an input, so the curator meant it to count: say why it does not.
                    problems.add(Path(entry.path), 0, 0, "file-unreadable",
                                 f"this file is a link to '{os.readlink(entry.path)}', which does not exist: "
                                 "fix the link or remove it")
                continue
            if not folder_inside or (entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(inside)):
                problems.add(Path(entry.path), 0, 0, "file-outside-content",
                             "this file links to a place outside the content folder; it is not read: "
                             "copy the file in instead")
                continue
            found.append((rel_dir + name, entry.path))
    found.sort()  # by relative path: the order on every system
    return [Path(path) for _, path in found]


def not_read_message(folder: str, other: str, facts: bool) -> Callable[[str], str]:
    """The message for a file in `folder` (facts or articles) that is not read, by its name;
    `other` is the other folder, where the file may belong."""
    wanted = ".yaml and .yml files" if facts else ".md files"
    what = "facts" if facts else "articles"

    def message(name: str) -> str:
        stem, suffix = os.path.splitext(name)
        said = f"this file is not read: only {wanted} in {folder} are {what}; "
        if facts and suffix.lower() in ARTICLE_SUFFIXES:
            return said + f"if it is an article, move it to {other}, else move it out of {folder}"
        if not facts and suffix.lower() in FACT_SUFFIXES:
            return said + f"if it holds facts, move it to {other}"
        renamed = (stem or name) + (FACT_SUFFIXES[0] if facts else ARTICLE_SUFFIXES[0])
        what_it_is = "holds facts" if facts else "is one"
        return said + f"rename it to '{renamed}' if it {what_it_is}, or move it out of {folder}"
    return message
