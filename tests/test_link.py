"""Relations derived once by link.py: reverse relations, members, mentions, related actors."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.build import BuildContext, check
from generator.link import by_date, date_key, in_date_order

from conftest import make_project

ACTORS = """\
actors:
  - id: venezuela
    name: Venezuela
    type: country
  - id: united-states
    name: United States
    type: country
    aliases: [U.S.]
  - id: venezuelan-government
    name: Government of Venezuela
    type: government
    country: venezuela
  - id: us-treasury
    name: U.S. Treasury
    type: government
    country: united-states
  - id: nicolas-maduro
    name: Nicolás Maduro
    type: person
    aliases: [Nicolas Maduro, Maduro]
    country: venezuela
    affiliations:
      - actor: venezuelan-government
        role: President
        since: 2013-04-19
  - id: diosdado-cabello
    name: Diosdado Cabello
    type: person
    aliases: [Cabello]
    country: venezuela
    affiliations:
      - actor: venezuelan-government
        role: Minister
  - id: antony-blinken
    name: Antony Blinken
    type: person
    aliases: [Blinken]
    country: united-states
"""

EVENTS = """\
actions:
  - id: sanctions-late
    date: 2024-08
    type: sanction
    by: us-treasury
    targets: [nicolas-maduro, diosdado-cabello]
    summary: Sanctioned officials.
    sources:
      - article: second
  - id: sanctions-early
    date: 2024-07-01
    type: sanction
    by: [us-treasury]
    targets: [nicolas-maduro]
    summary: Sanctioned Maduro.
    sources:
      - article: first
        evidence: sanctioned Maduro
      - article: second
  - id: claim-victory
    date: "2024"
    type: claim
    by: [nicolas-maduro]
    summary: Claimed victory.
    sources:
      - article: first
quotes:
  - id: blinken-on-maduro
    speaker: antony-blinken
    text: Maduro must go
    source: first
    about: [nicolas-maduro]
    action: sanctions-early
  - id: maduro-reply
    speaker: nicolas-maduro
    text: We won
    source: second
    date: 2024-07-15
    about: [antony-blinken, united-states]
"""

FIRST = """\
---
title: First
date: 2024-07-02
source: Paper
---
The U.S. Treasury sanctioned Maduro. Blinken said: "Maduro must go."

Nicolas Maduro and Cabello did not answer.
"""

SECOND = """\
---
title: Second
date: 2024-08-10
source: Paper
---
"We won," said Maduro. The Maduros laughed.
"""


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("link"), {"actors.yaml": ACTORS, "events.yaml": EVENTS},
                        {"first.md": FIRST, "second.md": SECOND})
    ctx = BuildContext.for_project(root)
    b = check(ctx)
    assert ctx.problems.errors == []
    return b


def test_no_warnings(briefing, tmp_path):
    root = make_project(tmp_path, {"actors.yaml": ACTORS, "events.yaml": EVENTS},
                        {"first.md": FIRST, "second.md": SECOND})
    ctx = BuildContext.for_project(root)
    check(ctx)
    assert [p.format_text() for p in ctx.problems.sorted()] == []


def test_actions_by_in_date_order(briefing):
    assert briefing.actor_links["us-treasury"].actions_by == ["sanctions-early", "sanctions-late"]
    assert briefing.actor_links["nicolas-maduro"].actions_by == ["claim-victory"]
    assert briefing.actor_links["antony-blinken"].actions_by == []


def test_actions_targeting(briefing):
    assert briefing.actor_links["nicolas-maduro"].actions_targeting == ["sanctions-early", "sanctions-late"]
    assert briefing.actor_links["diosdado-cabello"].actions_targeting == ["sanctions-late"]
    assert briefing.actor_links["us-treasury"].actions_targeting == []


def test_quotes_by_and_about(briefing):
    links = briefing.actor_links
    assert links["antony-blinken"].quotes_by == ["blinken-on-maduro"]
    assert links["nicolas-maduro"].quotes_by == ["maduro-reply"]
    assert links["nicolas-maduro"].quotes_about == ["blinken-on-maduro"]
    assert links["antony-blinken"].quotes_about == ["maduro-reply"]
    assert links["united-states"].quotes_about == ["maduro-reply"]


def test_members_of_an_organisation(briefing):
    members = briefing.actor_links["venezuelan-government"].members
    # Sorted by name, so the list reads the same whatever the order of the facts files.
    assert [(member, aff.role, aff.since) for member, aff in members] == [
        ("diosdado-cabello", "Minister", None),
        ("nicolas-maduro", "President", "2013-04-19"),
    ]
    assert [a.actor for a in briefing.actor_links["nicolas-maduro"].affiliated_with] == ["venezuelan-government"]
    assert briefing.actor_links["nicolas-maduro"].members == []


def test_country_of(briefing):
    # Sorted by name: Diosdado Cabello, Government of Venezuela, Nicolás Maduro.
    assert briefing.actor_links["venezuela"].country_of == [
        "diosdado-cabello", "venezuelan-government", "nicolas-maduro"]
    assert briefing.actor_links["united-states"].country_of == ["antony-blinken", "us-treasury"]
    assert briefing.actor_links["nicolas-maduro"].country_of == []


def test_mentioned_in_with_counts(briefing):
    links = briefing.actor_links
    # first: "Maduro", "Maduro" (inside the quote), "Nicolas Maduro"; second: "Maduro" (not "Maduros").
    assert links["nicolas-maduro"].mentioned_in == [("first", 3), ("second", 1)]
    assert links["nicolas-maduro"].mention_total == 4
    # "U.S. Treasury" is the Treasury's mention, not the United States'.
    assert links["us-treasury"].mentioned_in == [("first", 1)]
    assert links["united-states"].mentioned_in == []
    assert links["united-states"].mention_total == 0
    assert links["diosdado-cabello"].mentioned_in == [("first", 1)]
    assert briefing.article_links["first"].mention_counts == [
        ("nicolas-maduro", 3), ("antony-blinken", 1), ("diosdado-cabello", 1), ("us-treasury", 1)]


def test_related_actors(briefing):
    # Shared facts: the two quotes join Blinken and Maduro twice, both sanctions join the Treasury
    # and Maduro; ties are ordered by name.
    assert briefing.actor_links["nicolas-maduro"].related == [
        ("antony-blinken", 2), ("us-treasury", 2), ("diosdado-cabello", 1),
        ("venezuelan-government", 1), ("united-states", 1)]
    assert briefing.actor_links["venezuela"].related == []
    assert briefing.actor_links["united-states"].related == [("antony-blinken", 1), ("nicolas-maduro", 1)]


def test_article_links_actions_and_quotes(briefing):
    first, second = briefing.article_links["first"], briefing.article_links["second"]
    assert first.actions == ["claim-victory", "sanctions-early"]
    assert second.actions == ["sanctions-early", "sanctions-late"]
    assert first.quotes == ["blinken-on-maduro"]
    assert second.quotes == ["maduro-reply"]


def test_quote_and_evidence_spans(briefing):
    first = briefing.article_links["first"]
    body = briefing.articles["first"].body
    span = first.quote_spans["blinken-on-maduro"][0]
    assert body[span.start:span.end] == "Maduro must go"
    assert (span.paragraph, span.line) == (1, 6)
    evidence = first.evidence[("sanctions-early", 0)]
    assert body[evidence.start:evidence.end] == "sanctioned Maduro"
    assert first.paragraphs == [(0, 68), (70, 112)]


def test_action_quotes(briefing):
    assert briefing.action_quotes == {"sanctions-early": ["blinken-on-maduro"]}


def test_quote_date_defaults_to_article_date(briefing):
    assert briefing.quotes["blinken-on-maduro"].date == "2024-07-02"
    assert briefing.quotes["maduro-reply"].date == "2024-07-15"


def test_date_key_orders_partial_dates():
    dates = ["2024-08", "2024-07-01", "2024", "2024-07", "2023-12-31", "2025"]
    assert sorted(dates, key=date_key) == ["2023-12-31", "2024", "2024-07", "2024-07-01", "2024-08", "2025"]
    assert date_key("2024") < date_key("2024-07") < date_key("2024-07-01") < date_key("2024-08")
    assert date_key(None) == (0, 0, 0)


def test_by_date_orders_as_date_key():
    """by_date compares the dates' text: for every date validation lets through (and none),
    the order date_key gives."""
    from types import SimpleNamespace

    dates = ["2024-08", "2024-07-01", "2024", None, "2024-07", "2023-12-31", "2025", "2024-07-01", "1999-01"]
    records = [SimpleNamespace(date=d, id=f"r{i}") for i, d in enumerate(dates)]
    assert sorted(records, key=by_date) == sorted(records, key=lambda r: (date_key(r.date), r.id))


def test_actions_in_date_order(briefing):
    assert briefing.action_order  # link's order (derive), which in_date_order gives back
    actions, _ = in_date_order(briefing)
    assert [a.id for a in reversed(actions)] == ["sanctions-late", "sanctions-early", "claim-victory"]
    assert [a.id for a in sorted((briefing.actions[i] for i in ["sanctions-late", "claim-victory"]), key=by_date)] == [
        "claim-victory", "sanctions-late"]


def test_quote_curly_and_spaced_text_matches(tmp_path):
    article = ("---\ntitle: T\ndate: 2024-01-05\nsource: S\n---\n"
               "He said \u201cwe will  not\n stand for it \u2014 ever\u201d today.\n")
    facts = ("actors:\n  - id: he\n    name: He\n    type: person\nquotes:\n  - id: q\n    speaker: he\n"
             "    text: '\"we will not stand for it - ever\"'\n    source: t\n")
    root = make_project(tmp_path, {"f.yaml": facts}, {"t.md": article})
    ctx = BuildContext.for_project(root)
    b = check(ctx)
    assert ctx.problems.errors == []
    span = b.article_links["t"].quote_spans["q"][0]
    assert b.articles["t"].body[span.start:span.end] == "\u201cwe will  not\n stand for it \u2014 ever\u201d"
    assert span.line == 6


@pytest.mark.parametrize("body, text, marked_at", [
    # A short quote is marked where it stands as a word, not inside the first word holding it.
    ("It was I who said it.", "I", 7),
    ("Iran and I agreed.", "I", 9),
    ("A nonsense, he said: no.", "no", 21),
    # Found as whole words only by the full folding rule (spaces and a line break in a row).
    ("Casino more wins.\nno  \n more talks.", "no more", 18),
    # Punctuation at a quote's edge is not part of a word.
    ("He said it: 'no.' Then no again.", "'no.'", 12),
    # Only inside a word: that place, as before (the quote does occur in the article).
    ("Nonsense.", "on", 1),
])
def test_a_short_quote_is_marked_as_a_word(tmp_path, body, text, marked_at):
    article = f"---\ntitle: T\ndate: 2024-01-05\nsource: S\n---\n{body}\n"
    facts = ("actors:\n  - id: he\n    name: Speaker\n    type: person\nquotes:\n  - id: q\n    speaker: he\n"
             f"    text: \"{text}\"\n    source: t\n")
    root = make_project(tmp_path, {"f.yaml": facts}, {"t.md": article})
    ctx = BuildContext.for_project(root, cache=False)
    b = check(ctx)
    assert ctx.problems.errors == []
    span = b.article_links["t"].quote_spans["q"][0]
    assert span.start == marked_at, b.articles["t"].body[span.start:span.end + 5]


@pytest.mark.parametrize("haystack, needle, expected", [
    ("It I", "I", 3), ("I", "I", 0), ("aI", "I", 1), ("xx", "I", -1), ("a-b a", "a", 0),
    ("ab a", "a", 3), ("ba ab a.", "a", 6), (" 'x' ", "'x'", 1), ("x'y'", "'y'", 1), ("", "", 0),
])
def test_find_whole(haystack, needle, expected):
    from generator.textmatch import find_whole

    assert find_whole(haystack, needle) == expected


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.from_regex(r"[a-e]{1,3}", fullmatch=True), st.integers(1, 4), max_size=40),
       st.integers(1, 12))
def test_top_related_ranks_as_a_full_sort_does(counts: dict[str, int], limit: int) -> None:
    """Only the counts that can make the first `limit` are ranked by name (a busy actor has
    thousands): ties at the boundary included, the result is the full sort's head."""
    from generator.link import top_related

    def name_of(actor_id: str) -> str:
        return actor_id.upper()[::-1]  # names that order differently from the ids

    full = sorted(counts.items(), key=lambda item: (-item[1], name_of(item[0]).casefold(), item[0]))
    assert top_related(counts, name_of, limit) == full[:limit]
