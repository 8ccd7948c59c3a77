"""Heading ids that start with a digit get a leading '_' on generated pages (headingids.py):
'#2024' is no CSS selector, and the `mkdocs` theme's scroll spy threw on it."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.headingids import css_safe_heading_ids


@dataclass
class Item:
    id: str
    children: list["Item"] = field(default_factory=list)


def test_a_page_without_such_ids_is_returned_as_it_is() -> None:
    html = '<h1 id="timeline">Timeline</h1><p id="p-2">x</p><a href="#p-2">y</a>'
    toc = [Item("timeline")]
    assert css_safe_heading_ids(html, toc) is html
    assert toc[0].id == "timeline"


def test_digit_ids_of_headings_change_with_their_links_and_toc() -> None:
    html = ('<h1 id="timeline">Timeline</h1>'
            '<h2 id="2024">2024<a class="headerlink" href="#2024">¶</a></h2>'
            '<h3 id="november-2024">November 2024</h3>'
            '<h2 id="2023">2023<a class="headerlink" href="#2023">¶</a></h2>'
            '<p id="1x">not a heading</p><a href="#1x">kept</a><a href="../2024/">kept too</a>')
    toc = [Item("timeline", [Item("2024", [Item("november-2024")]), Item("2023")])]
    assert css_safe_heading_ids(html, toc) == (
        '<h1 id="timeline">Timeline</h1>'
        '<h2 id="_2024">2024<a class="headerlink" href="#_2024">¶</a></h2>'
        '<h3 id="november-2024">November 2024</h3>'
        '<h2 id="_2023">2023<a class="headerlink" href="#_2023">¶</a></h2>'
        '<p id="1x">not a heading</p><a href="#1x">kept</a><a href="../2024/">kept too</a>')
    assert [toc[0].id, toc[0].children[0].id, toc[0].children[0].children[0].id, toc[0].children[1].id] == \
        ["timeline", "_2024", "november-2024", "_2023"]


def test_a_new_id_never_takes_one_the_page_has() -> None:
    html = '<h2 id="_21st">_21st</h2><h2 id="21st">21st</h2><a href="#21st">x</a><a href="#_21st">y</a>'
    toc = [Item("_21st"), Item("21st")]
    assert css_safe_heading_ids(html, toc) == \
        '<h2 id="_21st">_21st</h2><h2 id="__21st">21st</h2><a href="#__21st">x</a><a href="#_21st">y</a>'
    assert [item.id for item in toc] == ["_21st", "__21st"]
