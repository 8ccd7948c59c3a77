"""Reproducible builds: the same content gives byte-identical pages whatever the hash seed, the
file system's directory order, the locale, the time zone or the project's folder.

Each briefing (the repository's sample and the tests/fixtures/multi fixture) is built twice, in
two project folders, by real subprocesses:

- A: PYTHONHASHSEED=0,     LC_ALL/LANG=C,                        TZ=UTC,                content copied in sorted order
- B: PYTHONHASHSEED=12345, LC_ALL/LANG=C.UTF-8 (or another UTF-8), TZ=Pacific/Kiritimati (UTC+14, usually
  another calendar day than UTC), content copied in reverse-sorted order (so directory entries
  come back in another order)

and every Markdown file of `briefing build --out` and every file MkDocs writes (HTML, the search
index, assets) must be identical, except the sitemap, whose dates are the build day.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BRIEFINGS = {"sample": REPO / "content", "multi": REPO / "tests" / "fixtures" / "multi" / "content"}
DATED = {"sitemap.xml", "sitemap.xml.gz"}


def _utf8_locale() -> str:
    """A UTF-8 locale other than C's own where one is installed, else C.UTF-8."""
    try:
        names = subprocess.run(["locale", "-a"], capture_output=True, text=True, timeout=10).stdout.split()
    except (OSError, subprocess.SubprocessError):
        names = []
    for wanted in ("en_US.UTF-8", "en_US.utf8", "de_DE.UTF-8", "de_DE.utf8"):
        if wanted in names:
            return wanted
    return "C.UTF-8"


def _tz_b() -> str:
    return "Pacific/Kiritimati" if Path("/usr/share/zoneinfo/Pacific/Kiritimati").exists() else "<+14>-14"


ENVIRONMENTS = {
    "a": {"PYTHONHASHSEED": "0", "LC_ALL": "C", "LANG": "C", "TZ": "UTC"},
    "b": {"PYTHONHASHSEED": "12345", "LC_ALL": _utf8_locale(), "LANG": _utf8_locale(), "TZ": _tz_b()},
}


def copy_in_order(source: Path, target: Path, reverse: bool) -> None:
    """Copy a folder creating its entries in sorted or reverse-sorted order."""
    entries = sorted(source.rglob("*"), key=lambda p: p.relative_to(source).as_posix(), reverse=reverse)
    target.mkdir(parents=True)
    for folder in [p for p in entries if p.is_dir()]:
        (target / folder.relative_to(source)).mkdir(parents=True, exist_ok=True)
    for path in entries:
        if path.is_file():
            destination = target / path.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def differing(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(rel for rel in set(a) | set(b) if a.get(rel) != b.get(rel))


def first_difference(x: bytes, y: bytes) -> str:
    at = next((k for k in range(min(len(x), len(y))) if x[k] != y[k]), min(len(x), len(y)))
    return f"at byte {at}: {x[max(0, at - 60):at + 60]!r} vs {y[max(0, at - 60):at + 60]!r}"


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """(briefing, environment) -> project folder holding site/ and md/; all eight builds run at once."""
    base = tmp_path_factory.mktemp("reproducible")
    procs = []
    roots = {}
    for name, content in BRIEFINGS.items():
        for env_name, extra in ENVIRONMENTS.items():
            root = base / name / env_name
            copy_in_order(content, root / "content", reverse=env_name == "b")
            shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **extra}
            for argv in ([sys.executable, "-m", "mkdocs", "build", "--strict"],
                         [sys.executable, "-m", "generator", "build", "--project", ".", "--out", "md"]):
                procs.append((name, env_name, subprocess.Popen(argv, cwd=root, env=env, stdout=subprocess.PIPE,
                                                               stderr=subprocess.STDOUT, text=True)))
            roots[(name, env_name)] = root
    failures = []
    for name, env_name, proc in procs:
        out, _ = proc.communicate(timeout=300)
        if proc.returncode != 0:
            failures.append(f"{name}/{env_name} {proc.args[2]}: exit {proc.returncode}\n{out[-2000:]}")
    assert failures == [], "\n".join(failures)
    return roots


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_markdown_pages_are_byte_identical(builds: dict[tuple[str, str], Path], name: str) -> None:
    a, b = files(builds[(name, "a")] / "md"), files(builds[(name, "b")] / "md")
    assert len(a) > 20
    diff = differing(a, b)
    assert diff == [], f"{len(diff)} differ, first {diff[0]} " + first_difference(a.get(diff[0], b""), b.get(diff[0], b""))


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_html_pages_and_search_index_are_byte_identical(builds: dict[tuple[str, str], Path], name: str) -> None:
    a, b = files(builds[(name, "a")] / "site"), files(builds[(name, "b")] / "site")
    assert sum(rel.endswith(".html") for rel in a) > 20
    assert "search/search_index.json" in a
    assert DATED <= set(a)
    diff = differing({k: v for k, v in a.items() if k not in DATED}, {k: v for k, v in b.items() if k not in DATED})
    assert diff == [], f"{len(diff)} differ, first {diff[0]} " + first_difference(a.get(diff[0], b""), b.get(diff[0], b""))


@pytest.mark.parametrize("name", list(BRIEFINGS))
def test_the_site_has_the_pages_of_the_markdown_tree(builds: dict[tuple[str, str], Path], name: str) -> None:
    """The two outputs describe one tree: every generated Markdown page has its HTML page."""
    root = builds[(name, "a")]
    pages = [rel for rel in files(root / "md") if rel.endswith(".md")]
    for rel in pages:
        stem = rel[:-3]
        html = f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"
        assert (root / "site" / html).is_file(), (rel, html)


def test_the_environments_really_differ() -> None:
    a, b = ENVIRONMENTS["a"], ENVIRONMENTS["b"]
    assert all(a[key] != b[key] for key in a)
