"""Stage 5, write: put a rendered Markdown tree on disk, changing only what changed.

Writing is a small transaction, in one of two shapes:

- **A new output folder** (missing or empty): every file is written into a fresh sibling
  folder, which is then renamed into place in one step. A failure or Ctrl-C before the rename
  leaves no output folder at all (the sibling is removed); after it, the whole tree. A cold
  `briefing build --out` fills the sibling while it renders, each page written by the process
  that rendered it (`FreshTree`, build(stream=True)); otherwise all at the end.
- **An existing output folder**:
  1. every changed file is written in full to a temporary name beside its target (a full
     disk or any error here removes the temporaries and leaves the old tree exactly as it
     was);
  2. then the temporaries are renamed over their targets, with Ctrl-C and SIGTERM held back
     for the few milliseconds this takes, so an interrupted build never leaves a mix of old
     and new pages;
  3. last, files this generator wrote before and no longer produces are removed (the
     manifest says which; nothing else in the folder is touched).
  It is called only after every page has rendered, so a failed build changes nothing there.

A file whose bytes are unchanged is not touched, so its timestamp stays and watchers
(`mkdocs serve`, rsync) see only real changes. The manifest (`.briefing-manifest`) lists the
files written, so it is as deterministic as the pages. The caller may also pass what the last
write recorded per file (`WriteState`: size, modification time and a SHA-256 prefix of its
bytes, kept in the build cache, not in the output): a file whose size and time still match
and whose new bytes hash the same is known unchanged without being read back (at 63,000
pages, reading every page back cost more than hashing the new ones). Anything that does not
match is compared byte for byte, so an edited or touched output file is never taken for
current, and without a state every file is compared.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import stat
import threading
from collections.abc import Mapping, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator, NamedTuple

from .cache import in_order

MANIFEST = ".briefing-manifest"
_HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Written(NamedTuple):
    """What a write left at a path: enough to know it unchanged later without reading it.
    A tuple, and kept in the build cache as a plain one (`state_to_data`): 63,000 of them
    pickle three times faster so than as objects."""

    size: int
    mtime_ns: int
    inode: int
    digest: str


WriteState = dict[str, Written]  # relative path -> what was written there


def state_to_data(state: WriteState, order: list[str] | None = None) -> dict[str, tuple]:
    """The state as the cache keeps it; with `order` (the build's page order), its files in
    that order and the others after them, as the state has them: a write lists the files it
    left alone, kept or written in an order of its own, and the same order from one build to
    the next lets the cache find the changes quickly (cache.save_journaled)."""
    if order is not None:
        state = in_order(state, order)  # hand-written pages at the end
    return {rel: tuple(entry) for rel, entry in state.items()}


def state_from_data(data: object) -> WriteState:
    """A write state read back from the cache; anything malformed gives an empty one."""
    if not isinstance(data, dict):
        return {}
    try:  # entries of the wrong types are harmless: they only ever compare unequal (a miss)
        return {rel: Written._make(entry) for rel, entry in data.items()}
    except TypeError:
        return {}


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    state: WriteState = field(default_factory=dict)  # every file of the tree, as it now is


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


def check_relative(rel: str) -> None:
    """Refuse a relative '/'-path that could leave the output folder or is not canonical."""
    pure = PurePosixPath(rel)
    if (pure.is_absolute() or ".." in pure.parts or not pure.parts or rel != pure.as_posix()
            or "\\" in rel or "\x00" in rel or "\n" in rel or "\t" in rel):
        raise ValueError(f"refusing to write outside the output folder: {rel!r}")


def safe_target(out_dir: Path, rel: str) -> Path:
    """The file for a relative '/'-path, refusing anything that would leave `out_dir`:
    absolute paths, '..', and folders inside `out_dir` that are links to elsewhere. A file
    where one of its folders goes is named (an OS error would name only the output folder)."""
    check_relative(rel)
    parts = rel.split("/")
    target = out_dir.joinpath(*parts)
    folder = out_dir
    for depth, part in enumerate(parts[:-1], 1):
        folder = folder / part
        try:
            mode = os.lstat(folder).st_mode
        except (OSError, ValueError):
            break  # missing (the write makes it), or an error the write itself reports
        if stat.S_ISLNK(mode):
            raise ValueError(f"refusing to write through the link {folder}: {rel!r}")
        if not stat.S_ISDIR(mode):
            raise ValueError(f"'{folder}' is a file where the output needs the folder "
                             f"'{'/'.join(parts[:depth])}'; move or delete it, then build again")
    if target.is_symlink():
        raise ValueError(f"refusing to replace the link {target}")
    return target


class UnsafeOutput(ValueError):
    """An output folder no build may write: a usage error (the command exits 2)."""


def _identities(path: Path) -> set[object]:
    """What makes two paths the same folder: the resolved path and, if it exists, its device
    and inode (which also match on a case-insensitive disk or through a bind mount)."""
    found: set[object] = {str(path)}
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return found
    found.add((st.st_dev, st.st_ino))
    return found


def check_output_folder(out_dir: Path, *, content: Path, templates: Path | None, cache: Path | None,
                        example: str = "--out build/docs") -> None:
    """Refuse, before a build reads or writes anything, an output folder that would overwrite
    or mix with what builds read or keep: one equal to, inside or containing the content, the
    templates or the build cache folder (so the project root, which holds content/, too), or
    one that is a file or lies under one. Links and '..' are resolved first. Raises
    UnsafeOutput; `example` is the fix suggested (the MkDocs plugin would name `site_dir`)."""
    out = Path(os.path.realpath(out_dir))
    for path in (out, *out.parents):  # the nearest that exists must be a folder
        if os.path.lexists(path):
            if not path.is_dir():
                raise UnsafeOutput(f"cannot write the output to '{out_dir}': '{path}' is a file, not a folder; "
                                   f"move or delete it, or pass another folder, e.g. {example}")
            break
    out_ids = _identities(out)
    kept = (("content folder", content), ("templates folder", templates), ("build cache folder", cache))
    for name, folder in kept:
        if folder is None:
            continue
        resolved = Path(os.path.realpath(folder))
        ids = _identities(resolved)
        if out_ids & ids:
            relation = "is"
        elif any(_identities(parent) & ids for parent in out.parents):
            relation = "is inside"
        elif any(_identities(parent) & out_ids for parent in resolved.parents):
            relation = "contains"
        else:
            continue
        raise UnsafeOutput(f"refusing to write the output to '{out_dir}': it {relation} the {name} '{folder}', "
                           f"whose files the build would overwrite or mix with its own; pass a folder of its "
                           f"own, e.g. {example}")


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


def _read_manifest(path: Path) -> list[str]:
    try:
        return path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []


def _manifest_text(rels: list[str]) -> bytes:
    return "".join(f"{rel}\n" for rel in sorted(rels)).encode("utf-8")


def _write_file(path: Path | str, data: bytes, exclusive: bool = False) -> os.stat_result:
    """Write `data` and return the file's status as written (size and mtime for the manifest).
    Mode 0666 less the umask, like any file the user creates; never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | _NOFOLLOW | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(path, flags, 0o666)
    try:  # os.write, not a buffered file object: 63,000 pages made 63,000 of those
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        return os.fstat(fd)
    finally:
        os.close(fd)


def _is_empty_dir(path: Path) -> bool:
    try:
        with os.scandir(path) as entries:
            return next(entries, None) is None
    except OSError:
        return False


def write_tree(out_dir: Path, files: Mapping[str, bytes], known: WriteState | None = None,
               kept: Set[str] | None = None, digests: dict[str, str] | None = None) -> WriteReport:
    """Make `out_dir` hold `files` plus the `kept` files, which the caller found unchanged
    in it (their entries in `known` say so); anything else this generator wrote goes. The
    report's state lists `files`, then `kept` in its order, then what was written: in the same
    order from one build to the next, its changes are found quickly (cache.save_journaled).
    `digests`: `digest()` of some files' bytes, when the caller already made them (render
    does, for the page cache), so that 212 MB are not hashed twice."""
    for rel in files:
        check_relative(rel)  # every path first: nothing is written if one is bad
    if out_dir.is_symlink():
        raise ValueError(f"refusing to write through the link {out_dir}")
    if not kept and (not out_dir.exists() or _is_empty_dir(out_dir)):
        return _write_new_tree(out_dir, files, digests or {})
    return _update_tree(out_dir, files, known or {}, kept or set(), digests or {})


def still_there(folder: str, known: WriteState, rel: str, wanted: str, gone: set[str] | None = None) -> bool:
    """Whether `folder + rel` (`folder`: the output folder's path ending in '/', made once for
    the 63,000 pages of a rebuild) still holds the bytes hashed `wanted`, as the last write left
    them (same size, modification time and inode, not a link): then it need not be rendered
    again. `gone`: what `not_as_written` found ahead for all of `known`, instead of an lstat now."""
    entry = known.get(rel)
    if entry is None or entry.digest != wanted:
        return False
    return rel not in gone if gone is not None else as_written(folder + rel, entry)


@dataclass(frozen=True)
class StillThere:
    """`still_there` for one output folder (what build.py hands render as `have`), and the same
    question for all of a page table's pages at once (printsahead.py: 63,000 calls cost a
    tenth of a second of the worker there)."""

    folder: str
    known: WriteState
    gone: set[str] | None = None

    def __call__(self, rel: str, wanted: str) -> bool:
        return still_there(self.folder, self.known, rel, wanted, self.gone)

    def missing(self, pages: Mapping[str, tuple[str, bytes]]) -> set[str]:
        """The paths of `pages` (path -> (digest, ...)) for which this is false."""
        known, gone = self.known, self.gone
        if gone is None:
            return {rel for rel, (digest, _) in pages.items() if not self(rel, digest)}
        return {rel for rel, (digest, _) in pages.items()
                if (entry := known.get(rel)) is None or entry.digest != digest or rel in gone}


def as_written(path: str, entry: Written) -> bool:
    """Whether `path` is still the file a write left (same size, modification time and inode,
    not a link)."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return False
    return (stat.S_ISREG(st.st_mode) and st.st_size == entry.size and st.st_mtime_ns == entry.mtime_ns
            and st.st_ino == entry.inode)


def not_as_written(folder: str, known: WriteState) -> set[str]:
    """The files of `known` that `folder` (ending in '/') no longer holds as written."""
    return {rel for rel, entry in known.items() if not as_written(folder + rel, entry)}


def _write_new_tree(out_dir: Path, files: Mapping[str, bytes], digests: dict[str, str]) -> WriteReport:
    """Everything into a fresh sibling folder, then one rename (onto a missing or empty folder)."""
    tree = FreshTree(out_dir)
    try:
        return tree.commit(files, digests)
    finally:
        tree.discard()  # nothing left of it after a failure (a no-op once renamed into place)


class Unwritable(OSError):
    """A page that could not be written into a FreshTree (a full disk, no permission): said as
    such by the CLI, like any write error, not as a bug."""


class FreshTree:
    """A new output folder filled page by page, as pages are made, then put in place at once.

    A cold `briefing build --out` into a missing or empty folder writes each page as it renders
    (`put`, also from forked render workers: each writes its own pages), rather than holding
    every page until the end and writing them in one burst (1.4 GB at 10,000 articles of the
    third benchmark shape: the disk throttled that burst). The pages go into a hidden sibling
    folder; `commit` adds the hand-written pages and the manifest and renames it into place in
    one step, and `discard` removes it and any parent folder it made: a failed or interrupted
    build leaves no output folder, exactly as `write_tree` does."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.entries: WriteState = {}  # what each page written so far left (`took`)
        self._made_parents = [p for p in (out_dir.parent, *out_dir.parent.parents) if not p.exists()]
        self.folder = out_dir.with_name(f".{out_dir.name}.briefing-new")
        try:
            out_dir.parent.mkdir(parents=True, exist_ok=True)
            if self.folder.is_symlink() or self.folder.is_file():
                self.folder.unlink()
            elif self.folder.exists():
                shutil.rmtree(self.folder)  # left by a killed run: ours by its name, never followed links
            self.folder.mkdir()
        except OSError as exc:
            raise Unwritable(exc.errno, exc.strerror, exc.filename) from None
        self._prefix = os.path.join(self.folder, "")
        self._folders = {""}  # folders made in this process (a forked worker makes its own too)
        self.open = True

    @classmethod
    def start(cls, out_dir: Path) -> "FreshTree | None":
        """A FreshTree for `out_dir` if a write would make a new tree there (the folder is
        missing or empty, and not a link), else None: `write_tree` then compares and updates."""
        if out_dir.is_symlink() or (out_dir.exists() and not _is_empty_dir(out_dir)):
            return None
        return cls(out_dir)

    def put(self, rel: str, data: bytes, wanted: str | None = None) -> Written:
        """Write one page (`wanted`: the digest of its bytes, if the caller made it). Returns
        what the write left, which the process that commits records with `took`. Raises
        Unwritable on an OS error, ValueError on a path that would leave the folder."""
        check_relative(rel)
        folder = rel.rpartition("/")[0]
        try:
            if folder not in self._folders:
                os.makedirs(self._prefix + folder, exist_ok=True)  # safe when two processes race
                self._folders.add(folder)
            st = _write_file(self._prefix + rel, data, exclusive=True)
        except OSError as exc:
            raise Unwritable(exc.errno, exc.strerror, exc.filename) from None
        return Written(st.st_size, st.st_mtime_ns, st.st_ino, wanted or digest(data))

    def took(self, rel: str, written: Written) -> None:
        self.entries[rel] = written

    def commit(self, files: Mapping[str, bytes], digests: dict[str, str] | None = None) -> WriteReport:
        """Write `files` too (a hand-written page replaces a generated one of the same path),
        then the manifest of everything, then rename the folder into place."""
        if not self.open:
            raise ValueError(f"the new tree for '{self.out_dir}' was already put in place or discarded")
        for rel in files:
            check_relative(rel)  # every path first: nothing is put in place if one is bad
        for rel in sorted(files):
            if rel in self.entries:  # only ever a hand-written page over a generated one
                os.unlink(self._prefix + rel)
            self.took(rel, self.put(rel, files[rel], (digests or {}).get(rel)))
        _write_file(self.folder / MANIFEST, _manifest_text(list(self.entries)), exclusive=True)
        with _signals_held():
            os.replace(self.folder, self.out_dir)  # rename(2): atomic, and allowed onto an empty folder
            self.open = False
        return WriteReport(written=sorted(self.entries), state=self.entries)

    def discard(self) -> None:
        """Remove the folder and the parents it made, unless committed. Safe to call twice."""
        if not self.open:
            return
        self.open = False
        shutil.rmtree(self.folder, ignore_errors=True)
        for parent in self._made_parents:  # nearest first
            try:
                parent.rmdir()
            except OSError:
                break


def _update_tree(out_dir: Path, files: Mapping[str, bytes], known: WriteState, kept: Set[str],
                 digests: dict[str, str]) -> WriteReport:
    report = WriteReport()
    manifest_path = out_dir / MANIFEST
    previous = _read_manifest(manifest_path)
    checked: dict[str, Path] = {}  # folder -> checked path: each folder is checked for links once
    entries: WriteState = {}
    changed: dict[str, tuple[Path, bytes, str]] = {}
    for rel in sorted(files):
        folder, _, name = rel.rpartition("/")
        base = checked.get(folder)
        if base is None:
            target = safe_target(out_dir, rel)
            checked[folder] = target.parent
        else:
            target = base / name
        data = files[rel]
        new_digest = digests.get(rel) or digest(data)
        try:
            st = os.lstat(target)
        except FileNotFoundError:
            st = None
        if st is not None and not stat.S_ISREG(st.st_mode):
            what = "a link" if stat.S_ISLNK(st.st_mode) else "a folder" if stat.S_ISDIR(st.st_mode) else "not a file"
            raise ValueError(f"'{target}' is {what} where the output needs the page '{rel}'; "
                             "move or delete it, then build again")
        old = known.get(rel)
        if st is not None and st.st_size == len(data) and (
                (old is not None and old.size == st.st_size and old.mtime_ns == st.st_mtime_ns and old.inode == st.st_ino
                 and old.digest == new_digest) or target.read_bytes() == data):
            entries[rel] = Written(st.st_size, st.st_mtime_ns, st.st_ino, new_digest)
            continue
        changed[rel] = (target, data, new_digest)
    for rel in kept:
        entries[rel] = known[rel]
    report.unchanged = len(files) + len(kept) - len(changed)
    staged: list[tuple[str, Path]] = []
    created: list[Path] = []  # folders this run made, removed again if it fails
    made: set[Path] = set()
    committed = False
    try:
        for rel, (target, data, new_digest) in changed.items():  # 1. stage
            if target.parent not in made:
                missing = [p for p in (target.parent, *target.parent.parents) if not p.exists()]
                target.parent.mkdir(parents=True, exist_ok=True)
                created.extend(reversed(missing))
                made.add(target.parent)
            # A fixed temporary name beside the target (not mkstemp's random one: cheaper, and
            # a leftover from a killed run is simply overwritten next time).
            tmp = target.with_name(f".briefing-tmp-{target.name}")
            staged.append((rel, tmp))
            st = _write_file(tmp, data)
            entries[rel] = Written(st.st_size, st.st_mtime_ns, st.st_ino, new_digest)
        manifest = _manifest_text([*files, *kept])
        manifest_changed = not (manifest_path.is_file() and manifest_path.read_bytes() == manifest)
        if manifest_changed:
            tmp = manifest_path.with_name(f".briefing-tmp-{MANIFEST}")
            staged.append((MANIFEST, tmp))
            _write_file(tmp, manifest)
        stale = []
        for rel in sorted(set(previous) - set(files) - kept):
            try:
                stale.append((rel, safe_target(out_dir, rel)))
            except ValueError:
                continue  # a manifest line that points outside: never followed
        with _signals_held():  # 2. commit: renames and removals, with Ctrl-C held back
            for rel, tmp in staged:
                os.replace(tmp, manifest_path if rel == MANIFEST else changed[rel][0])
            staged = []
            committed = True
            emptied: set[Path] = set()
            for rel, target in stale:  # 3. pages this build no longer makes
                if target.is_file() and not target.is_symlink():
                    target.unlink()
                    report.removed.append(rel)
                    emptied.add(target.parent)
            # A folder that held only our pages goes with them: each checked once, deepest
            # first (checking after every removal was quadratic: 63,000 pages took minutes).
            for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
                while folder != out_dir and folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
                    folder = folder.parent
    finally:
        for _, tmp in staged:  # a failed stage: drop the temporaries, keep the old tree
            tmp.unlink(missing_ok=True)
        if not committed:
            for folder in reversed(created):
                try:
                    folder.rmdir()
                except OSError:
                    pass
    report.written = list(changed)
    report.state = entries
    return report
