"""Pages a reader sees, in a real headless browser: Debian's Chromium driven by Playwright.

The sample briefing and the fixture briefing are built with `mkdocs build --strict` and
served over HTTP on 127.0.0.1 (site search needs a real server). In CI (CI=true) a missing
browser fails the run; on a developer machine without Chromium these tests are skipped.
Screenshots land in test-artifacts/screenshots/ for people to look at.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable, Iterator

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "multi" / "content"
ARTIFACTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps trying hosts this sandbox cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

playwright_api = pytest.importorskip("playwright.sync_api") if not os.environ.get("CI") else None
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright  # noqa: E402

from test_pagefind import _pagefind_project, build_with_pagefind, strict_build  # noqa: E402


def _build(root: Path, content: Path, config: Callable[[str], str] | None = None) -> Path:
    """The site of `content` built with the repository's mkdocs.yml (changed by `config`)."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if config:
        (root / "mkdocs.yml").write_text(config((root / "mkdocs.yml").read_text("utf-8")), "utf-8")
    shutil.copytree(content, root / "content")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return root / "site"


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """An HTTP server of `folder` (which need not exist yet) on a free port, and its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _mkdocs_theme(config: str) -> str:
    """mkdocs.yml with MkDocs' own `mkdocs` theme for Material, following the system's light or
    dark mode (its toggle on: without it the theme's dark-mode script fails)."""
    config, found = re.subn(r"^theme:\n(?:[ #].*\n)+",
                            "theme:\n  name: mkdocs\n  color_mode: auto\n  user_color_mode_toggle: true\n",
                            config, flags=re.M)
    assert found == 1, config
    return config


def _instant(url: str) -> Callable[[str], str]:
    """mkdocs.yml with Material's instant navigation, which needs `site_url`: the server's own
    (Material keeps the sitemap's port, so only links to that port are followed in place)."""
    def change(config: str) -> str:
        assert "\n  features:\n" in config and "site_url" not in config, config
        return f"site_url: {url}\n" + config.replace("\n  features:\n", "\n  features:\n    - navigation.instant\n", 1)
    return change


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    base = tmp_path_factory.mktemp("browser")
    sites = {"sample": _build(base / "sample", REPO / "content"), "multi": _build(base / "multi", FIXTURE)}
    proc = build_with_pagefind(base / "pagefind")  # the fixture, searched by Pagefind
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sites["pagefind"] = base / "pagefind" / "site"
    running = []
    urls = {}
    for name, site in sites.items():
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        running.append(server)
        urls[name] = f"http://127.0.0.1:{server.server_address[1]}/"
        urls[f"{name} folder"] = str(site)  # for tools that serve a site themselves
    yield urls
    for server in running:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}: .ci/run installs Debian's chromium package")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
    assert errors == [], f"console errors: {errors}"


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _expect_h1(page: Page, text: str) -> None:
    # The heading's own text, without the "¶" permalink that the toc extension appends.
    expect(page.locator("article h1")).to_have_text(re.compile(rf"^{re.escape(text)}¶?$"))


def _one_h1_and_ordered_headings(page: Page) -> None:
    levels = page.eval_on_selector_all(
        "article h1, article h2, article h3, article h4, article h5, article h6",
        "els => els.map(e => Number(e.tagName[1]))")
    assert levels.count(1) == 1, levels
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}: {levels}"


def test_reader_walk_home_actor_action_paragraph_quote_speaker(page: Page, servers: dict[str, str]) -> None:
    page.goto(servers["sample"])
    _expect_h1(page, "Briefing")
    _one_h1_and_ordered_headings(page)
    _shot(page, "home")

    # home -> actor
    page.locator("article").get_by_role("link", name="Nicolás Maduro", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/actors/nicolas-maduro/$"))
    _expect_h1(page, "Nicolás Maduro")
    _one_h1_and_ordered_headings(page)
    _shot(page, "actor")

    # actor -> action
    page.locator("article").get_by_role("link", name=re.compile("claim victory")).first.click()
    expect(page).to_have_url(re.compile(r"/actions/maduro-claims-election-victory/$"))
    _one_h1_and_ordered_headings(page)

    # action -> the paragraph of the article where the evidence stands, highlighted
    page.get_by_role("link", name="paragraph 4").click()
    expect(page).to_have_url(re.compile(r"/articles/us-sanctions-21-officials/#p-4$"))
    page.locator("#p-4").wait_for(state="attached")  # the URL can change before the new page is parsed
    highlighted = page.evaluate(
        "() => { const p = document.getElementById('p-4').parentElement;"
        " const s = getComputedStyle(p); return [p.tagName, s.outlineStyle, s.backgroundColor]; }")
    assert highlighted[0] == "P"
    assert highlighted[1] == "solid", highlighted
    _one_h1_and_ordered_headings(page)
    _shot(page, "article")

    # paragraph -> the marked quote's page
    mark = page.locator("#quote-blinken-security-apparatus-abuses")
    expect(mark).to_contain_text("has engaged in widespread abuses")
    page.locator("p", has=page.locator("#p-4")).get_by_role("link", name="quote by Antony Blinken").click()
    expect(page).to_have_url(re.compile(r"/quotes/blinken-security-apparatus-abuses/$"))
    expect(page.locator("article blockquote")).to_contain_text("has engaged in widespread abuses")

    # quote -> back to the exact paragraph, and -> its speaker
    page.get_by_role("link", name="paragraph 4").click()
    expect(page).to_have_url(re.compile(r"#p-4$"))
    page.go_back()
    page.locator("article table").get_by_role("link", name="Antony Blinken", exact=True).click()
    expect(page).to_have_url(re.compile(r"/actors/antony-blinken/$"))
    _expect_h1(page, "Antony Blinken")


def _search(page: Page, base: str, query: str) -> list[str]:
    page.goto(base)
    page.keyboard.press("/")  # Material's shortcut to the search box; it reacts to typed keys
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    results = page.locator(".md-search-result__item")
    expect(results.first).to_be_visible(timeout=15000)
    return [t.strip() for t in page.locator(".md-search-result__article h1").all_inner_texts()]


@pytest.mark.parametrize("site, query, expected", [
    ("sample", "Gonzalez", "Edmundo González"),
    ("sample", "González", "Edmundo González"),
    ("sample", "Nicholas Maduro", "Nicolás Maduro"),
    ("multi", "Ibanez", "Marta Ibáñez"),
    ("multi", "Ibáñez", "Marta Ibáñez"),
    ("multi", "Olafur Jonsson", "Ólafur Jónsson"),
])
def test_search_finds_actors_with_and_without_accents(page: Page, servers: dict[str, str], site: str,
                                                     query: str, expected: str) -> None:
    titles = _search(page, servers[site], query)
    assert expected in titles, titles


@pytest.mark.parametrize("query, expected", [
    ("Ibanez", "Marta Ibáñez"),
    ("Ibáñez", "Marta Ibáñez"),
    ("Olafur Jonsson", "Ólafur Jónsson"),
    ("binding arbitration", "Minister orders binding arbitration in port dispute"),
])
def test_pagefind_search_finds_pages_and_opens_them(page: Page, servers: dict[str, str], query: str,
                                                    expected: str) -> None:
    page.goto(servers["pagefind"])
    page.get_by_role("link", name="Search", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/search/$"))
    page.locator(".pagefind-ui__search-input").fill(query)
    expect(page.locator(".pagefind-ui__message")).to_contain_text(f"for {query}", timeout=15000)
    titles = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link")
    expect(titles.first).to_be_visible()
    found = [t.strip() for t in titles.all_inner_texts()]
    assert expected in found, found
    assert not any("¶" in t for t in found), found  # the permalink marks are not indexed
    _shot(page, "pagefind-search")
    titles.filter(has_text=re.compile(rf"^\s*{re.escape(expected)}\s*$")).first.click()
    _expect_h1(page, expected)


def test_pagefind_results_filter_by_kind(page: Page, servers: dict[str, str]) -> None:
    page.goto(servers["pagefind"] + "search/")
    page.locator(".pagefind-ui__search-input").fill("Ibanez")
    expect(page.locator(".pagefind-ui__message")).to_contain_text("for Ibanez", timeout=15000)
    everything = page.locator(".pagefind-ui__message").inner_text()
    expect(page.locator(".pagefind-ui__filter-name")).to_have_text(["Kind"])  # one group, open
    page.locator("label[for='kind-Actor']").click()  # the checkbox itself is drawn by its label
    expect(page.locator("#kind-Actor")).to_be_checked()
    expect(page.locator(".pagefind-ui__message")).not_to_have_text(everything)
    titles = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link")
    # Waited for: the count in the message changes before the list is drawn again (a read at
    # once found the unfiltered titles, in one run of seven). Her page may be listed twice.
    expect(titles.filter(has_not_text=re.compile(r"^\s*Marta Ibáñez\s*$"))).to_have_count(0, timeout=15000)
    found = {t.strip() for t in titles.all_inner_texts()}
    assert found == {"Marta Ibáñez"}, found


def _dialog_search(page: Page, query: str) -> Locator:
    """Type into the open search dialog; its result titles, those filled in so far (a result is
    a blank placeholder until its page's data has arrived)."""
    dialog = page.locator("pagefind-modal dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("input")).to_be_focused()
    page.keyboard.type(query)
    expect(dialog.locator("pagefind-summary")).to_contain_text(f"for {query}", timeout=15000)
    return dialog.locator(".pf-result-title:not(.pf-skeleton)")


def _title(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def test_the_header_search_button_opens_the_search_dialog(page: Page, servers: dict[str, str]) -> None:
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(servers["pagefind"] + "quotes/")
    page.wait_for_load_state("networkidle")
    # A page load fetches Pagefind's dialog and nothing of its index: no wait before reading.
    assert sorted(u.rsplit("/", 1)[1] for u in fetched if "/pagefind/" in u) == [
        "pagefind-component-ui.css", "pagefind-component-ui.js"], fetched
    page.locator("header").get_by_role("button", name="Search").click()
    titles = _dialog_search(page, "Ibanez")
    expect(titles.first).to_have_text(_title("Marta Ibáñez"))
    found = titles.all_inner_texts()
    assert not any("¶" in t for t in found), found  # the permalink marks are not indexed
    _shot(page, "pagefind-dialog")
    titles.first.click()
    _expect_h1(page, "Marta Ibáñez")


def test_the_header_search_button_fits_a_phone(browser: Browser, servers: dict[str, str]) -> None:
    """On a narrow screen the button keeps its magnifier and drops the "Ctrl K" hint (no key
    there opens it, and the header has little room); the dialog fills the screen."""
    context = browser.new_context(viewport={"width": 390, "height": 700}, has_touch=True)
    page = context.new_page()
    page.goto(servers["pagefind"] + "quotes/")
    button = page.locator("header").get_by_role("button", name="Search")
    expect(button).to_be_visible()
    expect(button.locator(".pf-trigger-shortcut")).to_be_hidden()
    assert button.bounding_box()["width"] < 60, button.bounding_box()
    button.tap()
    box = page.locator("pagefind-modal dialog").bounding_box()
    assert box is not None and box["width"] >= 380, box
    context.close()
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # on a desktop the hint is there
    page.goto(servers["pagefind"] + "quotes/")
    expect(page.locator("header").get_by_role("button", name="Search").locator(".pf-trigger-shortcut")).to_be_visible()
    page.close()


def test_search_works_under_a_base_path(page: Page, servers: dict[str, str]) -> None:
    """A site published under a path (a GitHub Pages project site: /<repo>/) finds Pagefind's
    files and links its results under that path, from the dialog and the search page."""
    folder = Path(servers["pagefind folder"])
    handler = functools.partial(_QuietHandler, directory=str(folder.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/{folder.name}/"
    try:
        page.goto(base + "quotes/")
        page.keyboard.press("/")
        titles = _dialog_search(page, "Ibanez")
        expect(titles.first).to_have_text(_title("Marta Ibáñez"))
        titles.first.click()
        expect(page).to_have_url(base + "actors/marta-ibanez/")
        _expect_h1(page, "Marta Ibáñez")
        page.goto(base + "search/?q=Jonsson")
        link = page.locator(".pagefind-ui__result-link").filter(has_text=_title("Ólafur Jónsson")).first
        link.click()
        expect(page).to_have_url(re.compile(re.escape(base) + r"actors/[a-z-]+/$"))
        _expect_h1(page, "Ólafur Jónsson")
    finally:
        page.wait_for_load_state("networkidle")  # nothing left loading from the server about to stop
        page.goto("about:blank")
        server.shutdown()
        server.server_close()


def test_the_dialog_leads_to_all_results_on_the_search_page(page: Page, servers: dict[str, str]) -> None:
    """The dialog shows the first 20 results; its link carries the query to the search page,
    which has them all, with the filters by kind."""
    page.goto(servers["pagefind"] + "actions/")
    page.keyboard.press("/")
    expect(_dialog_search(page, "Ibanez").filter(has_text=_title("Marta Ibáñez"))).to_have_count(1)
    page.locator("pagefind-modal").get_by_role("link", name="All results, by kind").click()
    expect(page).to_have_url(re.compile(r"/search/\?q=Ibanez$"))
    expect(page.locator(".pagefind-ui__search-input")).to_have_value("Ibanez")
    expect(page.locator(".pagefind-ui__message")).to_contain_text("9 results for Ibanez", timeout=15000)
    expect(page.locator(".pagefind-ui__filter-name")).to_have_text(["Kind"])


# Markup in a name and a summary: Pagefind indexes the text a reader sees, and both of its UIs
# must show it as text (its excerpts are HTML, with <mark> around the words found).
HOSTILE_FACTS = """\
actors:
  - id: hostile-one
    name: '<img src=x onerror="window.pwned=1">Zanzibar <script>window.pwned=2</script>'
    type: person
actions:
  - id: hostile-action
    date: 2024-07-16
    type: statement
    by: [hostile-one]
    summary: '<img src=x onerror="window.pwned=3">Zanzibar spoke <b>loudly</b> &lt;i&gt;'
    sources:
      - article: dockers-walk-out
        evidence: Some 4,200 dockers walked off the job
"""


def test_search_results_show_markup_in_names_as_text(browser: Browser, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / "facts" / "hostile.yaml").write_text(HOSTILE_FACTS, "utf-8")
    proc = build_with_pagefind(tmp_path / "project", content)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    handler = functools.partial(_QuietHandler, directory=str(tmp_path / "project" / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base + "quotes/")
        page.keyboard.press("/")
        titles = _dialog_search(page, "Zanzibar")
        expect(titles.filter(has_text='<img src=x onerror="window.pwned=1">Zanzibar <script>')).to_have_count(1)
        expect(titles.filter(has_text='<img src=x onerror="window.pwned=3">Zanzibar spoke')).to_have_count(1)
        results = page.locator("pagefind-modal pagefind-results")
        expect(results.locator(".pf-result-excerpt mark").first).to_be_visible()
        assert results.locator("img, script, b, i").count() == 0
        assert page.evaluate("window.pwned") is None
        page.goto(base + "search/?q=Zanzibar")
        links = page.locator(".pagefind-ui__result-link")
        expect(links.filter(has_text='<img src=x onerror="window.pwned=1">Zanzibar')).not_to_have_count(0)
        expect(page.locator(".pagefind-ui__result-excerpt mark").first).to_be_visible()
        assert page.locator(".pagefind-ui__results").locator("img, script, b, i").count() == 0
        assert page.evaluate("window.pwned") is None
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_slash_and_ctrl_k_open_the_search_dialog_from_any_page(page: Page, servers: dict[str, str]) -> None:
    page.goto(servers["pagefind"] + "actors/marta-ibanez/")
    page.keyboard.press("/")
    expect(_dialog_search(page, "Jonsson").filter(has_text=_title("Ólafur Jónsson"))).to_have_count(1)
    page.keyboard.press("Escape")  # clears the box
    page.keyboard.press("Escape")  # closes the dialog
    expect(page.locator("pagefind-modal dialog")).to_be_hidden()
    expect(page).to_have_url(re.compile(r"/actors/marta-ibanez/$"))
    page.keyboard.press("Control+k")
    expect(page.locator("pagefind-modal dialog")).to_be_visible()


def test_without_the_dialog_script_search_leads_to_the_search_page(browser: Browser, servers: dict[str, str]) -> None:
    """If Pagefind's component script does not load (blocked, or JavaScript off), the header's
    button is a link to the search page, and "/" leads there."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/pagefind-component-ui.js", lambda route: route.abort())
    page = context.new_page()
    page.goto(servers["pagefind"] + "actors/marta-ibanez/")
    page.keyboard.press("/")
    expect(page).to_have_url(re.compile(r"/search/$"))
    expect(page.locator(".pagefind-ui__search-input")).to_be_focused()
    page.keyboard.type("Jonsson")
    expect(page.locator(".pagefind-ui__result-link").filter(has_text="Ólafur Jónsson").first).to_be_visible()
    page.goto(servers["pagefind"] + "quotes/")
    page.locator("header").get_by_role("link", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/$"))
    context.close()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(servers["pagefind"] + "quotes/")
    page.locator("header").get_by_role("link", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"/search/$"))
    context.close()


def test_timeline_filters_with_and_without_javascript(page: Page, servers: dict[str, str]) -> None:
    page.goto(servers["sample"] + "timeline/")
    _one_h1_and_ordered_headings(page)
    _shot(page, "timeline")
    total = page.locator("article li").count()
    page.locator(".briefing-filter input").fill("sanction")
    visible = page.locator("article li:visible").count()
    assert 0 < visible < total
    page.locator(".briefing-filter input").fill("gonzalez")  # accents ignored
    expect(page.locator("article li:visible").first).to_contain_text("González")
    # Without JavaScript: a page per action type.
    page.get_by_role("link", name="sanction", exact=True).click()
    expect(page).to_have_url(re.compile(r"/timeline/sanction/$"))
    _expect_h1(page, "Timeline: sanction")


def test_pages_are_readable_with_javascript_off(browser: Browser, servers: dict[str, str]) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    for path, h1 in (("", "Briefing"), ("actors/edmundo-gonzalez/", "Edmundo González"),
                     ("articles/us-sanctions-21-officials/", "US sanctions 21 officials aligned with Maduro"),
                     ("timeline/", "Timeline")):
        page.goto(servers["sample"] + path)
        _expect_h1(page, h1)
        assert page.locator("article a[href]").count() > 3
    context.close()


def test_keyboard_reaches_links(page: Page, servers: dict[str, str]) -> None:
    page.goto(servers["sample"] + "articles/us-sanctions-21-officials/")
    tags = set()
    for _ in range(40):
        page.keyboard.press("Tab")
        tags.add(page.evaluate("() => document.activeElement && document.activeElement.tagName"))
    assert "A" in tags


def _contrast(page: Page, selector: str) -> float:
    return page.evaluate("""(sel) => {
      const el = document.querySelector(sel);
      const parse = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = rgb => { const [r, g, b] = rgb.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const s = getComputedStyle(el);
      const a = lum(parse(s.color)), b = lum(parse(s.backgroundColor));
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""", selector)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_quote_marks_have_enough_contrast(browser: Browser, servers: dict[str, str], scheme: str) -> None:
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto(servers["sample"] + "articles/us-sanctions-21-officials/")
    assert _contrast(page, "mark.briefing-quote") >= 4.5
    context.close()


def test_graph_renders_and_its_nodes_link(page: Page, servers: dict[str, str]) -> None:
    page.goto(servers["sample"])
    graph = page.locator("figure.briefing-graph-figure svg.briefing-graph")
    expect(graph).to_be_visible()
    box = graph.bounding_box()
    assert box is not None and box["width"] > 500, box  # uses the column, not a thumbnail
    nodes = graph.locator("a")
    assert nodes.count() >= 15
    # A text alternative: the SVG names its <desc>, and the page offers the graph as text.
    assert graph.get_attribute("role") == "img"
    expect(page.locator("figure.briefing-graph-figure details")).to_contain_text("The graph as text")
    # Each node is a link for the keyboard too (`xlink:href`, as `href`, makes an SVG link).
    node = graph.locator("a[*|href='actors/antony-blinken/']")
    assert node.evaluate("a => a.tabIndex") == 0
    node.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/actors/antony-blinken/$"))
    page.go_back()
    graph.locator("a[*|href='actors/edmundo-gonzalez/'] circle").click()
    expect(page).to_have_url(re.compile(r"/actors/edmundo-gonzalez/$"))
    neighbourhood = page.locator("svg.briefing-graph")
    expect(neighbourhood).to_be_visible()
    neighbourhood.locator("a[*|href='../venezuelan-government/'] circle").click()
    expect(page).to_have_url(re.compile(r"/actors/venezuelan-government/$"))


@pytest.mark.parametrize("site, query, expected", [
    ("sample", "Maduro", r"^run 1: page loaded \d+\.\d\d s; search ready \d+\.\d\d s after navigation; "
                         r"'Maduro': first result \d+\.\d\d s \(\d+ matching documents\); next page \(actors/\): "
                         r"click to first result \d+\.\d\d s; browser RSS [\d,]+ MiB$"),
    ("pagefind", "Ibanez", r"^run 1: search page loaded \d+\.\d\d s; 'Ibanez': results \d+\.\d\d s "
                           r"\(9 results for Ibanez\); index fetched \d+\.\d\d MB in \d+ files; browser RSS [\d,]+ MiB\n"
                           r"run 1 dialog: home page loaded \d+\.\d\d s \(\d+ KB of pagefind/\); '/' to the box "
                           r"\d+\.\d\d s; 'Ibanez': first result \d+\.\d\d s \(9 results for Ibanez\); next page "
                           r"\(actors/\): click to first result \d+\.\d\d s; index fetched \d+\.\d\d MB in \d+ files; "
                           r"browser RSS [\d,]+ MiB$"),
])
def test_the_search_benchmark_measures_both_engines(browser: Browser, servers: dict[str, str], site: str,
                                                    query: str, expected: str) -> None:
    """benchmarks/search_in_browser.py, as the benchmarks README runs it, on a small site of each
    kind. (`browser`: only for its check that Chromium is there; the script starts its own.)"""
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "search_in_browser.py"), servers[f"{site} folder"],
                           "--query", query, "--runs", "1", "--timeout", "60"],
                          capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    first, _, rest = proc.stdout.strip().partition("\n")
    assert first.startswith("# site "), proc.stdout
    assert re.match(expected, rest), rest


# --- dark mode, the `mkdocs` theme, Material's instant navigation ------------------------------

@pytest.fixture(scope="module")
def mkdocs_theme(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample briefing with MkDocs' own `mkdocs` theme, served; its URL."""
    site = _build(tmp_path_factory.mktemp("mkdocs-theme") / "sample", REPO / "content", _mkdocs_theme)
    server, url = _serve(site)
    yield url
    server.shutdown()
    server.server_close()


def _graph_contrast(page: Page, selector: str, prop: str) -> list[float]:
    """The contrast of each of the graph's elements that `selector` finds, its computed `prop`
    (fill or stroke: CSS outranks the SVG's own colours) on the page's background under it."""
    return page.evaluate("""([sel, prop]) => {
      const parse = c => c.match(/[\\d.]+/g).map(Number);
      const lum = rgb => { const [r, g, b] = rgb.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const svg = document.querySelector('svg.briefing-graph');
      let back = null;
      for (let el = svg; el && !back; el = el.parentElement) {
        const c = parse(getComputedStyle(el).backgroundColor);
        if (c.length < 4 || c[3] > 0) { back = c; }
      }
      const b = lum(back || [255, 255, 255]);
      return [...svg.querySelectorAll(sel)].map(el => {
        const a = lum(parse(getComputedStyle(el)[prop]));
        return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      });
    }""", [selector, prop])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("site, path", [("sample", ""), ("sample", "actors/edmundo-gonzalez/"),
                                        ("mkdocs theme", "actors/edmundo-gonzalez/")])
def test_graph_text_and_lines_have_enough_contrast(browser: Browser, servers: dict[str, str], mkdocs_theme: str,
                                                   site: str, path: str, scheme: str) -> None:
    """The legend and the actors' names at least 4.5:1 on the page, the lines (one per kind of
    link, solid or dashed) at least 3:1, in Material's light and dark (slate) schemes and the
    `mkdocs` theme's light and dark modes."""
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    page.goto((mkdocs_theme if site == "mkdocs theme" else servers[site]) + path)
    expect(page.locator("svg.briefing-graph")).to_be_visible()
    if site == "mkdocs theme":
        assert page.evaluate("document.documentElement.dataset.bsTheme") == scheme
    else:
        assert page.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    legend = _graph_contrast(page, ".legend text", "fill")
    labels = _graph_contrast(page, ".nodes text", "fill")
    lines = _graph_contrast(page, ".legend line", "stroke") + _graph_contrast(page, ".edges line:not(.edge-context)", "stroke")
    assert legend and labels and lines
    assert min(legend) >= 4.5, legend
    assert min(labels) >= 4.5, labels
    assert min(lines) >= 3, lines
    context.close()


@pytest.mark.parametrize("path", ["actions/", "actors/nicolas-maduro/", "actions/maduro-claims-election-victory/"])
def test_mkdocs_theme_tables_scroll_in_their_own_box_on_a_phone(browser: Browser, mkdocs_theme: str, path: str) -> None:
    """The `mkdocs` theme does not wrap tables: on a phone a wide table scrolls sideways in its
    own box and the page does not."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(mkdocs_theme + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    widths = page.eval_on_selector_all('div[role="main"] table', "ts => ts.map(t => [t.scrollWidth, t.clientWidth])")
    assert widths and all(client <= 390 for _, client in widths), widths
    if path == "actions/":
        assert any(width > client for width, client in widths), widths  # this one is wider: it scrolls
    context.close()


@pytest.fixture(scope="module")
def instant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample briefing with Material's `navigation.instant`, served; its URL."""
    folder = tmp_path_factory.mktemp("instant") / "sample" / "site"
    server, url = _serve(folder)
    _build(folder.parent, REPO / "content", _instant(url))
    yield url
    server.shutdown()
    server.server_close()


def _in_place(page: Page) -> None:
    """Mark the page: a mark still there after a link is followed shows it was not loaded."""
    page.evaluate("window.briefingTestMark = true")


def _was_in_place(page: Page) -> bool:
    return page.evaluate("window.briefingTestMark === true")


def test_timeline_filter_after_instant_navigation(page: Page, instant: str) -> None:
    """With Material's instant navigation a followed link changes the page in place: the timeline's
    filter is set up on the new page, and once only, however often the reader comes back."""
    page.goto(instant + "quotes/")
    _in_place(page)
    tabs = page.locator("nav.md-tabs")
    tabs.get_by_role("link", name="Timeline", exact=True).click()
    expect(page).to_have_url(re.compile(r"/timeline/$"))
    _expect_h1(page, "Timeline")
    assert _was_in_place(page)
    box = page.locator(".briefing-filter")
    expect(box.locator("input")).to_be_visible()
    total = page.locator("article li").count()
    box.locator("input").fill("gonzalez")  # accents ignored
    expect(page.locator("article li:visible").first).to_contain_text("González")
    assert 0 < page.locator("article li:visible").count() < total
    expect(box.locator("span")).to_have_text(re.compile(r"^\d+ of \d+ entries$"))
    # away and back, by a link and by the browser's back button: one filter, working
    tabs.get_by_role("link", name="Actions", exact=True).click()
    _expect_h1(page, "Actions")
    tabs.get_by_role("link", name="Timeline", exact=True).click()
    _expect_h1(page, "Timeline")
    tabs.get_by_role("link", name="Quotes", exact=True).click()
    _expect_h1(page, "Quotes")
    page.go_back()
    _expect_h1(page, "Timeline")
    assert _was_in_place(page)
    expect(page.locator(".briefing-filter input")).to_have_count(1)
    page.locator(".briefing-filter input").fill("sanction")
    assert 0 < page.locator("article li:visible").count() < total


def test_graph_pages_under_instant_navigation(page: Page, instant: str) -> None:
    """Material's instant navigation makes each link of a page it brings in absolute, and an
    SVG link's `href` cannot be set (it threw, and left the old page in view). The graphs' links
    are `xlink:href`, which it does not touch: a page with a graph comes in place, and its
    graph's links and its text links are followed."""
    page.goto(instant + "quotes/")
    _in_place(page)
    page.locator("nav.md-tabs").get_by_role("link", name="Home", exact=True).click()
    expect(page).to_have_url(instant)
    graph = page.locator("svg.briefing-graph")
    expect(graph).to_be_visible()
    assert _was_in_place(page)
    graph.locator("a[*|href='actors/edmundo-gonzalez/'] circle").click()
    expect(page).to_have_url(re.compile(r"/actors/edmundo-gonzalez/$"))
    _expect_h1(page, "Edmundo González")
    page.locator("svg.briefing-graph a[*|href='../venezuelan-government/'] circle").click()
    expect(page).to_have_url(re.compile(r"/actors/venezuelan-government/$"))
    _expect_h1(page, "Venezuelan government")
    page.locator("article").get_by_role("link", name="Nicolás Maduro", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/actors/nicolas-maduro/$"))
    _expect_h1(page, "Nicolás Maduro")
    page.go_back()
    _expect_h1(page, "Venezuelan government")
    expect(page.locator("svg.briefing-graph")).to_be_visible()


def test_search_page_after_instant_navigation(browser: Browser, tmp_path: Path) -> None:
    """With `pagefind: true` and instant navigation, the search page shows its search box when
    reached by a link, in place (its own scripts stand outside the content Material puts in
    place: briefing.js draws the box, loading Pagefind's UI script from the dialog's folder),
    with the query the search dialog's link carries; and after going elsewhere and back."""
    folder = tmp_path / "project" / "site"
    server, url = _serve(folder)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        _pagefind_project(folder.parent)
        config = folder.parent / "mkdocs.yml"
        config.write_text(_instant(url)(config.read_text("utf-8")), "utf-8")
        proc = strict_build(folder.parent)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        page.goto(url + "quotes/")
        _in_place(page)
        page.locator("nav.md-tabs").get_by_role("link", name="Actions", exact=True).click()
        _expect_h1(page, "Actions")
        assert _was_in_place(page)
        page.keyboard.press("/")
        expect(_dialog_search(page, "Ibanez").filter(has_text=_title("Marta Ibáñez"))).to_have_count(1)
        page.locator("pagefind-modal").get_by_role("link", name="All results, by kind").click()
        expect(page).to_have_url(url + "search/?q=Ibanez")
        expect(page.locator(".pagefind-ui__search-input")).to_have_value("Ibanez")
        expect(page.locator(".pagefind-ui__message")).to_contain_text("9 results for Ibanez", timeout=15000)
        assert _was_in_place(page)  # drawn in place, not by loading the page again
        expect(page.locator("#briefing-search .pagefind-ui")).to_have_count(1)  # and once
        page.goto(url + "quotes/")
        _in_place(page)
        page.locator("nav.md-tabs").get_by_role("link", name="Search", exact=True).click()
        expect(page).to_have_url(url + "search/")
        page.locator(".pagefind-ui__search-input").fill("Jonsson")
        expect(page.locator(".pagefind-ui__result-link").filter(has_text="Ólafur Jónsson").first).to_be_visible(timeout=15000)
        assert _was_in_place(page)
        # Elsewhere and back, in place: a new box, drawn again (the UI script is loaded once).
        page.locator("nav.md-tabs").get_by_role("link", name="Actions", exact=True).click()
        _expect_h1(page, "Actions")
        page.go_back()
        expect(page.locator(".pagefind-ui__search-input")).to_be_visible()
        assert _was_in_place(page)
        expect(page.locator("#briefing-search .pagefind-ui")).to_have_count(1)
        assert page.evaluate("performance.getEntriesByType('resource')"
                             ".filter(e => e.name.endsWith('/pagefind/pagefind-ui.js')).length") == 1
        assert page.evaluate("Array.from(document.querySelectorAll('link[rel=stylesheet]'))"
                             ".some(l => l.href.endsWith('/pagefind/pagefind-ui.css'))")
        assert errors == []
    finally:
        page.wait_for_load_state("networkidle")
        context.close()
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("path", ["", "timeline/", "timeline/claim/", "actors/nicolas-maduro/"])
def test_mkdocs_theme_scripts_run_on_every_kind_of_page(browser: Browser, mkdocs_theme: str, path: str) -> None:
    """The `mkdocs` theme's own scripts run without an error on every kind of page (its scroll
    spy reads each heading's id as a CSS selector: '#2024' is none, and it threw on the
    timeline's year headings), and its `s` key opens its search."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))  # not the theme's CDN fetches: no network here
    page.goto(mkdocs_theme + path)
    page.mouse.wheel(0, 600)  # the scroll spy runs on scrolling too
    page.keyboard.press("s")
    expect(page.locator("#mkdocs_search_modal")).to_be_visible()
    assert [e for e in errors if "hljs" not in e] == []
    context.close()
