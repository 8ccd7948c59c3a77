"""Progress output of long builds: one line on a terminal, redrawn as the build goes (files
read, files checked, linking, pages rendered, writing); nothing in CI or when stderr is a
file or a pipe, so logs stay clean."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.load import counter

MULTI = Path(__file__).parent / "fixtures" / "multi"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(MULTI, root, ignore=shutil.ignore_patterns(".briefing-cache"))
    return root


def run(monkeypatch: pytest.MonkeyPatch, stderr: io.StringIO, *argv: str) -> str:
    monkeypatch.setattr("sys.stderr", stderr)
    assert main(list(argv)) == 0
    return stderr.getvalue()


def test_a_build_on_a_terminal_shows_each_stage_then_clears_the_line(project: Path, tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    content = project / "content"
    inputs = len([p for p in (content / "facts").rglob("*") if p.suffix in (".yaml", ".yml")])
    inputs += len(list((content / "articles").glob("*.md")))
    err = run(monkeypatch, Terminal(), "build", "--project", str(project), "--out", str(tmp_path / "out"),
              "--format", "text", "--no-cache")
    updates = err.split("\r\x1b[K")
    assert updates[0] == ""  # every update redraws the line from its start
    shown = [u for u in updates[1:] if u]
    assert shown[0] == f"reading files 1/{inputs}"
    assert f"reading files {inputs}/{inputs}" in shown and f"checking files {inputs}/{inputs}" in shown
    assert "linking facts and articles..." in shown
    pages = [int(m.group(1)) for u in shown if (m := re.fullmatch(r"rendering pages (\d+)/43", u))]
    assert pages == list(range(1, 44))  # 43 generated pages, fewer than 50: each one shown
    assert f"writing to {tmp_path / 'out'}..." in shown
    # In this order, and the line is cleared before the summary.
    order = [next(i for i, u in enumerate(shown) if u.startswith(what))
             for what in ("reading", "checking", "linking", "rendering", "writing", "briefing:")]
    assert order == sorted(order)
    assert updates[-1].startswith("briefing: 44 pages")


def test_a_long_loop_is_shown_about_fifty_times_and_always_at_its_end() -> None:
    told: list[tuple[str, int, int]] = []
    tell = counter(lambda *a: told.append(a), "rendering pages", 63_145)
    for _ in range(63_145):
        tell()
    assert 50 <= len(told) <= 51 and told[-1] == ("rendering pages", 63_145, 63_145)
    assert [done for _, done, _ in told] == sorted({done for _, done, _ in told})


@pytest.mark.parametrize("where", ["CI", "a pipe or a file"])
def test_no_progress_in_ci_or_when_not_a_terminal(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 where: str) -> None:
    if where == "CI":
        monkeypatch.setenv("CI", "true")
        stderr: io.StringIO = Terminal()
    else:
        monkeypatch.delenv("CI", raising=False)
        stderr = io.StringIO()
    err = run(monkeypatch, stderr, "build", "--project", str(project), "--out", str(tmp_path / "out"),
              "--format", "text")
    assert "\r" not in err and "\x1b" not in err
    assert err.startswith("briefing: 44 pages")


def test_check_on_a_terminal_shows_reading_and_checking_only(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    err = run(monkeypatch, Terminal(), "check", "--project", str(project), "--format", "text")
    assert "checking files" in err and "rendering" not in err and "writing" not in err
    assert err.split("\r\x1b[K")[-1].startswith("briefing: checked")


# --- `mkdocs build` through the plugin, in a real pseudo-terminal ------------------------------

def _mkdocs_build_in_a_terminal(root: Path, ci: bool) -> tuple[int, str]:
    """Run `mkdocs build` with its output on a pseudo-terminal (as a curator runs it); what it
    printed, as the terminal received it."""
    import os
    import pty
    import subprocess
    import sys

    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env.update({"NO_MKDOCS_2_WARNING": "1", **({"CI": "true"} if ci else {})})
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=root, stdin=slave, stdout=slave,
                            stderr=slave, env=env)
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    return proc.wait(timeout=120), out.decode("utf-8", "replace")


@pytest.fixture
def pagefind_project(tmp_path: Path) -> Path:
    from test_pagefind import _pagefind_project

    root = _pagefind_project(tmp_path / "site-project", MULTI / "content")
    # A link MkDocs reports (as INFO) while the progress line is up: the line must be wiped first.
    page = root / "content" / "pages" / "methodology.md"
    page.write_text(page.read_text("utf-8") + "\nSee [below](#no-such-heading).\n", "utf-8")
    config = root / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "    anchors: warn\n" in text
    config.write_text(text.replace("    anchors: warn\n", "    anchors: info\n"), "utf-8")
    return root


def test_mkdocs_build_on_a_terminal_shows_each_stage_and_keeps_log_lines_whole(pagefind_project: Path) -> None:
    code, out = _mkdocs_build_in_a_terminal(pagefind_project, ci=False)
    assert code == 0, out
    shown = [u.split("\r\n")[0] for u in out.split("\r\x1b[K")[1:] if u.split("\r\n")[0]]
    stages = ["reading files", "checking files", "linking facts and articles", "rendering pages",
              "MkDocs: reading pages", "MkDocs: writing pages", "Pagefind: indexing the site"]
    firsts = [next((i for i, u in enumerate(shown) if u.startswith(stage)), -1) for stage in stages]
    assert -1 not in firsts and firsts == sorted(firsts), shown
    generated = max(int(m.group(1)) for u in shown if (m := re.fullmatch(r"rendering pages \d+/(\d+)", u)))
    for stage in ("MkDocs: reading pages", "MkDocs: writing pages"):
        counts = [tuple(map(int, m.groups())) for u in shown if (m := re.fullmatch(rf"{stage} (\d+)/(\d+)", u))]
        done, total = counts[-1]
        assert done == total > generated, counts  # every page, the hand-written ones too
    # What the terminal shows, line by line (a carriage return starts the line again, and
    # ESC [K wipes it): every log line stands alone, the progress line is wiped before it.
    screen = [line.rsplit("\r", 1)[-1].replace("\x1b[K", "") for line in out.split("\r\n")]
    logged = [line for line in screen if "INFO" in line or "WARNING" in line]
    assert len(logged) >= 3 and all(re.match(r"(INFO|WARNING) ", line) for line in logged), logged
    assert any("briefing: pagefind: Indexed" in line for line in logged), logged
    assert any("'#no-such-heading'" in line for line in logged), logged
    assert re.fullmatch(r"INFO    -  Documentation built in [\d.]+ seconds", screen[-2]) and screen[-1] == "", screen[-3:]


def test_mkdocs_build_in_ci_shows_no_progress(pagefind_project: Path) -> None:
    code, out = _mkdocs_build_in_a_terminal(pagefind_project, ci=True)
    assert code == 0, out
    assert "\x1b[K" not in out and "pages 1/" not in out, out
