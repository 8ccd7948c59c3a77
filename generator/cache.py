"""The build cache: what a build learnt, kept for the next one (`.briefing-cache/` by default).

Two main things are kept, each checked before it is used:
- `parsed-NN` (16 shards by path): per input file, keyed by its path and the SHA-256 of its
  bytes, the records and problems that loading and validating it gave. A rebuild reads every
  file (to hash it) but parses only those whose bytes changed, and rewrites only the shards
  that hold a changed file.
- `pages-<target>`: per generated page, what it read from the model while it rendered (see
  pagecache.py) and the hash of what it wrote, for one output target (a `--out` folder).
Beside them: `parsed-big-<hash>`, a shard of its own for each facts file of 2,000 records or
more; `parsed-kept`, the digests of big files whose shard was left at an earlier version
(factchunks.ChunkReuse.keep_previous); `texts`, mentions and quote positions (link.TextMemo).

Safe to delete at any time: a missing, unreadable, truncated or foreign file is a cache miss,
never an error. Never stale: every entry is keyed by the bytes it was made from, and every file
by a fingerprint of the generator's own code, the Python version and the PyYAML and Jinja
versions, so a new release, an upgraded library or an edited module starts afresh. Writes go to a temporary file renamed into place, so two builds
at once or a build killed mid-write leave either the old file or the new one.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

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


class BuildCache:
    """A folder of versioned pickles. `folder=None` is a cache that keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.errors: list[str] = []  # why something could not be saved (reported, never fatal)

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
                if _ModelUnpickler(handle).load() != (code_fingerprint(), name):
                    return None
                return _ModelUnpickler(handle).load()  # a fresh memo: the two were dumped apart
        except Exception:  # a cache is only ever a shortcut: anything wrong with it is a miss
            return None

    def load_shards(self, name: str) -> tuple[dict, dict[str, set]]:
        """A dict saved in shard files by `save_shards`: merged, plus each shard's keys."""
        merged: dict = {}
        keys: dict[str, set] = {}
        names = [f"{name}-{shard:02d}" for shard in range(SHARDS)]
        if self.folder is not None and self.folder.is_dir():
            names += sorted(p.stem for p in self.folder.glob(f"{name}-big-*.pickle"))
        for shard in names:
            part = self.load(shard)
            part = part if isinstance(part, dict) else {}
            merged.update(part)
            keys[shard] = set(part)
        return merged, keys

    def save_shards(self, name: str, value: dict, old_keys: dict[str, set],
                    big: Callable[[Any], bool] = lambda item: False, keep: frozenset[str] = frozenset()) -> None:
        """Save a dict keyed by (path, ...) in SHARDS files by path, rewriting only the shards
        whose keys changed: one edited file out of 10,000 rewrites a sixteenth of the cache.
        An item for which `big` holds (a facts file of 30,000 actions) gets a shard of its own,
        so that an edit elsewhere does not write it again. The own shard of a big file whose
        path is in `keep` is left as it is, holding an earlier version of that file (see
        factchunks.ChunkReuse.keep_previous)."""
        parts: dict[str, dict] = {f"{name}-{shard:02d}": {} for shard in range(SHARDS)}
        kept: set[str] = set()
        for key, item in value.items():
            if big(item):
                shard = f"{name}-big-{hashlib.sha1(key[0].encode('utf-8', 'surrogatepass')).hexdigest()[:16]}"
                if key[0] in keep and shard in old_keys:
                    kept.add(shard)
                    continue
            else:
                shard = f"{name}-{shard_of(key[0]):02d}"
            parts.setdefault(shard, {})[key] = item
        for shard, part in parts.items():
            if set(part) != old_keys.get(shard):
                self.save(shard, part)
        for shard in old_keys.keys() - parts.keys() - kept:  # a big file's shard, the file gone or small now
            try:
                self._path(shard).unlink()
            except OSError:
                pass

    def save(self, name: str, value: Any) -> None:
        if self.folder is None:
            return
        target = self._path(name)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tag = self.folder / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG, "utf-8")
            with open(tmp, "wb") as handle:
                pickle.dump((code_fingerprint(), name), handle, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError as exc:  # a read-only checkout or a full disk: build on, without a cache
            self.errors.append(f"cannot write the build cache {target}: {exc.strerror or exc}")
            try:
                tmp.unlink()
            except OSError:
                pass
