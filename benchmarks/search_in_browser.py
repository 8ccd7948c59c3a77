"""Is a built site's search usable? Time it in a real browser (item 4 of issue 6).

    .venv/bin/python benchmarks/search_in_browser.py SITE_DIR [--query TEXT ...] [--runs N]

Serves SITE_DIR (the output of `mkdocs build`, Material theme) on 127.0.0.1 and opens its
home page in Debian's headless Chromium (Playwright), as the browser tests do. For each run,
in a fresh browser context (an empty cache: a first visit), it prints:

- the size of `search/search_index.json`, as sent;
- **ready**: from navigation to the moment the search box stops saying "Initializing search"
  (Material's web worker has fetched the index and built its lunr index);
- for each query: from the last key typed to the first result shown;
- then a click to the second tab and the first query again: from the click to its first
  result (with Material's `navigation.instant` the search index survives the click);
- the browser's resident memory (every Chromium process started for this run, summed from
  /proc: the search worker runs in the page's renderer process).

A site built with the plugin's `pagefind: true` is searched on its search page instead: each
query from the last key typed to its results, and the bytes of index the browser fetched; and,
in another fresh context, in the search dialog of its pages: the home page's load, "/" to the
dialog open, each query from the last key to its first result, then a click to the second tab
and the first query again (click to first result).

Seconds are wall time on this machine; compare runs made in one sitting.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("BRIEFING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def _chromium_rss_mib(exclude: set[int]) -> tuple[float, set[int]]:
    """Resident memory of the Chromium processes not in `exclude` (those that were running
    before this run), in MiB, and their pids."""
    total, pids = 0, set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in exclude:
            continue
        try:
            with open(f"/proc/{entry}/comm") as handle:
                if "chrom" not in handle.read():
                    continue
            with open(f"/proc/{entry}/statm") as handle:
                total += int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            pids.add(int(entry))
        except OSError:
            continue
    return total / 2**20, pids


def _pagefind_run(page: "object", base: str, queries: list[str], timeout_s: float) -> str:
    """A site searched by Pagefind (the plugin's `pagefind: true`): its search page, each query
    from the last key typed to its results, and the bytes of index fetched."""
    fetched: list[int] = []
    page.on("requestfinished", lambda r: fetched.append((r.sizes() or {}).get("responseBodySize", 0))
            if "/pagefind/" in r.url else None)
    start = time.perf_counter()
    page.goto(base + "search/")
    line = f"search page loaded {time.perf_counter() - start:.2f} s"
    box = page.locator(".pagefind-ui__search-input")
    message = page.locator(".pagefind-ui__message")
    for query in queries:
        box.fill(query[:-1])
        t = time.perf_counter()
        box.press(query[-1])
        page.wait_for_function("q => (document.querySelector('.pagefind-ui__message') || {textContent: ''})"
                               ".textContent.includes('for ' + q)", arg=query, timeout=timeout_s * 1000)
        page.locator(".pagefind-ui__result-link").first.wait_for(timeout=timeout_s * 1000)
        line += f"; {query!r}: results {time.perf_counter() - t:.2f} s ({(message.text_content() or '').strip()})"
    return line + f"; index fetched {sum(fetched) / 1e6:.2f} MB in {len(fetched)} files"


def _next_page(page: "object") -> float:
    """A reader goes on to the second tab (a click, as a reader makes it) and presses "/" to
    search again; when the click was made."""
    here = page.url
    clicked = time.perf_counter()
    page.locator(".md-tabs__link").nth(1).click()
    page.wait_for_url(lambda url: url != here)
    page.keyboard.press("/")
    return clicked


def _dialog_run(page: "object", base: str, queries: list[str], timeout_s: float) -> str:
    """The search dialog of a Pagefind site's pages (Pagefind's component UI)."""
    fetched: list[int] = []
    page.on("requestfinished", lambda r: fetched.append((r.sizes() or {}).get("responseBodySize", 0))
            if "/pagefind/" in r.url else None)
    start = time.perf_counter()
    page.goto(base)
    line = f"dialog: home page loaded {time.perf_counter() - start:.2f} s ({sum(fetched) / 1e3:.0f} KB of pagefind/)"
    dialog = page.locator("pagefind-modal dialog")
    summary = page.locator("pagefind-modal pagefind-summary")
    t = time.perf_counter()
    page.keyboard.press("/")
    dialog.locator("input").wait_for(timeout=timeout_s * 1000)
    page.wait_for_function("() => document.activeElement && document.activeElement.closest('pagefind-modal')",
                           timeout=timeout_s * 1000)
    line += f"; '/' to the box {time.perf_counter() - t:.2f} s"
    box = dialog.locator("input")

    def search(query: str) -> float:
        box.fill(query[:-1])
        t = time.perf_counter()
        box.press(query[-1])
        page.wait_for_function("q => (document.querySelector('pagefind-modal pagefind-summary') || {textContent: ''})"
                               ".textContent.includes('for ' + q)", arg=query, timeout=timeout_s * 1000)
        dialog.locator(".pf-result-title:not(.pf-skeleton)").first.wait_for(timeout=timeout_s * 1000)  # not a placeholder
        return time.perf_counter() - t

    for query in queries:
        took = search(query)
        line += f"; {query!r}: first result {took:.2f} s ({(summary.text_content() or '').strip()})"
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    t = _next_page(page)
    box.wait_for(timeout=timeout_s * 1000)
    search(queries[0])
    line += f"; next page ({page.url[len(base):]}): click to first result {time.perf_counter() - t:.2f} s"
    return line + f"; index fetched {sum(fetched) / 1e6:.2f} MB in {len(fetched)} files"


def measure(site: Path, queries: list[str], runs: int, timeout_s: float) -> None:
    index = site / "search" / "search_index.json"
    pagefind = (site / "pagefind" / "pagefind-entry.json").is_file()
    if pagefind:
        size = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
        print(f"# site {site}: Pagefind bundle {size / 1e6:.1f} MB in all (fetched in pieces)")
    else:
        print(f"# site {site}: search_index.json {index.stat().st_size / 1e6:.1f} MB")
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    _, before = _chromium_rss_mib(set())
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for run in range(1, runs + 1):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                if pagefind:
                    line = f"run {run}: " + _pagefind_run(page, base, queries, timeout_s)
                    rss, _ = _chromium_rss_mib(before)
                    print(line + f"; browser RSS {rss:,.0f} MiB", flush=True)
                    context.close()
                    if "<pagefind-modal" in (site / "index.html").read_text("utf-8", errors="replace"):
                        context = browser.new_context(viewport={"width": 1280, "height": 900})
                        line = f"run {run} " + _dialog_run(context.new_page(), base, queries, timeout_s)
                        rss, _ = _chromium_rss_mib(before)
                        print(line + f"; browser RSS {rss:,.0f} MiB", flush=True)
                        context.close()
                    continue
                start = time.perf_counter()
                page.goto(base)
                loaded = time.perf_counter() - start
                page.keyboard.press("/")
                meta = page.locator(".md-search-result__meta")
                # Material writes "Initializing search" until its worker is ready, then
                # "Type to start searching".
                deadline = start + timeout_s
                while "Initializing" in (meta.text_content() or "Initializing"):
                    if time.perf_counter() > deadline:
                        raise SystemExit(f"search not ready after {timeout_s:.0f} s")
                    time.sleep(0.05)
                ready = time.perf_counter() - start
                peak, _ = _chromium_rss_mib(before)
                line = f"run {run}: page loaded {loaded:.2f} s; search ready {ready:.2f} s after navigation"
                box = page.locator("input.md-search__input")
                for query in queries:
                    box.fill("")  # the last query's results go before this one's are waited for
                    page.locator(".md-search-result__item").first.wait_for(state="detached", timeout=timeout_s * 1000)
                    box.press_sequentially(query[:-1])
                    t = time.perf_counter()
                    box.press(query[-1])
                    page.locator(".md-search-result__item").first.wait_for(timeout=timeout_s * 1000)
                    found = meta.text_content() or ""
                    line += f"; {query!r}: first result {time.perf_counter() - t:.2f} s ({found.strip()})"
                # A reader goes on to another page (a link, as a reader clicks it) and searches
                # again: without Material's instant navigation the page loads anew and its
                # search index is fetched and built again.
                box.fill("")
                page.keyboard.press("Escape")
                t = _next_page(page)
                box.press_sequentially(queries[0])
                page.locator(".md-search-result__item").first.wait_for(timeout=timeout_s * 1000)
                line += f"; next page ({page.url[len(base):]}): click to first result {time.perf_counter() - t:.2f} s"
                rss, _ = _chromium_rss_mib(before)
                print(line + f"; browser RSS {max(peak, rss):,.0f} MiB", flush=True)
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a built site (mkdocs build's site_dir)")
    parser.add_argument("--query", action="append", help="a search to time (repeatable)")
    parser.add_argument("--runs", type=int, default=2, help="fresh browser contexts, one after another")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for anything")
    args = parser.parse_args()
    measure(args.site, args.query or ["sanction", "Maduro"], args.runs, args.timeout)


if __name__ == "__main__":
    main()
