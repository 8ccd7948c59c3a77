"""Load + validate + link diagnostics: every broken input names its file, line, column and rule.

Each row of CASES writes one small project (a valid base plus one broken file or one broken
edit), runs `check`, and compares the full list of *errors* with the expected
(path, line, column, rule) tuples; the message of each expected error must contain a word.
Warnings are not part of the comparison.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.build import BuildContext, check
from generator.cli import main
from generator.problems import Problems, Severity

from conftest import VALID_ARTICLE, make_project

# A clean project: every id below is used, the quote and evidence occur in VALID_ARTICLE.
BASE = """\
actors:
  - id: nicolas-maduro
    name: Nicolás Maduro
    type: person
    aliases: [Nicolas Maduro, Maduro]
    country: venezuela
  - id: venezuela
    name: Venezuela
    type: country
  - id: antony-blinken
    name: Antony Blinken
    type: person
actions:
  - id: treasury-sanctions
    date: 2024-11-27
    type: sanction
    by: [nicolas-maduro]
    summary: Sanctioned officials.
    sources:
      - article: sanctions
        evidence: sanctioned 21 officials
quotes:
  - id: blinken-quote
    speaker: antony-blinken
    text: acting again today to hold Maduro accountable
    source: sanctions
"""
# Line numbers in BASE used below (1-based):
#  6 country: venezuela        15 date: 2024-11-27     17 by: [nicolas-maduro]
# 16 type: sanction            18 summary: ...         21 evidence: ...
# 24 speaker: antony-blinken   25 text: ...            26 source: sanctions

FACTS = "content/facts/base.yaml"
EXTRA = "content/facts/extra.yaml"
ARTICLE = "content/articles/sanctions.md"
BROKEN = "content/articles/broken.md"


def errors_of(root: Path) -> list:
    """The errors a build finds; `briefing check` (which skips the relations only pages need)
    must find exactly the same problems, warnings included."""
    ctx = BuildContext.for_project(root, cache=False)
    check(ctx)
    checked = BuildContext.for_project(root, cache=False)
    check(checked, relations=False)
    assert [p.format_text() for p in checked.problems.sorted()] == [p.format_text() for p in ctx.problems.sorted()]
    return [p for p in ctx.problems.sorted() if p.severity is Severity.ERROR]


def _edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# (case id, facts files, article files or None for the valid one, [(path, line, col, rule, word)])
CASES = [
    pytest.param(
        {"extra.yaml": "actors:\n  - id: x\n   name: y\n"}, None,
        [(EXTRA, 3, 4, "yaml-syntax", "expected")],
        id="yaml-syntax-at-mark",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: x\n    name: [unclosed\n"}, None,
        [(EXTRA, 3, 20, "yaml-syntax", "flow sequence")],  # end of file: placed on the last line,
        id="yaml-syntax-unclosed-flow",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: x\n\tname: y\n"}, None,
        [(EXTRA, 3, 1, "yaml-tab", "tab")],
        id="yaml-tab-inside-record",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n\t- id: x\n"}, None,
        [(EXTRA, 2, 1, "yaml-tab", "tab")],
        id="yaml-tab-at-line-start",
    ),
    pytest.param(
        {"extra.yaml": ""}, None,
        [(EXTRA, 1, 1, "file-empty", "empty")],
        id="file-empty",
    ),
    pytest.param(
        {"extra.yaml": "# only a comment\n"}, None,
        [(EXTRA, 1, 1, "file-empty", "empty")],
        id="file-empty-comment-only",
    ),
    pytest.param(
        {"extra.yaml": "- actors\n- quotes\n"}, None,
        [(EXTRA, 1, 1, "file-not-mapping", "mapping")],
        id="file-not-mapping-list",
    ),
    pytest.param(
        {"extra.yaml": "hello\n"}, None,
        [(EXTRA, 1, 1, "file-not-mapping", "'hello'")],
        id="file-not-mapping-scalar",
    ),
    pytest.param(
        {"extra.yaml": "actors: []\nactor:\n  - id: x\n"}, None,
        [(EXTRA, 2, 1, "top-level-unknown", "did you mean 'actors'")],
        id="top-level-unknown",
    ),
    pytest.param(
        {"extra.yaml": ("quotes:\n  - id: q2\n    speker: antony-blinken\n"
                        "    text: Maduro\n    source: sanctions\n")}, None,
        [(EXTRA, 2, 5, "field-required", "'speaker'"),
         (EXTRA, 3, 5, "field-unknown", "did you mean 'speaker'")],
        id="field-unknown-did-you-mean",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: x\n    type: person\n    aliases: [Maduro Junior]\n"}, None,
        [(EXTRA, 2, 5, "field-required", "'name'")],
        id="field-required",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: x\n    name: X\n    type: person\n    name: Y\n"}, None,
        [(EXTRA, 5, 5, "yaml-duplicate-key", "first at line 3")],
        id="yaml-duplicate-key",
    ),
    pytest.param(
        {"extra.yaml": "actors: []\nquotes: []\nactors: []\n"}, None,
        [(EXTRA, 3, 1, "yaml-duplicate-key", "first at line 1")],
        id="yaml-duplicate-top-level-key",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: Bad_Id\n    name: X\n    type: person\n"}, None,
        [(EXTRA, 2, 9, "id-format", "'bad-id'")],
        id="id-format",
    ),
    pytest.param(
        # The slug of the bad id is taken (by an actor of BASE): the hint is the first free one.
        {"extra.yaml": "actors:\n  - id: Nicolas Maduro\n    name: X\n    type: person\n"}, None,
        [(EXTRA, 2, 9, "id-format", "single hyphens, like 'nicolas-maduro-2'")],
        id="id-format-hint-not-taken",
    ),
    pytest.param(
        # Two bad ids of one slug: taking both hints must not make two records of one id.
        {"extra.yaml": "actors:\n  - id: New Actor\n    name: X\n    type: person\n"
                       "  - id: NEW_ACTOR\n    name: Y\n    type: person\n"}, None,
        [(EXTRA, 2, 9, "id-format", "like 'new-actor'"), (EXTRA, 5, 9, "id-format", "like 'new-actor-2'")],
        id="id-format-hints-differ",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: " + "a" * 101 + "\n    name: X\n    type: person\n"}, None,
        [(EXTRA, 2, 9, "id-format", "101 characters")],
        id="id-format-too-long",
    ),
    pytest.param(
        {"extra.yaml": "actions:\n  - id: antony-blinken\n    date: 2024\n    type: claim\n"
                       "    by: venezuela\n    summary: S.\n    sources:\n      - article: sanctions\n"}, None,
        [(EXTRA, 2, 9, "id-duplicate", "already used by an actor at content/facts/base.yaml:10")],
        id="id-duplicate-action-vs-actor",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: sanctions\n    name: S\n    type: group\n"}, None,
        [(EXTRA, 2, 9, "id-duplicate", "already used by an article")],
        id="id-duplicate-actor-vs-article",
    ),
    pytest.param(
        {"base.yaml": _edit("    date: 2024-11-27\n", "    date: 2025-02-30\n")}, None,
        [(FACTS, 15, 11, "date-invalid", "calendar")],
        id="date-invalid-action",
    ),
    pytest.param(
        {"base.yaml": BASE + "    date: 2025-02-30\n"}, None,
        [(FACTS, 27, 11, "date-invalid", "calendar")],
        id="date-invalid-quote",
    ),
    pytest.param(
        {"base.yaml": BASE + "    date: 2024-07\n"}, None,
        [(FACTS, 27, 11, "date-invalid", "full date")],
        id="date-partial-in-quote",
    ),
    pytest.param(
        {"base.yaml": BASE + "    date: yesterday\n"}, None,
        [(FACTS, 27, 11, "date-invalid", "YYYY-MM-DD")],
        id="date-not-a-date",
    ),
    pytest.param(  # digits of another script: int() reads them, a date is written in ASCII
        {"base.yaml": BASE + "    date: \"\uff12\uff10\uff12\uff14-07-15\"\n"}, None,
        [(FACTS, 27, 11, "date-invalid", "YYYY-MM-DD")],
        id="date-fullwidth-digits",
    ),
    pytest.param(
        {"base.yaml": _edit("    summary: Sanctioned officials.\n",
                            "    count: -1\n    summary: Sanctioned officials.\n")}, None,
        [(FACTS, 18, 12, "value-count", "'-1'")],
        id="count-negative",
    ),
    pytest.param(
        {"base.yaml": _edit("    summary: Sanctioned officials.\n",
                            "    count: abc\n    summary: Sanctioned officials.\n")}, None,
        [(FACTS, 18, 12, "value-count", "'abc'")],
        id="count-not-a-number",
    ),
    pytest.param(
        {"base.yaml": _edit("    summary: Sanctioned officials.\n",
                            "    count: 2,000\n    summary: Sanctioned officials.\n")}, None,
        [(FACTS, 18, 12, "value-count", "digits only")],
        id="count-with-comma",
    ),
    pytest.param(
        {"base.yaml": _edit("    summary: Sanctioned officials.\n",
                            "    count: 99999999999999999999999\n    summary: Sanctioned officials.\n")}, None,
        [(FACTS, 18, 12, "value-count", "is too large: a count has at most 18 digits")],
        id="count-too-large",
    ),
    pytest.param(
        {"base.yaml": _edit("    summary: Sanctioned officials.\n",
                            "    status: confirmd\n    summary: Sanctioned officials.\n")}, None,
        [(FACTS, 18, 13, "value-choice", "did you mean 'confirmed'")],
        id="status-not-in-list",
    ),
    pytest.param(
        {"base.yaml": _edit("    type: sanction\n", "    type: Visa Restriction\n")}, None,
        [(FACTS, 16, 11, "value-slug", "'visa-restriction'")],
        id="type-not-a-slug",
    ),
    pytest.param(
        {"base.yaml": _edit("    type: person\n    aliases:", "    type: persn\n    aliases:")}, None,
        [(FACTS, 4, 11, "value-choice", "did you mean 'person'")],
        id="actor-type-not-in-list",
    ),
    pytest.param(
        {"base.yaml": BASE},
        {"sanctions.md": _edit("source: Example News\n", "source: Example News\nurl: ftp://example.org/x\n",
                               VALID_ARTICLE)},
        [(ARTICLE, 5, 6, "url-invalid", "http")],
        id="url-ftp",
    ),
    pytest.param(
        {"base.yaml": BASE},
        {"sanctions.md": _edit("source: Example News\n", "source: Example News\nurl: example.org/x\n",
                               VALID_ARTICLE)},
        [(ARTICLE, 5, 6, "url-invalid", "absolute")],
        id="url-relative",
    ),
    pytest.param(
        {"base.yaml": _edit("    type: country\n", "    type: country\n    wikidata: \"57413\"\n")}, None,
        [(FACTS, 10, 15, "value-wikidata", "Q57413")],
        id="wikidata-without-q",
    ),
    pytest.param(
        {"base.yaml": _edit("speaker: antony-blinken", "speaker: antony-blinkin")}, None,
        [(FACTS, 24, 14, "ref-unknown", "did you mean 'antony-blinken'")],
        id="ref-unknown-speaker",
    ),
    pytest.param(
        {"base.yaml": _edit("by: [nicolas-maduro]", "by: [nicolas-maduro, nobody]")}, None,
        [(FACTS, 17, 26, "ref-unknown", "'nobody'")],
        id="ref-unknown-second-list-item",
    ),
    pytest.param(
        {"base.yaml": _edit("by: [nicolas-maduro]", "by: [nicolas-maduro, sanctions]")}, None,
        [(FACTS, 17, 26, "ref-wrong-kind", "is an article")],
        id="ref-wrong-kind-by-names-article",
    ),
    pytest.param(
        {"base.yaml": _edit("country: venezuela", "country: antony-blinken")}, None,
        [(FACTS, 6, 14, "ref-wrong-kind", "type person")],
        id="ref-wrong-kind-country-names-person",
    ),
    pytest.param(
        {"base.yaml": _edit("    source: sanctions\n", "    source: venezuela\n")}, None,
        [(FACTS, 26, 13, "ref-wrong-kind", "an article is needed")],
        id="ref-wrong-kind-source-names-actor",
    ),
    pytest.param(
        {"base.yaml": _edit("article: sanctions", "article: treasury-sanctions")}, None,
        [(FACTS, 20, 18, "ref-wrong-kind", "is an action")],
        id="ref-wrong-kind-source-article-names-action",
    ),
    pytest.param(
        {"base.yaml": _edit("hold Maduro accountable", "hold Maduro responsible")}, None,
        [(FACTS, 25, 11, "quote-not-in-source", "did you mean")],
        id="quote-not-in-source",
    ),
    pytest.param(
        {"base.yaml": _edit("hold Maduro accountable", "hold Maduro responsible")}, None,
        [(FACTS, 25, 11, "quote-not-in-source", "(line 8)")],
        id="quote-not-in-source-names-article-line",
    ),
    pytest.param(
        {"base.yaml": _edit("hold Maduro accountable", "hold maduro accountable")}, None,
        [(FACTS, 25, 11, "quote-not-in-source", "case matters")],
        id="quote-case-matters",
    ),
    pytest.param(
        {"base.yaml": _edit("hold Maduro accountable", "hold Maduro responsible").replace("\n", "\r\n")},
        {"sanctions.md": "\ufeff" + VALID_ARTICLE.replace("\n", "\r\n")},
        [(FACTS, 25, 11, "quote-not-in-source", "(line 8)")],
        id="crlf-and-bom-keep-line-numbers",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: venezuela\n    name: V\n    type: country\n"}, None,
        [(EXTRA, 2, 9, "id-duplicate", "already used by an actor at content/facts/base.yaml:7")],
        id="id-duplicate-same-kind",
    ),
    pytest.param(
        {"base.yaml": _edit("evidence: sanctioned 21 officials", "evidence: sanctioned 22 officials")}, None,
        [(FACTS, 21, 19, "evidence-not-in-source", "'sanctioned 21 officials' (line 6)")],
        id="evidence-not-in-source",
    ),
    pytest.param(
        {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE, "broken.md": "Just text, no front matter.\n"},
        [(BROKEN, 1, 1, "front-matter-missing", "front matter")],
        id="front-matter-missing",
    ),
    pytest.param(
        {"base.yaml": BASE},
        {"sanctions.md": VALID_ARTICLE, "broken.md": "---\ntitle: T\ndate: 2024-11-27\nsource: S\nBody\n"},
        [(BROKEN, 1, 1, "front-matter-unterminated", "not closed")],
        id="front-matter-unterminated",
    ),
    pytest.param(
        # The cited article itself: its quote and evidence are still found in the rest of the
        # file (they failed, one error each, when the body was taken as empty).
        {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE.replace("Example News\n---\n", "Example News\n")},
        [("content/articles/sanctions.md", 1, 1, "front-matter-unterminated", "not closed")],
        id="front-matter-unterminated-cited",
    ),
    pytest.param(
        {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE, "broken.md": "---\n- a\n- b\n---\nBody\n"},
        [(BROKEN, 2, 1, "front-matter-not-mapping", "found a list")],
        id="front-matter-not-mapping",
    ),
    pytest.param(
        {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE, "broken.md": "---\n---\nBody\n"},
        [(BROKEN, 1, 1, "front-matter-empty", "empty")],
        id="front-matter-empty",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: x\n    name: Antony\x07Blinken\n    type: person\n"}, None,
        [(EXTRA, 3, 17, "yaml-syntax", "U+0007")],
        id="control-character-at-its-place",
    ),
    pytest.param(
        {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE, "broken.md": "---\ntitle: T\ndate: 2024-11-27\n"
                              "source: S\x00urce\n---\nBody\n"},
        [(BROKEN, 4, 10, "yaml-syntax", "U+0000")],
        id="control-character-in-front-matter-at-its-place",
    ),
    pytest.param(
        {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE, "a" * 101 + ".md": VALID_ARTICLE},
        [(f"content/articles/{'a' * 101}.md", 1, 1, "id-format", "101 characters long (at most 100)")],
        id="file-name-id-too-long",
    ),
    pytest.param(
        {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE, "Story.md": VALID_ARTICLE},
        [("content/articles/Story.md", 1, 1, "id-format", "is not a lowercase slug")],
        id="file-name-id-not-a-slug",
    ),
    pytest.param(
        {"base.yaml": BASE},
        {"sanctions.md": VALID_ARTICLE, "broken.md": "---\ndate: 2024-11-27\nsource: S\n---\nBody\n"},
        [(BROKEN, 2, 1, "field-required", "'title'")],
        id="front-matter-missing-title",
    ),
    pytest.param(
        {"base.yaml": BASE},
        {"sanctions.md": VALID_ARTICLE, "broken.md": "---\ntitle: [x\ndate: 2024-11-27\n---\nBody\n"},
        [(BROKEN, 3, 5, "yaml-syntax", "flow sequence")],
        id="front-matter-yaml-syntax-line-offset",
    ),
    pytest.param(
        {"base.yaml": BASE},
        {"sanctions.md": VALID_ARTICLE,
         "broken.md": "---\ntitle: A\nspeaker: B\ndate: 2024-11-27\nsource: S\n---\nBody\n"},
        [(BROKEN, 3, 1, "field-unknown", "'speaker'")],
        id="front-matter-unknown-field",
    ),
    pytest.param(
        {"base.yaml": BASE},
        {"sanctions.md": VALID_ARTICLE, "broken.md": "---\ntitle: A\ndate: 2024-07\nsource: S\n---\nBody\n"},
        [(BROKEN, 3, 7, "date-invalid", "full date")],
        id="front-matter-partial-date",
    ),
    pytest.param(
        {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE, "Bad Name.md": VALID_ARTICLE},
        [("content/articles/Bad Name.md", 1, 1, "id-format", "'Bad Name'")],
        id="article-file-name-not-a-slug",
    ),
    pytest.param(
        {"base.yaml": _edit("name: Antony Blinken", "name: !!python/object:os.system Antony Blinken")}, None,
        [(FACTS, 11, 11, "yaml-tag", "python/object:os.system")],
        id="yaml-tag-python-object",
    ),
    pytest.param(
        {"base.yaml": _edit("name: Antony Blinken", "name: !!python/object/apply:os.system [echo]")}, None,
        [(FACTS, 11, 11, "yaml-tag", "python/object/apply")],
        id="yaml-tag-python-apply",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - !!python/object:os.system\n    id: x\n    name: X\n    type: person\n"}, None,
        [(EXTRA, 2, 5, "yaml-tag", "python/object")],
        id="yaml-tag-on-record-mapping",
    ),
    pytest.param(
        {"extra.yaml": "quotes:\n  - <<: {id: q3}\n    speaker: antony-blinken\n    text: Maduro\n"
                       "    source: sanctions\n"}, None,
        [(EXTRA, 2, 5, "field-required", "'id'"), (EXTRA, 2, 5, "yaml-merge", "merge")],
        id="yaml-merge-key",
    ),
    pytest.param(
        {"extra.yaml": "actors:\n  - id: x\n    name: X\n    type: person\n---\nquotes: []\n"}, None,
        [(EXTRA, 5, 1, "yaml-syntax", "single document")],
        id="two-yaml-documents",
    ),
    pytest.param(
        {"base.yaml": BASE, "people/europe/extra.yaml": "actors:\n  - id: x\n    name: X\n    type: persn\n"},
        None,
        [("content/facts/people/europe/extra.yaml", 4, 11, "value-choice", "'persn'")],
        id="nested-facts-folder-path",
    ),
    pytest.param(
        {"base.yaml": _edit("    sources:\n      - article: sanctions\n        evidence: sanctioned 21 officials\n",
                            "    sources: []\n")}, None,
        [(FACTS, 19, 14, "field-required", "at least 1")],
        id="sources-empty-list",
    ),
    pytest.param(
        {"base.yaml": _edit("by: [nicolas-maduro]", "by: []")}, None,
        [(FACTS, 17, 9, "field-required", "at least one")],
        id="by-empty-list",
    ),
    pytest.param(
        {"base.yaml": BASE + "  - just text\n"}, None,
        [(FACTS, 27, 5, "record-not-mapping", "'just text'")],
        id="record-not-mapping",
    ),
    pytest.param(
        {"extra.yaml": "actors: nope\n"}, None,
        [(EXTRA, 1, 9, "section-not-list", "list")],
        id="section-not-list",
    ),
    pytest.param(
        {"base.yaml": _edit("    country: venezuela\n",
                            "    country: venezuela\n    affiliations:\n      - actor: venezuela\n"
                            "        since: 2013-04-19\n        until: null\n")}, None,
        [],
        id="null-optional-date-is-absent",
    ),
]


@pytest.mark.parametrize(("facts", "articles", "expected"), CASES)
def test_broken_input_is_reported_at_its_place(tmp_path, facts, articles, expected):
    if "base.yaml" not in facts:
        facts = {"base.yaml": BASE, **facts}
    root = make_project(tmp_path, facts, {"sanctions.md": VALID_ARTICLE} if articles is None else articles)
    found = errors_of(root)
    got = [(p.place.path, p.place.line, p.place.column, p.rule) for p in found]
    assert got == [e[:4] for e in expected], "\n".join(p.format_text() for p in found)
    for problem, (*_, word) in zip(found, expected):
        assert word in problem.message, problem.format_text()


def test_the_id_hint_follows_the_ids_taken_when_the_cache_replays_the_error(tmp_path):
    """The id-format error of an unchanged file comes from the build cache, with the hint its
    first check made; the hint is chosen again against the ids of this build."""
    bad = "actors:\n  - id: Nicolas Maduro\n    name: X\n    type: person\n"
    root = make_project(tmp_path, {"base.yaml": BASE, "extra.yaml": bad}, {"sanctions.md": VALID_ARTICLE})

    def hint() -> list[str]:
        ctx = BuildContext.for_project(root)
        check(ctx)
        return [p.message.rpartition(" like ")[2] for p in ctx.problems.sorted() if p.rule == "id-format"]

    assert hint() == ["'nicolas-maduro-2'"]
    assert hint() == ["'nicolas-maduro-2'"]  # from the cache
    (root / "content/facts/more.yaml").write_text(
        "actors:\n  - id: nicolas-maduro-2\n    name: Y\n    type: person\n", "utf-8")
    assert hint() == ["'nicolas-maduro-3'"]
    (root / "content/facts/base.yaml").write_text(BASE.replace("nicolas-maduro", "maduro"), "utf-8")
    (root / "content/facts/more.yaml").unlink()
    assert hint() == ["'nicolas-maduro'"]


# Who counts as used: each actor below is used in exactly one way (or none), each article
# cited in one way (or none); build and `briefing check` must warn about the same ones.
USES = """\
actors:
  - {id: speaker, name: Antony Blinken, type: person}
  - {id: doer, name: Uno Dos, type: person}
  - {id: target-only, name: Beto Cinco, type: person}
  - {id: about-only, name: Dora Seis, type: person}
  - id: only-affiliated
    name: Ana Tres
    type: person
    affiliations:
      - actor: the-party
  - {id: the-party, name: Partido Cuatro, type: organization}
  - {id: home-country, name: Tresland, type: country}
  - {id: citizen, name: Carla Siete, type: person, country: home-country}
  - {id: mentioned-only, name: Treasury, type: organization}
  - {id: unused-one, name: Nobody Here, type: person}
actions:
  - id: cites-second
    date: 2024-11-27
    type: sanction
    by: [doer]
    targets: [target-only]
    summary: Sanctioned officials.
    sources:
      - article: second
quotes:
  - id: cites-first
    speaker: speaker
    about: [about-only]
    text: acting again today to hold Maduro accountable
    source: first
"""


def test_unused_actors_and_uncited_articles_the_same_in_check_and_build(tmp_path):
    root = make_project(tmp_path, {"base.yaml": USES},
                        {"first.md": VALID_ARTICLE, "second.md": VALID_ARTICLE, "third.md": VALID_ARTICLE})
    for relations in (True, False):
        ctx = BuildContext.for_project(root, cache=False)
        check(ctx, relations=relations)
        assert [(p.place.path, p.rule, p.message.split("'")[1]) for p in ctx.problems.sorted()] == [
            ("content/articles/third.md", "article-uncited", "third"),
            (FACTS, "actor-unused", "citizen"),
            (FACTS, "actor-unused", "unused-one"),
        ], relations


def test_uses_counted_alike_with_references_that_do_not_resolve(tmp_path):
    """A build counts uses from link's derived relations, `briefing check` from the facts
    (factchecks.warn_unused): with references to ids that do not exist they still agree. An
    affiliation's holder is used even when the body it names is unknown; an action citing an
    unknown article cites none; a quote by an unknown speaker leaves its `about` used."""
    lone = "  - {id: lone-member, name: Eva Ocho, type: person, affiliations: [{actor: no-such-party}]}\n"
    facts = USES.replace("actions:\n", lone + "actions:\n").replace(
        "quotes:\n", """\
  - id: cites-nothing
    date: 2024-11-28
    type: sanction
    by: [doer]
    summary: Sanctioned again.
    sources:
      - article: no-such-article
  - id: by-nobody
    date: 2024-11-29
    type: sanction
    by: [no-such-actor]
    targets: [unused-one]
    summary: Sanctioned once more.
    sources:
      - article: second
quotes:
""")
    root = make_project(tmp_path, {"base.yaml": facts},
                        {"first.md": VALID_ARTICLE, "second.md": VALID_ARTICLE, "third.md": VALID_ARTICLE})
    found = []
    for relations in (True, False):
        ctx = BuildContext.for_project(root, cache=False)
        check(ctx, relations=relations)
        found.append([(p.place.path, p.rule, p.message.split("'")[1]) for p in ctx.problems.sorted()])
    assert found[0] == found[1], found
    assert [f for f in found[0] if f[1] in ("actor-unused", "article-uncited")] == [
        ("content/articles/third.md", "article-uncited", "third"), (FACTS, "actor-unused", "citizen")]
    assert sorted(f[1] for f in found[0] if f[1] not in ("actor-unused", "article-uncited")) == ["ref-unknown"] * 3


# `briefing check` searches an article for mentions only where a name of an actor in no fact
# occurs (link.find_mentions' first pass); it must credit mentions as the full search does.
NAMES_INSIDE_NAMES = """\
actors:
  - {id: treasury, name: Treasury, type: organization}
  - {id: nicolas-maduro, name: Nicolas Maduro, type: person}
  - {id: first-name, name: Nicolas, type: person}
  - {id: surname, name: Maduro, type: person}
  - {id: aligned, name: Aligned Officials, type: group, aliases: [officials]}
  - {id: absent, name: Nobody Here, type: person}
actions:
  - id: sanctioned
    date: 2024-11-27
    type: sanction
    by: [treasury]
    targets: [nicolas-maduro]
    summary: Sanctioned officials.
    sources:
      - article: sanctions
"""


def test_check_credits_mentions_as_the_build_does(tmp_path):
    root = make_project(tmp_path, {"base.yaml": NAMES_INSIDE_NAMES}, {"sanctions.md": VALID_ARTICLE})
    for relations in (True, False):
        ctx = BuildContext.for_project(root, cache=False)
        check(ctx, relations=relations)
        # "Nicolas" stands only inside "Nicolas Maduro", which the longer name takes; "Maduro"
        # also stands alone ("hold Maduro accountable"); "officials" is an alias found alone.
        assert [(p.rule, p.message.split("'")[1]) for p in ctx.problems.sorted()] == [
            ("actor-unused", "first-name"), ("actor-unused", "absent")], relations
    # With the build cache, the first pass leaves the memo of mentions to what it searched.
    for _ in range(2):
        ctx = BuildContext.for_project(root, cache=tmp_path / "cache")
        check(ctx, relations=False)
        assert [p.message.split("'")[1] for p in ctx.problems.sorted()] == ["first-name", "absent"]
    ctx = BuildContext.for_project(root, cache=tmp_path / "cache")
    briefing = check(ctx)
    assert briefing.actor_links["surname"].mentioned_in == [("sanctions", 1)]
    assert briefing.actor_links["nicolas-maduro"].mentioned_in == [("sanctions", 1)]


def test_base_project_is_clean(tmp_path):
    root = make_project(tmp_path, {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE})
    ctx = BuildContext.for_project(root)
    check(ctx)
    assert ctx.problems.sorted() == []


def test_null_and_empty_optional_fields_are_absent(tmp_path):
    facts = _edit("    type: country\n", "    type: country\n    description: ~\n    wikidata:\n")
    root = make_project(tmp_path, {"base.yaml": facts}, {"sanctions.md": VALID_ARTICLE})
    ctx = BuildContext.for_project(root)
    briefing = check(ctx)
    assert ctx.problems.sorted() == []
    assert briefing.actors["venezuela"].wikidata is None
    assert briefing.actors["venezuela"].description is None


@pytest.mark.parametrize("value", ["", " ~", " null", " NULL"])
def test_an_article_id_with_no_value_is_the_file_name(tmp_path, value):
    """`id:` with nothing (null) is absent, as any optional field: the article keeps its file
    name as its id. (Before, such an article was dropped without a word.)"""
    article = VALID_ARTICLE.replace("source: Example News\n", f"source: Example News\nid:{value}\n")
    root = make_project(tmp_path, {"base.yaml": BASE}, {"sanctions.md": article})
    ctx = BuildContext.for_project(root)
    briefing = check(ctx)
    assert ctx.problems.sorted() == [] and list(briefing.articles) == ["sanctions"]


def test_an_empty_text_article_id_is_an_error_not_the_file_name(tmp_path):
    article = VALID_ARTICLE.replace("source: Example News\n", "source: Example News\nid: ''\n")
    root = make_project(tmp_path, {"base.yaml": BASE}, {"sanctions.md": article})
    assert [(p.place.path, p.place.line, p.rule) for p in errors_of(root)][:1] == [(ARTICLE, 5, "id-format")]


# --- YAML 1.1 traps: scalars are read as written --------------------------------------------

TRAPS = """\
actors:
  - id: on
    name: Yes
    type: person
    aliases: [No, "off", 2024-01-01, 012, 1e3]
    description: off
actions:
  - id: plain-date
    date: 2024-11-27
    type: claim
    by: on
    summary: 2024-01-01
    count: 0
    sources:
      - article: sanctions
        evidence: Treasury
  - id: quoted-date
    date: "2024-11-27"
    type: claim
    by: [on]
    summary: 12
    sources:
      - article: sanctions
quotes:
  - id: plain-quote-date
    speaker: on
    text: Wednesday
    source: sanctions
    date: 2024-11-26
    context: null value
  - id: quoted-quote-date
    speaker: on
    text: Maduro
    source: sanctions
    date: '2024-11-26'
"""


def test_yaml_11_implicit_types_stay_text(tmp_path):
    root = make_project(tmp_path, {"traps.yaml": TRAPS}, {"sanctions.md": VALID_ARTICLE})
    ctx = BuildContext.for_project(root)
    b = check(ctx)
    assert [p for p in ctx.problems.sorted() if p.severity is Severity.ERROR] == []
    actor = b.actors["on"]
    assert actor.name == "Yes"
    assert actor.aliases == ["No", "off", "2024-01-01", "012", "1e3"]
    assert actor.description == "off"
    assert b.actions["plain-date"].by == ["on"]
    assert b.actions["plain-date"].summary == "2024-01-01"
    assert b.actions["plain-date"].count == 0
    assert b.actions["quoted-date"].summary == "12"
    assert b.quotes["plain-quote-date"].context == "null value"


def test_dates_plain_and_quoted_are_the_same(tmp_path):
    root = make_project(tmp_path, {"traps.yaml": TRAPS}, {"sanctions.md": VALID_ARTICLE})
    ctx = BuildContext.for_project(root)
    b = check(ctx)
    assert b.actions["plain-date"].date == "2024-11-27"
    assert b.actions["quoted-date"].date == "2024-11-27"
    assert b.quotes["plain-quote-date"].date == "2024-11-26"
    assert b.quotes["quoted-quote-date"].date == "2024-11-26"
    assert b.articles["sanctions"].date == "2024-11-27"
    assert all(isinstance(v, str) for v in (b.actions["plain-date"].date, b.articles["sanctions"].date))


def test_article_front_matter_values_stay_text(tmp_path):
    article = "---\ntitle: Yes\ndate: 2024-11-27\nsource: 2024-01-01\nauthor: No\n---\nBody text.\n"
    root = make_project(tmp_path, {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE, "traps.md": article})
    ctx = BuildContext.for_project(root)
    b = check(ctx)
    art = b.articles["traps"]
    assert (art.title, art.source, art.author, art.language) == ("Yes", "2024-01-01", "No", "en")
    assert art.body == "Body text."


# --- one run, every problem ---------------------------------------------------------------

def test_all_problems_of_all_files_in_one_run_sorted(tmp_path):
    root = make_project(tmp_path, {
        "base.yaml": BASE,
        "z-last.yaml": "actors:\n  - id: z\n    name: Z\n    type: persn\n  - id: Bad\n    name: B\n    type: group\n",
        "a-first.yaml": "actors:\n  - id: x\n   name: y\n",
    }, {"sanctions.md": VALID_ARTICLE, "broken.md": "no front matter\n"})
    got = [(p.place.path, p.place.line, p.place.column, p.rule) for p in errors_of(root)]
    assert got == [
        ("content/articles/broken.md", 1, 1, "front-matter-missing"),
        ("content/facts/a-first.yaml", 3, 4, "yaml-syntax"),
        ("content/facts/z-last.yaml", 4, 11, "value-choice"),
        ("content/facts/z-last.yaml", 5, 9, "id-format"),
    ]


# --- command line ---------------------------------------------------------------------------

def test_cli_check_clean_returns_0(tmp_path, capsys):
    root = make_project(tmp_path, {"base.yaml": BASE}, {"sanctions.md": VALID_ARTICLE})
    assert main(["check", "--project", str(root), "--format", "text"]) == 0
    err = capsys.readouterr().err
    assert "error" not in err
    assert "checked 1 articles, 3 actors, 1 actions, 1 quotes" in err


def test_cli_check_content_error_returns_1_with_located_lines(tmp_path, capsys):
    root = make_project(tmp_path, {
        "base.yaml": _edit("type: sanction", "type: Visa Restriction"),
        "extra.yaml": "actors:\n  - id: x\n   name: y\n",
    }, {"sanctions.md": VALID_ARTICLE})
    assert main(["check", "--project", str(root), "--format", "text"]) == 1
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if ": error: " in line]
    assert lines == [
        "content/facts/base.yaml:16:11: error: type: 'Visa Restriction' is not a lowercase slug: "
        "write it like 'visa-restriction' [value-slug]",
        "content/facts/extra.yaml:3:4: error: YAML syntax error: did not find expected '-' indicator "
        "(while parsing a block collection): this line is indented differently from the list it is in: "
        "items ('- ') of one list start in the same column, and the fields of an item line up under its "
        "first field [yaml-syntax]",
    ]
    assert "2 error(s), 0 warning(s)" in err
    assert "Traceback" not in err


def test_cli_check_broken_yaml_everywhere_no_traceback(tmp_path, capsys):
    root = make_project(tmp_path, {"a.yaml": "\x00\x01: [", "b.yaml": "{{{{", "c.yml": "&a [*a]"},
                        {"x.md": "---\n: :\n---\n", "y.md": "---\n"})
    (root / "content/facts/d.yaml").write_bytes(b"\xff\xfe bad utf-8")
    assert main(["check", "--project", str(root), "--format", "text"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "content/facts/d.yaml:1:1: error: file is not valid UTF-8: save it as UTF-8 [file-encoding]" in err


def test_cli_missing_project_folder_returns_2(tmp_path, capsys):
    assert main(["check", "--project", str(tmp_path / "nope")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_cli_project_without_content_returns_2(tmp_path, capsys):
    assert main(["check", "--project", str(tmp_path)]) == 2
    assert "no content folder" in capsys.readouterr().err


def test_cli_bad_usage_returns_2(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["frobnicate"])
    assert exc.value.code == 2


def test_cli_json_format(tmp_path, capsys):
    import json

    root = make_project(tmp_path, {"base.yaml": BASE, "extra.yaml": ""}, {"sanctions.md": VALID_ARTICLE})
    assert main(["check", "--project", str(root), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data == [{"place": {"path": "content/facts/extra.yaml", "line": 1, "column": 1},
                     "rule": "file-empty",
                     "message": "facts file is empty: add 'actors:', 'actions:' or 'quotes:' with a list, "
                                "or delete it",
                     "severity": "error"}]


@pytest.mark.parametrize("reported", [0, 5, 10_000])
def test_a_file_that_changes_size_while_read_is_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          reported: int) -> None:
    """read_bytes reads the size fstat gives, then on to the end when that was not all of it."""
    import os
    import types

    import generator.load as load_module

    path = tmp_path / "a.yaml"
    path.write_bytes(b"actors:\n" * 1000)
    real_fstat = os.fstat
    monkeypatch.setattr(load_module.os, "fstat",
                        lambda fd: types.SimpleNamespace(st_size=reported, st_mode=real_fstat(fd).st_mode))
    problems = Problems(tmp_path)
    assert load_module.read_bytes(path, problems) == path.read_bytes()
    assert not problems.sorted()


# The contract's folding and nothing more: (the article writes, the quote says, occurs?)
FOLDS = [
    ("\u201cwe will act\u201d", '"we will act"', True),
    ("it\u2019s time", "it's time", True),
    ("\u201ewe will act\u201c", '"we will act"', True),
    ("21\u201322 officials", "21-22 officials", True),
    ("now \u2014 and", "now - and", True),
    ("we  will\n act", "we will act", True),
    ("we\u00a0will act", "we will act", True),
    ("\u00abwe will act\u00bb", '"we will act"', False),
    ("21\u221222 officials", "21-22 officials", False),
    ("5\u2032 tall", "5' tall", False),
    ("21\u201222 officials", "21-22 officials", False),
    ("We will act", "we will act", False),
]


@pytest.mark.parametrize(("written", "quoted", "occurs"), FOLDS)
def test_a_quote_occurs_after_exactly_the_contracts_folding(tmp_path, written, quoted, occurs):
    """Runs of white space, curly quotes and apostrophes, en and em dashes fold; guillemets, a
    prime, a minus sign or a figure dash do not (nor does case)."""
    article = VALID_ARTICLE + f"\nThe minister said {written} today.\n"
    facts = BASE + f"  - id: folded-quote\n    speaker: antony-blinken\n    text: {json.dumps(quoted)}\n" \
                   "    source: sanctions\n"
    root = make_project(tmp_path, {"base.yaml": facts}, {"sanctions.md": article})
    rules = [p.rule for p in errors_of(root)]
    assert rules == ([] if occurs else ["quote-not-in-source"]), (written, quoted)


@pytest.mark.parametrize(("language", "message"), [
    ("en", None), ("EN", None), ("pt-BR", None), ("es-419", None), ("zh-Hant", None), ("x-klingon", None),
    ("English", "'English' is not a language tag like 'en', 'es' or 'pt-BR'"),
    ("en_US", "'en_US' is not a language tag like 'en', 'es' or 'pt-BR' (did you mean 'en-US'?)"),
])
def test_article_language_is_any_language_tag(tmp_path, language, message):
    """The contract gives `language` no format: any BCP 47 tag in shape passes, in any case."""
    article = VALID_ARTICLE.replace("source: Example News\n", f"source: Example News\nlanguage: {language}\n")
    root = make_project(tmp_path, {"base.yaml": BASE}, {"sanctions.md": article})
    found = [(p.place.path, p.place.line, p.rule, p.message) for p in errors_of(root)]
    assert found == ([] if message is None else [(ARTICLE, 5, "value-language", f"language: {message}")])
