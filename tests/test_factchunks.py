"""A changed facts file rebuilt item by item (generator/factchunks.py) gives exactly what
parsing and validating the whole file gives: the same records, positions, problems and
messages. Random files (valid and broken items, comments, multi-line texts, nested lists)
get random edits; every rebuild is compared with a whole-file parse of the new text."""

from __future__ import annotations

import copy
import random
from pathlib import Path
from typing import Any

import pytest

from generator.factchunks import ChunkReuse, chunk_map, segment
from generator.fields import input_fields
from generator.load import load_facts_file
from generator.problems import Problems
from generator.validate import ParsedFile, Records, _validate_file, print_records

REL = "content/facts/big.yaml"


def whole(root: Path, text: str) -> tuple[ParsedFile, Any]:
    """The file parsed and validated whole, as validate._validate_one does with the cache on."""
    path = root / REL
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    own = Problems(root)
    facts = load_facts_file(path, own)
    records = Records()
    node = _validate_file(facts, own, records)
    print_records(records)
    return ParsedFile(records, own.sorted()), node


def origins(record: Any) -> list[Any]:
    """The record's and its nested records' positions, field by field."""
    out = [(record.origin.path, record.origin.line, record.origin.column, sorted(record.origin.fields.items()))]
    for name, spec in input_fields(type(record)).items():
        if spec.kind == "records":
            for item in getattr(record, name) or ():
                out += origins(item)
    return out


def same(a: ParsedFile, b: ParsedFile) -> None:
    for name in ("actors", "actions", "quotes", "articles"):
        ra, rb = getattr(a.records, name), getattr(b.records, name)
        assert [repr(r) for r in ra] == [repr(r) for r in rb], name
        assert [origins(r) for r in ra] == [origins(r) for r in rb], name
        assert [r.__dict__["parse_print"] for r in ra] == [r.__dict__["parse_print"] for r in rb], name
    assert a.problems == b.problems


# --- random facts files ---------------------------------------------------------------------------

def action(rng: random.Random, n: int, ind: str) -> list[str]:
    if rng.random() > 0.05:
        lines = [f"{ind}- id: act-{n}"]
    else:  # the item's mapping begins on the line after its dash
        lines = [f"{ind}-", f"{ind}  id: act-{n}"]
    lines.append(f"{ind}  date: {rng.choice(['2024-01-02', '2023-12', '2024', '2024-13-01', 'soon'])}")
    if rng.random() > 0.1:
        lines.append(f"{ind}  type: {rng.choice(['sanction', 'claim', 'Bad Type'])}")
    by = rng.choice([f"by: [actor-{n % 3}, actor-{(n + 1) % 3}]", f"by: actor-{n % 3}",
                     f"by:\n{ind}    - actor-{n % 3}\n{ind}    - actor-9", "by: []"])
    lines += [f"{ind}  {part}" if i == 0 else part for i, part in enumerate(by.split("\n"))]
    summary = rng.choice([f'summary: "Did thing {n}."', f"summary: Plain text {n}, with a comma",
                          f'summary: "Two lines\n{ind}    of text {n}."', f"summary: |\n{ind}    Block {n}\n{ind}    text",
                          f"summary: 'It''s {n}: quoted'"])
    lines += [f"{ind}  {part}" if i == 0 else part for i, part in enumerate(summary.split("\n"))]
    if rng.random() > 0.3:
        lines += [f"{ind}  sources:", f"{ind}    - article: art-{n % 2}", f'{ind}      evidence: "words {n}"']
        if rng.random() > 0.7:
            lines += [f"{ind}    - article: Not A Slug", f"{ind}      evdence: typo"]
    if rng.random() > 0.85:
        lines.append(f"{ind}  sumary: misspelt field")
    if rng.random() > 0.9:
        lines.append(f"{ind}  count: {rng.choice(['12', 'many', '-3'])}")
    return lines


def actor(rng: random.Random, n: int, ind: str) -> list[str]:
    lines = [f"{ind}- id: actor-{n}", f"{ind}  name: Actor Name {n}", f"{ind}  type: {rng.choice(['person', 'robot'])}"]
    if rng.random() > 0.5:
        lines.append(f"{ind}  aliases: [A{n}, B{n}]")
    if rng.random() > 0.6:
        lines += [f"{ind}  affiliations:", f"{ind}    - actor: actor-{(n + 1) % 5}", f"{ind}      role: Chair",
                  f"{ind}      since: {rng.choice(['2020-01-01', '2020-02-30'])}"]
    return lines


def quote(rng: random.Random, n: int, ind: str) -> list[str]:
    lines = [f"{ind}- id: q-{n}", f'{ind}  text: "Said {n}"', f"{ind}  speaker: actor-{n % 3}"]
    if rng.random() > 0.2:
        lines.append(f"{ind}  source: art-{n % 2}")
    if rng.random() > 0.9:
        lines.append(f"{ind}  - stray: item")  # a list inside the mapping: broken YAML
    return lines


MAKERS = {"actors": actor, "actions": action, "quotes": quote}


def random_file(rng: random.Random) -> tuple[str, list[tuple[str, list[str]]]]:
    sections = rng.sample(list(MAKERS), rng.randint(1, 3))
    parts: list[tuple[str, list[str]]] = []
    for section in sections:
        ind = rng.choice(["", "  "])
        items = [MAKERS[section](rng, n, ind) for n in range(rng.randint(0, 8))]
        for item in items:
            if rng.random() > 0.8:
                item.append(rng.choice(["", f"{ind}  # a comment", "# at the margin"]))
            if rng.random() > 0.97:
                item.append(f"{ind}- just text")
        parts.append((section, ["\n".join(item) for item in items]))
    return render(parts), parts


def render(parts: list[tuple[str, list[str]]]) -> str:
    out = ["# Facts for the test"]
    for section, items in parts:
        out.append(f"{section}:")
        out += items
        out.append("")
    return "\n".join(out) + "\n"


def edit(rng: random.Random, parts: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    parts = [(s, list(items)) for s, items in parts]
    for _ in range(rng.randint(1, 3)):
        section, items = rng.choice(parts)
        ind = "  " if items and items[0].startswith("  ") else ""
        what = rng.choice(["change", "insert", "delete", "duplicate", "comment", "move"])
        at = rng.randrange(len(items)) if items else 0
        if what == "insert" or not items:
            items.insert(at, "\n".join(MAKERS[section](rng, rng.randint(50, 99), ind)))
        elif what == "change":
            lines = items[at].split("\n")
            i = rng.randrange(len(lines))
            lines[i] = lines[i].replace("2024", "2022").replace("Did", "Made").replace("actor-1", "actor-4") + (
                "" if rng.random() > 0.3 else " more")
            items[at] = "\n".join(lines)
        elif what == "delete":
            del items[at]
        elif what == "duplicate":
            items.insert(at, items[at])
        elif what == "comment":
            items[at] = items[at] + "\n" + rng.choice(["", "# note", f"{ind}  # indented note"])
        else:
            items.insert(rng.randrange(len(items)), items.pop(at))
    return parts


def test_random_edits_rebuild_exactly_as_a_whole_parse(tmp_path: Path) -> None:
    reused = mapped = 0
    for seed in range(400):
        rng = random.Random(seed)
        text, parts = random_file(rng)
        old, node = whole(tmp_path, text)
        chunks = segment(text)
        assert chunks is not None, text
        old.chunks = chunk_map(chunks, node, old)
        if old.chunks is None:
            continue
        mapped += 1
        new_text = render(edit(rng, parts))
        before = copy.deepcopy(old)
        rebuilt = ChunkReuse({(REL, "old"): old}, tmp_path)(tmp_path / REL, REL, new_text)
        # The previous result is left as it was (the build cache may hold it in memory).
        same(old, before)
        expected, node = whole(tmp_path, new_text)
        if rebuilt is None:
            continue
        reused += 1
        try:
            same(rebuilt, expected)
        except AssertionError:
            print(f"seed {seed}\n--- before\n{text}\n--- after\n{new_text}")
            raise
        # ... and the rebuilt file's chunk map is the one a whole parse would give.
        assert rebuilt.chunks == chunk_map(segment(new_text) or [], node, expected), seed
    # The comparison must have run: most random files have the layout, most edits are rebuilt.
    assert mapped > 300 and reused > 200, (mapped, reused)


@pytest.mark.parametrize("text", [
    "actions:\n  - id: a\n    x: &anchor 1\n",  # anchors tie items together
    "actions:\n  - id: a\n    x: *anchor\n",
    "actions:\n\t- id: a\n",  # tabs
    "actions:\n  - id: a\nactions:\n  - id: b\n",  # a section twice
    "actions: []\n",  # a value on the section line
    "---\nactions:\n  - id: a\n",  # a document marker
    "actors:\n  - id: a\nnotes: x\n",  # an unknown top-level key
    "actions:\n  - id: a\n - id: b\n",  # items at two indentations
    "actions:\n  - id: a\n  date: 2024\n",  # a line at the item's indentation that is not an item
])
def test_files_without_the_plain_layout_are_parsed_whole(text: str) -> None:
    assert segment(text) is None


def test_chunks_cover_items_with_their_trailing_comments() -> None:
    text = "# head\nactors:\n  - id: a\n    name: A\n\n  # about b\n  - id: b\nquotes:\n- id: q\n  text: x\n"
    chunks = segment(text)
    assert chunks is not None
    assert [(c.section, c.start, c.end) for c in chunks] == [("actors", 3, 6), ("actors", 7, 7), ("quotes", 9, 11)]
    assert chunks[0].text == "  - id: a\n    name: A\n\n  # about b\n"  # the file's lines, breaks included


def test_a_quoted_text_that_spans_an_item_start_is_not_mapped(tmp_path: Path) -> None:
    """The parser, not the layout, decides where items begin: a quoted text whose second line
    looks like a new item keeps the file from being rebuilt by chunks."""
    text = 'actions:\n  - id: a\n    date: 2024\n    type: t\n    by: [x]\n    summary: "one\n  - id: b"\n'
    result, node = whole(tmp_path, text)
    chunks = segment(text)
    assert chunks is not None and len(chunks) == 2
    assert chunk_map(chunks, node, result) is None


def test_a_big_facts_file_edit_parses_only_the_edited_item(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """End to end through build(): after the first build, an edit to one action of a file of
    many is rebuilt from the cache with one item parsed, and the output equals a clean build."""
    import shutil

    from generator import factchunks, load
    from generator.cli import main

    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "multi", root)
    path = root / "content" / "facts" / "events" / "2024.yaml"
    assert main(["build", "--project", str(root), "--out", str(tmp_path / "out"), "--format", "text"]) == 0
    text = path.read_text("utf-8")
    path.write_text(text.replace("Some 4,200 dockers walked off the job at Puerto Salinas.",
                                 "About 4,200 dockers walked off the job."), "utf-8")
    parsed_alone: list[str] = []
    real = factchunks._parse_alone
    monkeypatch.setattr(factchunks, "_parse_alone", lambda p, chunk, r: parsed_alone.append(chunk.text) or real(p, chunk, r))

    def no_whole_parse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the edited file was parsed whole")

    monkeypatch.setattr(load, "_facts_from_text", no_whole_parse)
    assert main(["build", "--project", str(root), "--out", str(tmp_path / "out"), "--format", "text"]) == 0
    assert len(parsed_alone) == 1 and "About 4,200 dockers" in parsed_alone[0]
    monkeypatch.undo()
    assert main(["build", "--project", str(root), "--out", str(tmp_path / "ref"), "--format", "text", "--no-cache"]) == 0
    tree = lambda d: {p.relative_to(d).as_posix(): p.read_bytes() for p in d.rglob("*") if p.is_file()}  # noqa: E731
    assert tree(tmp_path / "out") == tree(tmp_path / "ref")


def test_a_big_file_has_a_cache_shard_of_its_own(tmp_path: Path) -> None:
    """An edit elsewhere does not write a big file's parse results again; its shard goes with it."""
    import shutil

    from generator.cache import CACHE_DIR_NAME
    from generator.cli import main

    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "multi", root)
    big = root / "content" / "facts" / "crowd.yaml"
    big.write_text("actors:\n" + "".join(f"  - id: person-{i}\n    name: Person Number {i}\n    type: person\n"
                                         for i in range(2_000)), "utf-8")

    def build() -> None:
        assert main(["build", "--project", str(root), "--out", str(tmp_path / "out"), "--format", "text"]) == 0

    build()
    cache = root / CACHE_DIR_NAME
    shards = sorted(cache.glob("parsed-big-*.pickle"))
    assert len(shards) == 1
    before = shards[0].stat().st_mtime_ns
    article = root / "content" / "articles" / "dockers-walk-out.md"
    article.write_text(article.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    build()
    assert shards[0].stat().st_mtime_ns == before
    big.unlink()
    build()
    assert not shards[0].exists()


def test_a_big_file_edited_in_a_few_items_keeps_its_previous_cache_entry(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """A few edited items do not re-save a big file's 2,000 records (ChunkReuse.keep_previous):
    the shard keeps the previous version, the build parses the edited item alone, output
    identical to a clean build. The next build with the file unchanged saves it anew, and the
    one after parses nothing. More than 2% of the items edited: saved anew at once."""
    import shutil

    from generator import factchunks, load
    from generator.cache import CACHE_DIR_NAME
    from generator.cli import main

    root = tmp_path / "p"
    shutil.copytree(Path(__file__).parent / "fixtures" / "multi", root)
    big = root / "content" / "facts" / "crowd.yaml"
    big.write_text("actors:\n" + "".join(f"  - id: person-{i}\n    name: Person Number {i}\n    type: person\n"
                                         for i in range(2_000)), "utf-8")
    parsed_alone: list[str] = []
    whole: list[str] = []
    real_alone, real_whole = factchunks._parse_alone, load._facts_from_text
    monkeypatch.setattr(factchunks, "_parse_alone",
                        lambda p, chunk, r: parsed_alone.append(chunk.text) or real_alone(p, chunk, r))
    monkeypatch.setattr(load, "_facts_from_text", lambda *a, **k: whole.append(str(a[0])) or real_whole(*a, **k))
    tree = lambda d: {p.relative_to(d).as_posix(): p.read_bytes() for p in d.rglob("*") if p.is_file()}  # noqa: E731

    def build(out: str = "out", *extra: str) -> None:
        parsed_alone.clear()
        whole.clear()
        assert main(["build", "--project", str(root), "--out", str(tmp_path / out), "--format", "text", *extra]) == 0

    def same_as_clean_build() -> None:
        build("ref", "--no-cache")
        assert tree(tmp_path / "out") == tree(tmp_path / "ref")

    build()
    shard = next((root / CACHE_DIR_NAME).glob("parsed-big-*.pickle"))
    saved = shard.read_bytes()
    big.write_text(big.read_text("utf-8").replace("Person Number 7\n", "Person Number Seven\n"), "utf-8")
    build()
    assert [len(parsed_alone), whole] == [1, []] and shard.read_bytes() == saved
    same_as_clean_build()
    big.write_text(big.read_text("utf-8").replace("Person Number 9\n", "Person Number Nine\n"), "utf-8")
    build()  # edited again (as under mkdocs serve): both items against the kept version
    assert [len(parsed_alone), whole] == [2, []] and shard.read_bytes() == saved
    same_as_clean_build()
    build()  # unchanged since: rebuilt from the kept version again, and now saved
    assert [len(parsed_alone), whole] == [2, []] and shard.read_bytes() != saved
    same_as_clean_build()
    build()
    assert [parsed_alone, whole] == [[], []]
    saved = shard.read_bytes()
    text = big.read_text("utf-8")
    for i in range(100, 160):  # 60 items differ, more than 2% of 2,000
        text = text.replace(f"Person Number {i}\n", f"Person No. {i}\n")
    big.write_text(text, "utf-8")
    build()
    assert [len(parsed_alone), whole] == [60, []] and shard.read_bytes() != saved
    same_as_clean_build()
    build()
    assert [parsed_alone, whole] == [[], []]
