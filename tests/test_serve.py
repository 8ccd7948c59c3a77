"""`mkdocs serve` under broken edits, for real: a server on a temporary copy of the sample project
logs the generator's diagnostic (`content/...:line:col: error: ... [rule]`) for each broken edit,
and serves the fixed content once the file is fixed, without a restart. While the content is
broken it keeps serving the last good site (MkDocs' livereload server would hold every request
after a failed build, so the plugin serves the last good pages instead of failing)."""

from __future__ import annotations

import html
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Callable

import pytest

REPO = Path(__file__).resolve().parent.parent
WAIT = 60.0  # seconds: the bound of every wait
PEOPLE = "content/facts/actors/people.yaml"
ACTOR_PAGE = "/actors/antony-blinken/"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A `mkdocs serve` subprocess whose log is collected by a thread."""

    def __init__(self, root: Path, *extra: str) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", *extra], cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, bufsize=1)
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def log(self) -> str:
        return "\n".join(self.lines)

    def get(self, path: str, timeout: float = 5) -> tuple[int, str]:
        """(status, body); status 0 when there is no answer within `timeout`."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=timeout) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", errors="replace")
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return 0, ""

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            if condition():
                return
            if self.proc.poll() is not None:
                pytest.fail(f"mkdocs serve exited ({self.proc.returncode}) while waiting for {what}:\n{self.log[-3000:]}")
            time.sleep(0.1)
        pytest.fail(f"no {what} within {WAIT:.0f} s:\n{self.log[-3000:]}")

    def serves(self, path: str, text: str) -> bool:
        status, body = self.get(path)
        return status == 200 and text in body

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)  # mkdocs serve shuts down cleanly on Ctrl-C
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=15)
        self.reader.join(timeout=15)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(REPO / "content", tmp_path / "content")
    return tmp_path


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


BREAKS = [
    # (what, file, old, new, diagnostic line expected in the log)
    ("a duplicate key", PEOPLE,
     "  - id: antony-blinken\n    name: Antony Blinken\n",
     "  - id: antony-blinken\n    name: Antony Blinken\n    name: Tony Blinken\n",
     r"content/facts/actors/people\.yaml:\d+:\d+: error: key 'name' is repeated .*\[yaml-duplicate-key\]"),
    ("a YAML syntax error", PEOPLE,
     "  - id: antony-blinken\n    name: Antony Blinken\n",
     "  - id: antony-blinken\n    name: [Antony Blinken\n",
     r"content/facts/actors/people\.yaml:\d+:\d+: error: YAML syntax error: .*\[yaml-syntax\]"),
    ("an unknown reference", PEOPLE,
     "affiliations:\n      - actor: state-department\n",
     "affiliations:\n      - actor: state-departmnt\n",
     r"content/facts/actors/people\.yaml:\d+:\d+: error: .*'state-departmnt'.*\[ref-unknown\]"),
    ("an impossible date", "content/articles/us-sanctions-21-officials.md",
     "date: 2024-11-27\n", "date: 2024-11-31\n",
     r"content/articles/us-sanctions-21-officials\.md:3:7: error: .*'2024-11-31' is not a real calendar date.*"
     r"\[date-invalid\]"),
]


def test_serve_reports_broken_edits_and_recovers_without_restart(project: Path) -> None:
    """Break the content four ways in turn, each time waiting for the generator's diagnostic in
    the log and then for the fixed site; last, a visible change is served. One server throughout."""
    server = Server(project)
    try:
        server.wait_for("home page", lambda: server.serves("/", "Briefing"))
        assert server.serves(ACTOR_PAGE, "Antony Blinken")
        pid = server.proc.pid
        for what, rel, old, new, diagnostic in BREAKS:
            logged = len(server.lines)
            original = (project / rel).read_text("utf-8")
            edit(project, rel, old, new)
            server.wait_for(f"the diagnostic for {what}",
                            lambda: re.search(diagnostic, "\n".join(server.lines[logged:])) is not None)
            assert not any("Reloading browsers" in line for line in server.lines[logged:]), what
            logged = len(server.lines)
            (project / rel).write_text(original, "utf-8")  # fixed
            server.wait_for(f"the rebuild after fixing {what}",
                            lambda: any("Reloading browsers" in line for line in server.lines[logged:]))
            assert server.serves(ACTOR_PAGE, "Antony Blinken"), what
        # A fix with a visible change is served, by the same server.
        logged = len(server.lines)
        edit(project, PEOPLE, "    name: Antony Blinken\n", "    name: Antony J. Blinken\n")
        server.wait_for("the renamed actor", lambda: server.serves(ACTOR_PAGE, "Antony J. Blinken"))
        assert server.serves("/quotes/blinken-hold-maduro-accountable/", "Antony J. Blinken")
        # Only the pages that show the name were rendered again; the rest came from memory.
        counts = [tuple(map(int, m.groups())) for m in
                  re.finditer(r"briefing: (\d+) pages rendered, (\d+) unchanged", "\n".join(server.lines[logged:]))]
        assert counts and counts[-1][0] > 0 and counts[-1][1] > 0, counts
        assert server.proc.pid == pid and server.proc.poll() is None
        assert "Traceback" not in server.log, server.log[-3000:]
    finally:
        server.stop()


@pytest.mark.parametrize("extra", [(), ("--dirty", "--no-strict")], ids=["serve", "serve-dirty"])
def test_serve_keeps_serving_the_last_good_site_while_broken(project: Path, extra: tuple[str, ...]) -> None:
    """While the content is broken, the last good site is served with the diagnostics on every
    page (the curator looks at the browser); once fixed, no page shows them, under --dirty
    too (a page kept from the broken build would still carry them)."""
    server = Server(project, *extra)
    banner = 'class="briefing-serve-errors"'
    try:
        server.wait_for("home page", lambda: server.serves("/", "Briefing"))
        assert banner not in server.get(ACTOR_PAGE)[1]
        what, rel, old, new, diagnostic = BREAKS[0]
        logged = len(server.lines)
        edit(project, rel, old, new)
        server.wait_for(f"the diagnostic for {what}",
                        lambda: re.search(diagnostic, "\n".join(server.lines[logged:])) is not None)
        shown = re.search(diagnostic, "\n".join(server.lines[logged:])).group(0)
        for page in (ACTOR_PAGE, "/actors/nicolas-maduro/", "/"):
            server.wait_for(f"the banner on {page}", lambda: server.serves(page, banner))
            status, body = server.get(page, timeout=3)
            assert status == 200 and "The content has 1 error: this is the last good build" in body
            assert f"<li><code>{html.escape(shown)}</code></li>" in body
        assert server.serves(ACTOR_PAGE, "Antony Blinken")
        edit(project, rel, new, old)
        for page in (ACTOR_PAGE, "/actors/nicolas-maduro/", "/"):
            server.wait_for(f"{page} without the banner",
                            lambda: server.get(page)[0] == 200 and banner not in server.get(page)[1])
        assert "Traceback" not in server.log, server.log[-3000:]
    finally:
        server.stop()


def test_dirty_serve_renders_again_only_the_changed_pages(project: Path) -> None:
    """`mkdocs serve --dirty`: pages the generator kept are marked unmodified, so MkDocs keeps
    their HTML; the pages that show an edited name are rendered and served anew."""
    server = Server(project, "--dirty", "--no-strict")  # MkDocs warns about --dirty itself
    try:
        server.wait_for("home page", lambda: server.serves("/", "Briefing"))
        logged = len(server.lines)
        edit(project, PEOPLE, "    name: Antony Blinken\n", "    name: Antony J. Blinken\n")
        server.wait_for("the renamed actor", lambda: server.serves(ACTOR_PAGE, "Antony J. Blinken"))
        assert server.serves("/quotes/blinken-hold-maduro-accountable/", "Antony J. Blinken")
        assert server.serves("/actors/nicolas-maduro/", "Nicolás Maduro")  # kept, still served
        counts = [tuple(map(int, m.groups())) for m in
                  re.finditer(r"briefing: (\d+) pages rendered, (\d+) unchanged", "\n".join(server.lines[logged:]))]
        assert counts and counts[-1][0] > 0 and counts[-1][1] > 0, counts
        assert "Traceback" not in server.log, server.log[-3000:]
    finally:
        server.stop()


def test_dirty_builds_mark_kept_pages_unmodified(project: Path) -> None:
    """In process: after an edit, exactly the pages the generator did not render again are
    unmodified for MkDocs; every page is modified in the first build and without --dirty."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    def build() -> dict[str, tuple[bool, str]]:
        """Each generated page's (modified for MkDocs, Markdown)."""
        config.plugins.on_pre_build(config=config)  # as MkDocs runs the events
        files = config.plugins.on_files(get_files(config), config=config)
        return {f.src_uri: (f.is_modified(), f.content_string) for f in files
                if f.generated_by and f.src_uri.endswith(".md") and f.abs_src_path is None}

    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=True)
    config = config.plugins.on_config(config)
    first = build()
    assert len(first) > 50 and all(modified for modified, _ in first.values())
    edit(project, PEOPLE, "    name: Antony Blinken\n", "    name: Antony J. Blinken\n")
    second = build()
    assert second.keys() == first.keys()
    kept = {path for path, (modified, _) in second.items() if not modified}
    changed = {path for path in second if second[path][1] != first[path][1]}
    assert "actors/antony-blinken.md" in changed and kept and not kept & changed
    assert all(second[path][1] == first[path][1] for path in kept)
    config.plugins["briefing"].dirty = False  # without --dirty MkDocs renders every page anyway
    edit(project, PEOPLE, "    name: Antony J. Blinken\n", "    name: Antony Blinken\n")
    assert all(modified for modified, _ in build().values())


class DirtyServe:
    """`mkdocs serve --dirty` in this process, without a server: one set of plugins for every
    build (MkDocs keeps a plugin that has `on_startup`), a first full build, then `rebuild()`
    as after each save (`--no-strict`: MkDocs warns about a dirty build itself)."""

    def __init__(self, project: Path) -> None:
        from mkdocs.commands.build import build as mkdocs_build

        self.project = project
        self.mkdocs_build = mkdocs_build
        self.first = self.config()
        self.first.plugins.on_startup(command="serve", dirty=True)
        self.plugin = self.first.plugins["briefing"]
        mkdocs_build(self.first, dirty=False)

    def config(self) -> Any:
        from mkdocs.config import load_config

        loaded = load_config(str(self.project / "mkdocs.yml"))
        loaded["strict"] = False
        return loaded

    def rebuild(self) -> None:
        again = self.config()
        again.plugins = self.first.plugins  # as under `mkdocs serve`: the plugin outlives the config
        self.mkdocs_build(again, dirty=True)


def test_dirty_rebuilds_hand_kept_page_files_back_and_build_what_a_clean_build_does(project: Path) -> None:
    """In process, as `mkdocs serve --dirty` runs builds: a kept page gets the last build's `File`
    back (and, once MkDocs has not read it, its `Page`), a rendered page a new one; and the HTML
    of every page equals a clean build's of the same content (the nav included: it takes a
    hand-written page's title from the page, so those are read in every build)."""
    def html(site: Path) -> dict[str, bytes]:
        return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.html"))}

    serve = DirtyServe(project)
    plugin = serve.plugin
    builds = [dict(plugin.page_files)]
    # Each build's Page objects and unchanged marks (a kept File is the same object, marked anew).
    pages = [{path: file.page for path, file in plugin.page_files.items()}]
    marks = [{path: file.unchanged for path, file in plugin.page_files.items()}]
    for old, new in (("    name: Antony Blinken\n", "    name: Antony J. Blinken\n"),
                     ("    name: Edmundo González\n", "    name: Edmundo González Urrutia\n")):
        edit(project, PEOPLE, old, new)
        serve.rebuild()
        builds.append(dict(plugin.page_files))
        pages.append({path: file.page for path, file in plugin.page_files.items()})
        marks.append({path: file.unchanged for path, file in plugin.page_files.items()})
    before, last = builds[1], builds[2]
    kept = {path for path in last if marks[2][path]}
    rendered = set(last) - kept
    assert "actors/edmundo-gonzalez.md" in rendered and "actors/antony-blinken.md" in kept and len(kept) > 30
    assert all(last[path] is before[path] for path in kept)
    assert not any(last[path] is before[path] for path in rendered)
    # A kept page MkDocs did not read in the second build keeps that build's Page; one it read
    # there (rendered in the second build) gets a new Page, as does every page in the nav.
    unread = {path for path in kept if marks[1][path] and not before[path].inclusion.is_in_nav()}
    read = {path for path in kept if not marks[1][path]}
    assert unread and read
    assert all(pages[2][path] is pages[1][path] and pages[2][path].markdown is None for path in unread)
    assert not any(pages[2][path] is pages[1][path] for path in read)
    dirty_site = html(project / "site")
    assert "Antony J. Blinken" in dirty_site["actors/antony-blinken/index.html"].decode()
    assert "Edmundo González Urrutia" in dirty_site["actors/edmundo-gonzalez/index.html"].decode()

    clean = serve.config()
    clean["site_dir"] = str(project / "clean-site")
    serve.mkdocs_build(clean)
    clean_site = html(project / "clean-site")
    assert dirty_site.keys() == clean_site.keys()
    assert [p for p in clean_site if dirty_site[p] != clean_site[p]] == []


def frozen_after_rebuilds(project: Path, rebuilds: int = 12) -> list[int]:
    """What the collector holds frozen after each of `rebuilds` `--dirty` rebuilds in this process."""
    import gc

    serve = DirtyServe(project)
    frozen = []
    names = ("    name: Antony Blinken\n", "    name: Antony J. Blinken\n")
    for n in range(rebuilds):
        edit(project, PEOPLE, *(names if n % 2 == 0 else names[::-1]))
        serve.rebuild()
        frozen.append(gc.get_freeze_count())
    assert gc.isenabled()
    return frozen


def test_rebuilds_in_one_process_do_not_keep_the_garbage_of_earlier_builds(project: Path) -> None:
    """Builds run by the same plugin, as under `mkdocs serve --dirty`: what the collector holds
    frozen after each rebuild stays bounded, as the garbage of earlier builds is collected
    once memory has grown by a quarter (build.collect_earlier_builds). Before, each rebuild froze
    the last one's garbage (MkDocs' pages and nav, in cycles) for good: 2,400 more objects a
    rebuild here, 50 MiB a rebuild at 1,000 articles. Run in a fresh interpreter, as `mkdocs
    serve` is one: in this test process, grown by the tests before, a quarter more memory is
    more than twelve rebuilds of the sample make, and no collection is due."""
    code = (f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from pathlib import Path; "
            f"from test_serve import frozen_after_rebuilds; print(frozen_after_rebuilds(Path({str(project)!r})))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    frozen = [int(n) for n in proc.stdout.strip().splitlines()[-1].strip("[]").split(",")]
    assert len(frozen) == 12 and min(frozen) > 1000  # the build's data is frozen, as gc_paused does
    # Bounded: without the collection at build start, 1.4x by now.
    assert max(frozen) < min(frozen) * 1.35, frozen
    assert any(later < earlier for earlier, later in zip(frozen, frozen[1:])), frozen  # collections ran


def test_a_rebuild_frees_the_model_of_the_build_before_without_a_full_collection(project: Path) -> None:
    """Rendering makes cycles that hold the model (the page tracker and its view of the
    model, the graph index, Jinja's contexts). Under `mkdocs serve` they are collected as the
    render stage ends, so the last build's model is freed as soon as a rebuild replaces it,
    not kept until a full collection (which walks every object: 1.3 to 1.5 s at 10,000
    articles), nor frozen for good."""
    import weakref

    serve = DirtyServe(project)
    plugin = serve.plugin
    names = ("    name: Antony Blinken\n", "    name: Antony J. Blinken\n")
    for n in range(3):
        plugin.blocks_after_collect = 10**15  # no collection of earlier builds' garbage now
        before = weakref.ref(plugin.last_good.briefing)
        edit(project, PEOPLE, *(names if n % 2 == 0 else names[::-1]))
        serve.rebuild()
        assert plugin.last_good.briefing is not before()
        assert before() is None, n


def test_the_problems_banner_escapes_what_it_quotes_and_lists_twenty() -> None:
    from generator.servebanner import problems_banner, with_banner

    lines = [f"content/facts/a.yaml:{n}:3: error: name '<script>alert({n})</script>' [x]" for n in range(1, 26)]
    banner = problems_banner(lines)
    assert "<script>" not in banner and "&lt;script&gt;alert(1)&lt;/script&gt;" in banner
    assert banner.count("<li>") == 20 and "alert(20)" in banner and "alert(21)" not in banner
    assert "The content has 25 errors" in banner and "and 5 more: see the terminal." in banner
    assert "The content has 1 error:" in problems_banner(lines[:1]) and "more" not in problems_banner(lines[:1])
    page = '<html><head></head><body dir="ltr" class="x"><main>M</main></body></html>'
    assert with_banner(page, "<div>B</div>") == '<html><head></head><body dir="ltr" class="x"><div>B</div><main>M</main></body></html>'
    assert with_banner("<p>no body</p>", "<div>B</div>") == "<p>no body</p>"


def test_dirty_rebuilds_remove_the_pages_of_deleted_content(project: Path) -> None:
    """`mkdocs serve --dirty` does not empty the site folder: a page whose source is gone (an
    article deleted) was still served from the last build's HTML."""
    serve = DirtyServe(project)
    site = project / "site"
    article = project / "content" / "articles" / "later-story.md"
    article.write_text("---\ntitle: A later story\ndate: 2024-12-01\nsource: Example News\n---\nText.\n", "utf-8")
    page = project / "content" / "pages" / "notes.md"
    page.write_text("# Notes\n\nHand-written.\n", "utf-8")
    serve.rebuild()
    added = [site / "articles" / "later-story" / "index.html", site / "notes" / "index.html"]
    assert all(path.is_file() for path in added)
    article.unlink()
    page.unlink()
    serve.rebuild()
    assert not any(path.exists() for path in added)
    assert not (site / "articles" / "later-story").exists()
    assert (site / "articles" / "us-sanctions-21-officials" / "index.html").is_file()
    assert "later-story" not in (site / "articles" / "index.html").read_text("utf-8")


def test_a_templates_folder_made_while_serving_is_watched_from_the_next_rebuild(project: Path) -> None:
    """MkDocs can only watch a folder that exists: a templates folder created for a first
    override was never watched, so later edits of the override never showed."""
    server = Server(project)
    try:
        server.wait_for("home page", lambda: server.serves("/", "Briefing"))
        assert "no templates folder at" in server.log
        override = project / "templates" / "actor.md.j2"
        override.parent.mkdir()
        override.write_text('MARKER-ONE\n{% include "!builtin/actor.md.j2" %}\n', "utf-8")
        # Not watched yet: the next save of a content file rebuilds, and from then on it is.
        edit(project, PEOPLE, "    name: Antony Blinken\n", "    name: Antony J. Blinken\n")
        server.wait_for("the first override", lambda: server.serves(ACTOR_PAGE, "MARKER-ONE"))
        override.write_text('MARKER-TWO\n{% include "!builtin/actor.md.j2" %}\n', "utf-8")
        server.wait_for("the edited override", lambda: server.serves(ACTOR_PAGE, "MARKER-TWO"))
        assert "Traceback" not in server.log, server.log[-3000:]
    finally:
        server.stop()
