"""Whole-briefing checks with exact diagnostics: ids shared across kinds (one error, no
cascade), facts that contradict themselves (an affiliation ending before it starts, an actor
affiliated with itself, an id listed twice) and links in actor descriptions.

Every case runs both `check` paths (with and without the relations only pages need) and
compares their full output, warnings included, line for line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
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
REPO = Path(__file__).resolve().parent.parent


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
        "content/facts/base.yaml:16:38: warning: aliases: 'Treasury' is listed twice (first at line 16, column 15): "
        "remove the second one [value-repeated]",
        "content/facts/base.yaml:21:23: warning: by: 'us-treasury' is listed twice (first at line 21, column 10): "
        "remove the second one [value-repeated]",
        "content/facts/base.yaml:34:9: warning: about: 'nicolas-maduro' is listed twice (first at line 33, column 9): "
        "remove the second one [value-repeated]",
    ]


# --- 3. links in descriptions ---------------------------------------------------------------

def described(text: str) -> str:
    """BASE with `text` as Nicolás Maduro's description, a YAML double-quoted string on line 6
    (its value starts at column 18)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return _edit("    aliases: [Nicolas Maduro, Maduro]\n",
                 f'    aliases: [Nicolas Maduro, Maduro]\n    description: "{escaped}"\n')


PAGES = {"about.md": "# About this briefing\n", "maps/caracas.png": "not really a picture"}
WHERE = "content/facts/base.yaml:6:18"


def test_links_that_work_pass(tmp_path):
    """Every page that shows a description is in actors/: links are read from there."""
    text = ("Leader; see [Blinken](antony-blinken.md), [the sanctions](../actions/treasury-sanctions.md), "
            "[the report](../articles/sanctions.md#p-2), [a quote](../quotes/blinken-quote.md), "
            "[about](../about.md), [a map](../maps/caracas.png), [all actors](index.md), "
            "[the timeline](../timeline.md), [sanctions](../timeline/sanction.md), [home](../index.md), "
            "[*emphasis*](https://example.org/a?b=1&c=2#top) and [a page](https://example.org/wiki/A_%28b%29).")
    assert lines_of(project(tmp_path, described(text), pages=PAGES)) == []


def test_links_that_pass_check_pass_mkdocs_strict(tmp_path):
    """What `briefing check` accepts builds under `mkdocs build --strict` (links, anchors and
    all validated by MkDocs), with the repository's mkdocs.yml."""
    text = ("[Blinken](antony-blinken.md), [the report](../articles/sanctions.md#p-2), [about](../about.md), "
            "[all actors](index.md), [the timeline](../timeline.md), [sanctions](../timeline/sanction.md).")
    root = project(tmp_path, described(text), pages=PAGES)
    assert lines_of(root) == []
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, capture_output=True,
                          text=True, timeout=300, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr
    assert 'href="../antony-blinken/"' in (root / "site" / "actors" / "nicolas-maduro" / "index.html").read_text("utf-8")


def test_broken_relative_links_are_errors_at_the_description(tmp_path):
    text = ("[nope](missing.md) [typo](antony-blinkn.md) [frag](#early-life) [folder](../actions/) "
            "[address](antony-blinken/) [absolute](/about.md) [up](../../x.md) [para](../articles/sanctions.md#p-9)")
    assert lines_of(project(tmp_path, described(text), pages=PAGES)) == [
        f"{WHERE}: error: description: link '[absolute](/about.md)' is an absolute path, which works only when "
        "the site is at the root of its server and is not checked by MkDocs: write it relative to the actors/ "
        "folder, '../about.md' [link-broken]",
        f"{WHERE}: error: description: link '[address](antony-blinken/)' names a folder or an address, which "
        "MkDocs does not resolve: link to 'antony-blinken.md' [link-broken]",
        f"{WHERE}: error: description: link '[folder](../actions/)' names a folder or an address, which MkDocs "
        "does not resolve: link to '../actions/index.md' [link-broken]",
        f"{WHERE}: error: description: link '[frag](#early-life)' points into whichever page shows the "
        "description (the actor's page and the actors index both do), which have different anchors: link to "
        "a page, such as 'nicolas-maduro.md#early-life' [link-broken]",
        f"{WHERE}: error: description: link '[nope](missing.md)' leads to 'actors/missing.md', which is no page "
        "of the site: links in a description are read from the actors/ folder, where the actor's page and the "
        "actors index are: write '<actor-id>.md', '../actions/<id>.md', '../articles/<id>.md' or "
        "'../<page>.md' for a page of content/pages [link-broken]",
        f"{WHERE}: error: description: link '[para](../articles/sanctions.md#p-9)' points to paragraph 9 of "
        "article 'sanctions', which has 2: use one of p-1 to p-2 [link-broken]",
        f"{WHERE}: error: description: link '[typo](antony-blinkn.md)' leads to 'actors/antony-blinkn.md', "
        "which is no page of the site (did you mean 'antony-blinken.md'?): links in a description are read "
        "from the actors/ folder, where the actor's page and the actors index are: write '<actor-id>.md', "
        "'../actions/<id>.md', '../articles/<id>.md' or '../<page>.md' for a page of content/pages [link-broken]",
        f"{WHERE}: error: description: link '[up](../../x.md)' leads outside the site: links in a description "
        "are read from the actors/ folder, so one '../' reaches the site's root [link-broken]",
    ]


def test_links_shown_as_text_are_warnings_saying_how_to_write_them(tmp_path):
    text = ('[x](https://e.org "title") [y](HTTPS://e.org/a) <https://x.org> [u](mailto:a@e.org) '
            "[w](https://en.wikipedia.org/wiki/A_(b)) ![i](https://e.org/i.png) [s](//e.org)")
    assert lines_of(project(tmp_path, described(text))) == [
        f"{WHERE}: warning: description: '<https://x.org>' is shown as text, not as a link: write it as "
        "[text](https://x.org) [link-as-text]",
        f"{WHERE}: warning: description: '[s](//e.org)' is shown as text, not as a link: an address needs its "
        "scheme: write 'https://e.org' [link-as-text]",
        f"{WHERE}: warning: description: '[u](mailto:a@e.org)' is shown as text, not as a link: e-mail links "
        "are not kept: write the address as plain text [link-as-text]",
        f"{WHERE}: warning: description: '[w](https://en.wikipedia.org/wiki/A_(b))' is shown as text, not as "
        "a link: an address may not hold '(' or ')': write them as %28 and %29 [link-as-text]",
        f"{WHERE}: warning: description: '[x](https://e.org \"title\")' is shown as text, not as a link: link "
        "titles are not kept: write [text](address) with the address alone [link-as-text]",
        f"{WHERE}: warning: description: '[y](HTTPS://e.org/a)' is shown as text, not as a link: write the "
        "scheme in lower case, 'https:' [link-as-text]",
        f"{WHERE}: warning: description: image '![i](https://e.org/i.png)' is not shown: a description shows "
        "no images, so the '!' is shown as text before a link to the image; remove the '!' [link-as-text]",
    ]


def test_a_description_without_links_is_not_searched(tmp_path, monkeypatch):
    """The cheap test comes first: a plain description (most of them) costs one `in`."""
    import generator.desclinks as desclinks

    def fail(*args: object) -> None:
        raise AssertionError("searched a description without links")

    monkeypatch.setattr(desclinks._DescriptionLinks, "check", fail)
    assert lines_of(project(tmp_path, described("Leader of Venezuela (since 2013) [citation needed]."))) == []


def test_list_items_after_a_dropped_item_are_reported_at_their_own_place(tmp_path):
    """An item that fails validation is reported and left out of the record's list; the items
    after it are still reported where they are written (their positions were keyed by the
    YAML index, so `by[1]` of the record pointed at the item before it)."""
    facts = _edit("    by: [us-treasury]\n", "    by: [[x], nobody, us-treasury, us-treasury]\n")
    lines = lines_of(project(tmp_path, facts))
    #             "    by: [[x], nobody, us-treasury, us-treasury]"
    #                      ^10  ^15     ^23          ^36
    assert [line for line in lines if "nobody" in line or "value-repeated" in line] == [
        "content/facts/base.yaml:21:15: error: by: no actor has the id 'nobody' [ref-unknown]",
        "content/facts/base.yaml:21:36: warning: by: 'us-treasury' is listed twice (first at line 21, column 23): remove the "
        "second one [value-repeated]",
    ], lines
    assert lines[0].startswith("content/facts/base.yaml:21:10: error: "), lines


def test_a_repeated_id_or_alias_shows_once_on_the_pages(tmp_path):
    from generator.build import build

    facts = _edit("    by: [us-treasury]\n", "    by: [us-treasury, us-treasury]\n")
    facts = _edit("    aliases: [Treasury]\n", "    aliases: [Treasury, US Treasury, Treasury]\n", facts)
    ctx = BuildContext.for_project(project(tmp_path, facts), cache=False)
    pages = {path: data.decode("utf-8") for path, data in build(ctx).pages.items()}
    assert "| By | [U&#46;S. Treasury](../actors/us-treasury.md) |" in pages["actions/treasury-sanctions.md"]
    assert "| Also written | Treasury, US Treasury" in pages["actors/us-treasury.md"]
    assert pages["actors/us-treasury.md"].count("US Treasury, Treasury") == 0
