"""Record-level reuse inside a big facts file: an edit to one of 30,000 actions in one file
parses and validates that one action again, not the whole file.

A facts file is cut into chunks, one per item of its `actors:`, `actions:` and `quotes:`
lists (the item's lines, with the comments and blank lines after it), when its layout allows
it: only those section keys at the top, each once, items at one indentation, nothing else
at or left of it, no tabs, no YAML anchors or aliases (an alias would tie two items).

The first time, the file is parsed whole as usual; the parser's own item positions must
then fall exactly on the chunk starts (so no quoted text spans two chunks), and each record
and problem is assigned to its chunk: the *chunk map* kept with the file's result in the
build cache. After an edit, each chunk whose text (and section) hashes as before takes its
record and problems from the previous result, moved by the lines the chunk moved; the others
are parsed and validated alone, exactly as the whole-file validation would treat that item.
Anything unusual (a chunk that is not one list item on its own, a YAML error, a file with
many problems, no map) falls back to parsing the whole file. tests/test_factchunks.py checks
random edits against whole-file parsing, positions and messages included.
"""

from __future__ import annotations

import bisect
import copy
import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .fields import input_fields
from .load import FactsFile, compose_yaml
from .model import Origin
from .problems import MAX_PER_FILE, Place, Problem, Problems
from .validate import (FACT_SECTIONS, MAX_NODES_PER_FILE, ParsedFile, Records, _Reader, _TooManyNodes, item_label,
                       print_records)

_SECTION_LINE = re.compile(r"(actors|actions|quotes):[ ]*(?:#.*)?")
_ITEM_LINE = re.compile(r"( *)-(?: |$)")
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,])[&*][^\s]", re.MULTILINE)
_RECORD_LISTS = ("actors", "actions", "quotes")

# (section, hash of the chunk's text, first line, last line, whether it gave a record)
ChunkMap = list[tuple[str, bytes, int, int, bool]]


@dataclass
class Chunk:
    section: str
    start: int  # file line of the item's first line, from 1
    end: int  # its last line (comments and blank lines after the item included)
    text: str  # its lines exactly as the file has them, line breaks included (a block text's end depends on them)

    def key(self) -> bytes:
        return hashlib.sha1(f"{self.section}\0{self.text}".encode("utf-8", "surrogatepass")).digest()


def _visits_bound(text: str) -> int:
    """More than the validator can count for this text without aliases (validate._Reader.tick):
    a mapping and each of its entries (':'), each list item ('- ', ',', a bracket) and a
    single reference (':' again). Under MAX_NODES_PER_FILE, the whole file could not exceed it."""
    return (3 * text.count(":") + text.count("- ") + text.count("-\n") + text.count(",") + text.count("[")
            + text.count("{") + 16)


_NEXT_LINE = re.compile(r"\n")


@lru_cache(maxsize=None)
def _not_deeper(spaces: int) -> re.Pattern[str]:
    """A line break before a line that does not begin with `spaces` spaces: inside an open
    item only such lines can close it, so only they are looked at in Python; the regex finds
    them in C (it searches for the line break, then checks the spaces)."""
    return re.compile(r"\n(?! {%d})" % spaces)


def segment(text: str) -> list[Chunk] | None:
    """The file's items as chunks, or None when its layout is not the plain one above."""
    if ("\t" in text or (("&" in text or "*" in text) and _ANCHOR_OR_ALIAS.search(text))
            or _visits_bound(text) > MAX_NODES_PER_FILE):
        return None
    chunks: list[Chunk] = []
    seen: set[str] = set()
    section: str | None = None
    indent = -1  # the current section's item indentation, once its first item is seen
    breaks = _NEXT_LINE  # finds the next line to look at: any line until an item is open
    start = start_at = 0  # the open chunk's first line (0: none open) and its offset
    number = 1  # the line number at offset `at`
    at = 0  # the offset of the line looked at
    while True:
        end = text.find("\n", at)
        line = text[at:] if end < 0 else text[at:end]
        stripped = line.lstrip(" ")
        if stripped and not stripped.startswith("#"):  # blank lines and comments go with the open chunk
            head = _SECTION_LINE.fullmatch(line)
            if head:
                if head.group(1) in seen:
                    return None
                if start:
                    chunks.append(Chunk(section or "", start, number - 1, text[start_at:at]))
                section, indent, start, breaks = head.group(1), -1, 0, _NEXT_LINE
                seen.add(section)
            else:
                level = len(line) - len(stripped)
                if section is None or not _ITEM_LINE.match(line) or (indent >= 0 and level != indent):
                    return None  # before any section, or at or left of the items but not an item
                if start:
                    chunks.append(Chunk(section, start, number - 1, text[start_at:at]))
                indent, start, start_at, breaks = level, number, at, _not_deeper(level + 1)
        found = breaks.search(text, end) if end >= 0 else None
        if found is None:
            break
        number += text.count("\n", at, found.end())
        at = found.end()
    if start:
        chunks.append(Chunk(section or "", start, number + text.count("\n", at), text[start_at:]))
    return chunks


def chunk_map(chunks: list[Chunk], node: yaml.Node | None, result: ParsedFile) -> ChunkMap | None:
    """The chunk map of a file parsed whole, or None if its records or problems do not fall
    one by one into the chunks (then the file is always parsed whole)."""
    if not isinstance(node, yaml.MappingNode):
        return None
    starts = []
    for key, value in node.value:
        if isinstance(value, yaml.SequenceNode):
            starts += [(key.value, item.start_mark.line + 1) for item in value.value]
        elif not (isinstance(value, yaml.ScalarNode) and value.tag.endswith(":null")):
            return None
    # The parser's items begin exactly where the chunks do (a list item's node starts after
    # its "- ", on the same line unless the item begins on the next line).
    if len(starts) != len(chunks) or any(
            s != c.section or not c.start <= line <= c.end for (s, line), c in zip(starts, chunks)):
        return None
    records = {name: list(getattr(result.records, name)) for name in _RECORD_LISTS}
    taken = {name: 0 for name in _RECORD_LISTS}
    out: ChunkMap = []
    for chunk in chunks:
        found = records[chunk.section]
        at = taken[chunk.section]
        has = at < len(found) and found[at].origin is not None and chunk.start <= found[at].origin.line <= chunk.end
        taken[chunk.section] += has
        out.append((chunk.section, chunk.key(), chunk.start, chunk.end, has))
    if any(taken[name] != len(records[name]) for name in _RECORD_LISTS) or result.records.articles:
        return None
    if any(not any(c.start <= p.place.line <= c.end for c in chunks) for p in result.problems):
        return None
    return out


def _shift_problem(problem: Problem, by: int) -> Problem:
    place = problem.place
    return Problem(Place(place.path, place.line + by, place.column), problem.rule, problem.message, problem.severity)


def _shifted(record: Any, by: int) -> Any:
    """A copy of a record, and of the records in its lists (an action's sources), moved `by`
    lines. A copy: the previous result's records stay as they were, as the build cache may
    hold them in memory (under `mkdocs serve`) and a rebuild can still give up half way."""
    moved = copy.copy(record)  # with the record's parse-time fingerprint (validate.print_records)
    origin: Origin | None = record.origin
    if origin is not None:
        moved.origin = Origin(origin.path, origin.line + by, origin.column,
                              {name: (line + by, column) for name, (line, column) in origin.fields.items()})
    for name, spec in input_fields(type(record)).items():
        items = getattr(record, name) if spec.kind == "records" else None
        if items:
            setattr(moved, name, [_shifted(item, by) for item in items])
    return moved


def _parse_alone(path: Path, chunk: Chunk, root: Path) -> tuple[Any, list[Problem]] | None:
    """One item validated on its own as the whole-file validation would (same reader, same
    positions); None if it is not exactly one list item, or is not valid YAML alone."""
    problems = Problems(root)
    node = compose_yaml(chunk.text, path, problems, line_offset=chunk.start - 1)
    if problems.sorted() or not isinstance(node, yaml.SequenceNode) or len(node.value) != 1:
        return None
    reader = _Reader(path, problems, line_offset=chunk.start - 1)
    try:
        record = reader.record(FACT_SECTIONS[chunk.section], node.value[0], item_label(chunk.section))
    except _TooManyNodes:
        return None
    return (record if record is not None and record.id else None), problems.sorted()


class ChunkReuse:
    """Rebuilds a changed facts file from the previous result of the same path (`previous`:
    the parse cache as loaded, keyed by (path, SHA-256)) where its chunk map allows."""

    def __init__(self, previous: dict[tuple[str, str], Any], root: Path) -> None:
        self.previous = previous
        self.root = root
        self._by_path: dict[str, ParsedFile] | None = None
        self.chunked: dict[str, list[Chunk]] = {}  # files parsed whole that have the layout
        self.rebuilt: dict[str, tuple[int, int]] = {}  # files rebuilt here: (chunks parsed alone, chunks)
        self._parsed_alone = 0  # in the file being rebuilt (counted by _rebuild)

    def _previous_of(self, rel: str) -> ParsedFile | None:
        if self._by_path is None:
            self._by_path = {key[0]: value for key, value in self.previous.items() if isinstance(value, ParsedFile)}
        return self._by_path.get(rel)

    def __call__(self, path: Path, rel: str, text: str) -> ParsedFile | None:
        """The file's result, or None to parse it whole (then `chunked` notes its chunks, if it
        has the layout, for add_chunk_maps)."""
        chunks = segment(text)
        if chunks is None:
            return None
        old = self._previous_of(rel)
        result = self._rebuild(path, rel, chunks, old) if old is not None and old.chunks else None
        if result is None:
            self.chunked[rel] = chunks
        else:
            del self._by_path[rel]  # type: ignore[union-attr]  # its records now belong to `result`
            self.rebuilt[rel] = (self._parsed_alone, len(chunks))
        return result

    def add_map(self, facts: FactsFile, node: yaml.Node, result: ParsedFile) -> None:
        """validate's hook: a facts file just parsed whole that has the layout gets its chunk
        map (from its node tree, which is dropped after)."""
        chunks = self.chunked.get(facts.source.key[0]) if facts.source is not None else None
        if chunks is not None and result.chunks is None:
            result.chunks = chunk_map(chunks, node, result)

    def keep_previous(self, digests: dict[str, str], last: dict[str, str]) -> tuple[frozenset[str], dict[str, str]]:
        """Files rebuilt from their previous version whose cache entry can stay that version,
        and the digests to remember for the next build (`last` is what the last build
        remembered; `digests`: each file's SHA-256 now).

        Saving a big file's result again pickles all its records (0.5 s for 30,000 actions),
        while rebuilding from the previous version cuts the file and parses the edited items
        again (about 0.3 s). A curator editing one big file under `mkdocs serve` saves it again
        and again: the entry is kept while the edits add up to at most 2% of the items, and
        saved anew once the file is the same as at the last build (the curator has moved on,
        and every later build would pay the 0.3 s)."""
        keep: set[str] = set()
        remember: dict[str, str] = {}
        for rel, (alone, total) in self.rebuilt.items():
            digest = digests.get(rel)
            if alone <= max(16, total // 50) and digest is not None and last.get(rel) != digest:
                keep.add(rel)
                remember[rel] = digest
        return frozenset(keep), remember

    def _rebuild(self, path: Path, rel: str, chunks: list[Chunk], old: ParsedFile) -> ParsedFile | None:
        self._parsed_alone = 0
        # The previous file's records and problems, chunk by chunk.
        by_key: dict[bytes, list[int]] = {}
        for index, entry in enumerate(old.chunks or ()):
            by_key.setdefault(entry[1], []).append(index)
        old_records: list[Any] = []
        counters = {name: 0 for name in _RECORD_LISTS}
        for section, _key, _start, _end, has in old.chunks or ():
            old_records.append(getattr(old.records, section)[counters[section]] if has else None)
            counters[section] += has
        old_problems: dict[int, list[Problem]] = {}
        starts = [entry[2] for entry in old.chunks or ()]
        for problem in old.problems:
            index = _chunk_at(starts, old.chunks or [], problem.place.line)
            if index is None or problem.place.path != rel:
                return None
            old_problems.setdefault(index, []).append(problem)
        # Reused records are the previous result's, or moved copies of them (_shifted).
        records: Records = Records()
        problems: list[Problem] = []
        new_map: ChunkMap = []
        fresh: list[Any] = []
        for chunk in chunks:
            key = chunk.key()
            reusable = by_key.get(key)
            if reusable:
                index = reusable.pop(0)
                by = chunk.start - old.chunks[index][2]  # type: ignore[index]
                record = old_records[index]
                if record is not None and by:
                    record = _shifted(record, by)
                problems += [_shift_problem(p, by) for p in old_problems.get(index, ())] if by else old_problems.get(index, [])
            else:
                alone = _parse_alone(path, chunk, self.root)
                self._parsed_alone += 1
                if alone is None:
                    return None
                record, found = alone
                problems += found
                if record is not None:
                    fresh.append(record)
            if record is not None:
                getattr(records, chunk.section).append(record)
            new_map.append((chunk.section, key, chunk.start, chunk.end, record is not None))
        if len(problems) >= MAX_PER_FILE:
            return None  # the file's cap on problems: let the whole-file validation count exactly
        print_records(Records(**{name: [r for r in fresh if isinstance(r, FACT_SECTIONS[name])]
                                 for name in _RECORD_LISTS}))
        problems.sort(key=Problem.sort_key)
        return ParsedFile(records, problems, new_map)


def _chunk_at(starts: list[int], chunks: ChunkMap, line: int) -> int | None:
    index = bisect.bisect_right(starts, line) - 1
    return index if index >= 0 and chunks[index][2] <= line <= chunks[index][3] else None
