"""Whole-briefing checks with exact diagnostics: ids shared across kinds (one error, no
cascade), facts that contradict themselves (an affiliation ending before it starts, an actor
affiliated with itself, an id listed twice) and links in actor descriptions.

Every case runs both `check` paths (with and without the relations only pages need) and
compares their full output, warnings included, line for line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import BuildContext, check
from generator.factchecks import dates_in_order

from conftest import VALID_ARTICLE, make_project

# Line numbers (1-based) are given where the expected diagnostics point.
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
  - id: us-treasury
    name: U.S. Treasury
    type: government
    aliases: [Treasury]
actions:
  - id: treasury-sanctions
    date: 2024-11-27
    type: sanction
    by: [us-treasury]
    targets: [nicolas-maduro]
    summary: Sanctioned officials.
    sources:
      - article: sanctions
        evidence: sanctioned 21 officials
quotes:
  - id: blinken-quote
    speaker: antony-blinken
    text: acting again today to hold Maduro accountable
    source: sanctions
    about: [nicolas-maduro]
"""
#  2 - id: nicolas-maduro          21 by: [us-treasury]
#  7 - id: venezuela               22 targets: [nicolas-maduro]
# 13 - id: us-treasury             32 about: [nicolas-maduro]

FACTS = "content/facts/base.yaml"


def _edit(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def lines_of(root: Path) -> list[str]:
    """Every problem `check` reports, as printed; `briefing check` (no relations) must agree."""
    ctx = BuildContext.for_project(root, cache=False)
    check(ctx)
    quick = BuildContext.for_project(root, cache=False)
    check(quick, relations=False)
    printed = [p.format_text() for p in ctx.problems.sorted()]
    assert [p.format_text() for p in quick.problems.sorted()] == printed
    return printed


def project(tmp_path: Path, facts: str = BASE, articles: dict[str, str] | None = None,
            pages: dict[str, str] | None = None) -> Path:
    return make_project(tmp_path, {"base.yaml": facts}, {"sanctions.md": VALID_ARTICLE, **(articles or {})}, pages)


def test_base_is_clean(tmp_path):
    assert lines_of(project(tmp_path)) == []


# --- 1. one id, two kinds -------------------------------------------------------------------

def test_article_named_like_an_actor_is_one_error_on_the_article(tmp_path):
    root = project(tmp_path, articles={"nicolas-maduro.md": VALID_ARTICLE})
    assert lines_of(root) == [
        "content/articles/nicolas-maduro.md:1:1: warning: no action or quote cites article 'nicolas-maduro' "
        "[article-uncited]",
        "content/articles/nicolas-maduro.md:1:1: error: id 'nicolas-maduro' is already used by an actor at "
        "content/facts/base.yaml:2, which 2 references name: ids must be unique across articles, actors, "
        "actions and quotes; this article's id is its file name: rename the file, or give it another "
        "'id:' in its front matter [id-duplicate]",
    ]


def test_article_id_field_like_an_actor_is_reported_at_its_id_line(tmp_path):
    article = VALID_ARTICLE.replace("source: Example News\n", "source: Example News\nid: nicolas-maduro\n")
    root = project(tmp_path, articles={"story.md": article})
    assert lines_of(root) == [
        "content/articles/story.md:1:1: warning: no action or quote cites article 'nicolas-maduro' "
        "[article-uncited]",
        "content/articles/story.md:5:5: error: id 'nicolas-maduro' is already used by an actor at "
        "content/facts/base.yaml:2, which 2 references name: ids must be unique across articles, actors, "
        "actions and quotes; change this article's 'id:' [id-duplicate]",
    ]


def test_new_actor_named_like_a_cited_article_is_the_one_reported(tmp_path):
    """The record fewer references name carries the error, whatever the load order; the
    references of each kind still resolve (no 'is an actor, but an article is needed')."""
    root = make_project(tmp_path, {"base.yaml": BASE,
                                   "more.yaml": "actors:\n  - id: sanctions\n    name: Sanctions\n    type: group\n"},
                        {"sanctions.md": VALID_ARTICLE})
    assert lines_of(root) == [
        "content/facts/more.yaml:2:5: warning: actor 'sanctions' is in no fact and no article mentions it: "
        "add an alias as written in an article, or remove it [actor-unused]",
        "content/facts/more.yaml:2:9: error: id 'sanctions' is already used by an article at "
        "content/articles/sanctions.md (its file name), which 2 references name: ids must be unique across "
        "articles, actors, actions and quotes; give this actor another id [id-duplicate]",
    ]


def test_action_named_like_a_quote_tie_goes_against_the_later_kind(tmp_path):
    """Neither is referenced: the quote (the later kind) carries the error."""
    facts = _edit("  - id: blinken-quote\n", "  - id: treasury-sanctions\n")
    assert lines_of(project(tmp_path, facts)) == [
        "content/facts/base.yaml:28:9: error: id 'treasury-sanctions' is already used by an action at "
        "content/facts/base.yaml:18: ids must be unique across articles, actors, actions and quotes; "
        "give this quote another id [id-duplicate]",
    ]


def test_same_kind_duplicate_is_reported_on_the_later_one(tmp_path):
    root = make_project(tmp_path, {"base.yaml": BASE,
                                   "more.yaml": "actors:\n  - id: venezuela\n    name: V\n    type: country\n"},
                        {"sanctions.md": VALID_ARTICLE})
    assert lines_of(root) == [
        "content/facts/more.yaml:2:9: error: id 'venezuela' is already used by an actor at "
        "content/facts/base.yaml:7: ids must be unique across articles, actors, actions and quotes; "
        "give this actor another id, or remove one of the two [id-duplicate]",
    ]


# --- 2. facts that contradict themselves ----------------------------------------------------

AFFILIATED = _edit("    country: venezuela\n  - id: venezuela\n",
                   "    country: venezuela\n    affiliations:\n      - actor: us-treasury\n"
                   "        since: 2024-05-01\n        until: 2020-01-01\n  - id: venezuela\n")
# 8 - actor: us-treasury    9 since: 2024-05-01    10 until: 2020-01-01


def test_affiliation_ending_before_it_starts(tmp_path):
    assert lines_of(project(tmp_path, AFFILIATED)) == [
        "content/facts/base.yaml:10:16: error: until: 2020-01-01 is before since: 2024-05-01, so the affiliation "
        "would end before it starts: correct one of the dates, or swap them [date-order]",
    ]


def test_affiliation_dates_in_order_or_equal_pass(tmp_path):
    facts = _edit("until: 2020-01-01", "until: 2024-05-01", AFFILIATED)
    assert lines_of(project(tmp_path, facts)) == []


@pytest.mark.parametrize("since, until, ordered", [
    ("2020", "2020-05", True), ("2020-05", "2020", True), ("2020-05-10", "2020-05", True),
    ("2020-06-01", "2020-05", False), ("2021", "2020-12-31", False), ("2019-12-31", "2020", True),
])
def test_partial_dates_compare_at_the_shorter_precision(since, until, ordered):
    assert dates_in_order(since, until) is ordered


def test_actor_affiliated_with_itself(tmp_path):
    facts = _edit("      - actor: us-treasury\n        since: 2024-05-01\n        until: 2020-01-01\n",
                  "      - actor: nicolas-maduro\n        role: President\n", AFFILIATED)
    assert lines_of(project(tmp_path, facts)) == [
        "content/facts/base.yaml:8:16: error: actor: 'nicolas-maduro' is the actor itself: an affiliation names "
        "another actor (an organisation, government or group) it belongs to; name that actor, or remove "
        "the affiliation [affiliation-self]",
    ]


def test_an_id_twice_in_a_list_is_a_warning_at_the_second(tmp_path):
    facts = _edit("    by: [us-treasury]\n", "    by: [us-treasury, us-treasury]\n")
    facts = _edit("    about: [nicolas-maduro]\n", "    about:\n      - nicolas-maduro\n      - nicolas-maduro\n",
                  facts)
    facts = _edit("    aliases: [Treasury]\n", "    aliases: [Treasury, US Treasury, Treasury]\n", facts)
    assert lines_of(project(tmp_path, facts)) == [
        "content/facts/base.yaml:16:38: warning: aliases: 'Treasury' is listed twice (first as aliases[0]): "
        "remove the second one [value-repeated]",
        "content/facts/base.yaml:21:23: warning: by: 'us-treasury' is listed twice (first as by[0]): "
        "remove the second one [value-repeated]",
        "content/facts/base.yaml:34:9: warning: about: 'nicolas-maduro' is listed twice (first as about[0]): "
        "remove the second one [value-repeated]",
    ]
