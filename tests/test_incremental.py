"""Rebuilds with the build cache give exactly what a build without it gives, after any edit.

Each case builds a briefing (filling the cache), edits it the way a curator would, rebuilds
with the cache into the same folder and without it into another, and compares the two trees
byte for byte. The cache must also be used (a rebuild renders only what the edit touched),
survive being deleted or corrupted, and never read a pickle that names foreign code.
"""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path
from typing import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cache import CACHE_DIR_NAME, BuildCache, code_fingerprint
from generator.cli import main

MULTI = Path(__file__).parent / "fixtures" / "multi"


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(capsys: pytest.CaptureFixture[str], root: Path, out: Path, *extra: str) -> str:
    code = main(["build", "--project", str(root), "--out", str(out), "--format", "text", *extra])
    err = capsys.readouterr().err
    assert code == 0, err
    return err


def rendered(summary: str) -> int | None:
    """The number of pages a build rendered, from its summary line (None: all of them)."""
    found = re.search(r"([\d,]+) rendered", summary)
    return int(found.group(1).replace(",", "")) if found else None


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(MULTI, root, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / "content" / rel
    text = path.read_text("utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), "utf-8")


ACTORS = "facts/people/ministers.yaml"
EVENTS = "facts/events/2024.yaml"
QUOTES = "facts/quotes/statements.yaml"
ARTICLE = "articles/dockers-walk-out.md"
TALKS = "articles/salinas-port-standstill.md"

EDITS: dict[str, Callable[[Path], None]] = {
    "actor renamed": lambda r: edit(r, ACTORS, "name: Marta Ibáñez", "name: Marta Ibáñez Ruiz"),
    "alias added (mentions change everywhere)": lambda r: edit(r, ACTORS, "aliases: [Marta Ibanez, Ibáñez, Ibanez]",
                                                               "aliases: [Marta Ibanez, Ibáñez, Ibanez, transport minister]"),
    "action summary": lambda r: edit(r, EVENTS, "Some 4,200 dockers walked off the job at Puerto Salinas.",
                                     "About 4,200 dockers walked off the job."),
    "action date (timeline order)": lambda r: edit(r, EVENTS, "date: 2024-07-15", "date: 2022-01-02"),
    "action count": lambda r: edit(r, EVENTS, "count: 4200", "count: 4300"),
    "action removed": lambda r: edit(r, EVENTS, "  - id: strikers-post-placards", "  - id: strikers-post-placards-x"),
    "action target added (graphs change)": lambda r: edit(r, EVENTS, "targets: [nordhaf-shipping]",
                                                          "targets: [nordhaf-shipping, salinas-port-authority]"),
    "quote context": lambda r: edit(r, QUOTES, "context: Said on the Saturday before the talks collapsed.",
                                    "context: Said on a Saturday."),
    "quote speaker": lambda r: edit(r, QUOTES, "speaker: joaquin-peralta", "speaker: marta-ibanez"),
    "article body (a new mention)": lambda r: edit(r, ARTICLE, "urged both sides to return to talks.",
                                                   "urged both sides to return to talks. Peralta agreed."),
    # A word for one of the same length: no paragraph, mention or quote position moves, so only
    # the body's own fingerprint tells the article page to change.
    "article body (same length, nothing moves)": lambda r: edit(r, ARTICLE, "halting the busiest container port",
                                                                "halting the largest container port"),
    "article title": lambda r: edit(r, ARTICLE, "title: Dockers walk out at Puerto Salinas",
                                    "title: Dockers strike at Puerto Salinas"),
    "article date (a quote's date defaults to it)": lambda r: edit(r, TALKS, "date: 2024-07-2", "date: 2024-08-2"),
    "lines moved (positions only)": lambda r: edit(r, EVENTS, "actions:\n", "# a comment\n\nactions:\n"),
    "facts file renamed": lambda r: (r / "content" / EVENTS).rename(r / "content" / "facts/events/2024-b.yaml"),
    "hand-written page": lambda r: edit(r, "pages/methodology.md", "#", "# Updated:"),
    # The site's root becomes the curator's page; the generated home page moves to overview.md.
    "hand-written home page added": lambda r: (r / "content" / "pages" / "index.md").write_text(
        "# Our desk\n\nWhat we follow.\n", "utf-8"),
    "template override": lambda r: (r / "templates").mkdir() or (r / "templates" / "quote.md.j2").write_text(
        '{% extends "!builtin/quote.md.j2" %}\n', "utf-8"),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_a_cached_rebuild_equals_a_clean_build(project: Path, tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str], name: str) -> None:
    out, ref = tmp_path / "out", tmp_path / "ref"
    run_build(capsys, project, out)
    total = len([p for p in tree(out) if p.endswith(".md")])
    EDITS[name](project)
    summary = run_build(capsys, project, out)
    run_build(capsys, project, ref, "--no-cache")
    assert tree(out) == tree(ref)
    # ... and the cache was used: not every page was rendered again.
    count = rendered(summary)
    if name != "template override":  # a template change renders every page of its type
        assert count is not None and count < total - 3, summary


SPLIT_EDITS = ["action summary", "action date (timeline order)", "action removed", "quote speaker",
               "article date (a quote's date defaults to it)", "lines moved (positions only)"]
ACTOR_SPLIT_EDITS = ["action summary", "action date (timeline order)", "action removed", "quote speaker",
                     "article date (a quote's date defaults to it)", "alias added (mentions change everywhere)",
                     "article body (a new mention)", "action target added (graphs change)"]
# Long lists split into pages (views.py), with the thresholds lowered for the small fixture:
# (the thresholds, a page the split makes, the edits to try).
SPLITS = {
    # An action moved to 2022 makes a new year page and changes its neighbours' links.
    "timeline by year": ({"YEAR_PAGES_OVER": 3}, "timeline/years/2024.md", SPLIT_EDITS),
    # ... the same for a type's timeline (the fixture's action types each hold 1 to 3 entries).
    "type timeline by year": ({"TYPE_YEAR_PAGES_OVER": 1}, "timeline/types/strike/2024.md", SPLIT_EDITS),
    # ... and new period pages of its actors, and their tables of years.
    "long actor pages": ({"ACTOR_PAGES_OVER": 3, "ACTOR_LATEST": 2}, "actors/dockers-union/2024/07.md",
                         ACTOR_SPLIT_EDITS),
}


@pytest.mark.parametrize("split,name,jobs", [(split, name, jobs) for split, (_, _, edits) in SPLITS.items()
                                             for name in edits for jobs in ("1", "2")])
def test_a_cached_rebuild_equals_a_clean_build_with_split_pages(project: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch, split: str,
                                                                name: str, jobs: str) -> None:
    """The same with long lists split into pages (SPLITS), rebuilt in one process and in two
    (a worker then fingerprints the model and the timeline pages: printsahead.py)."""
    import generator.views

    thresholds, made, _ = SPLITS[split]
    for constant, value in thresholds.items():
        monkeypatch.setattr(generator.views, constant, value)
    out, ref = tmp_path / "out", tmp_path / "ref"
    run_build(capsys, project, out)
    assert (out / made).is_file()
    EDITS[name](project)
    summary = run_build(capsys, project, out, "--jobs", jobs)
    run_build(capsys, project, ref, "--no-cache")
    assert tree(out) == tree(ref)
    count = rendered(summary)
    assert count is not None and count < len([p for p in tree(out) if p.endswith(".md")]) - 3, summary


def test_an_unchanged_rebuild_renders_only_the_home_page(project: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    run_build(capsys, project, out)
    before = {p: (out / p).stat().st_mtime_ns for p in tree(out)}
    summary = run_build(capsys, project, out)
    assert rendered(summary) == 1 and "0 written" in summary, summary
    assert {p: (out / p).stat().st_mtime_ns for p in tree(out)} == before


def test_a_page_edited_or_deleted_in_the_output_is_rendered_again(project: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    run_build(capsys, project, out)
    good = tree(out)
    (out / "actors/marta-ibanez.md").write_text("tampered", "utf-8")
    (out / "quotes/peralta-buy-time.md").unlink()
    summary = run_build(capsys, project, out)
    assert tree(out) == good
    assert rendered(summary) == 3, summary  # the two pages, and the home page


def test_another_output_folder_does_not_borrow_pages(project: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    run_build(capsys, project, tmp_path / "a")
    summary = run_build(capsys, project, tmp_path / "b")
    assert rendered(summary) is None  # everything rendered: b holds nothing yet
    assert tree(tmp_path / "a") == tree(tmp_path / "b")


@pytest.mark.parametrize("damage", ["deleted", "truncated", "garbage", "foreign code"])
def test_a_damaged_cache_is_a_miss_not_an_error(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                damage: str) -> None:
    out, ref = tmp_path / "out", tmp_path / "ref"
    run_build(capsys, project, out)
    cache = project / CACHE_DIR_NAME
    for path in sorted(cache.glob("*.pickle")):
        if damage == "deleted":
            shutil.rmtree(cache)
            break
        if damage == "truncated":
            path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
        elif damage == "garbage":
            path.write_bytes(b"\x80\x05not a pickle")
        elif damage == "foreign code":  # a cache made by another version: same data, other stamp
            with open(path, "rb") as handle:
                pickle.load(handle)  # the stamp
                payload = handle.read()
            with open(path, "wb") as handle:
                pickle.dump(("another-version", path.stem), handle)
                handle.write(payload)
    edit(project, EVENTS, "count: 4200", "count: 4300")
    summary = run_build(capsys, project, out)
    assert "Traceback" not in summary
    assert rendered(summary) is None  # nothing usable was left: every page rendered again
    run_build(capsys, project, ref, "--no-cache")
    assert tree(out) == tree(ref)


class Boom:
    def __reduce__(self):  # what a crafted cache file could ask the unpickler to call
        return (shutil.rmtree, ("/nonexistent-briefing-test",))


def test_the_cache_never_unpickles_foreign_callables(tmp_path: Path) -> None:
    cache = BuildCache(tmp_path / "c")
    cache.save("parsed", {"x": 1})
    assert cache.load("parsed") == {"x": 1}
    with open(tmp_path / "c" / "parsed.pickle", "wb") as handle:
        pickle.dump((code_fingerprint(), "parsed"), handle)
        pickle.dump(Boom(), handle)
    assert cache.load("parsed") is None


def test_no_cache_leaves_no_cache_folder(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_build(capsys, project, tmp_path / "out", "--no-cache")
    assert not (project / CACHE_DIR_NAME).exists()
    run_build(capsys, project, tmp_path / "out", "--cache-dir", str(tmp_path / "elsewhere"))
    assert (tmp_path / "elsewhere" / "CACHEDIR.TAG").is_file() and not (project / CACHE_DIR_NAME).exists()


def test_check_uses_the_parse_cache_and_reports_the_same(project: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    edit(project, EVENTS, "type: strike", "type: Strike!")  # an error, kept with the file's parse
    first = main(["check", "--project", str(project), "--format", "text"])
    out1 = capsys.readouterr().err
    assert list((project / CACHE_DIR_NAME).glob("parsed-*.pickle"))
    import generator.validate

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was validated again although its bytes did not change")

    monkeypatch.setattr(generator.validate, "_validate_file", no_parsing)
    second = main(["check", "--project", str(project), "--format", "text"])
    out2 = capsys.readouterr().err
    assert first == second == 1
    strip = lambda s: re.sub(r"\(\d+\.\d+s\)", "", s)  # noqa: E731 - the timing differs
    assert strip(out1) == strip(out2) and "[value-slug]" in out1


def test_link_changes_no_record_and_sets_the_declared_fields_on_copies(project: Path) -> None:
    """The page cache trusts a record's fingerprint taken at parse time plus LINK_SETS, and
    under `mkdocs serve` the build cache hands the next build the very records this one used:
    link must change no field of a record, an article's body included (validate.py normalises
    it, and its fingerprint and the text memo's keys are made there). A quote without a date
    gets its article's in the briefing, on a copy."""
    import dataclasses

    from generator.link import LINK_SETS, link
    from generator.load import load
    from generator.problems import Problems
    from generator.validate import validate

    problems = Problems(project)
    records = validate(load(project / "content", problems), problems)
    kinds = {"actors": "actor", "actions": "action", "quotes": "quote", "articles": "article"}

    def fields() -> dict[tuple[str, str], str]:
        return {(kind, r.id): repr(({f.name: getattr(r, f.name) for f in dataclasses.fields(r)}, r.__dict__))
                for name, kind in kinds.items() for r in getattr(records, name)}

    before = fields()
    undated = {q.id for q in records.quotes if not q.date}
    assert undated  # the sample has quotes dated by their article
    briefing = link(records, problems)
    assert fields() == before
    assert all(q.date for q in briefing.quotes.values())
    assert LINK_SETS == {"quote": ("date",)}
    for quote in records.quotes:
        copied = briefing.quotes[quote.id]
        assert (copied is quote) == (quote.id not in undated)
        assert dataclasses.replace(copied, date=quote.date) == quote


def test_article_links_fingerprint_covers_every_field() -> None:
    """ArticleLinks are fingerprinted through a hand-made plain form (pagecache.py): a field
    added to them, to a mention or to a span must be added there too, or edits that change
    only it would keep stale pages."""
    import copy
    import dataclasses

    from generator import pagecache
    from generator.model import ArticleLinks, Mention, QuoteSpan

    assert pagecache.ARTICLE_LINKS_PRINTED == tuple(f.name for f in dataclasses.fields(ArticleLinks))
    assert [f.name for f in dataclasses.fields(Mention)] == ["actor", "start", "end"]
    assert [f.name for f in dataclasses.fields(QuoteSpan)] == ["start", "end", "paragraph", "line"]
    base = ArticleLinks(["a"], ["q"], [Mention("x", 1, 2)], [("x", 1)], [(0, 5)],
                        {"q": [QuoteSpan(1, 2, 1, 3)]}, {("a", 0): QuoteSpan(3, 4, 1, 3)})
    variants = [dataclasses.replace(base, actions=["b"]), dataclasses.replace(base, quotes=[]),
                dataclasses.replace(base, mentions=[Mention("x", 1, 3)]),
                dataclasses.replace(base, mention_counts=[("x", 2)]), dataclasses.replace(base, paragraphs=[(0, 6)]),
                dataclasses.replace(base, quote_spans={"q": [QuoteSpan(1, 2, 1, 4)]}),
                dataclasses.replace(base, evidence={("a", 1): QuoteSpan(3, 4, 1, 3)})]
    prints = {pagecache._article_links_print(links) for links in [base, *variants]}
    assert len(prints) == 1 + len(variants)
    assert pagecache._article_links_print(base) == pagecache._article_links_print(copy.deepcopy(base))


def test_actor_links_fingerprint_covers_every_field() -> None:
    """The same for ActorLinks and the affiliations in them (all fields but the origin)."""
    import copy
    import dataclasses

    from generator import pagecache
    from generator.model import ActorLinks, Affiliation

    assert pagecache.ACTOR_LINKS_PRINTED == tuple(f.name for f in dataclasses.fields(ActorLinks))
    assert [f.name for f in dataclasses.fields(Affiliation) if f.repr] == ["actor", "role", "since", "until"]
    aff = Affiliation(actor="org", role="Chair", since="2020", until=None)
    base = ActorLinks(["a"], ["b"], ["q"], ["r"], [aff], [("m", aff)], ["c"], [("art", 2)], 2, [("x", 1)])
    variants = [dataclasses.replace(base, **{name: value}) for name, value in (
        ("actions_by", []), ("actions_targeting", []), ("quotes_by", []), ("quotes_about", []),
        ("affiliated_with", [dataclasses.replace(aff, role="Head")]),
        ("members", [("m", dataclasses.replace(aff, until="2024"))]), ("country_of", []),
        ("mentioned_in", [("art", 3)]), ("mention_total", 3), ("related", [("x", 2)]))]
    prints = {pagecache._actor_links_print(links) for links in [base, *variants]}
    assert len(prints) == 1 + len(variants)
    moved = copy.deepcopy(base)
    moved.affiliated_with[0].origin = "elsewhere"  # positions are not part of it
    assert pagecache._actor_links_print(base) == pagecache._actor_links_print(moved)


def test_an_unwritable_cache_warns_and_builds(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go", "utf-8")
    summary = run_build(capsys, project, tmp_path / "out", "--cache-dir", str(blocker / "cache"))
    assert "warning: cannot write the build cache" in summary
    run_build(capsys, project, tmp_path / "ref", "--no-cache")
    assert tree(tmp_path / "out") == tree(tmp_path / "ref")


@pytest.mark.parametrize("flags", [(), ("--no-cache",)])
def test_whole_briefing_checks_run_on_every_build(project: Path, capsys: pytest.CaptureFixture[str],
                                                  flags: tuple[str, ...]) -> None:
    """Checks that need the whole briefing (a hand-written page taking a generated page's URL)
    run whether or not anything came from the cache: on a first, a warm and an uncached run."""
    (project / "content" / "pages" / "timeline.md").write_text("# Mine\n", "utf-8")
    for _ in range(2):
        code = main(["check", "--project", str(project), "--format", "text", *flags])
        assert code == 1 and "[page-collision]" in capsys.readouterr().err


def test_remembered_quote_positions_follow_the_body_when_front_matter_grows(project: Path, tmp_path: Path) -> None:
    """Quote and evidence positions come from the cache by (body hash, text) and keep their
    line within the body: after a line is added to an article's front matter, the cached check
    places every span on the same paragraph and file line as a check without the cache."""
    from generator.build import BuildContext, check

    def spans(cache: Path | bool) -> dict:
        b = check(BuildContext.for_project(project, cache=cache))
        return {(article_id, kind, key): [(s.start, s.end, s.paragraph, s.line) for s in (v if isinstance(v, list) else [v])]
                for article_id, links in b.article_links.items()
                for kind, found in (("quote", links.quote_spans), ("evidence", links.evidence))
                for key, v in found.items()}

    cache = tmp_path / "cache"
    before = spans(cache)
    assert len(before) > 3
    edit(project, "articles/dockers-walk-out.md", "source: Meridian Herald\n",
         "source: Meridian Herald\nauthor: A. Reporter\nurl: https://example.org/dockers\n")
    after = spans(cache)
    assert after == spans(False)
    moved = [k for k in after if k[0] == "dockers-walk-out"]
    assert moved and all(after[k][0][3] == before[k][0][3] + 2 for k in moved)


CHAIN = ["action summary", "quote context", "article body (a new mention)", "action count", "article title",
         "alias added (mentions change everywhere)", "action date (timeline order)", "lines moved (positions only)",
         "article body (same length, nothing moves)", "quote speaker", "action removed",
         "hand-written home page added"]  # at an odd step: undone, the generated home comes back


def test_a_chain_of_rebuilds_through_the_cache_journal_equals_clean_builds(project: Path, tmp_path: Path,
                                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """Edit after edit, and some undone, each rebuild loads the page table and text memo as
    their last full save plus the changes since (cache.save_journaled) and saves its own
    changes on top: every rebuild's tree equals a clean build's, and the journal was used."""
    out = tmp_path / "out"
    run_build(capsys, project, out)
    cache = project / CACHE_DIR_NAME
    deltas = 0

    def rebuild_and_compare(step: str) -> None:
        nonlocal deltas
        run_build(capsys, project, out)
        ref = tmp_path / "ref"
        run_build(capsys, project, ref, "--no-cache")
        assert tree(out) == tree(ref), step
        shutil.rmtree(ref)
        deltas += any(cache.glob("pages-*-delta.pickle"))

    for step, name in enumerate(CHAIN):
        before = tree(project / "content")
        EDITS[name](project)
        rebuild_and_compare(name)
        if step % 2:  # undone: every value goes back to what an earlier build saw
            shutil.rmtree(project / "content")
            for rel, data in before.items():
                (project / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
                (project / "content" / rel).write_bytes(data)
            rebuild_and_compare(f"{name} undone")
    # (The text memo goes through the same journal, but in a briefing this small every edit
    # changes more than a twentieth of it: full saves. Its entries are keyed by content, so a
    # lost or stale entry can only be a miss; tests/test_cache_journal.py covers the journal.)
    assert deltas >= 3, deltas


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 70_000), max_size=30), min_size=1, max_size=8),
       st.sets(st.integers(0, 70_000), max_size=100))
def test_a_page_is_kept_exactly_when_none_of_its_reads_changed(pages: list[list[int]], changed: set[int]) -> None:
    """PageTable.unchanged against the plain rule: a page is kept when no index it read is
    among the changed ones (none changed, a few, many)."""
    from array import array

    from generator.pagetable import PageTable

    table = PageTable()
    table.pages = {f"p{n}.md": (f"d{n}", array("I", sorted(set(ix))).tobytes()) for n, ix in enumerate(pages)}
    table._changed = changed  # as successor leaves it
    for n, ix in enumerate(pages):
        expected = None if changed & set(ix) else f"d{n}"
        assert table.unchanged(None, f"p{n}.md") == expected  # type: ignore[arg-type]


def test_a_changed_key_counts_only_where_an_index_starts() -> None:
    """pages_reading looks for a changed key's bytes in all pages' packed indexes at once: the
    bytes of 256 and 65,536 side by side hold those of 1 one byte in, which is no read of 1."""
    from array import array

    from generator.pagetable import PageTable, pages_reading

    pages = {"a.md": ("da", array("I", [256, 65_536]).tobytes()), "b.md": ("db", array("I", [1, 7]).tobytes()),
             "c.md": ("dc", array("I", [7]).tobytes())}
    assert array("I", [1]).tobytes() in pages["a.md"][1]  # the trap is there
    assert pages_reading(pages, {1}) == {"b.md"}
    assert pages_reading(pages, {7, 65_536}) == {"a.md", "b.md", "c.md"}
    table = PageTable(pages=pages)
    table._changed = {1}
    assert [table.unchanged(None, p) for p in pages] == ["da", None, "dc"]  # type: ignore[arg-type]


def test_an_article_pickles_with_its_body_whole_and_leaves_no_copy_behind() -> None:
    """The build cache pickles records that live on through the build. Pickling a str keeps a
    UTF-8 copy inside it (CPython), 54 MB for the bodies of 10,000 articles: an Article pickles
    its body as bytes, so the live body stays as it was, and comes back equal."""
    import copy
    import sys

    from generator.model import Article, Origin

    body = "“Curly” quotes — and a dash, and ünïcödé.\n\nA second paragraph." * 50
    article = Article(title="T", date="2024-01-02", source="S", id="a", body=body, body_line=7,
                      origin=Origin("content/articles/a.md", 1, 1))
    article.__dict__["body_print"] = "ab" * 20
    size = sys.getsizeof(article.body)
    back = pickle.loads(pickle.dumps(article, protocol=pickle.HIGHEST_PROTOCOL))
    assert sys.getsizeof(article.body) == size  # no UTF-8 copy kept in the live body
    assert back == article and back.body == body and back.__dict__["body_print"] == "ab" * 20
    assert copy.deepcopy(article) == article


def test_rebuilds_that_keep_the_page_table_in_memory_carry_kept_pages_over_whole(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under `mkdocs serve` the page table stays in memory from one rebuild to the next (the
    plugin holds it). A rebuild then files only the pages it rendered again: the kept ones
    keep their entries as they are. (A table that never went through the cache file counted
    a base of 0 keys, so every such rebuild compacted the table and filed each of 63,000
    kept pages again, 1.5 s at 10,000 articles.) And the pages equal a clean build's."""
    from generator.build import BuildContext, build
    from generator.pagetable import PageTable
    from generator.render import Reuse

    filed: list[str] = []
    put = PageTable.put

    def counting_put(self: PageTable, tracker: object, path: str, digest: str, keys: set) -> None:
        filed.append(path)
        put(self, tracker, path, digest, keys)  # type: ignore[arg-type]

    monkeypatch.setattr(PageTable, "put", counting_put)
    monkeypatch.setattr("generator.pagetable.COMPACT_ABOVE_KEYS", 1)  # this small briefing counts
    held: dict[str, str] = {}
    table = PageTable()
    for step, change in enumerate([None, EDITS["action summary"], EDITS["quote context"], EDITS["actor renamed"]]):
        if change is not None:
            change(project)
        filed.clear()
        reuse = Reuse(table, lambda rel, wanted: rel in held)
        result = build(BuildContext.for_project(project, cache=False), reuse=reuse)
        assert sorted(filed) == sorted(result.pages), step  # what was rendered, nothing kept
        assert step == 0 or 0 < len(result.pages) < len(reuse.order) / 2, step
        held = {path: result.pages.get(path) or held[path] for path in reuse.order}
        table = reuse.table
        clean = build(BuildContext.for_project(project, cache=False))
        assert held == clean.pages, step


def _plain(value: object) -> object:
    """A value as nested plain data, every attribute of every object included (not only the
    dataclass fields that == compares: a record's origin and parse-time fingerprint too)."""
    if value is None or isinstance(value, (str, bytes, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_plain(item) for item in value])
    if isinstance(value, dict):
        return ("dict", [(_plain(k), _plain(v)) for k, v in value.items()])
    if isinstance(value, (set, frozenset)):
        return ("set", sorted(repr(item) for item in value))
    if hasattr(value, "__dict__"):
        return (type(value).__name__, _plain(vars(value)))
    return repr(value)


def test_rebuilds_with_the_cache_held_in_memory_equal_clean_builds(project: Path) -> None:
    """Under `mkdocs serve` the build cache keeps what it read and wrote in memory, and a
    rebuild takes a value from there while its file still holds the same bytes: the records
    of the last build are handed to the next. Through a chain of edits, some undone, every
    rebuild equals a clean build, memory was used, and every value held still equals what
    its file holds: no stage changed one (link dates a quote on a copy, factchunks moves a
    record on a copy)."""
    import hashlib

    from generator.build import BuildContext, build
    from generator.pagetable import PageTable
    from generator.render import Reuse

    memory: dict[str, tuple[bytes, object]] = {}
    held: dict[str, str] = {}
    table = PageTable()
    folder = project / CACHE_DIR_NAME
    reused = 0
    steps = [None, *[name for name in CHAIN for _ in (0, 1)]]
    for step, name in enumerate(steps):
        if name is not None and step % 2:
            before = tree(project / "content")
            EDITS[name](project)
        elif name is not None:  # undone
            shutil.rmtree(project / "content")
            for rel, data in before.items():
                (project / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
                (project / "content" / rel).write_bytes(data)
        last = {name: value for name, (_, value) in memory.items()}
        reuse = Reuse(table, lambda rel, wanted: rel in held)
        result = build(BuildContext.for_project(project, cache_memory=memory), reuse=reuse)
        reused += sum(1 for name, (_, value) in memory.items() if last.get(name) is value)
        held = {path: result.pages.get(path) or held[path] for path in reuse.order}
        table = reuse.table
        clean = build(BuildContext.for_project(project, cache=False))
        assert held == clean.pages, (step, name)
        checked = 0
        for cache_name, (digest, value) in memory.items():
            path = folder / f"{cache_name}.pickle"
            if path.exists() and hashlib.sha1(path.read_bytes()).digest() == digest:
                assert _plain(BuildCache(folder).load(cache_name)) == _plain(value), (step, name, cache_name)
                checked += 1
        assert checked >= 2, (step, name)  # the parse shards and the text memo, at least
    assert reused > len(steps)  # values came from memory, not from their files


def test_the_page_table_and_write_state_are_saved_in_page_order(project: Path, tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A cold build (pages as processes finish them), a rebuild (kept pages first) and the
    write state (files left alone, then written) all save their pages in the build's page
    order: the same from one build to the next, so that the cache's journal finds the few
    entries an edit changed by walking them side by side (cache._aligned)."""
    out = tmp_path / "out"

    def saved() -> tuple[list[str], list[str]]:
        cache = BuildCache(project / CACHE_DIR_NAME)
        names = sorted(p.stem for p in (project / CACHE_DIR_NAME).glob("pages-*.pickle") if "delta" not in p.stem)
        assert len(names) == 1, names
        data = cache.load_journaled(names[0])
        assert data is not None
        return list(data["pages"]), list(data["state"])

    run_build(capsys, project, out, "--jobs", "2")
    cold_pages, cold_state = saved()
    assert len(cold_pages) > 30
    assert cold_state[:len(cold_pages)] == cold_pages  # then the hand-written pages
    edit(project, EVENTS, "summary: ", "summary: Reportedly, ")
    assert rendered(run_build(capsys, project, out, "--jobs", "2")) not in (None, 0, 1)
    assert saved() == (cold_pages, cold_state)
