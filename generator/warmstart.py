"""A rebuild's start on two cores: the parse cache is unpickled here while a forked worker
reads and hashes every input file, and checks which pages the output folder still holds as the
last build wrote them.

A rebuild hashes every input (the build cache is keyed by content, never by dates) and loads
what earlier builds parsed: at 10,000 articles about 0.5 s and 1.1 s, one after the other in
one process. Neither needs the other, and a file's hash is small: the worker sends back one
digest per file (forkedwork.py), and `load` takes a file whose digest the cache knows without
reading it again. A file the worker could not read, or whose digest the cache does not know,
is read by `load` as before, which reports every problem as before; so the model is the one a
single process builds from the same bytes. The text memo (textmemo.TextMemo, about 0.1 s) is
loaded here too, while the worker still hashes: its share was the longer one.

The output check (one `lstat` per page: 63,000 at 10,000 articles, about a third of a second)
is the one `write.still_there` makes page by page; done here, it no longer weighs on the
worker that fingerprints the model while render sets up (printsahead.py), which took longer
than render's setup with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache, file_digest
from .forkedwork import run_shared, workers_for
from .inputfiles import ARTICLE_SUFFIXES, FACT_SUFFIXES, sorted_files
from .load import read_bytes
from .problems import Problems
from .write import WriteState, not_as_written, state_from_data

PARSED = "parsed"  # the cache's name for what validating each file gave (build.check)
TEXTS = "texts"  # ...for link's text memo (textmemo.TextMemo)
WORTH_FROM_BYTES = 2_000_000  # parse cache on disk (about 300 articles): below it a fork costs more


@dataclass
class WarmStart:
    parsed: dict  # the parse cache (cache.load_shards)
    shards: dict[str, dict]
    digests: dict[str, str] | None = None  # each input's digest by path; None: `load` reads every file
    # With `output`: the page cache entry of that folder as loaded (None: there is none), its
    # write state, and which of its files the folder no longer holds as written (None: not
    # checked ahead; `write.still_there` checks page by page).
    pages_saved: dict | None = None
    known: WriteState = field(default_factory=dict)
    gone: set[str] | None = None
    # The text memo as saved (cache.load_journaled(TEXTS), None: none), loaded while the worker
    # still hashes: the worker's share took longer than the parse cache alone.
    texts: dict | None = None


def cache_and_digests(cache: BuildCache, content_dir: Path, root: Path, jobs: int | None,
                      output: tuple[Path, str] | None = None) -> WarmStart:
    """`cache.load_shards(PARSED)` and the text memo, and meanwhile in a worker each input
    file's digest and, with `output` (the output folder, and the cache's name for its page
    table and write state, loaded here first so that the worker has it from the fork), the
    files of the last write no longer as written there. `jobs`: as `BuildContext.jobs` (1: no
    worker)."""
    saved, known = None, {}
    if output is not None:
        saved = cache.load_journaled(output[1])
        known = state_from_data(saved.get("state") if saved else None)
    if not _worth_it(cache) or workers_for(2, jobs, 2) < 2:
        return WarmStart(*cache.load_shards(PARSED), pages_saved=saved, known=known,
                         texts=cache.load_journaled(TEXTS))

    def mine() -> tuple[tuple[dict, dict[str, dict]], dict | None]:  # here: the cache's journals stay this process's
        return cache.load_shards(PARSED), cache.load_journaled(TEXTS)

    def ahead() -> tuple[dict[str, str], set[str] | None]:
        digests = input_digests(content_dir, root)
        return digests, (not_as_written(os.path.join(output[0], ""), known) if output is not None else None)
    done = run_shared(2, lambda i: mine() if i == 0 else ahead(), 2)
    ((parsed, shards), texts), (digests, gone) = done.results
    return WarmStart(parsed, shards, digests, saved, known, gone, texts)


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

