"""Input files as files: encodings, where a bad byte is, and files that are not read.

Each row of CASES writes one small clean project plus (or over) some files given as bytes,
then runs `briefing check` and `briefing build` (cold cache, warm cache, no cache) and
compares every diagnostic line, errors and warnings, with the expected lines: all four runs
must print exactly those lines.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main

from conftest import VALID_ARTICLE, make_project

ACTORS = """\
actors:
  - id: nicolas-maduro
    name: Nicolás Maduro
    type: person
    aliases: [Nicolas Maduro, Maduro]
  - id: antony-blinken
    name: Antony Blinken
    type: person
  - id: us-treasury
    name: U.S. Treasury
    type: government
"""
# Every actor of ACTORS is referred to from here, so a file ACTORS cannot be read from
# would leave a reference to each of them unresolved (the cascade that must not be shown).
FACTS = """\
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
    about: [nicolas-maduro]
    text: acting again today to hold Maduro accountable
    source: sanctions
"""

ENCODING = "error: file is not valid UTF-8: save it as UTF-8 [file-encoding]"
LATIN1_ACTORS = ACTORS.encode("latin-1")  # 'Nicolás' on line 3: 'á' is its 16th character
BOM = b"\xef\xbb\xbf"
ARTICLE = "content/articles/sanctions.md"
# An article as saved on Windows (Windows-1252): the evidence cited from it holds an accent and
# a curly apostrophe, which must still be found while the encoding error is reported.
WINDOWS_EVIDENCE = "aligned with Nicolás Maduro’s government"
WINDOWS_ARTICLE = VALID_ARTICLE.replace("aligned with Nicolas Maduro", WINDOWS_EVIDENCE)


def _ignored_article(path: str, rename: str) -> str:
    return (f"{path}: warning: this file is not read: only .md files in content/articles are articles; "
            f"rename it to '{rename}' if it is one, or move it out of content/articles [file-ignored]")


def _ignored_facts(path: str, rename: str) -> str:
    return (f"{path}: warning: this file is not read: only .yaml and .yml files in content/facts are facts; "
            f"rename it to '{rename}' if it holds facts, or move it out of content/facts [file-ignored]")


# (files written over the clean project, as bytes by path from the project root; the exact
# diagnostic lines every run must print)
CASES = [
    # --- hand-written pages are read by MkDocs as UTF-8: checked as articles and facts are ---
    pytest.param({"content/pages/bin.md": b"\xff\xfe bad"},
                 [f"content/pages/bin.md:1:1: {ENCODING}"], id="page-not-utf8"),
    pytest.param({"content/pages/about.md": "# About\n\nCafé au lait\n".encode("latin-1")},
                 [f"content/pages/about.md:3:4: {ENCODING}"], id="page-latin1-at-its-byte"),
    pytest.param({"content/pages/guide/notes.markdown": "Señor\n".encode("latin-1")},
                 [f"content/pages/guide/notes.markdown:1:3: {ENCODING}"], id="page-markdown-suffix"),
    pytest.param({"content/pages/logo.png": b"\x89PNG\r\n\x1a\n\xff\xfe\x00", "content/pages/data.bin": b"\xff"},
                 [], id="page-assets-are-not-text"),
    pytest.param({"content/pages/about.md": BOM + "# Café\n".encode("utf-8")},
                 [], id="page-utf8-with-bom"),
    # --- an undecodable facts file: one error, not one per reference to its records ---
    pytest.param({"content/facts/actors.yaml": ACTORS.encode("utf-8") + b"\xff"},
                 [f"content/facts/actors.yaml:12:1: {ENCODING}"], id="facts-not-utf8-no-cascade"),
    pytest.param({"content/facts/actors.yaml": LATIN1_ACTORS},
                 [f"content/facts/actors.yaml:3:16: {ENCODING}"], id="facts-latin1-at-its-byte"),
    pytest.param({"content/facts/actors.yaml": ACTORS.replace("government", "governmnt").encode("latin-1")},
                 [f"content/facts/actors.yaml:3:16: {ENCODING}"], id="facts-not-utf8-hides-its-other-errors"),
    # --- the place of the first bad byte: line ends as read, columns in characters ---
    pytest.param({"content/facts/extra.yaml": BOM + b"# x\xff\n"},
                 [f"content/facts/extra.yaml:1:4: {ENCODING}"], id="bom-is-not-a-column"),
    pytest.param({"content/facts/extra.yaml": "# a\r\n# b\r\n# é😀".encode("utf-8") + b"\xe9t\xe9\r\n"},
                 [f"content/facts/extra.yaml:3:5: {ENCODING}"], id="crlf-and-wide-characters"),
    pytest.param({"content/facts/extra.yaml": b"# a\r# b\r\xff"},
                 [f"content/facts/extra.yaml:3:1: {ENCODING}"], id="cr-line-ends"),
    pytest.param({"content/facts/extra.yaml": b"# a\r\n\xff"},
                 [f"content/facts/extra.yaml:2:1: {ENCODING}"], id="bad-byte-first-on-a-line"),
    pytest.param({"content/facts/extra.yaml": b"# caf\xc3"},
                 [f"content/facts/extra.yaml:1:6: {ENCODING}"], id="truncated-sequence-at-its-start"),
    pytest.param({ARTICLE: VALID_ARTICLE.replace("Wednesday", "Mi\xe9rcoles").encode("latin-1")},
                 [f"{ARTICLE}:6:76: {ENCODING}"], id="article-body-at-its-byte"),
    # --- an undecodable article: one error, its quotes and evidence still found in its body ---
    pytest.param({ARTICLE: VALID_ARTICLE.replace("on officials", "on p\xfablic officials").encode("latin-1")},
                 [f"{ARTICLE}:2:22: {ENCODING}"], id="article-front-matter-not-utf8-no-cascade"),
    pytest.param({ARTICLE: WINDOWS_ARTICLE.encode("cp1252"),
                  "content/facts/base.yaml": FACTS.replace("sanctioned 21 officials", WINDOWS_EVIDENCE).encode()},
                 [f"{ARTICLE}:6:61: {ENCODING}"], id="article-windows-1252-evidence-still-found"),
    # --- files in articles/ and facts/ that the contract does not read: said, not skipped ---
    pytest.param({"content/articles/x.markdown": VALID_ARTICLE.encode()},
                 [_ignored_article("content/articles/x.markdown", "x.md")], id="article-markdown-suffix"),
    pytest.param({"content/articles/misplaced.yaml": ACTORS.encode()},
                 ["content/articles/misplaced.yaml: warning: this file is not read: only .md files in "
                  "content/articles are articles; if it holds facts, move it to content/facts [file-ignored]"],
                 id="facts-in-articles"),
    pytest.param({"content/facts/notes.txt": b"to do\n"},
                 [_ignored_facts("content/facts/notes.txt", "notes.yaml")], id="facts-txt"),
    pytest.param({"content/facts/people/LICENSE": b"\xff"},
                 [_ignored_facts("content/facts/people/LICENSE", "LICENSE.yaml")], id="facts-no-suffix-in-subfolder"),
    pytest.param({"content/facts/README.md": b"# Facts\n"},
                 ["content/facts/README.md: warning: this file is not read: only .yaml and .yml files in "
                  "content/facts are facts; if it is an article, move it to content/articles, else move it "
                  "out of content/facts [file-ignored]"], id="markdown-in-facts"),
    pytest.param({"content/facts/.notes.txt": b"x", "content/facts/.drafts/a.txt": b"x",
                  "content/articles/.draft.txt": b"x", "content/facts/actors.yaml~": b"x",
                  "content/pages/notes.txt": b"x", "content/pages/README.md": b"# Read me\n",
                  "content/facts/UPPER.YML": b"actors: []\n", "content/articles/other.MD": VALID_ARTICLE.encode()},
                 ["content/articles/other.MD:1:1: warning: no action or quote cites article 'other' [article-uncited]"],
                 id="hidden-backup-pages-and-upper-case-suffixes-are-not-warned"),
]


def _write(root: Path, files: dict[str, bytes]) -> None:
    for rel, data in files.items():
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _diagnostics(capsys: pytest.CaptureFixture[str]) -> list[str]:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return [line for line in err.splitlines() if ": error: " in line or ": warning: " in line]


def _project(tmp_path: Path, files: dict[str, bytes]) -> Path:
    root = make_project(tmp_path / "p", {"actors.yaml": ACTORS, "base.yaml": FACTS}, {"sanctions.md": VALID_ARTICLE})
    _write(root, files)
    return root


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_input_files_are_reported_by_check_and_build_alike(tmp_path, capsys, files, expected):
    root = _project(tmp_path, files)
    code = 1 if any(": error: " in line for line in expected) else 0
    runs = {
        "check": ["check", "--project", str(root)],
        "build": ["build", "--project", str(root), "--out", str(tmp_path / "out")],
        "build, warm cache": ["build", "--project", str(root), "--out", str(tmp_path / "out")],
        "check, no cache": ["check", "--project", str(root), "--no-cache"],
    }
    for run, argv in runs.items():
        assert (main([*argv, "--format", "text"]), _diagnostics(capsys)) == (code, expected), run


def test_the_clean_project_is_clean(tmp_path, capsys):
    root = _project(tmp_path, {})
    assert main(["check", "--project", str(root), "--format", "text", "--strict"]) == 0
    assert _diagnostics(capsys) == []


def test_an_ignored_file_is_a_warning_that_fails_only_strict(tmp_path, capsys):
    root = _project(tmp_path, {"content/facts/notes.txt": b"to do\n"})
    assert main(["build", "--project", str(root), "--out", str(tmp_path / "out"), "--format", "text"]) == 0
    assert (tmp_path / "out" / "index.md").is_file()
    assert main(["check", "--project", str(root), "--format", "text", "--strict"]) == 1
    assert _diagnostics(capsys) == [_ignored_facts("content/facts/notes.txt", "notes.yaml")] * 2


def test_an_undecodable_page_writes_nothing(tmp_path, capsys):
    """`briefing build` must not hand MkDocs a page it would crash on."""
    root = _project(tmp_path, {"content/pages/bin.md": b"\xff\xfe bad"})
    assert main(["build", "--project", str(root), "--out", str(tmp_path / "out"), "--format", "text"]) == 1
    assert not (tmp_path / "out").exists()
    capsys.readouterr()


def test_an_undecodable_facts_file_read_again_after_a_fix(tmp_path, capsys):
    """The cache keeps what an undecodable file gave (its salvaged ids); fixed, it is read anew."""
    root = _project(tmp_path, {"content/facts/actors.yaml": LATIN1_ACTORS})
    out = ["--out", str(tmp_path / "out"), "--format", "text"]
    assert main(["build", "--project", str(root), *out]) == 1
    assert _diagnostics(capsys) == [f"content/facts/actors.yaml:3:16: {ENCODING}"]
    (root / "content/facts/actors.yaml").write_text(ACTORS, "utf-8")
    assert main(["build", "--project", str(root), *out]) == 0
    assert _diagnostics(capsys) == []
    assert (tmp_path / "out" / "actors" / "nicolas-maduro.md").is_file()
