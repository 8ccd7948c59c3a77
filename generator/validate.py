"""Stage 2, validate: YAML node trees -> typed records, every field checked against its declaration.

Each record is checked on its own here (shape, types, values); rules that need the whole
briefing (unique ids, references, quotes against articles) run in link.py. A record whose id
is usable is kept even when other fields are wrong, so one typo does not cascade into
"unknown reference" errors elsewhere; the build still fails on the first error.
"""

from __future__ import annotations

import hashlib
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .fields import ID_MAX_LENGTH, SCALAR_CHECKS, SLUG_RE, Spec, closest, input_fields
from .forkedwork import run_shared, workers_for
from .load import ArticleFile, Content, FactsFile, FileSource, Progress, counter
from .model import Action, Actor, Article, Origin, Page, Quote
from .problems import Problem, Problems

FACT_SECTIONS: dict[str, type] = {"actors": Actor, "actions": Action, "quotes": Quote}
_YAML_TAGS = {
    "tag:yaml.org,2002:" + t
    for t in ("str", "int", "float", "bool", "null", "timestamp", "seq", "map", "merge", "value")
}
_ITEM_KIND = {"refs": "ref", "texts": "text"}  # the kind of each item of a list field
MAX_NODES_PER_FILE = 2_000_000
MAX_LIST_ITEMS = 1_000  # aliases, by, targets, sources...: more is a mistake or an alias bomb
MAX_TEXT_CHARS = 20_000  # one field's text; article bodies are not fields  # stops alias bombs: node visits, aliases expanded


class _TooManyNodes(Exception):
    pass


@dataclass
class Records:
    actors: list[Actor] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    salvaged_ids: set[str] = field(default_factory=set)  # see load.FactsFile


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1 + 0, node.start_mark.column + 1


def _describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"'{node.value}'"


def _is_null(node: yaml.Node) -> bool:
    # libyaml reports plain scalars with style '' and the pure-Python parser with None.
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and not node.style


class _Reader:
    """Reads the records of one file; knows the file's path and line offset."""

    def __init__(self, path: Path, problems: Problems, line_offset: int = 0) -> None:
        self.path = path
        self.rel = problems.relative(path)
        self.problems = problems
        self.offset = line_offset
        self.visits = 0
        self.specs: dict[type, dict[str, Spec]] = {}  # input_fields() per record type, looked up once

    def pos(self, node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + self.offset, node.start_mark.column + 1

    def error(self, node: yaml.Node | tuple[int, int], rule: str, message: str) -> None:
        line, col = node if isinstance(node, tuple) else self.pos(node)
        self.problems.add(self.path, line, col, rule, message)

    def tick(self) -> None:
        self.visits += 1
        if self.visits > MAX_NODES_PER_FILE:
            raise _TooManyNodes

    def check_tag(self, node: yaml.Node) -> bool:
        if node.tag not in _YAML_TAGS:
            self.error(node, "yaml-tag", f"YAML tag '{node.tag}' is not allowed: remove it, facts are plain data")
            return False
        return True

    def mapping(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
        """The entries of a mapping node, with duplicate keys reported (PyYAML keeps the last)."""
        self.tick()
        if not self.check_tag(node):
            return None
        if not isinstance(node, yaml.MappingNode):
            self.error(node, "record-not-mapping" if what != "file" else "file-not-mapping",
                       f"{what} must be a mapping of 'key: value' lines, found {_describe(node)}")
            return None
        seen: dict[str, yaml.Node] = {}
        entries = []
        pairs = node.value
        # The node budget, counted for all entries at once (this loop runs for every record).
        self.visits += len(pairs)
        if self.visits > MAX_NODES_PER_FILE:
            raise _TooManyNodes
        for key, value in pairs:
            if type(key) is not yaml.ScalarNode:
                self.error(key, "key-not-text", "a key must be plain text")
                continue
            if key.tag not in _YAML_TAGS:
                self.check_tag(key)  # reports it
                continue
            if key.tag == "tag:yaml.org,2002:merge":
                self.error(key, "yaml-merge", "merge keys ('<<') are not supported: write the fields out")
                continue
            if key.value in seen:
                first = self.pos(seen[key.value])
                self.error(key, "yaml-duplicate-key",
                           f"key '{key.value}' is repeated (first at line {first[0]}); YAML would keep "
                           "only the last value: remove one")
                continue
            seen[key.value] = key
            entries.append((key.value, key, value))
        return entries

    # --- records ------------------------------------------------------------------------------

    def record(self, record_type: type, node: yaml.Node, label: str, defaults: dict[str, Any] | None = None) -> Any:
        entries = self.mapping(node, label)
        if entries is None:
            return None
        specs = self.specs.get(record_type)
        if specs is None:
            specs = self.specs[record_type] = input_fields(record_type)
        line, col = self.pos(node)
        origin = Origin(self.rel, line, col)
        fields = origin.fields
        offset = 1 + self.offset
        values: dict[str, Any] = {}
        for name, key, value in entries:
            spec = specs.get(name)
            if spec is None:
                if self.problems.full(self.path):
                    continue
                hint = closest(name, specs)
                extra = f" (did you mean '{hint}'?)" if hint else f"; known fields: {', '.join(specs)}"
                self.error(key, "field-unknown", f"unknown field '{name}' in {label}{extra}")
                continue
            mark = (key if _is_null(value) else value).start_mark
            fields[name] = (mark.line + offset, mark.column + 1)
            parsed = self.value(spec, value, name, origin)
            if parsed is not None:
                values[name] = parsed
        for name, spec in specs.items():
            if spec.required and name not in values:
                if name not in fields:
                    self.error((line, col), "field-required",
                               f"{label} has no '{name}': add '{name}:' ({spec.doc})")
                # Keep the record (see module doc) with an empty stand-in value.
                values[name] = [] if spec.kind in ("refs", "texts", "records") else ""
        values.update({k: v for k, v in (defaults or {}).items() if k not in values})
        return record_type(**values, origin=origin)

    def value(self, spec: Spec, node: yaml.Node, name: str, origin: Origin) -> Any:
        # Not ticked: every value is reached through a mapping entry, which is.
        if node.tag not in _YAML_TAGS:
            self.check_tag(node)  # reports it
            return None
        if _is_null(node):
            if spec.required:
                self.error(node, "field-required", f"'{name}' is empty: give it a value")
            return None
        if spec.kind in ("refs", "texts"):
            items = [node] if isinstance(node, yaml.ScalarNode) else node.value if isinstance(node, yaml.SequenceNode) else None
            if items is None:
                self.error(node, "field-type", f"'{name}' must be one value or a list of values, found a mapping")
                return None
            if len(items) > MAX_LIST_ITEMS:
                self.error(node, "value-too-long", f"'{name}' has {len(items):,} items; at most {MAX_LIST_ITEMS:,} are read")
                return None
            out = []
            for item in items:
                self.tick()
                text = self.scalar(spec, item, name)
                if text is not None:
                    # Keyed by the index in the list kept, which link.py and factchecks.py
                    # report by (`by[2]`): an item dropped here (reported) must not shift them.
                    origin.fields[f"{name}[{len(out)}]"] = self.pos(item)
                    out.append(text)
            if spec.required and not items:
                self.error(node, "field-required", f"'{name}' is an empty list: name at least one")
            return out
        if spec.kind == "records":
            if not isinstance(node, yaml.SequenceNode):
                self.error(node, "field-type", f"'{name}' must be a list of mappings (lines starting with '- ')")
                return None
            if len(node.value) > MAX_LIST_ITEMS:
                self.error(node, "value-too-long",
                           f"'{name}' has {len(node.value):,} items; at most {MAX_LIST_ITEMS:,} are read")
                return None
            if len(node.value) < spec.min_items:
                self.error(node, "field-required", f"'{name}' needs at least {spec.min_items} item(s)")
            assert spec.item is not None
            out = []
            for item in node.value:
                record = self.record(spec.item, item, f"an item of '{name}'")
                if record is not None:
                    out.append(record)
            return out
        return self.scalar(spec, node, name)

    def scalar(self, spec: Spec, node: yaml.Node, name: str) -> Any:
        if not isinstance(node, yaml.ScalarNode):
            self.error(node, "field-type", f"'{name}' must be a single value, found {_describe(node)}")
            return None
        if node.tag not in _YAML_TAGS and not self.check_tag(node):
            return None
        if len(node.value) > MAX_TEXT_CHARS:
            self.error(node, "value-too-long", f"{name}: the text has {len(node.value):,} characters; at most "
                       f"{MAX_TEXT_CHARS:,} are allowed")
            return None
        kind = _ITEM_KIND.get(spec.kind, spec.kind)
        value, problem = SCALAR_CHECKS[kind](node.value, spec)
        if problem:
            rule, message = problem
            self.error(node, rule, f"{name}: {message}")
            return None
        return value


def item_label(section: str) -> str:
    """How diagnostics name an item of a facts file's section: 'an actor', 'a quote'."""
    noun = section[:-1]
    return f"{'an' if noun[0] in 'aeiou' else 'a'} {noun}"


def _facts_file(path: Path, node: yaml.Node | None, problems: Problems, records: Records) -> None:
    reader = _Reader(path, problems)
    if node is None:
        if not any(p.place.path == reader.rel for p in problems.sorted()):
            problems.add(path, 1, 1, "file-empty",
                         "facts file is empty: add 'actors:', 'actions:' or 'quotes:' with a list, or delete it")
        return
    try:
        entries = reader.mapping(node, "file")
        if entries is None:
            return
        for name, key, value in entries:
            record_type = FACT_SECTIONS.get(name)
            if record_type is None:
                hint = closest(name, FACT_SECTIONS)
                extra = f" (did you mean '{hint}'?)" if hint else ""
                reader.error(key, "top-level-unknown", f"unknown top-level key '{name}'{extra}: a facts file "
                             "holds only actors, actions and quotes")
                continue
            if not reader.check_tag(value) or _is_null(value):
                continue
            if not isinstance(value, yaml.SequenceNode):
                reader.error(value, "section-not-list", f"'{name}' must be a list of records (lines starting with '- ')")
                continue
            target = getattr(records, name)
            label = item_label(name)
            for item in value.value:
                record = reader.record(record_type, item, label)
                if record is not None and record.id:
                    target.append(record)
    except _TooManyNodes:
        problems.add(path, 1, 1, "yaml-too-large",
                     f"file expands to more than {MAX_NODES_PER_FILE:,} YAML nodes (aliases included): split it")


def _body(file: ArticleFile) -> tuple[str, int]:
    """An article's body as matched and shown, and its first line in the file: in NFC (so that
    an accented letter is one character for word matching and offsets), without the blank
    lines around it. Done here, once per version of the file (the cache keeps the result),
    not on every build."""
    body = file.body if unicodedata.is_normalized("NFC", file.body) else unicodedata.normalize("NFC", file.body)
    stripped = body.lstrip("\n")
    return stripped.rstrip(), file.body_line + len(body) - len(stripped)


def _stub_article(file: ArticleFile, problems: Problems, records: Records) -> None:
    """An article whose front matter is unusable still answers to its file name, so the
    facts that cite it do not each report an unknown article (the one error is enough)."""
    if SLUG_RE.fullmatch(file.path.stem):
        body, body_line = _body(file)
        records.articles.append(Article(title="", date="", source="", id=file.path.stem, body=body,
                                        body_line=body_line, origin=Origin(problems.relative(file.path), 1, 1)))


def _null_entry(node: yaml.MappingNode, key: str) -> bool:
    """Whether the mapping has `key:` with a null value (nothing, `~` or `null`)."""
    return any(k.value == key and _is_null(v) for k, v in node.value if isinstance(k, yaml.ScalarNode))


def _article(file: ArticleFile, problems: Problems, records: Records) -> None:
    if file.take_front() is None:
        _stub_article(file, problems, records)
        return
    reader = _Reader(file.path, problems, line_offset=1)
    stem = file.path.stem
    if not isinstance(file.front, yaml.MappingNode):
        reader.error(file.front, "front-matter-not-mapping",
                     f"front matter must be 'field: value' lines, found {_describe(file.front)}")
        _stub_article(file, problems, records)
        return
    try:
        article = reader.record(Article, file.front, "front matter")
    except _TooManyNodes:
        problems.add(file.path, 1, 1, "yaml-too-large", "front matter is too large")
        return
    if article is None:
        _stub_article(file, problems, records)
        return
    if not article.id and ("id" not in article.origin.fields or _null_entry(file.front, "id")):
        # No id, or `id:` with no value (null: absent, as for any optional field): the file name.
        # (`id: ''` and other bad ids were reported by the field check: no default for those.)
        if not SLUG_RE.fullmatch(stem) or len(stem) > ID_MAX_LENGTH:
            what = "is not a lowercase slug" if SLUG_RE.fullmatch(stem) is None else \
                f"is {len(stem)} characters long (at most {ID_MAX_LENGTH})"
            problems.add(file.path, 1, 1, "id-format",
                         f"file name '{stem}' {what}, so it cannot be the article id: "
                         "rename the file or add an 'id:' field")
            return
        article.id = sys.intern(stem)
    if not article.id:
        return
    article.body, article.body_line = _body(file)
    article.language = article.language or "en"
    records.articles.append(article)


_RECORD_LISTS = ("actors", "actions", "quotes", "articles")


@dataclass
class ParsedFile:
    """What loading and validating one file gave: kept in the build cache by its bytes' hash.
    `chunks`: a facts file's chunk map (factchunks.py), to rebuild it item by item after an edit."""

    records: Records
    problems: list[Problem]
    chunks: list[tuple[str, bytes, int, int, bool]] | None = None


def body_print(body: str) -> str:
    """The hash an article's body is known by (the text memo's key, the page cache's print)."""
    return hashlib.sha1(body.encode("utf-8", "surrogatepass")).hexdigest()


def print_records(records: Records) -> None:
    """Give each record a fingerprint of itself as its file says it (not a field: repr and ==
    ignore it), kept with it in the cache; see pagecache.Tracker._repr. An article also gets
    one of its body (`body_print`), which link.py keys its remembered text searches by: made
    once here and kept in the cache, it is not made again on every rebuild (54 MB of text at
    10,000 articles)."""
    for name in _RECORD_LISTS:
        for record in getattr(records, name):
            record.__dict__["parse_print"] = hashlib.sha1(repr(record).encode("utf-8", "surrogatepass")).digest()
    for article in records.articles:
        article.__dict__["body_print"] = body_print(article.body)


def _validate_file(file: FactsFile | ArticleFile, problems: Problems, records: Records) -> yaml.Node | None:
    """Validate one file; a facts file's node tree (composed now) is returned, then let go."""
    if isinstance(file, FactsFile):
        node = file.take_node()
        _facts_file(file.path, node, problems, records)
        records.salvaged_ids.update(file.salvaged_ids)
        return node
    _article(file, problems, records)
    return None


# Told each facts file validated now, with its node tree and result (factchunks' chunk maps).
FactsHook = Callable[[FactsFile, yaml.Node, ParsedFile], None]


def _validate_one(file: FactsFile | ArticleFile, problems: Problems, records: Records,
                  parsed: dict[tuple[str, str], ParsedFile] | None, hook: FactsHook | None = None) -> None:
    source: FileSource | None = file.source
    if source is None:  # no cache, or a file that could not be read at all
        _validate_file(file, problems, records)
        return
    result = source.parsed if source.parsed is not None else _parse_fresh(file, source, problems.root, hook)
    if parsed is not None:
        parsed[source.key] = result
    for name in _RECORD_LISTS:
        getattr(records, name).extend(getattr(result.records, name))
    records.salvaged_ids.update(result.records.salvaged_ids)
    problems.extend(result.problems)


def _parse_fresh(file: FactsFile | ArticleFile, source: FileSource, root: Path, hook: FactsHook | None) -> ParsedFile:
    """What one file gives on its own, as the build cache keeps it."""
    own = source.problems if source.problems is not None else Problems(root)
    mine = Records()
    node = _validate_file(file, own, mine)
    print_records(mine)
    result = ParsedFile(mine, own.sorted())
    if hook is not None and node is not None and isinstance(file, FactsFile):
        hook(file, node, result)
    return result


SHARED_FROM_FILES = 200  # fewer files to validate: a fork costs more than sharing them saves


def validate_shared(content: Content, root: Path, hook: FactsHook | None = None, processes: int | None = None,
                    progress: Progress | None = None, usage: dict[str, int] | None = None) -> int:
    """Validate the files the build cache did not know (a cold build: 5 to 6 s at 10,000
    articles in one process) in several processes forked from this one (forkedwork.py), each
    result left on its file's source as a cache hit would be: `validate` then takes them in
    file order, so records, problems and the cache are the same as one process gives.
    `processes`: as `BuildContext.jobs`. Returns how many processes validated; `usage` is told
    that too (validate_processes) and the workers' peak memory in KiB.

    Only files loaded for the cache (with a `source`) are shared: what validating them gives
    is a `ParsedFile`, which pickles (the cache stores it), so a worker can send it back."""
    todo = [f for f in (*content.facts, *content.articles) if f.source is not None and f.source.parsed is None]
    count = workers_for(len(todo), processes, SHARED_FROM_FILES)
    if count <= 1:
        return 1
    # Biggest first, then dealt round-robin: each process gets about as many bytes to parse
    # (a facts file can hold 30,000 actions, an article a few kilobytes).
    todo.sort(key=_file_size, reverse=True)
    done = run_shared(len(todo), lambda i: _parse_fresh(todo[i], todo[i].source, root, hook), count,
                      tell=counter(progress, "checking files", len(todo)))
    for file, result in zip(todo, done.results):
        file.source.parsed = result
    if usage is not None:
        usage["validate_processes"] = count
        usage["validate_worker_peak_kib"] = sum(done.worker_peaks_kib)
    return count


def _file_size(file: FactsFile | ArticleFile) -> int:
    return len(file.text or "") if isinstance(file, FactsFile) else len(file.body)


def validate(content: Content, problems: Problems,
             parsed: dict[tuple[str, str], ParsedFile] | None = None, hook: FactsHook | None = None,
             progress: Progress | None = None) -> Records:
    """Every file's records, in file order. `parsed` (for the build cache) receives what each
    file gave, by (relative path, SHA-256), whether it was validated now or came from the cache.
    Facts files are composed one at a time here, and their node trees dropped after (`hook`,
    with the cache on, sees each one first)."""
    records = Records()
    tell = counter(progress, "checking files", len(content.facts) + len(content.articles))
    for facts in content.facts:
        _validate_one(facts, problems, records, parsed, hook)
        tell()
    for article in content.articles:
        _validate_one(article, problems, records, parsed)
        tell()
    pages_dir = content.root / "pages"
    for path in content.pages:
        records.pages.append(Page(path.relative_to(pages_dir).as_posix(), str(path)))
    return records
