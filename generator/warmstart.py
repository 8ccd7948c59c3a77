"""A rebuild's start on two cores: the parse cache is unpickled here while a forked worker
reads and hashes every input file.

A rebuild hashes every input (the build cache is keyed by content, never by dates) and loads
what earlier builds parsed: at 10,000 articles about 0.5 s and 1.1 s, one after the other in
one process. Neither needs the other, and a file's hash is small: the worker sends back one
digest per file (forkedwork.py), and `load` takes a file whose digest the cache knows without
reading it again. A file the worker could not read, or whose digest the cache does not know,
is read by `load` as before, which reports every problem as before; so the model is the one a
single process builds from the same bytes.
"""

from __future__ import annotations

import os
from pathlib import Path

from .cache import BuildCache, file_digest
from .forkedwork import run_shared, workers_for
from .inputfiles import ARTICLE_SUFFIXES, FACT_SUFFIXES, sorted_files
from .load import read_bytes
from .problems import Problems

PARSED = "parsed"  # the cache's name for what validating each file gave (build.check)
WORTH_FROM_BYTES = 2_000_000  # parse cache on disk (about 300 articles): below it a fork costs more


def cache_and_digests(cache: BuildCache, content_dir: Path, root: Path,
                      jobs: int | None) -> tuple[dict, dict[str, dict], dict[str, str] | None]:
    """`cache.load_shards(PARSED)`, and each input file's digest by its path (None: not
    hashed ahead, `load` reads every file). `jobs`: as `BuildContext.jobs` (1: no worker)."""
    if not _worth_it(cache) or workers_for(2, jobs, 2) < 2:
        return (*cache.load_shards(PARSED), None)
    done = run_shared(2, lambda i: cache.load_shards(PARSED) if i == 0 else input_digests(content_dir, root), 2)
    (parsed, shards), digests = done.results
    return parsed, shards, digests


def input_digests(content_dir: Path, root: Path) -> dict[str, str]:
    """The digest of every facts file and article `load` would read, by path. What goes wrong
    here is not reported: `load` reads such a file itself, and reports it."""
    scratch = Problems(root)
    found: dict[str, str] = {}
    for folder, suffixes in (("facts", FACT_SUFFIXES), ("articles", ARTICLE_SUFFIXES)):
        for path in sorted_files(content_dir / folder, suffixes, scratch, content_dir):
            data = read_bytes(path, scratch)
            if data is not None:
                found[str(path)] = file_digest(data)
    return found


def _worth_it(cache: BuildCache) -> bool:
    if cache.folder is None or cache.memory is not None:  # no cache, or `mkdocs serve` (threads)
        return False
    total = 0
    try:
        with os.scandir(cache.folder) as listing:
            for entry in listing:
                if entry.name.startswith(PARSED + "-") and entry.is_file():
                    total += entry.stat().st_size
    except OSError:
        return False
    return total >= WORTH_FROM_BYTES

