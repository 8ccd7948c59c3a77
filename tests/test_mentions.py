"""Actor names and aliases found in article text (generator.mentions)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.build import BuildContext, check
from generator.mentions import MentionMatcher
from generator.model import Actor

from conftest import make_project

ACTORS = [
    Actor(id="nicolas-maduro", name="Nicolás Maduro", type="person", aliases=["Nicolas Maduro", "Maduro"]),
    Actor(id="olafur-jonsson", name="Ólafur Jónsson", type="person", aliases=["Olafur Jonsson"]),
    Actor(id="united-states", name="United States", type="country", aliases=["U.S."]),
    Actor(id="us-treasury", name="U.S. Treasury", type="government", aliases=["Treasury"]),
    Actor(id="european-union", name="European Union", type="organization", aliases=["EU"]),
]


@pytest.fixture(scope="module")
def matcher() -> MentionMatcher:
    return MentionMatcher.for_actors(ACTORS)


def found(matcher: MentionMatcher, text: str) -> list[tuple[str, str, int, int]]:
    return [(m.actor, text[m.start:m.end], m.start, m.end) for m in matcher.find(text)]


def test_whole_words_only(matcher):
    text = "The Maduros and Maduro met; Maduroism and AMaduro did not."
    assert found(matcher, text) == [("nicolas-maduro", "Maduro", 16, 22)]


def test_word_start_checked_after_the_first_character(matcher):
    """The word-start test sits after a name's first character (mentions.py): it must still
    hold at the start of the text, after a line break or punctuation, and refuse letters,
    digits and underscores before the name."""
    text = "Maduro\nMaduro,(Maduro) 3Maduro _Maduro éMaduro -EU EU"
    assert [(t, s) for _, t, s, _ in found(matcher, text)] == [("Maduro", 0), ("Maduro", 7), ("Maduro", 15),
                                                                ("EU", text.index("-EU") + 1), ("EU", len(text) - 2)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Maduro", "EU", "U.S.", "Treasury", "a", "3", "_", "é", " ", "\n", "-", ".",
                                 "Nicolas", "Jonsson", "(Dash)", "Dash"]), max_size=12))
def test_mentions_match_the_plain_word_boundary_regex(parts):
    """The same mentions as a regex with the word-start test before the whole pattern, for
    names that begin with a letter and one that begins with punctuation."""
    import re

    matcher = MentionMatcher.for_actors([*ACTORS, Actor(id="dash", name="(Dash)", type="group")])
    from generator.mentions import _SPACES, _trie_pattern
    from generator.textmatch import fold_for_names

    text = "".join(parts)
    plain = re.compile(r"(?<!\w)(?:" + _trie_pattern(sorted(matcher.owners)).replace(r"(?<!\w.)", "") + r")(?!\w)")
    expected = [(matcher.owners[_SPACES.sub(" ", m.group())], m.start(), m.end())
                for m in plain.finditer(fold_for_names(text))]
    assert [(m.actor, m.start, m.end) for m in matcher.find(text)] == expected


def test_longest_match_wins(matcher):
    text = "Nicolas Maduro spoke."
    assert found(matcher, text) == [("nicolas-maduro", "Nicolas Maduro", 0, 14)]


def test_longest_match_across_actors(matcher):
    # "U.S. Treasury" is one mention of the Treasury, not also one of the United States.
    text = "The U.S. Treasury and the U.S. agreed."
    assert found(matcher, text) == [("us-treasury", "U.S. Treasury", 4, 17), ("united-states", "U.S.", 26, 30)]


def test_unaccented_text_matches_alias(matcher):
    text = "Today Olafur Jonsson spoke."
    assert found(matcher, text) == [("olafur-jonsson", "Olafur Jonsson", 6, 20)]


def test_accented_text_matches_name(matcher):
    text = "Today Ólafur Jónsson spoke."
    assert found(matcher, text) == [("olafur-jonsson", "Ólafur Jónsson", 6, 20)]


def test_accents_folded_both_ways():
    # Only the accented name is declared; unaccented text still matches it.
    m = MentionMatcher.for_actors([Actor(id="jose", name="José Pérez", type="person")])
    assert found(m, "Jose Perez and José Pérez") == [("jose", "Jose Perez", 0, 10), ("jose", "José Pérez", 15, 25)]


def test_case_is_kept(matcher):
    assert found(matcher, "NICOLAS MADURO and maduro and nicolas maduro") == []


def test_dotted_alias_includes_final_dot(matcher):
    text = "The U.S. said no."
    assert found(matcher, text) == [("united-states", "U.S.", 4, 8)]
    assert text[4:8] == "U.S."


def test_punctuation_between_words_must_agree(matcher):
    assert found(matcher, "U S said. US said.") == []


def test_line_break_inside_a_name(matcher):
    text = "Nicolas\nMaduro and Nicolas   Maduro"
    assert found(matcher, text) == [("nicolas-maduro", "Nicolas\nMaduro", 0, 14),
                                    ("nicolas-maduro", "Nicolas   Maduro", 19, 35)]


def test_possessive_and_hyphenated(matcher):
    text = "Maduro’s view, an EU-wide ban, U.S.-led talks"
    assert [(a, t) for a, t, _, _ in found(matcher, text)] == [
        ("nicolas-maduro", "Maduro"), ("european-union", "EU"), ("united-states", "U.S."),
    ]


def test_many_actors_one_pass(matcher):
    text = ("Nicolás Maduro met the EU. The U.S. Treasury said Maduro and Olafur Jonsson "
            "spoke with the European Union and the United States.")
    got = [(a, t) for a, t, _, _ in found(matcher, text)]
    assert got == [
        ("nicolas-maduro", "Nicolás Maduro"),
        ("european-union", "EU"),
        ("us-treasury", "U.S. Treasury"),
        ("nicolas-maduro", "Maduro"),
        ("olafur-jonsson", "Olafur Jonsson"),
        ("european-union", "European Union"),
        ("united-states", "United States"),
    ]


def test_mentions_are_in_text_order_and_do_not_overlap(matcher):
    text = "Maduro, U.S. Treasury, EU, Nicolas Maduro, U.S., Treasury " * 50
    mentions = matcher.find(text)
    assert len(mentions) == 6 * 50
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start


def test_same_alias_for_two_actors_is_ambiguous():
    m = MentionMatcher.for_actors([
        Actor(id="a", name="Alpha", type="person", aliases=["AB"]),
        Actor(id="b", name="Beta", type="person", aliases=["AB"]),
    ])
    assert m.ambiguous == [("AB", "a", "b")]
    assert found(m, "AB") == [("a", "AB", 0, 2)]


# --- through the pipeline ----------------------------------------------------------------------

FACTS = """\
actors:
  - id: nicolas-maduro
    name: Nicolás Maduro
    type: person
    aliases: [Nicolas Maduro, Maduro]
  - id: olafur-jonsson
    name: Ólafur Jónsson
    type: person
    aliases: [Olafur Jonsson]
  - id: united-states
    name: United States
    type: country
    aliases: [U.S.]
"""

ONE = """\
---
title: One
date: 2024-11-27
source: Paper
---
Nicolas Maduro said the U.S. was wrong. Maduro repeated it; the Maduros did not.

Olafur Jonsson and Ólafur Jónsson are the same man.
"""

TWO = """\
---
title: Two
date: 2024-11-28
source: Paper
---
The U.S. and the United States: Maduro.
"""


def test_counts_per_article(tmp_path):
    root = make_project(tmp_path, {"actors.yaml": FACTS}, {"one.md": ONE, "two.md": TWO})
    ctx = BuildContext.for_project(root)
    b = check(ctx)
    assert b.article_links["one"].mention_counts == [
        ("nicolas-maduro", 2), ("olafur-jonsson", 2), ("united-states", 1)]
    assert b.article_links["two"].mention_counts == [("united-states", 2), ("nicolas-maduro", 1)]
    assert b.actor_links["nicolas-maduro"].mentioned_in == [("one", 2), ("two", 1)]
    assert b.actor_links["nicolas-maduro"].mention_total == 3
    assert b.actor_links["united-states"].mentioned_in == [("two", 2), ("one", 1)]
    body = b.articles["one"].body
    assert [body[m.start:m.end] for m in b.article_links["one"].mentions] == [
        "Nicolas Maduro", "U.S.", "Maduro", "Olafur Jonsson", "Ólafur Jónsson"]


def test_decomposed_accents_in_article_match(tmp_path):
    root = make_project(tmp_path, {"actors.yaml": FACTS},
                        {"one.md": unicodedata.normalize("NFD", ONE), "two.md": TWO})
    b = check(BuildContext.for_project(root))
    assert dict(b.article_links["one"].mention_counts)["olafur-jonsson"] == 2


def test_decomposed_accents_in_actor_name_match(tmp_path):
    facts = "actors:\n  - id: olafur-jonsson\n    name: " + unicodedata.normalize("NFD", "Ólafur Jónsson") + \
            "\n    type: person\n"
    root = make_project(tmp_path, {"actors.yaml": facts}, {"one.md": ONE})
    b = check(BuildContext.for_project(root))
    assert b.article_links["one"].mention_counts == [("olafur-jonsson", 2)]


_FOLD_ALPHABET = ["a", "Z", " ", "\n", "\t", "\r", "\x0b", "\x85", "\u2028", "\u2019", "\u201c", "\u2014", "\u00a0",
                  "é", "Ó", "ł", "ß", "Ǆ", "ḉ", "\u0301", "中", "😀", "\ud800"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_FOLD_ALPHABET), max_size=30))
def test_folds_equal_str_translate(parts):
    """The fast folds (textmatch._one_for_one replaces only the characters present) give what
    `str.translate` with the same tables gives, on ASCII and non-ASCII text alike, one
    character for one (offsets in folded text are offsets in the original)."""
    from generator import textmatch

    text = "".join(parts)
    spaces = {ord(c): " " for c in "\t\n\r\x0b\x0c\x85\u2028\u2029"}
    assert textmatch.fold_for_names(text) == text.translate(textmatch._NAME_FOLD)
    view = textmatch.quote_view(text)
    assert view == text.translate(textmatch._PUNCT_FOLD).translate(spaces)
    assert len(view) == len(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Maduro", "EU", "U.S.", "Treasury", "a", "3", "_", "é", " ", "\n", "-", ".", "U.",
                                 "Nicolas", "Nicolás", "Jonsson", "Olafur", "(Dash)", "Dash", "States", "United"]),
                max_size=14))
@example(["Nicolas", "\n", "Maduro"])  # a name across a line break: its whole text is nowhere in the text
@example(["United", " ", " ", "States", " ", "Nicolas", "."])
@example(["U.S.", " ", "Treasury", "-", "EU"])
def test_a_narrowed_search_finds_what_the_full_regex_finds(parts):
    """The first texts a matcher searches use a regex of only the names whose first word
    occurs in them (MentionMatcher._narrowed); it must find exactly what the regex of every
    name finds."""
    actors = [*ACTORS, Actor(id="dash", name="(Dash)", type="group"),
              Actor(id="us-states", name="United States Nicolas", type="group")]
    text = "".join(parts)
    narrowed = MentionMatcher.for_actors(actors)
    full = MentionMatcher.for_actors(actors)
    assert full.compiled() is not None
    assert narrowed.find(text) == full.find(text)
    assert narrowed.regex is None and narrowed.narrowed == 1  # it did take the narrowed path


def test_a_matcher_compiles_the_full_regex_after_a_few_texts() -> None:
    from generator.mentions import NARROWED_TEXTS

    matcher = MentionMatcher.for_actors(ACTORS)
    for _ in range(NARROWED_TEXTS):
        assert [m.actor for m in matcher.find("Maduro met the EU.")] == ["nicolas-maduro", "european-union"]
    assert matcher.regex is None
    assert [m.actor for m in matcher.find("Maduro met the EU.")] == ["nicolas-maduro", "european-union"]
    assert matcher.regex is not None
