"""Stage 5, write: put a rendered Markdown tree on disk, changing only what changed.

Called only after every page has rendered, so a failed build writes nothing. Writing is a
small transaction:
1. every changed file is written in full to a temporary name beside its target (a full disk
   or any error here removes the temporaries and leaves the old tree exactly as it was);
2. then the temporaries are renamed over their targets, with Ctrl-C and SIGTERM held back
   for the few milliseconds this takes, so an interrupted build never leaves a mix of old
   and new pages;
3. last, files this generator wrote before and no longer produces are removed (a manifest
   says which; nothing else in the folder is touched).
A file whose bytes are unchanged is not touched, so its timestamp stays and watchers
(`mkdocs serve`, rsync) see only real changes.
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

MANIFEST = ".briefing-manifest"
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)


def safe_target(out_dir: Path, rel: str) -> Path:
    """The file for a relative '/'-path, refusing anything that would leave `out_dir`:
    absolute paths, '..', and folders inside `out_dir` that are links to elsewhere."""
    pure = PurePosixPath(rel)
    if (pure.is_absolute() or ".." in pure.parts or not pure.parts or rel != pure.as_posix()
            or "\\" in rel or "\x00" in rel):
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")
    target = out_dir.joinpath(*pure.parts)
    folder = out_dir
    for part in pure.parts[:-1]:
        folder = folder / part
        if folder.is_symlink():
            raise ValueError(f"refusing to write through the link {folder}: {rel!r}")
    if target.is_symlink():
        raise ValueError(f"refusing to replace the link {target}")
    return target


@contextmanager
def _signals_held() -> Iterator[None]:
    """Defer SIGINT/SIGTERM until the block ends (main thread only; elsewhere a no-op)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _unchanged(target: Path, data: bytes) -> bool:
    try:
        return target.stat().st_size == len(data) and target.read_bytes() == data
    except OSError:
        return False


def _targets(out_dir: Path, rels: list[str]) -> dict[str, Path]:
    """`safe_target` for many paths: each folder is checked for links once, not once a file
    (63,000 pages sit in a handful of folders)."""
    checked: dict[str, Path] = {}
    targets = {}
    for rel in rels:
        folder, _, name = rel.rpartition("/")
        base = checked.get(folder)
        if base is None or not name or name in (".", "..") or "\\" in name or "\x00" in name:
            target = safe_target(out_dir, rel)
            checked[folder] = target.parent
        else:
            target = base / name
            if target.is_symlink():
                raise ValueError(f"refusing to replace the link {target}")
        targets[rel] = target
    return targets


def write_tree(out_dir: Path, files: dict[str, bytes]) -> WriteReport:
    report = WriteReport()
    targets = _targets(out_dir, sorted(files))  # check every path first
    manifest = out_dir / MANIFEST
    listing = "".join(f"{rel}\n" for rel in sorted(files)).encode("utf-8")
    changed = {rel: files[rel] for rel in sorted(files) if not _unchanged(targets[rel], files[rel])}
    report.unchanged = len(files) - len(changed)
    if not _unchanged(manifest, listing):
        changed[MANIFEST] = listing
        targets[MANIFEST] = manifest
    staged: list[tuple[str, Path]] = []
    folders: set[Path] = set()
    created: list[Path] = []  # folders this run made, removed again if it fails
    committed = False
    try:
        for rel, data in changed.items():  # 1. stage
            target = targets[rel]
            if target.parent not in folders:
                missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
                target.parent.mkdir(parents=True, exist_ok=True)
                created.extend(reversed(missing))
                folders.add(target.parent)
            # A fixed temporary name beside the target (not mkstemp's random one: cheaper, and
            # a leftover from a killed run is simply overwritten next time); mode 0666 less
            # the umask, like any file the user creates.
            tmp = target.with_name(f".briefing-tmp-{target.name}")
            staged.append((rel, tmp))
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        previous = manifest.read_text("utf-8").splitlines() if manifest.is_file() else []
        stale = []
        for rel in sorted(set(previous) - set(files)):
            try:
                stale.append((rel, safe_target(out_dir, rel)))
            except ValueError:
                continue  # a manifest line that points outside: never followed
        with _signals_held():  # 2. commit: renames and removals, with Ctrl-C held back
            for rel, tmp in staged:
                os.replace(tmp, targets[rel])
            staged = []
            committed = True
            for rel, target in stale:  # 3. pages this build no longer makes
                if target.is_file() and not target.is_symlink():
                    target.unlink()
                    report.removed.append(rel)
                    parent = target.parent
                    while parent != out_dir and parent.is_dir() and not any(parent.iterdir()):
                        parent.rmdir()  # a folder that held only our pages goes with them
                        parent = parent.parent
    finally:
        for _, tmp in staged:  # a failed stage: drop the temporaries, keep the old tree
            tmp.unlink(missing_ok=True)
        if not committed:
            for folder in reversed(created):
                try:
                    folder.rmdir()
                except OSError:
                    pass
    report.written = [rel for rel in changed if rel != MANIFEST]
    return report
