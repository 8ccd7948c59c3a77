"""Stage 1, load: read every file under content/; YAML becomes node trees that keep positions
(an article's front matter here, a facts file's when validation takes it: see FactsFile).

Nothing is interpreted here beyond YAML syntax. We stop at PyYAML's *compose* step (done by
libyaml in C when available) and never run its constructor: node trees keep the line and
column of every key and value, and no YAML 1.1 implicit typing (`No` -> False, `on` -> True,
dates everywhere) can happen, because scalars are read as the text the curator wrote.
"""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .cache import file_digest
from .inputfiles import ARTICLE_SUFFIXES, FACT_SUFFIXES, not_read_message, sorted_files
from .yamlhints import hint as yaml_hint
from .problems import Problems

try:  # libyaml's parser is several times faster; fall back so a plain wheel still works
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_TAG = "tag:yaml.org,2002:"
_NULL_TAG, _MERGE_TAG, _STR_TAG, _SEQ_TAG, _MAP_TAG = (_TAG + name for name in ("null", "merge", "str", "seq", "map"))


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader with a lean resolver. We never construct values (every field reads
    the text as written), so the only implicit types that matter are null (an empty or `~`
    value means "absent") and the merge key `<<` (reported as unsupported). PyYAML's regex
    resolver, run for every scalar, was a third of the load time; explicit tags are kept as
    written and checked by the validator."""

    # libyaml's composer calls back into Python for every node: resolve, and descend_resolver
    # and ascend_resolver, which keep the path bookkeeping of `add_path_resolver`. We add no
    # path resolver, so those two do nothing here, and resolve returns prebuilt tags: 11% of
    # composing 10,000 small facts files (1.44 -> 1.28 s).
    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:  # type: ignore[override]
        if kind is yaml.ScalarNode:
            if implicit[0]:
                if value in _NULLS:
                    return _NULL_TAG
                if value == "<<":
                    return _MERGE_TAG
            return _STR_TAG
        return _SEQ_TAG if kind is yaml.SequenceNode else _MAP_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

# The hand-written pages MkDocs reads as Markdown, and so decodes as UTF-8 (its
# utils.markdown_extensions, matched as it does: case matters). Other pages are copied as bytes.
MARKDOWN_SUFFIXES = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")
# A facts file or article larger than this is refused: a bound on memory (a file of YAML
# nodes takes about 20 times its size), and far above any hand-kept file (30,000 actions in
# one file are about 12 MB).
MAX_FILE_BYTES = 64 * 1024 * 1024
FRONT_MATTER_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*[\"']?([a-z0-9]+(?:-[a-z0-9]+)*)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


@dataclass
class FactsFile:
    """A facts file as read. Its YAML is composed when validation takes it (`take_node`), not
    here: the node trees of all facts files at once are about 20 times their size (420 MB at
    10,000 articles), while one file's at a time is what validation needs."""

    path: Path
    text: str | None  # None when the file could not be read
    problems: Problems | None = None  # where composing reports YAML errors
    # Ids that an unreadable file seems to define (a best-effort scan of `id:` lines), so that
    # one YAML syntax error does not also raise "unknown id" everywhere those ids are used.
    salvaged_ids: list[str] = field(default_factory=list)
    source: "FileSource | None" = None

    def take_node(self) -> yaml.Node | None:
        """The file's node tree, composed now; the text is let go (taken once)."""
        text, self.text = self.text, None
        if text is None or self.problems is None:
            return None
        node = compose_yaml(text, self.path, self.problems)
        if node is None and text.strip():
            self.salvaged_ids = _ID_LINE.findall(text)
        return node


@dataclass
class ArticleFile:
    path: Path
    front: yaml.Node | None  # None when the front matter could not be read
    body: str
    body_line: int  # file line of the body's first line
    front_line: int  # file line of the opening fence
    source: "FileSource | None" = None
    # Front matter left to compose when validation takes it (`take_front`), with where its
    # problems go: so a cold build composes it in whichever process validates the article.
    front_text: str | None = None
    front_problems: Problems | None = None

    def take_front(self) -> yaml.Node | None:
        """The front matter's node tree: composed now if load left its text, else `front`."""
        text, problems = self.front_text, self.front_problems
        if text is not None and problems is not None:
            self.front_text = None
            self.front = _compose_front(text, self.path, problems)
        return self.front


@dataclass
class FileSource:
    """Which bytes a file was loaded from, for the build cache: `key` is (path relative to the
    project, SHA-256 of the bytes). Either `parsed` holds what validating those very bytes gave
    before (nothing left to do), or `problems` collects this file's own problems so that what
    validation finds can be kept for the next build."""

    key: tuple[str, str]
    parsed: Any = None  # validate.ParsedFile from the cache
    problems: Problems | None = None


@dataclass
class Content:
    root: Path
    facts: list[FactsFile] = field(default_factory=list)
    articles: list[ArticleFile] = field(default_factory=list)
    pages: list[Path] = field(default_factory=list)


Progress = Callable[[str, int, int], None]  # told (what, done, total) as a long build goes


def counter(progress: Progress | None, what: str, total: int, updates: int = 50) -> Callable[[], None]:
    """A step function for a loop of `total` items that tells `progress` about `updates` times
    (a terminal line redrawn 63,000 times would cost more than it shows)."""
    if progress is None or not total:
        return lambda: None
    step = max(1, total // updates)
    done = 0

    def tell() -> None:
        nonlocal done
        done += 1
        if done % step == 0 or done == total:
            progress(what, done, total)
    return tell


def read_bytes(path: Path, problems: Problems) -> bytes | None:
    # os.open/fstat/read, not Path.stat and Path.read_bytes: a rebuild reads all 10,000 files
    # of a big briefing to hash them, and half of that time went to the file objects.
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        try:
            size = os.fstat(fd).st_size
            if size > MAX_FILE_BYTES:
                problems.add(path, 0, 0, "file-too-large",
                             f"file is {size:,} bytes; at most {MAX_FILE_BYTES:,} are read: split it into smaller files")
                return None
            data = os.read(fd, size + 1)
            if len(data) != size:  # it changed while read (or a short read): read on to its end
                parts, total = [data], len(data)
                while parts[-1] and total <= MAX_FILE_BYTES:
                    parts.append(os.read(fd, 1 << 20))
                    total += len(parts[-1])
                if total > MAX_FILE_BYTES:
                    problems.add(path, 0, 0, "file-too-large", f"file grew past {MAX_FILE_BYTES:,} bytes while "
                                 "it was read: split it into smaller files")
                    return None
                data = b"".join(parts)
            return data
        finally:
            os.close(fd)
    except OSError as exc:
        problems.add(path, 0, 0, "file-unreadable", f"cannot read file: {exc.strerror or exc}")
        return None


def read_text(path: Path, problems: Problems, data: bytes | None = None) -> str | None:
    """The file's text, line ends made '\n'; None (and a problem) when it cannot be read."""
    if data is None:
        data = read_bytes(path, problems)
        if data is None:
            return None
    text, readable = decode_text(path, problems, data)
    return text if readable else None


def decode_text(path: Path, problems: Problems, data: bytes) -> tuple[str, bool]:
    """The text of `data` (a UTF-8 byte order mark dropped, line ends made '\n') and whether
    it is UTF-8. When it is not, a `file-encoding` problem is reported at the first bad byte,
    and the text is given with each bad byte read as Windows-1252: not to be used as the
    file's content, only to salvage what spares other files a cascade of errors (the ids a
    facts file defines, an article's body that quotes are checked against)."""
    text = _utf8(path, problems, data)
    readable = text is not None
    if text is None:
        text = data.decode("utf-8-sig", errors=_SALVAGE_ERRORS)
    return text.replace("\r\n", "\n").replace("\r", "\n"), readable


def _as_windows_1252(exc: UnicodeError) -> tuple[str, int]:
    """A byte that is not UTF-8, read as Windows-1252 (the usual other encoding of a text
    saved on Windows, and Latin-1's superset in practice): an article saved so keeps its
    'é' and curly quotes, so the quotes cited from it are still found (see decode_text)."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start:exc.end].decode("cp1252", errors="replace"), exc.end


_SALVAGE_ERRORS = "briefing-windows-1252"
codecs.register_error(_SALVAGE_ERRORS, _as_windows_1252)


def _utf8(path: Path, problems: Problems, data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _bad_byte_place(data, exc.start)
        problems.add(path, line, column, "file-encoding", "file is not valid UTF-8: save it as UTF-8")
        return None


def _bad_byte_place(data: bytes, start: int) -> tuple[int, int]:
    """Line and column (from 1) of the undecodable byte at `start`, counted as every other
    diagnostic counts them: in the text as read (no byte order mark; CRLF and CR end lines as
    LF does), columns in characters, as YAML's marks count them."""
    # utf-8-sig reports offsets after the byte order mark it drops.
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    before = data[skip:skip + start].decode("utf-8", errors="replace")  # valid up to `start`
    before = before.replace("\r\n", "\n").replace("\r", "\n")
    return before.count("\n") + 1, len(before) - before.rfind("\n")


def compose_yaml(text: str, path: Path, problems: Problems, line_offset: int = 0) -> yaml.Node | None:
    """Parse YAML text into a node tree; a syntax error becomes a problem at its mark."""
    try:
        return yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        advice, at = yaml_hint(exc, text, line_offset)
        mark = at or exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else 0
        col = (mark.column + 1) if mark else 0
        last_line = text.count("\n") + (0 if text.endswith("\n") else 1) + line_offset
        if mark and line > last_line:  # "end of stream" is reported after the last line
            lines = text.split("\n")
            line, col = max(1, last_line), len(lines[last_line - line_offset - 1]) + 1 if lines else 1
        problem = exc.problem or exc.context or "invalid YAML"
        tab_col = _tab_column(text, mark.line) if mark else None
        if tab_col is not None or "\t" in str(problem) or "tab" in str(problem):
            problems.add(path, line, tab_col or col, "yaml-tab",
                         "a tab character cannot indent YAML: indent with spaces")
        else:
            context = f" ({exc.context})" if exc.context and exc.problem else ""
            advice = f": {advice}" if advice else ""
            problems.add(path, line, col, "yaml-syntax", f"YAML syntax error: {problem}{context}{advice}")
    except yaml.reader.ReaderError as exc:
        # A character YAML does not allow (a control character). The reader reports an offset
        # into the text, not a mark: turn it into the line and column.
        at = min(max(exc.position, 0), len(text))
        line = text.count("\n", 0, at) + 1 + line_offset
        col = at - (text.rfind("\n", 0, at) + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
        problems.add(path, line, col, "yaml-syntax",
                     f"YAML cannot hold the character U+{code:04X} ({exc.reason}): remove it")
    except yaml.YAMLError as exc:
        problems.add(path, 1, 1, "yaml-syntax", f"YAML error: {' '.join(str(exc).split())}")
    except RecursionError:
        problems.add(path, 1, 1, "yaml-too-deep", "YAML nesting is too deep to read")
    return None


def _tab_column(text: str, line_index: int) -> int | None:
    """Column (from 1) of a tab in the indentation of a line, or None: libyaml's message
    ("found character that cannot start any token") does not say that it met a tab."""
    lines = text.split("\n")
    if not 0 <= line_index < len(lines):
        return None
    line = lines[line_index]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    at = indent.find("\t")
    return at + 1 if at >= 0 else None


def load_facts_file(path: Path, problems: Problems, data: bytes | None = None) -> FactsFile:
    if data is None:
        data = read_bytes(path, problems)
        if data is None:
            return FactsFile(path, None)
    return _facts_from_text(path, problems, *decode_text(path, problems, data))


def _facts_from_text(path: Path, problems: Problems, text: str | None, readable: bool = True) -> FactsFile:
    """The file, to be composed whole (with its YAML errors reported to `problems`). A file
    that is not UTF-8 (`readable` False: `text` is a guess, see decode_text) is not composed,
    but the ids it seems to define are salvaged, as for a YAML syntax error (FactsFile)."""
    if not readable:
        return FactsFile(path, None, salvaged_ids=_ID_LINE.findall(text or ""))
    return FactsFile(path, text, problems if text is not None else None)


def load_article(path: Path, problems: Problems, data: bytes | None = None, later: bool = False) -> ArticleFile:
    """An article as read; with `later`, its front matter is composed when validation takes it."""
    if data is None:
        data = read_bytes(path, problems)
        if data is None:
            return ArticleFile(path, None, "", 1, 1)
    text, readable = decode_text(path, problems, data)
    lines = text.split("\n")
    if not readable:
        # Not UTF-8: the front matter is not read (the article answers to its file name, see
        # validate._stub_article), but the body, as decode_text guesses it, is kept so that the
        # quotes and evidence it holds are found: one encoding error, not one per citation.
        closing = _closing_fence(lines) if lines[0].rstrip() == "---" else None
        if closing is None:
            return ArticleFile(path, None, text, 1, 1)
        return ArticleFile(path, None, "\n".join(lines[closing + 1:]), closing + 2, 1)
    if not lines or lines[0].rstrip() != "---":
        problems.add(path, 1, 1, "front-matter-missing",
                     "article has no front matter: start the file with a line '---', the fields "
                     "title, date and source, and a closing '---'")
        return ArticleFile(path, None, text, 1, 1)
    index = _closing_fence(lines)
    if index is None:
        problems.add(path, 1, 1, "front-matter-unterminated",
                     "front matter is not closed: add a line '---' after its last field")
        # Where the body starts is unknown: all of the rest stands in for it, so that the quotes
        # and evidence cited from it are still found (one error, not one per citation).
        return ArticleFile(path, None, "\n".join(lines[1:]), 2, 1)
    front_text = "\n".join(lines[1:index])
    body = "\n".join(lines[index + 1:])
    if later:
        return ArticleFile(path, None, body, index + 2, 1, front_text=front_text, front_problems=problems)
    return ArticleFile(path, _compose_front(front_text, path, problems), body, index + 2, 1)


def _compose_front(text: str, path: Path, problems: Problems) -> yaml.Node | None:
    # Line offset 1: the YAML starts on the file's second line.
    node = compose_yaml(text, path, problems, line_offset=1)
    if node is None and not problems_for(problems, path):
        problems.add(path, 1, 1, "front-matter-empty",
                     "front matter is empty: add the fields title, date and source")
    return node


def _closing_fence(lines: list[str]) -> int | None:
    """The index of the line that closes an article's front matter (opened on line 0)."""
    for index in range(1, len(lines)):
        if FRONT_MATTER_FENCE.match(lines[index]):
            return index
    return None


def _load_one(path: Path, problems: Problems, parsed: dict[tuple[str, str], Any] | None, loader: Any, empty: Any,
              chunks: Callable[[Path, str, str], Any] | None = None, digest: str | None = None) -> Any:
    if parsed is None:
        return loader(path, problems)
    rel = problems.relative(path)
    hit = parsed.get((rel, digest)) if digest is not None else None
    if hit is not None:  # hashed ahead (warmstart.py), and known: not read again
        empty.source = FileSource((rel, digest), parsed=hit)
        return empty
    data = read_bytes(path, problems)
    if data is None:  # unreadable or too large: reported now, not cached
        return empty
    key = (rel, file_digest(data))
    hit = parsed.get(key)
    if hit is not None:
        empty.source = FileSource(key, parsed=hit)
        return empty
    own = Problems(problems.root)  # this file's problems, kept with its records
    if chunks is not None and loader is load_facts_file:
        # A changed facts file: rebuilt item by item from its previous version if it can be
        # (factchunks.py), else parsed whole.
        text, readable = decode_text(path, own, data)
        rebuilt = chunks(path, key[0], text) if readable else None
        if rebuilt is not None:
            empty.source = FileSource(key, parsed=rebuilt)
            return empty
        loaded = _facts_from_text(path, own, text, readable)
    elif loader is load_article:  # its front matter composed by whichever process validates it
        loaded = load_article(path, own, data, later=True)
    else:
        loaded = loader(path, own, data)
    loaded.source = FileSource(key, problems=own)
    return loaded


def problems_for(problems: Problems, path: Path) -> bool:
    rel = problems.relative(path)
    return any(p.place.path == rel for p in problems.sorted())


def load(content_dir: Path, problems: Problems, parsed: dict[tuple[str, str], Any] | None = None,
         chunks: Callable[[Path, str, str], Any] | None = None, progress: Progress | None = None,
         digests: dict[str, str] | None = None) -> Content:
    """Read everything; problems are collected, never raised.

    `parsed`: the build cache's results of earlier builds, by (relative path, SHA-256). A file
    whose bytes are there is read and hashed but not parsed again. Without it (no cache),
    files are loaded exactly the same way, only nothing is recorded for a next build.
    `chunks` (with `parsed`): gives a changed facts file's result from its previous version's,
    or None to parse it (factchunks.ChunkReuse). `progress` is told the files read so far.
    `digests` (with `parsed`): files hashed ahead by path (warmstart.py), not read if known."""
    content = Content(content_dir)
    facts_dir, articles_dir = content_dir / "facts", content_dir / "articles"
    facts = sorted_files(facts_dir, FACT_SUFFIXES, problems, content_dir,
                         not_read_message(problems.relative(facts_dir), problems.relative(articles_dir), facts=True))
    articles = sorted_files(articles_dir, ARTICLE_SUFFIXES, problems, content_dir,
                            not_read_message(problems.relative(articles_dir), problems.relative(facts_dir), facts=False))
    tell = counter(progress, "reading files", len(facts) + len(articles))
    ahead = digests or {}
    for path in facts:
        content.facts.append(_load_one(path, problems, parsed, load_facts_file, FactsFile(path, None), chunks,
                                       ahead.get(str(path))))
        tell()
    for path in articles:
        content.articles.append(_load_one(path, problems, parsed, load_article, ArticleFile(path, None, "", 1, 1),
                                          None, ahead.get(str(path))))
        tell()
    content.pages = sorted_files(content_dir / "pages", None, problems, content_dir)
    for page in content.pages:
        if page.name.endswith(MARKDOWN_SUFFIXES):
            _check_page(page, problems)
    if not content.facts and not content.articles:
        problems.add(content_dir, 0, 0, "content-empty",
                     "no articles (content/articles/*.md) and no facts (content/facts/**/*.yaml) found")
    return content


def _check_page(path: Path, problems: Problems) -> None:
    """A hand-written Markdown page must be UTF-8: MkDocs decodes it, and stops with a
    traceback on the first bad byte. Read whole, with no size limit: pages are published as
    they are, and MkDocs reads them whole anyway."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        problems.add(path, 0, 0, "file-unreadable", f"cannot read file: {exc.strerror or exc}")
        return
    _utf8(path, problems, data)
