"""A long timeline becomes a page per year; the actions index then lists years and types.

The threshold (views.YEAR_PAGES_OVER, 2,000 entries) is lowered to 3 so the small fixture
(entries in 2023 and 2024) splits: in-process for the Markdown tree, and in a child process
that patches it before MkDocs loads the plugin for the strict HTML build.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import generator.views
from generator.cli import main
from test_e2e_mkdocs import FIXTURE, _env, make_project, warning_lines

LINK = re.compile(r"\]\(([^)\s]+\.md)(?:#[^)]*)?\)")
ENTRY = re.compile(r"^- .*$", re.M)


def markdown_tree(capsys: pytest.CaptureFixture[str], root: Path, out: Path) -> dict[str, str]:
    assert main(["build", "--project", str(root), "--out", str(out), "--format", "text", "--no-cache"]) == 0, \
        capsys.readouterr().err
    capsys.readouterr()
    # Unescaped, to read as a reader would: a link text's leading digit is written `&#50;024`.
    return {p.relative_to(out).as_posix(): html.unescape(p.read_text("utf-8")) for p in sorted(out.rglob("*.md"))}


def resolved(page: str, text: str) -> str:
    """The page's text with every relative link made relative to the site root."""
    here = posixpath.dirname(page)
    return LINK.sub(lambda m: "](" + posixpath.normpath(posixpath.join(here, m.group(1))) + ")", text)


def entries(page: str, text: str) -> list[str]:
    body = text.split('<div class="briefing-filter"', 1)[1]
    return ENTRY.findall(resolved(page, body))


def assert_links_resolve(tree: dict[str, str], outside: tuple[str, ...] = ()) -> None:
    """Every relative link of every page of the Markdown tree names a page of the tree, or
    starts with one of `outside` (the hand-written pages, which the tree does not hold)."""
    for page, text in tree.items():
        for target in LINK.findall(resolved(page, text)):
            assert target in tree or target.startswith(outside), (page, target)


def strict_build_with(root: Path, **thresholds: int) -> None:
    """`mkdocs build --strict` in a child process that first sets views' thresholds (the plugin
    is loaded by MkDocs there); it must pass without a warning."""
    patches = "".join(f"v.{name} = {value}; " for name, value in thresholds.items())
    code = (f"import sys, generator.views as v; {patches}"
            "from mkdocs.__main__ import cli; sys.argv = ['mkdocs', 'build', '--strict']; cli()")
    proc = subprocess.run([sys.executable, "-c", code], cwd=root, env=_env(), capture_output=True, text=True,
                          timeout=300)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0 and warning_lines(output) == [], output


@pytest.fixture
def trees(tmp_path: Path, capsys: pytest.CaptureFixture[str],
          monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, str], dict[str, str]]:
    root = make_project(tmp_path / "p", FIXTURE / "content")
    whole = markdown_tree(capsys, root, tmp_path / "whole")
    monkeypatch.setattr(generator.views, "YEAR_PAGES_OVER", 3)
    return whole, markdown_tree(capsys, root, tmp_path / "split")


def test_a_long_timeline_is_a_page_per_year_with_every_entry_once(trees: tuple[dict[str, str], dict[str, str]]) -> None:
    """Over the threshold the timeline lists years; a year over it lists months (2024 here,
    with 12 entries; 2023 has one). Every entry is on exactly one page, in the same order."""
    whole, split = trees
    assert not any(p.startswith("timeline/years/") for p in whole)
    years = sorted(p for p in split if p.startswith("timeline/years/") and p.count("/") == 2)
    assert years == ["timeline/years/2023.md", "timeline/years/2024.md"]
    months = sorted(p for p in split if p.startswith("timeline/years/2024/"))
    assert months == ["timeline/years/2024/07.md", "timeline/years/2024/08.md"]
    # The pages that hold entries, in path order, hold the whole timeline's entries in order.
    leaves = sorted(p for p in split if p.startswith("timeline/years/") and 'class="briefing-filter"' in split[p])
    assert leaves == ["timeline/years/2023.md", *months]
    assert entries("timeline.md", whole["timeline.md"]) == [e for p in leaves for e in entries(p, split[p])]
    assert "\n# Timeline: 2023\n" in split["timeline/years/2023.md"]
    assert "\n# Timeline: July 2024\n" in split["timeline/years/2024/07.md"]
    assert re.findall(r"^##+ .*$", split["timeline/years/2024/08.md"], re.M) == ["## 2024", "### August 2024"]
    # Links between neighbours and up.
    assert "[2024 →](2024.md)" in split["timeline/years/2023.md"]
    assert "[← 2023](2023.md)" in split["timeline/years/2024.md"]
    assert "[All years](../../timeline.md)" in split["timeline/years/2024.md"]
    assert "[All of 2024](../2024.md) · [August 2024 →](08.md)" in split["timeline/years/2024/07.md"]
    assert "[← July 2024](07.md) · [All of 2024](../2024.md)." in split["timeline/years/2024/08.md"]
    # The timeline lists the years with their counts, a long year its months; neither has entries.
    counts = re.findall(r"^- \[(\d{4})\]\((timeline/years/\d{4}\.md)\): (\d+) actions?, (\d+) quotes?$",
                        split["timeline.md"], re.M)
    assert [(y, p) for y, p, _, _ in counts] == [("2023", years[0]), ("2024", years[1])]
    listed = re.findall(r"^- \[(\w+ 2024)\]\((2024/\d\d\.md)\): (\d+) actions?, (\d+) quotes?$",
                        split["timeline/years/2024.md"], re.M)
    assert [(label, "timeline/years/" + p) for label, p, _, _ in listed] == [("July 2024", months[0]),
                                                                            ("August 2024", months[1])]
    for page, actions, quotes in [(years[0], *counts[0][2:]), *((p, a, q) for _, p, a, q in listed)]:
        page = page if page.startswith("timeline/") else "timeline/years/" + page
        found = entries(page, split[page])
        assert int(actions) == sum("](actions/" in e for e in found)
        assert int(quotes) == sum("](quotes/" in e for e in found) == len(found) - int(actions)
    assert sum(int(a) + int(q) for _, _, a, q in listed) == int(counts[1][2]) + int(counts[1][3])
    assert 'class="briefing-filter"' not in split["timeline.md"] + split["timeline/years/2024.md"]
    # The page per type is unchanged: it is not split.
    assert {p: t for p, t in split.items() if p.startswith("timeline/") and "/years/" not in p} == \
           {p: t for p, t in whole.items() if p.startswith("timeline/")}


def test_a_long_month_is_a_page_per_day_with_every_entry_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """Over views.DAY_PAGES_OVER a month lists its days with counts (day 00: the entries dated
    only to the month), and each day is a page linking the days either side and its month; the
    day pages, in path order, hold the month's entries in order. A month under it stays whole."""
    root = make_project(tmp_path / "p", FIXTURE / "content")
    monkeypatch.setattr(generator.views, "YEAR_PAGES_OVER", 3)
    months = markdown_tree(capsys, root, tmp_path / "months")
    monkeypatch.setattr(generator.views, "DAY_PAGES_OVER", 3)
    days = markdown_tree(capsys, root, tmp_path / "days")
    july = sorted(p for p in days if p.startswith("timeline/years/2024/07/"))
    assert july == ["timeline/years/2024/07/00.md", "timeline/years/2024/07/15.md", "timeline/years/2024/07/20.md",
                    "timeline/years/2024/07/22.md"]
    month = "timeline/years/2024/07.md"
    assert entries(month, months[month]) == [e for p in july for e in entries(p, days[p])]
    assert 'class="briefing-filter"' not in days[month]
    listed = re.findall(r"^- \[([^\]]+)\]\((07/\d\d\.md)\): (\d+) actions?, (\d+) quotes?$", days[month], re.M)
    assert [(label, p) for label, p, _, _ in listed] == [
        ("Sometime in July 2024", "07/00.md"), ("15 July 2024", "07/15.md"), ("20 July 2024", "07/20.md"),
        ("22 July 2024", "07/22.md")]
    for _, page, actions, quotes in listed:
        found = entries("timeline/years/2024/" + page, days["timeline/years/2024/" + page])
        assert (int(actions), int(quotes)) == (sum("](actions/" in e for e in found), sum("](quotes/" in e for e in found))
    assert "\n# Timeline: Sometime in July 2024\n" in days[july[0]]
    assert "dated only to the month July 2024" in days[july[0]]
    assert "\n# Timeline: 20 July 2024\n" in days[july[2]] and "dated on 20 July 2024" in days[july[2]]
    assert "[← 15 July](15.md) · [All of July 2024](../07.md) · [22 July →](22.md)." in days[july[2]]
    assert "[← Sometime in July](00.md) · [All of July 2024](../07.md) · [20 July →](20.md)." in days[july[1]]
    assert "[All of July 2024](../07.md) · [15 July →](15.md)." in days[july[0]]
    assert "[← 20 July](20.md) · [All of July 2024](../07.md)." in days[july[3]]
    # The other pages are as before, but for August, also split by its days.
    assert {p: t for p, t in days.items() if "/2024/07" not in p and "/2024/08" not in p} == \
           {p: t for p, t in months.items() if "/2024/07" not in p and "/2024/08" not in p}
    assert_links_resolve(days, outside=("pages/",))
    # A month at the threshold stays whole.
    monkeypatch.setattr(generator.views, "DAY_PAGES_OVER", len(entries(month, months[month])))
    assert markdown_tree(capsys, root, tmp_path / "whole-month") == months


def test_day_pages_build_strict_with_mkdocs_and_search_skips_their_entries(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURE / "content")
    strict_build_with(root, YEAR_PAGES_OVER=3, DAY_PAGES_OVER=3)
    site = root / "site"
    month = (site / "timeline/years/2024/07/index.html").read_text("utf-8")
    assert 'href="15/"' in month and 'href="../08/"' in month and 'class="briefing-filter"' not in month
    day = (site / "timeline/years/2024/07/20/index.html").read_text("utf-8")
    assert 'href="../15/"' in day and 'href="../22/"' in day and 'href="../"' in day and 'class="briefing-filter"' in day
    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    found = [d for d in docs if d["location"].split("#")[0] == "timeline/years/2024/07/20/"]
    assert len(found) == 1 and "dated on 20 July 2024" in found[0]["text"], found
    assert "Nordhaf Shipping" in day and "Nordhaf Shipping" not in found[0]["text"]


def test_the_actions_index_lists_years_and_types_when_the_timeline_is_split(
        trees: tuple[dict[str, str], dict[str, str]]) -> None:
    whole, split = trees
    table = [line for line in whole["actions/index.md"].splitlines() if line.startswith("| ") and "| Date |" not in line]
    index = split["actions/index.md"]
    assert f"{len(table)} actions: too many for one page" in index
    by_year = re.findall(r"^- \[(\d{4})\]\(\.\./timeline/years/\1\.md\): (\d+) actions?$", index, re.M)
    by_type = re.findall(r"^- \[([a-z-]+)\]\(\.\./timeline/([a-z-]+)\.md\): (\d+) actions?$", index, re.M)
    assert sum(int(n) for _, n in by_year) == len(table)
    assert sum(int(n) for _, _, n in by_type) == len(table)
    assert all(t == p for t, p, _ in by_type)
    for action_type, _, count in by_type:
        assert int(count) == sum(f"| {action_type} |" in row for row in table)
    assert "| Date |" not in index


def test_every_link_of_a_split_site_resolves(trees: tuple[dict[str, str], dict[str, str]]) -> None:
    _, split = trees
    assert_links_resolve(split, outside=("pages/",))


def test_a_split_site_builds_strict_with_mkdocs(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURE / "content")
    strict_build_with(root, YEAR_PAGES_OVER=3)
    site = root / "site"
    year = (site / "timeline/years/2024/index.html").read_text("utf-8")
    assert 'href="../2023/"' in year and 'href="07/"' in year and 'class="briefing-filter"' not in year
    month = (site / "timeline/years/2024/07/index.html").read_text("utf-8")
    assert 'class="briefing-filter"' in month and 'href="../08/"' in month and 'href="../"' in month
    listing = (site / "timeline/index.html").read_text("utf-8")
    assert 'href="years/2023/"' in listing and 'class="briefing-filter"' not in listing
    assert 'href="../timeline/years/2024/"' in (site / "actions/index.html").read_text("utf-8")
    # Search indexes a year page's title and introduction, not its entries (each is a page).
    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    for page, words in (("timeline/years/2024/", "dated in 2024"), ("timeline/years/2024/07/", "in July 2024")):
        found = [d for d in docs if d["location"].split("#")[0] == page]
        assert len(found) == 1 and words in found[0]["text"], found


@pytest.mark.parametrize("content", [FIXTURE / "content", Path(__file__).resolve().parent.parent / "content"])
def test_each_type_timeline_is_the_whole_timeline_filtered(tmp_path: Path, content: Path) -> None:
    """views.timelines_by_type takes each type's timeline from the whole one; it must equal
    sorting that type's actions and quotes on their own."""
    from generator.build import BuildContext, check
    from generator.link import date_key
    from generator.views import build_timeline, shared_context, timelines_by_type

    root = make_project(tmp_path / "p", content)
    b = check(BuildContext.for_project(root, cache=False))
    whole = build_timeline(list(b.actions.values()), list(b.quotes.values()))
    types = {a.type for a in b.actions.values()}
    expected = {t: build_timeline([a for a in b.actions.values() if a.type == t],
                                  [q for q in b.quotes.values() if q.action in b.actions and b.actions[q.action].type == t])
                for t in types}
    found = timelines_by_type(b, whole)
    assert len(types) > 3 and {t: list(v) for t, v in found.items()} == {t: list(v) for t, v in expected.items()}
    # The pages' timeline, made from link's date order without sorting again, is this one.
    shared = shared_context(b)
    assert shared["timeline"] == whole and sum(len(e) for _, months in whole for _, e in months) > 5
    assert shared["actions_newest"] == sorted(b.actions.values(), key=lambda a: (date_key(a.date), a.id), reverse=True)
    assert shared["quotes_newest"] == sorted(b.quotes.values(), key=lambda q: (date_key(q.date), q.id), reverse=True)
    # A briefing linked without the relations (as `briefing check` links it) has no date order
    # from link: the orderings are sorted then, and come out the same.
    bare = check(BuildContext.for_project(root, cache=False), relations=False)
    assert bare.action_order == [] and bare.quote_order == []
    assert shared_context(bare)["timeline"] == whole
    assert [a.id for a in shared_context(bare)["actions_newest"]] == [a.id for a in shared["actions_newest"]]


MAKER = Path(__file__).resolve().parent.parent / "benchmarks" / "make_briefing.py"


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic briefing of 60 articles over six years (benchmarks/make_briefing.py)."""
    root = tmp_path_factory.mktemp("made")
    subprocess.run([sys.executable, str(MAKER), "--articles", "60", "--out", str(root)], check=True,
                   capture_output=True, timeout=120)
    return root


def index_rows(page: str, text: str) -> list[str]:
    return [line for line in resolved(page, text).splitlines()
            if line.startswith("| ") and not line.startswith(("| Date |", "|---"))]


def test_long_quote_and_article_indexes_list_speakers_and_years(made: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Over the threshold the quotes index lists speakers with counts and the newest 20 quotes
    (every quote stays on its speaker's page); the articles index lists years, each a page of
    its articles, newest first. Every article is on exactly one year page, in the same order."""
    whole = markdown_tree(capsys, made, tmp_path / "whole")
    monkeypatch.setattr(generator.views, "YEAR_PAGES_OVER", 10)
    split = markdown_tree(capsys, made, tmp_path / "split")
    assert not any(p.startswith("articles/years/") for p in whole)
    # Quotes: one line per speaker, counts adding up to every quote, then the newest 20.
    quotes = split["quotes/index.md"]
    speakers = re.findall(r"^- \[[^\]]+\]\(\.\./(actors/[a-z0-9-]+\.md)\): (\d+) quotes?$", quotes, re.M)
    every = re.findall(r"^- “.*$", whole["quotes/index.md"], re.M)
    assert len(speakers) >= 5 and sum(int(n) for _, n in speakers) == len(every) == 123
    for actor_page, count in speakers:
        said = [part for part in split[actor_page].split("\n## ") if part.startswith("Quotes by ")]
        assert int(count) == said[0].count("\n- “"), actor_page
    latest = re.findall(r"^- “\[.*$", quotes.split("\n## Latest\n", 1)[1], re.M)
    assert len(latest) == 20 and "123 quotes: too many for one page" in quotes
    # Articles: the years, newest first, each page holding that year's rows of the whole table.
    index = split["articles/index.md"]
    years = re.findall(r"^- \[(\d{4})\]\(years/\1\.md\): (\d+) articles?$", index, re.M)
    assert [y for y, _ in years] == ["2024", "2023", "2022", "2021", "2020", "2019"]
    pages = [f"articles/years/{y}.md" for y, _ in years]
    assert sorted(pages) == sorted(p for p in split if p.startswith("articles/years/"))
    rows = [row for page in pages for row in index_rows(page, split[page])]
    assert rows == index_rows("articles/index.md", whole["articles/index.md"])
    for (year, count), page in zip(years, pages):
        assert len(index_rows(page, split[page])) == int(count)
        assert all(f" {year} |" in row for row in index_rows(page, split[page]))
    assert index_rows("articles/index.md", index) == rows[:20]
    assert "[← 2022](2022.md) · [All years](../../articles/index.md) · [2024 →](2024.md)." in split["articles/years/2023.md"]
    assert "published in 2024, newest first. [← 2023](2023.md) · [All years](../../articles/index.md)." in \
           split["articles/years/2024.md"]
    assert_links_resolve(split)


def test_split_indexes_build_strict_and_search_skips_their_rows(made: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(made, root)
    strict_build_with(root, YEAR_PAGES_OVER=10)
    year = (root / "site/articles/years/2023/index.html").read_text("utf-8")
    assert 'href="../2022/"' in year and 'href="../2024/"' in year and 'href="../../"' in year
    docs = json.loads((root / "site/search/search_index.json").read_text("utf-8"))["docs"]
    text = {d["location"]: d["text"] for d in docs}
    assert "published in 2023" in text["articles/years/2023/"]
    assert "El Nacional" not in text["articles/years/2023/"] and "<table" not in text["articles/years/2023/"]


def test_a_long_type_timeline_is_a_page_per_year_with_every_entry_once(made: Path, tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str],
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Over views.TYPE_YEAR_PAGES_OVER a type's timeline lists its years with counts; each year
    is a page of its own (under timeline/types/), linking the years either side. Every entry
    is on exactly one year page, in the order of the unsplit page."""
    whole = markdown_tree(capsys, made, tmp_path / "whole")
    monkeypatch.setattr(generator.views, "TYPE_YEAR_PAGES_OVER", 10)
    split = markdown_tree(capsys, made, tmp_path / "split")
    assert not any(p.startswith("timeline/types/") for p in whole)
    type_pages = sorted(p for p in whole if re.fullmatch(r"timeline/[a-z0-9-]+\.md", p))
    long_types = [p for p in type_pages if len(entries(p, whole[p])) > 10]
    assert 3 <= len(long_types) < len(type_pages)  # some split, some not
    for page in type_pages:
        if page not in long_types:
            assert split[page] == whole[page]
            continue
        action_type = page[len("timeline/"):-3]
        years = re.findall(rf"^- \[(\d{{4}})\]\((types/{action_type}/\1\.md)\): (\d+) actions?, (\d+) quotes?$",
                           split[page], re.M)
        assert 'class="briefing-filter"' not in split[page] and len(years) >= 2
        year_pages = ["timeline/" + p for _, p, _, _ in years]
        assert year_pages == sorted(p for p in split if p.startswith(f"timeline/types/{action_type}/"))
        assert [e for p in year_pages for e in entries(p, split[p])] == entries(page, whole[page])
        for (year, _, actions, quotes), year_page in zip(years, year_pages):
            found = entries(year_page, split[year_page])
            assert int(actions) == sum("](actions/" in e for e in found)
            assert int(quotes) == len(found) - int(actions)
            assert f"\n# Timeline: {action_type}, {year}\n" in split[year_page]
        first, second = year_pages[:2]
        assert f"[All years](../../../timeline/{action_type}.md) · [{years[1][0]} →]({years[1][0]}.md)" in split[first]
        assert f"[← {years[0][0]}]({years[0][0]}.md) · [All years]" in split[second]
    assert_links_resolve(split)


def test_split_type_timelines_build_strict_and_search_skips_their_entries(made: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(made, root)
    strict_build_with(root, TYPE_YEAR_PAGES_OVER=10)
    site = root / "site"
    years = sorted(p.relative_to(site).as_posix() for p in site.glob("timeline/types/*/*/index.html"))
    assert years, "no type year pages"
    page = years[0].removesuffix("index.html")
    html_text = (site / page / "index.html").read_text("utf-8")
    assert 'class="briefing-filter"' in html_text and 'href="../../../' in html_text
    docs = json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]
    text = {d["location"]: d["text"] for d in docs}
    assert "Every dated action of type" in text[page] and "<li>" not in text[page]
