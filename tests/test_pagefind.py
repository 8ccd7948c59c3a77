"""Site search by Pagefind (the plugin's `pagefind: true`, generator/sitesearch.py): the same
rule for what is searched as the theme's search, a search page, and Pagefind run over the built
site by `mkdocs build --strict`. In a browser: tests/test_browser.py."""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import sitesearch
from generator.sitesearch import mark_for_pagefind, search_page_head, search_view
from test_e2e_mkdocs import FIXTURE, _env, make_project

BODY_OPEN, IGNORE_OPEN = "<div data-pagefind-body ", '<div data-pagefind-ignore="all">'
BODY = re.compile(r'<div data-pagefind-body data-pagefind-filter="kind:(\w+)">')

PAGES = [  # (src_uri, content HTML as the Markdown converter writes it)
    ("actors/marta-ibanez.md",
     '<h1 id="marta">Marta Ibáñez</h1>\n<table><tr><td>Type</td></tr></table>\n<p>Minister.</p>\n'
     '<h2 id="affiliations">Affiliations</h2>\n<ul><li>Minister, Meridia</li></ul>\n'
     '<h2 id="actions-by">Actions by Marta Ibáñez</h2>\n<table><tr><td>ordered</td></tr></table>\n'
     '<h2 id="related">Related actors</h2>\n<ul><li>Dockers</li></ul>\n'),
    ("articles/dockers-walk-out.md",
     '<h1>Dockers walk out</h1>\n<p>Text of it.</p>\n<h2 id="text">Text</h2>\n<p id="p-1">Dockers struck.</p>\n'
     '<h2 id="actors-mentioned">Actors mentioned</h2>\n<ul><li>Dockers</li></ul>\n'),
    ("timeline.md", '<h1>Timeline</h1>\n<p>Every dated action.</p>\n<h2>2024</h2>\n<ul><li>an entry</li></ul>\n'),
    ("timeline/sanction.md", '<h1>Timeline: sanction</h1>\n<p>Every action.</p>\n<ul><li>an entry</li></ul>\n'),
    ("quotes/marta-the-country.md", '<h1>Quote by Marta</h1>\n<blockquote><p>The country</p></blockquote>\n'),
    ("actions/x.md", '<h1>Ordered arbitration</h1>\n<h2 id="quotes-on-this-action">Quotes on this action</h2>\n<ul><li>q</li></ul>\n'),
]


def _unmarked(marked: str) -> str:
    opening = BODY.match(marked)
    assert opening and marked.endswith("</div>"), marked[:80]
    return marked[opening.end():-len("</div>")]


def _indexed(marked: str) -> str:
    """What Pagefind reads of a marked page: the body without its ignored parts (the parts hold
    no <div> of their own in these pages)."""
    return re.sub(re.escape(IGNORE_OPEN) + r".*?</div>", "", _unmarked(marked), flags=re.S)


@pytest.mark.parametrize("src_uri, html", PAGES, ids=[p[0] for p in PAGES])
def test_pagefind_indexes_what_the_search_view_holds(src_uri: str, html: str) -> None:
    marked = mark_for_pagefind(src_uri, html)
    assert _indexed(marked) == search_view(src_uri, html)
    # Readers see every part, in order: only wrappers were added.
    assert re.sub(re.escape(IGNORE_OPEN) + r"|</div>", "", _unmarked(marked)) == html


def test_listings_are_left_out_and_the_rest_is_kept() -> None:
    src_uri, html = PAGES[0]
    indexed = _indexed(mark_for_pagefind(src_uri, html))
    assert "Affiliations" in indexed and "Minister." in indexed
    assert "Actions by" not in indexed and "Related actors" not in indexed
    assert _indexed(mark_for_pagefind("timeline.md", PAGES[2][1])).count("<h2") == 0
    assert mark_for_pagefind(src_uri, html, whole=True) == \
        '<div data-pagefind-body data-pagefind-filter="kind:Page">' + html + "</div>"


@pytest.mark.parametrize("src_uri, kind", [
    ("actors/marta-ibanez.md", "Actor"), ("actors/dockers-union/2024.md", "Actor"), ("actions/x.md", "Action"),
    ("quotes/q.md", "Quote"), ("articles/a.md", "Article"), ("articles/years/2024.md", "Article"),
    ("timeline.md", "Timeline"), ("timeline/types/strike/2024.md", "Timeline"), ("index.md", "Page"),
    ("overview.md", "Page"),
])
def test_each_page_is_filed_under_its_kind(src_uri: str, kind: str) -> None:
    opening = BODY.match(mark_for_pagefind(src_uri, "<h1>T</h1>\n"))
    assert opening and opening.group(1) == kind


@pytest.mark.parametrize("url, prefix", [("search/", "../"), ("search.html", ""), ("a/search/", "../../")])
def test_search_page_finds_the_bundle_relative_to_itself(url: str, prefix: str) -> None:
    head = search_page_head(url)
    assert f'src="{prefix}pagefind/pagefind-ui.js"' in head
    assert f'href="{prefix}pagefind/pagefind-ui.css"' in head


@pytest.mark.parametrize("url, prefix", [("search/", "../"), ("search.html", ""), ("a/search/", "../../")])
def test_the_search_box_names_the_bundle_and_carries_the_ui_options(url: str, prefix: str) -> None:
    """briefing.js draws the box in place under instant navigation from what the box carries:
    Pagefind's folder relative to the page, and the options the page's own script uses."""
    import html as html_module

    from generator.sitesearch import SEARCH_PAGE_UI, search_page, with_search_bundle

    box = re.search(r'<div id="briefing-search"[^>]*>', with_search_bundle(search_page("Site"), url))
    assert box is not None
    assert f'data-briefing-bundle="{prefix}pagefind/"' in box.group(0)
    options = re.search(r'data-briefing-ui="([^"]*)"', box.group(0))
    assert options is not None and json.loads(html_module.unescape(options.group(1))) == SEARCH_PAGE_UI
    # One script draws the box with those options, on every load: briefing.js, not the page.
    script = (Path(__file__).resolve().parent.parent / "generator" / "briefing.js").read_text("utf-8")
    assert 'JSON.parse(box.getAttribute("data-briefing-ui")' in script
    assert "<script>" not in search_page_head(url) and "PagefindUI" not in search_page_head(url)


def test_the_header_search_button_goes_into_materials_header_only() -> None:
    from generator.sitesearch import with_header_search_link

    material = '<header class="md-header"><nav class="md-header__inner md-grid">X</nav></header><nav>site</nav>'
    linked = with_header_search_link(material, "../search/")
    assert linked.startswith('<header class="md-header"><nav class="md-header__inner md-grid">X<a href="../search/" ')
    assert linked.endswith('</svg></a></nav></header><nav>site</nav>')
    other = "<header><nav>X</nav></header>"
    assert with_header_search_link(other, "../search/") == other
    # With the dialog, the link stands inside Pagefind's trigger, which replaces it once its script runs.
    dialog = with_header_search_link(material, "../search/", dialog=True)
    assert dialog == linked.replace('<a href="../search/"', '<pagefind-modal-trigger class="briefing-search-trigger" '
                                    'compact><a href="../search/"').replace("</a></nav>", "</a></pagefind-modal-trigger></nav>")


def _dialog_parts(page: str) -> dict[str, int]:
    """How often a page holds each part of the search dialog."""
    return {part: page.count(part) for part in (
        "pagefind-component-ui.css", "pagefind-component-ui.js", "<pagefind-modal ", "<pagefind-modal-trigger ",
        '<meta name="briefing-search" ')}


def test_a_missing_pagefind_package_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(sitesearch.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(sitesearch.PagefindError, match=r"pip install 'briefing-sites\[pagefind\]'"):
        sitesearch.run_pagefind(tmp_path)


def test_a_missing_pagefind_package_stops_the_build_before_any_page_is_written(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    root = _pagefind_project(tmp_path / "project")
    monkeypatch.setattr(sitesearch.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(Abort):
        mkdocs_build(load_config(str(root / "mkdocs.yml")))
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == ["briefing: the briefing plugin's `pagefind: true` needs the pagefind package: "
                      "pip install 'briefing-sites[pagefind]' (or pip install 'pagefind[bin]')"], errors
    assert not (root / "site").exists()


def _pagefind_project(root: Path, content: Path = FIXTURE / "content") -> Path:
    make_project(root, content)
    config = (root / "mkdocs.yml").read_text("utf-8")
    assert "plugins:\n  - search\n  - briefing\n" in config
    (root / "mkdocs.yml").write_text(config.replace("plugins:\n  - search\n  - briefing\n",
                                                    "plugins:\n  - briefing:\n      pagefind: true\n"), "utf-8")
    return root


def strict_build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=_env(),
                          capture_output=True, text=True, timeout=300)


def build_with_pagefind(root: Path, content: Path = FIXTURE / "content") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of the fixture briefing (or `content`) with `pagefind: true` and no
    lunr search."""
    _pagefind_project(root, content)
    return strict_build(root)


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("pagefind") / "project"
    proc = build_with_pagefind(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site", proc.stdout + proc.stderr


def test_strict_build_runs_pagefind(pagefind_site: tuple[Path, str]) -> None:
    site, log = pagefind_site
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"], entry
    pages = sum(language["page_count"] for language in entry["languages"].values())
    # every page with a body mark: the generated and hand-written pages and the search page
    marked = [p for p in site.rglob("*.html") if BODY_OPEN in p.read_text("utf-8")]
    assert pages == len(marked) > 20
    assert f"Indexed {pages} pages" in log
    assert not (site / "search" / "search_index.json").exists()  # no lunr index without `search`


def test_search_page_is_in_the_nav_and_loads_pagefind(pagefind_site: tuple[Path, str]) -> None:
    site, _ = pagefind_site
    page = (site / "search" / "index.html").read_text("utf-8")
    assert 'id="briefing-search"' in page
    assert '<script src="../pagefind/pagefind-ui.js"></script>' in page
    home = (site / "index.html").read_text("utf-8")
    assert re.search(r'<a href="search/"[^>]*>\s*Search\s*</a>', home), "no Search link in the nav"


@pytest.mark.parametrize("path, prefix", [("index.html", ""), ("quotes/index.html", "../"),
                                          ("actors/marta-ibanez/index.html", "../../"),
                                          ("methodology/index.html", "../")])
def test_every_page_but_the_search_page_has_the_search_dialog(pagefind_site: tuple[Path, str], path: str,
                                                              prefix: str) -> None:
    site, _ = pagefind_site
    page = (site / path).read_text("utf-8")
    head, body = page.split("</head>", 1)
    assert (f'<link rel="stylesheet" href="{prefix}pagefind/pagefind-component-ui.css">'
            f'<script src="{prefix}pagefind/pagefind-component-ui.js" defer></script>') in head
    assert f'<meta name="briefing-search" content="{prefix}search/">' in head
    header = body[body.index("<header"):body.index("</header>")]
    assert f'<pagefind-modal-trigger class="briefing-search-trigger" compact><a href="{prefix}search/" ' in header
    assert body.count("<pagefind-modal ") == 1 and body.index("<pagefind-modal ") > body.index(BODY_OPEN)
    assert '<pagefind-results hide-sub-results max-results="20">' in body
    assert f'<a class="briefing-search-all" href="{prefix}search/">All results, by kind</a>' in body
    search = (site / "search" / "index.html").read_text("utf-8")  # Pagefind's full UI there, not both
    assert "pagefind-component-ui" not in search and "<pagefind-modal" not in search
    assert '<a href="./" class="md-header__button md-icon briefing-search-button"' in search


def test_built_pages_mark_their_listings(pagefind_site: tuple[Path, str]) -> None:
    site, _ = pagefind_site
    page = (site / "actors" / "marta-ibanez" / "index.html").read_text("utf-8")
    body = page[page.index(BODY_OPEN):]
    ignored = re.findall(re.escape(IGNORE_OPEN) + r"\s*<h2[^>]*>([^<]*)", body)
    assert any(h.startswith("Actions by") for h in ignored), ignored
    assert not any(h.startswith("Affiliations") for h in ignored), ignored
    assert page.count(BODY_OPEN) == 1


def test_serve_indexes_again_after_each_rebuild(tmp_path: Path) -> None:
    """MkDocs empties the site folder before each rebuild under `mkdocs serve`: the search must
    still work after an edit, and find the edited text."""
    from test_serve import Server, edit

    root = _pagefind_project(tmp_path / "project")
    server = Server(root)
    try:
        server.wait_for("the search page", lambda: server.serves("/search/", 'id="briefing-search"'))
        server.wait_for("the Pagefind bundle", lambda: server.serves("/pagefind/pagefind-entry.json", '"languages"'))
        logged = len(server.lines)
        edit(root, "content/pages/methodology.md", "# Methodology", "# Methodology, revised")
        server.wait_for("the rebuild", lambda: any("Reloading browsers" in line for line in server.lines[logged:]))
        assert any("briefing: pagefind: Indexed" in line for line in server.lines[logged:]), server.log[-2000:]
        assert server.serves("/pagefind/pagefind-entry.json", '"languages"')
        assert server.serves("/methodology/", "Methodology, revised")
    finally:
        server.stop()
    assert "Traceback" not in server.log, server.log[-3000:]


def test_a_hand_written_search_page_is_kept(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE / "content", content)
    (content / "pages" / "search.md").write_text("# Find\n\nOur own search page.\n", "utf-8")
    root = _pagefind_project(tmp_path / "project", content)
    proc = strict_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (root / "site" / "search" / "index.html").read_text("utf-8")
    assert "Our own search page." in page and 'id="briefing-search"' not in page
    # Its pages still have the dialog (and "/" opens it), but no link to a search page of ours.
    actor = (root / "site" / "actors" / "marta-ibanez" / "index.html").read_text("utf-8")
    assert _dialog_parts(actor) == {"pagefind-component-ui.css": 1, "pagefind-component-ui.js": 1, "<pagefind-modal ": 1,
                                    "<pagefind-modal-trigger ": 0, '<meta name="briefing-search" ': 0}
    assert "briefing-search-all" not in actor



@pytest.mark.parametrize("over, hinted", [(2, True), (3, False)])
def test_large_briefings_get_the_pagefind_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               caplog: pytest.LogCaptureFixture, over: int, hinted: bool) -> None:
    """Past PAGEFIND_ADVISED_OVER articles (the fixture has 3), with the theme's search on, the
    build says once that Pagefind would serve readers better; an INFO line, so strict builds pass."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    import generator.plugin as plugin

    root = make_project(tmp_path / "project", FIXTURE / "content")
    monkeypatch.setattr(plugin, "PAGEFIND_ADVISED_OVER", over)
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.briefing")
    mkdocs_build(load_config(str(root / "mkdocs.yml")))
    hints = [r for r in caplog.records if "`pagefind: true`" in r.getMessage()]
    assert [(r.levelno, r.getMessage()[:21]) for r in hints] == ([(logging.INFO, "briefing: 3 articles:")] if hinted else [])


def test_pagefind_beside_the_theme_search_is_pointed_out(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = make_project(tmp_path / "project", FIXTURE / "content")
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(config.replace("  - briefing\n", "  - briefing:\n      pagefind: true\n"), "utf-8")
    caplog.set_level(logging.INFO, logger="mkdocs.plugins.briefing")
    mkdocs_build(load_config(str(root / "mkdocs.yml")))
    messages = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any("take `search` out of `plugins`" in m for m in messages), messages
    assert (root / "site" / "pagefind" / "pagefind-entry.json").is_file()


def test_pagefind_with_the_builtin_theme(tmp_path: Path) -> None:
    """The search page needs nothing of Material: with MkDocs' own theme (and no `search`
    plugin, whose modal that theme would otherwise load) the build is strict-clean and indexed."""
    root = _pagefind_project(tmp_path / "project")
    config = (root / "mkdocs.yml").read_text("utf-8")
    config = re.sub(r"theme:\n(?:  .*\n|    .*\n)+", "theme:\n  name: mkdocs\n", config)
    assert "name: mkdocs" in config and "material" not in config
    (root / "mkdocs.yml").write_text(config, "utf-8")
    proc = strict_build(root)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    site = root / "site"
    assert '<script src="../pagefind/pagefind-ui.js"></script>' in (site / "search" / "index.html").read_text("utf-8")
    # No Material header to put the button in: the dialog, "/" and the nav's Search entry.
    actor = (site / "actors" / "marta-ibanez" / "index.html").read_text("utf-8")
    assert _dialog_parts(actor) == {
        "pagefind-component-ui.css": 1, "pagefind-component-ui.js": 1, "<pagefind-modal ": 1, "<pagefind-modal-trigger ": 0,
        '<meta name="briefing-search" ': 1}
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert sum(language["page_count"] for language in entry["languages"].values()) > 20


def test_pagefind_failing_on_the_built_site_says_what_is_left_and_what_to_do(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Pagefind runs after MkDocs wrote the site: when it fails, the error gives its reason, says
    the pages are there without a search index, and how to go on."""
    monkeypatch.setattr(sitesearch, "pagefind_missing", lambda: None)
    failed = subprocess.CompletedProcess([], 3, stdout="", stderr="Running Pagefind\nError: no HTML files found\n")
    monkeypatch.setattr(sitesearch.subprocess, "run", lambda *a, **k: failed)
    with pytest.raises(sitesearch.PagefindError) as caught:
        sitesearch.run_pagefind(tmp_path / "site")
    message = str(caught.value)
    assert f"pagefind could not index {tmp_path / 'site'} (Error: no HTML files found)" in message
    assert "complete but have no search index" in message and "`pagefind: false`" in message
    failed.stderr = ""
    with pytest.raises(sitesearch.PagefindError, match=r"\(exit code 3\)"):
        sitesearch.run_pagefind(tmp_path / "site")
