"""The build cache: what a build learnt, kept for the next one (`.briefing-cache/` by default).

Two main things are kept, each checked before it is used:
- `parsed-NN` (16 shards by path): per input file, keyed by its path and the SHA-256 of its
  bytes, the records and problems that loading and validating it gave. A rebuild reads every
  file (to hash it) but parses only those whose bytes changed, and saves only the changes of
  the shards that hold a changed file.
- `pages-<target>`: per generated page, what it read from the model while it rendered (see
  pagecache.py) and the hash of what it wrote, for one output target (a `--out` folder).
Beside them: `parsed-big-<hash>`, a shard of its own for each facts file of 2,000 records or
more; `parsed-kept`, the digests of big files whose shard was left at an earlier version
(factchunks.ChunkReuse.keep_previous); `texts`, mentions and quote positions (textmemo.TextMemo).
`pages-<target>`, `texts` and the `parsed-NN` shards change a little on each rebuild and are
big (22 MB, 6 MB and 4.4 MB each at 10,000 articles), so each is saved as a full save plus a
`-delta` file of the changes since (`save_journaled`), until the changes reach a twentieth of
its entries.

Safe to delete at any time: a missing, unreadable, truncated or foreign file is a cache miss,
never an error. Never stale: every entry is keyed by the bytes it was made from, and every file
by a fingerprint of the generator's own code, the Python version and the PyYAML and Jinja
versions, so a new release, an upgraded library or an edited module starts afresh. Writes go to a temporary file renamed into place, so two builds
at once or a build killed mid-write leave either the old file or the new one.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

CACHE_DIR_NAME = ".briefing-cache"
_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This folder is a cache made by briefing (the briefing site generator).\n"
        "# It is safe to delete; see https://bford.info/cachedir/\n")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the generator's modules, the Python version and the versions of the libraries
    whose output is cached (PyYAML and libyaml parse, Jinja renders): a cache made by other code
    is not read (a changed validator or model must never meet records it did not make)."""
    import jinja2
    import yaml

    libraries = f"{jinja2.__version__}|{yaml.__version__}|{getattr(yaml, '__with_libyaml__', False)}"
    digest = hashlib.sha256(sys.version.encode() + libraries.encode())
    package = Path(__file__).resolve().parent
    for path in sorted(package.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


class _ModelUnpickler(pickle.Unpickler):
    """Unpickles only plain data and the generator's own model classes: a cache folder is
    input too (it could be committed to a repository by mistake or on purpose), and a general
    unpickler would run whatever callable a crafted file names."""

    _ALLOWED_MODULES = ("generator.model", "generator.problems", "generator.write", "generator.pagecache",
                        "generator.validate")
    _ALLOWED_BUILTINS = frozenset(("set", "frozenset", "dict", "list", "tuple", "bytes", "bytearray", "str", "int"))

    def find_class(self, module: str, name: str) -> Any:
        if module in self._ALLOWED_MODULES or (module == "builtins" and name in self._ALLOWED_BUILTINS):
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the build cache")


SHARDS = 16


def shard_of(path: str) -> int:
    return hashlib.sha1(path.encode("utf-8", "surrogatepass")).digest()[0] % SHARDS


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


V = TypeVar("V")


def in_order(entries: dict[str, V], order: list[str]) -> dict[str, V]:
    """`entries` with the keys of `order` first, in that order, then any others as they were.
    A dict saved with save_journaled in the same order from one build to the next has its
    changes found by walking the two side by side (_aligned), whatever order a build filled it in."""
    if list(entries) == order:
        return entries
    ordered = {key: entries[key] for key in order if key in entries}
    if len(ordered) != len(entries):
        ordered.update(entries)
    return ordered


class BuildCache:
    """A folder of versioned pickles. `folder=None` is a cache that keeps nothing."""

    def __init__(self, folder: Path | None, memory: dict[str, tuple[bytes, Any]] | None = None) -> None:
        self.folder = folder
        # A process that builds again and again (`mkdocs serve`) passes the same dict to each
        # build's cache: name -> (SHA-1 of the file's bytes, the value they hold). A load whose
        # file still has those bytes takes the value from here instead of unpickling it (the
        # parsed records at 10,000 articles: 1.2 s of every rebuild). Hashing the bytes, not
        # trusting a timestamp, keeps it exact whoever wrote the file. The values are shared
        # between builds, so nothing may change them: link and factchunks copy a record
        # before they set a field of it (a test checks the memory against the files).
        self.memory = memory
        self.errors: list[str] = []  # why something could not be saved (reported, never fatal)
        # Set by the first save that fails: the others would fail alike (a file where the
        # folder goes, a read-only checkout), and a build makes about 18 saves, so one
        # warning, and no more attempts, per run.
        self._unwritable = False
        # name -> (token of its last full save, changes saved since): see save_journaled
        self._journals: dict[str, tuple[Any, dict[str, Any]]] = {}

    @property
    def enabled(self) -> bool:
        return self.folder is not None

    def _path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / f"{name}.pickle"

    def load(self, name: str) -> Any | None:
        """The value saved under `name` by this very code, or None."""
        if self.folder is None:
            return None
        try:
            with open(self._path(name), "rb") as handle:
                if self.memory is None:
                    return self._unpickle(handle, name)
                data = handle.read()
            digest = hashlib.sha1(data).digest()
            held = self.memory.get(name)
            if held is not None and held[0] == digest:
                return held[1]
            value = self._unpickle(io.BytesIO(data), name)
        except Exception:  # a cache is only ever a shortcut: anything wrong with it is a miss
            return None
        if value is not None:
            self.memory[name] = (digest, value)
        return value

    @staticmethod
    def _unpickle(stream: Any, name: str) -> Any | None:
        if _ModelUnpickler(stream).load() != (code_fingerprint(), name):
            return None
        return _ModelUnpickler(stream).load()  # a fresh memo: the two were dumped apart

    def load_shards(self, name: str) -> tuple[dict, dict[str, dict]]:
        """A dict saved in shard files by `save_shards`: merged, plus each shard that could be
        read, as read (what `save_shards` compares with)."""
        merged: dict = {}
        parts: dict[str, dict] = {}
        for shard in (f"{name}-{shard:02d}" for shard in range(SHARDS)):
            data = self.load_journaled(shard)
            if data is not None and isinstance(data.get("files"), dict):
                merged.update(data["files"])
                parts[shard] = data["files"]
        if self.folder is not None and self.folder.is_dir():
            for shard in sorted(p.stem for p in self.folder.glob(f"{name}-big-*.pickle")):
                part = self.load(shard)
                part = part if isinstance(part, dict) else {}  # unreadable: replaced or removed by save_shards
                merged.update(part)
                parts[shard] = part
        return merged, parts

    def save_shards(self, name: str, value: dict, old_parts: dict[str, dict],
                    big: Callable[[Any], bool] = lambda item: False, keep: frozenset[str] = frozenset()) -> None:
        """Save a dict keyed by (path, ...) in SHARDS files by path, rewriting only the shards
        whose keys changed, and those as changes to their last full save (save_journaled):
        one edited article out of 10,000 writes one small delta, not a sixteenth of the cache.
        An item for which `big` holds (a facts file of 30,000 actions) gets a shard of its own,
        saved whole, so that an edit elsewhere does not write it again. The own shard of a big
        file whose path is in `keep` is left as it is, holding an earlier version of that file
        (see factchunks.ChunkReuse.keep_previous). `old_parts`: what load_shards gave."""
        parts: dict[str, dict] = {f"{name}-{shard:02d}": {} for shard in range(SHARDS)}
        kept: set[str] = set()
        for key, item in value.items():
            if big(item):
                shard = f"{name}-big-{hashlib.sha1(key[0].encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"
                if key[0] in keep and shard in old_parts:
                    kept.add(shard)
                    continue
            else:
                shard = f"{name}-{shard_of(key[0]):02d}"
            parts.setdefault(shard, {})[key] = item
        for shard, part in parts.items():
            old = old_parts.get(shard)
            if old is not None and part.keys() == old.keys():
                continue
            if shard.startswith(f"{name}-big-"):
                self.save(shard, part)
            else:
                self.save_journaled(shard, {"files": part}, None if old is None else {"files": old})
        for shard in old_parts.keys() - parts.keys() - kept:  # a big file's shard, the file gone or small now
            self._remove(shard)

    def load_journaled(self, name: str) -> dict[str, Any] | None:
        """A dict saved by `save_journaled`: its last full save with the changes saved since."""
        base = self.load(name)
        if not isinstance(base, dict) or not isinstance(base.get("data"), dict):
            return None
        data: dict[str, Any] = base["data"]
        delta = self.load(name + "-delta")
        changes: dict[str, Any] = {}
        if isinstance(delta, dict) and delta.get("base") == base.get("token") and isinstance(delta.get("changes"), dict):
            try:
                data = _apply_changes(data, delta["changes"])
                changes = delta["changes"]
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                data, changes = base["data"], {}  # a delta that does not fit: the base alone
        self._journals[name] = (base.get("token"), changes)
        return data

    def save_journaled(self, name: str, new: dict[str, Any], old: dict[str, Any] | None) -> None:
        """Save a dict of lists, dicts and small values that changes a little between builds
        (the page table: 120,000 keys and prints, 63,000 pages). When `old` is what
        `load_journaled` gave this build, only the changes since the last full save are
        written (a small `-delta` file) while they stay under a twentieth of the entries;
        otherwise the whole dict. Either file may go missing: the full save alone is an
        earlier state, complete in itself, and a delta names the full save it belongs to."""
        journal = self._journals.get(name)
        if old is not None and journal is not None and journal[0] is not None:
            token, changes = journal
            merged = _merge_changes(changes, _changes(old, new))
            if merged is not None and _changed_entries(merged) <= sum(map(_entries, new.values())) // 20:
                self.save(name + "-delta", {"base": token, "changes": merged})
                self._journals[name] = (token, merged)
                return
        token = os.urandom(8).hex()
        self.save(name, {"token": token, "data": new})
        self._journals[name] = (token, {})
        self._remove(name + "-delta")

    def _remove(self, name: str) -> None:
        """Remove a saved value, from memory too (a big file's shard can hold 30,000 records)."""
        if self.memory is not None:
            self.memory.pop(name, None)
        if self.folder is not None:
            try:
                self._path(name).unlink()
            except OSError:
                pass

    def failed_elsewhere(self, errors: list[str]) -> None:
        """Take the errors of saves made by a forked worker with this cache: reported here, and
        no more saves tried when there was one (as if this process had failed them)."""
        fresh = [error for error in errors if error not in self.errors]
        self.errors.extend(fresh)
        if fresh:
            self._unwritable = True

    def save(self, name: str, value: Any) -> None:
        if self.folder is None or self._unwritable:
            return
        target = self._path(name)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG, "utf-8")
            with open(tmp, "wb") as handle:
                digest = hashlib.sha1() if self.memory is not None else None
                for part in ((code_fingerprint(), name), value):  # two dumps: each loads with a fresh memo
                    if digest is None:
                        pickle.dump(part, handle, protocol=pickle.HIGHEST_PROTOCOL)
                        continue
                    data = pickle.dumps(part, protocol=pickle.HIGHEST_PROTOCOL)
                    digest.update(data)
                    handle.write(data)
            os.replace(tmp, target)
            if digest is not None and self.memory is not None:
                self.memory[name] = (digest.digest(), value)
        except OSError as exc:  # a read-only checkout or a full disk: build on, without a cache
            self._unwritable = True
            blocker = _file_in_the_way(self.folder)
            self.errors.append(
                f"cannot write the build cache: '{blocker}' is a file, not a folder; delete it, or pass "
                "--cache-dir DIR to keep the cache elsewhere (this run saved nothing in it)" if blocker else
                f"cannot write the build cache {target}: {exc.strerror or exc} (this run saved no more of it)")
            try:
                tmp.unlink()
            except OSError:
                pass


def _file_in_the_way(folder: Path) -> Path | None:
    """The cache folder, or the nearest of its parents that exists, when that is not a folder."""
    for path in (folder, *folder.parents):
        if os.path.lexists(path):
            return None if path.is_dir() else path
    return None


# The journal of `save_journaled`: per entry of the saved dict, a list's changes are
# ("list", new length, {index: value}), a dict's ("dict", {key: value set}, [keys removed]),
# anything else ("value", the new value).

def _changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, tuple] | None:
    """What turns `old` into `new`, entry by entry; None when their entries differ. The
    comparisons run in C where they can (slices of lists, and of a dict's values when its keys
    are as before, in the same order): 300,000 entries compared one by one in Python cost
    about half as much as saving them whole."""
    if old.keys() != new.keys():
        return None
    out: dict[str, tuple] = {}
    for name, now in new.items():
        was = old[name]
        if type(now) is list and type(was) is list:
            shared = min(len(was), len(now))
            changed = {i: now[i] for i in _differing(now, was, shared)}
            changed.update((i, now[i]) for i in range(shared, len(now)))
            if changed or len(now) != len(was):
                out[name] = ("list", len(now), changed)
        elif type(now) is dict and type(was) is dict:
            keys, values = list(now), list(now.values())
            old_keys, before = list(was), list(was.values())
            removed = []
            if keys != old_keys:
                before, removed = _aligned(keys, old_keys, before, now, was)
            set_ = {keys[i]: values[i] for i in _differing(values, before, len(values))}
            if set_ or removed:
                out[name] = ("dict", set_, removed)
        elif now != was:
            out[name] = ("value", now)
    return out


RESYNC_LOOKAHEAD = 64  # how far _aligned looks for the next common key after a difference
RESYNC_LIMIT = 256  # differences _aligned walks past before looking up the rest key by key


def _aligned(keys: list, old_keys: list, old_values: list, now: dict, was: dict, step: int = 512,
             lookahead: int = RESYNC_LOOKAHEAD, limit: int = RESYNC_LIMIT) -> tuple[list, list]:
    """Each of `keys`' value in `was` (_MISSING where it is new), and the keys of `was` that
    `now` no longer has. Two dicts saved a build apart hold mostly the same keys in the same
    order, with a few replaced, removed or moved to the end (a delta applied on loading puts
    new keys last): the two key lists are walked side by side, slices compared in C, and only
    the keys around a difference are looked up. Looking up every key (hashing keys read from
    the cache) cost a tenth of a second for 47,000 quote spans, as much for 66,000 pages."""
    before: list = []
    unmatched: list = []  # keys of `was` passed over: removed, unless `now` has them elsewhere
    i = j = resyncs = 0
    n, m = len(keys), len(old_keys)
    while i < n and j < m and resyncs < limit:
        size = min(step, n - i, m - j)
        if keys[i:i + size] == old_keys[j:j + size]:
            before += old_values[j:j + size]
            i, j = i + size, j + size
            continue
        same = next(k for k in range(size) if keys[i + k] != old_keys[j + k])
        before += old_values[j:j + same]
        i, j = i + same, j + same
        resyncs += 1
        for d in range(1, lookahead):
            if i + d < n and keys[i + d] == old_keys[j]:  # keys[i:i + d] are not where `was` has them
                before += map(was.get, keys[i:i + d], repeat(_MISSING))
                i += d
                break
            if j + d < m and old_keys[j + d] == keys[i]:  # old_keys[j:j + d] are not here
                unmatched += old_keys[j:j + d]
                j += d
                break
        else:
            before.append(was.get(keys[i], _MISSING))
            unmatched.append(old_keys[j])
            i, j = i + 1, j + 1
    before += map(was.get, keys[i:], repeat(_MISSING))
    unmatched += old_keys[j:]
    return before, [key for key in unmatched if key not in now]


def _differing(now: list, was: list, shared: int, step: int = 512) -> Iterator[int]:
    """Indexes below `shared` where the two lists differ: slices compared in C first."""
    for start in range(0, shared, step):
        end = min(start + step, shared)
        if now[start:end] != was[start:end]:
            yield from (i for i in range(start, end) if now[i] != was[i])


_MISSING = object()


def _merge_changes(earlier: dict[str, tuple], later: dict[str, tuple] | None) -> dict[str, tuple] | None:
    """One set of changes doing what `earlier` then `later` do."""
    if later is None:
        return None
    merged = dict(earlier)
    for name, change in later.items():
        before = merged.get(name)
        if before is None or before[0] != change[0] or change[0] == "value":
            merged[name] = change
        elif change[0] == "list":
            length = change[1]
            merged[name] = ("list", length, {**{i: v for i, v in before[2].items() if i < length}, **change[2]})
        else:
            gone = set(change[2])
            merged[name] = ("dict", {**{k: v for k, v in before[1].items() if k not in gone}, **change[1]},
                            list(dict.fromkeys([*before[2], *change[2]])))
    return merged


def _apply_changes(data: dict[str, Any], changes: dict[str, tuple]) -> dict[str, Any]:
    out = dict(data)
    for name, change in changes.items():
        if change[0] == "list":
            _, length, changed = change
            if any(i not in changed for i in range(len(out[name]), length)):
                raise ValueError("a delta that leaves a gap")
            items = list(out[name][:length])
            items.extend([None] * (length - len(items)))
            for i, value in changed.items():
                items[i] = value
            out[name] = items
        elif change[0] == "dict":
            _, set_, removed = change
            items = dict(out[name])
            for key in removed:
                items.pop(key, None)
            items.update(set_)
            out[name] = items
        else:
            out[name] = change[1]
    return out


def _entries(value: Any) -> int:
    return len(value) if isinstance(value, (list, dict)) else 1


def _changed_entries(changes: dict[str, tuple]) -> int:
    """About how many entries a set of changes writes (a list's or a dict's changed entries)."""
    total = 0
    for change in changes.values():
        total += 1
        if change[0] == "list":
            total += len(change[2])
        elif change[0] == "dict":
            total += len(change[1]) + len(change[2])
    return total
