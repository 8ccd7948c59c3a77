"""A long actor page keeps the newest entries of each list and gets a page per year (a long
year, a page per month) holding all of them.

The threshold (views.ACTOR_PAGES_OVER, 2,000 entries) is lowered to 3 and the entries a long
page still shows (views.ACTOR_LATEST) to 2, so the small fixture's busier actors split: in
process for the Markdown tree, and in a child process for the strict MkDocs build.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import generator.views
from test_e2e_mkdocs import FIXTURE, make_project
from test_long_lists import assert_links_resolve, markdown_tree, resolved, strict_build_with

LISTS = ("Actions by ", "Actions targeting ", "Quotes by ", "Quotes about ", "Articles that mention ")
ROW = re.compile(r"^(?:\| (?!Date \|)(?!---).*|- .*)$", re.M)  # a table row or a list item


def sections(page: str, text: str) -> dict[str, list[str]]:
    """The entries of each list section (by heading start), links made root-relative."""
    out: dict[str, list[str]] = {}
    for part in re.split(r"^## ", resolved(page, text), flags=re.M)[1:]:
        heading, _, body = part.partition("\n")
        for name in LISTS:
            if heading.startswith(name):
                out[name] = ROW.findall(body)
    return out


@pytest.fixture
def trees(tmp_path: Path, capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, str], dict[str, str]]:
    root = make_project(tmp_path / "p", FIXTURE / "content")
    whole = markdown_tree(capsys, root, tmp_path / "whole")
    monkeypatch.setattr(generator.views, "ACTOR_PAGES_OVER", 3)
    monkeypatch.setattr(generator.views, "ACTOR_LATEST", 2)
    return whole, markdown_tree(capsys, root, tmp_path / "split")


def test_a_long_actor_is_split_by_period_with_every_entry_once(trees: tuple[dict[str, str], dict[str, str]]) -> None:
    whole, split = trees
    actors = sorted(p for p in whole if p.startswith("actors/") and p.count("/") == 1 and p != "actors/index.md")
    long = [p for p in actors if any(q.startswith(p[:-3] + "/") for q in split)]
    short = [p for p in actors if p not in long]
    assert "actors/dockers-union.md" in long and "actors/meridia.md" in short and len(long) >= 5
    assert not any(p.count("/") > 1 for p in whole if p.startswith("actors/"))
    for page in short:  # an actor page under the threshold is as it was
        assert split[page] == whole[page], page
    for page in long:
        folder = page[:-3] + "/"
        periods = sorted(p for p in split if p.startswith(folder))
        leaves = [p for p in periods if "\n## Months\n" not in split[p]]
        every = sections(page, whole[page])
        assert sum(map(len, every.values())) > 3
        # Every entry of every list is on exactly one period page: dated lists in date order.
        for name, entries in every.items():
            found = [e for leaf in leaves for e in sections(leaf, split[leaf]).get(name, [])]
            if name == "Articles that mention ":  # most mentions first on each page
                assert sorted(found) == sorted(entries), (page, name)
            else:
                assert found == entries, (page, name)
        # The actor's own page keeps the newest two of each list (the articles: most mentions).
        shown = sections(page, split[page])
        for name, entries in every.items():
            assert shown[name] == (entries[:2] if name == "Articles that mention " else entries[-2:]), (page, name)
        assert ("The latest 2 of" in split[page]) == any(len(e) > 2 for n, e in every.items() if n != LISTS[-1])
        # Its table of years counts what each year's pages hold, list by list.
        table = re.findall(r"^\| \[(\d{4})\]\(([^)]+)\) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \| ([\d,]+) \|$",
                           resolved(page, split[page]), re.M)
        assert [t[1] for t in table] == [p for p in periods if p.count("/") == 2]
        for year, year_page, *counts in table:
            held = [sections(leaf, split[leaf]) for leaf in leaves if leaf[len(folder):].startswith(year)]
            assert [int(c) for c in counts] == [sum(len(s.get(name, [])) for s in held) for name in LISTS], year_page
    # A long year lists its months; a month page links its neighbours and its year.
    year = split["actors/dockers-union/2024.md"]
    assert "\n## Months\n" in year and "[← 2023](2023.md) · [All years](../../actors/dockers-union.md)." in year
    assert "[July 2024](2024/07.md) | 2 | 0 | 0 | 1 | 2 |" in year
    month = split["actors/dockers-union/2024/07.md"]
    assert "\n# Union of Port Workers of Meridia: July 2024\n" in month
    assert "dated in July 2024. [All of 2024](../2024.md) · [August 2024 →](08.md)." in month
    assert "dated in 2023. [All years](../../actors/dockers-union.md) · [2024 →](2024.md)." in \
           split["actors/dockers-union/2023.md"]


def test_every_link_of_a_site_with_long_actors_resolves(trees: tuple[dict[str, str], dict[str, str]]) -> None:
    _, split = trees
    assert_links_resolve(split, outside=("pages/",))


def test_long_actors_build_strict_with_mkdocs_and_search_skips_their_lists(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURE / "content")
    strict_build_with(root, ACTOR_PAGES_OVER=3, ACTOR_LATEST=2)
    site = root / "site"
    actor = (site / "actors/dockers-union/index.html").read_text("utf-8")
    assert 'href="2023/"' in actor and 'href="2024/"' in actor
    month = (site / "actors/dockers-union/2024/07/index.html").read_text("utf-8")
    assert 'href="../08/"' in month and 'href="../"' in month and 'href="../../../../actions/dockers-strike-begins/"' in month
    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    text = {d["location"]: d["text"] for d in docs}
    # A period page is found by its title and introduction, not by its entries (each is a page).
    assert "dated in July 2024" in text["actors/dockers-union/2024/07/"]
    assert not any("walked off the job" in t for loc, t in text.items() if loc.startswith("actors/dockers-union/"))
    assert not any(loc.startswith("actors/dockers-union/#by-year") for loc in text)
