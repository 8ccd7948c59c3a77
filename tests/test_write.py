"""write_tree changes only what changed, removes only what it wrote, never leaves its folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.write import MANIFEST, write_tree

from conftest import VALID_ARTICLE, make_project

OLD = 1_000_000_000  # 2001-09-09: an mtime no write in this test can produce


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def age(path: Path) -> None:
    os.utime(path, (OLD, OLD))


def test_first_write_creates_files_and_manifest(tmp_path):
    out = tmp_path / "out"
    report = write_tree(out, {"index.md": b"home\n", "actors/a.md": b"A\n"})
    assert report.written == ["actors/a.md", "index.md"]
    assert (report.unchanged, report.removed) == (0, [])
    assert tree(out) == {"index.md": b"home\n", "actors/a.md": b"A\n", MANIFEST: b"actors/a.md\nindex.md\n"}


def test_unchanged_file_is_not_touched(tmp_path):
    out = tmp_path / "out"
    write_tree(out, {"index.md": b"home\n", "actors/a.md": b"A\n"})
    for rel in ("index.md", "actors/a.md", MANIFEST):
        age(out / rel)
    inode = (out / "index.md").stat().st_ino
    report = write_tree(out, {"index.md": b"home\n", "actors/a.md": b"A, changed\n"})
    assert report.written == ["actors/a.md"]
    assert report.unchanged == 1
    assert (out / "index.md").stat().st_mtime == OLD
    assert (out / "index.md").stat().st_ino == inode
    assert (out / MANIFEST).stat().st_mtime == OLD  # same file list: manifest untouched too
    assert (out / "actors/a.md").stat().st_mtime != OLD
    assert (out / "actors/a.md").read_bytes() == b"A, changed\n"


def test_same_size_different_bytes_is_rewritten(tmp_path):
    out = tmp_path / "out"
    write_tree(out, {"a.md": b"aaaa"})
    age(out / "a.md")
    report = write_tree(out, {"a.md": b"bbbb"})
    assert report.written == ["a.md"]
    assert (out / "a.md").read_bytes() == b"bbbb"


def test_files_no_longer_produced_are_removed(tmp_path):
    out = tmp_path / "out"
    write_tree(out, {"index.md": b"home\n", "actors/a.md": b"A\n", "actors/b.md": b"B\n"})
    report = write_tree(out, {"index.md": b"home\n", "actors/a.md": b"A\n"})
    assert report.removed == ["actors/b.md"]
    assert report.written == []
    assert report.unchanged == 2
    assert tree(out) == {"index.md": b"home\n", "actors/a.md": b"A\n", MANIFEST: b"actors/a.md\nindex.md\n"}


def test_unrelated_files_are_left_alone(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_bytes(b"mine")
    (out / "actors").mkdir()
    (out / "actors" / "hand.md").write_bytes(b"hand-written")
    write_tree(out, {"actors/a.md": b"A\n"})
    write_tree(out, {"index.md": b"home\n"})
    assert tree(out) == {"notes.txt": b"mine", "actors/hand.md": b"hand-written", "index.md": b"home\n",
                         MANIFEST: b"index.md\n"}


def test_tampered_manifest_cannot_remove_outside_files(tmp_path):
    out = tmp_path / "out"
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    write_tree(out, {"index.md": b"home\n"})
    (out / MANIFEST).write_text(f"index.md\n../victim.txt\n{victim}\n", encoding="utf-8")
    report = write_tree(out, {"index.md": b"home\n"})
    assert victim.read_bytes() == b"precious"
    assert report.removed == []


@pytest.mark.parametrize("bad", ["../escape.md", "a/../../escape.md", "/abs/escape.md", "a/./b.md", "a//b.md", ""])
def test_paths_leaving_the_folder_are_refused(tmp_path, bad):
    out = tmp_path / "out"
    with pytest.raises(ValueError, match="refusing"):
        write_tree(out, {"ok.md": b"fine", bad: b"evil"})
    # Every path is checked before anything is written.
    assert not (out / "ok.md").exists()
    assert not (tmp_path / "escape.md").exists()
    assert not Path("/abs/escape.md").exists()


def test_no_temporary_files_left(tmp_path):
    out = tmp_path / "out"
    write_tree(out, {"a.md": b"1", "d/b.md": b"2"})
    write_tree(out, {"a.md": b"3", "d/b.md": b"4"})
    assert sorted(tree(out)) == [MANIFEST, "a.md", "d/b.md"]


# --- through the command line ------------------------------------------------------------------

FACTS = """\
actors:
  - id: nicolas-maduro
    name: Nicolás Maduro
    type: person
    aliases: [Nicolas Maduro, Maduro]
quotes:
  - id: q
    speaker: nicolas-maduro
    text: acting again today
    source: sanctions
"""


def test_cli_build_writes_tree(tmp_path, capsys):
    root = make_project(tmp_path / "p", {"f.yaml": FACTS}, {"sanctions.md": VALID_ARTICLE},
                        pages={"about.md": "# About\n"})
    out = tmp_path / "site"
    assert main(["build", "--project", str(root), "--out", str(out), "--format", "text"]) == 0
    files = tree(out)
    assert {"index.md", "timeline.md", "about.md", "actors/nicolas-maduro.md", "quotes/q.md",
            "articles/sanctions.md", MANIFEST} <= set(files)
    assert files["about.md"] == b"# About\n"
    assert b"about.md\n" in files[MANIFEST]
    # A second build changes nothing.
    for rel in files:
        age(out / rel)
    assert main(["build", "--project", str(root), "--out", str(out), "--format", "text"]) == 0
    assert all((out / rel).stat().st_mtime == OLD for rel in files)
    assert "0 written" in capsys.readouterr().err


def test_cli_build_with_content_error_writes_nothing(tmp_path, capsys):
    root = make_project(tmp_path / "p", {"f.yaml": FACTS}, {"sanctions.md": VALID_ARTICLE})
    out = tmp_path / "site"
    assert main(["build", "--project", str(root), "--out", str(out), "--format", "text"]) == 0
    before = tree(out)
    stamps = {}
    for rel in before:
        age(out / rel)
        stamps[rel] = (out / rel).stat().st_mtime
    # Break the content: the quote no longer occurs, and a new actor has a bad type.
    (root / "content/facts/f.yaml").write_text(FACTS.replace("acting again today", "acting again tomorrow")
                                               + "  - id: broken\n", encoding="utf-8")
    assert main(["build", "--project", str(root), "--out", str(out), "--format", "text"]) == 1
    err = capsys.readouterr().err
    assert "quote-not-in-source" in err
    assert "nothing written" in err
    assert tree(out) == before
    assert {rel: (out / rel).stat().st_mtime for rel in before} == stamps


def test_cli_build_with_content_error_does_not_create_out(tmp_path):
    root = make_project(tmp_path / "p", {"f.yaml": "actors:\n  - id: Bad\n"}, {"sanctions.md": VALID_ARTICLE})
    out = tmp_path / "site"
    assert main(["build", "--project", str(root), "--out", str(out)]) == 1
    assert not out.exists()


def test_still_there_asked_for_every_page_at_once_answers_as_page_by_page(tmp_path: Path) -> None:
    """StillThere.missing (the prints worker asks it for all of a page table's pages) is the
    set of pages for which StillThere itself says no: with the folder checked ahead (`gone`)
    and without (an lstat a page)."""
    from generator.write import StillThere, Written, not_as_written

    folder = tmp_path / "out"
    folder.mkdir()
    known = {}
    for name in ("kept.md", "edited.md", "removed.md", "other-digest.md"):
        (folder / name).write_text(name, "utf-8")
        st = os.lstat(folder / name)
        known[name] = Written(st.st_size, st.st_mtime_ns, st.st_ino, "d-" + name)
    (folder / "edited.md").write_text("changed by hand, longer", "utf-8")
    (folder / "removed.md").unlink()
    pages = {name: (digest, b"") for name, digest in [
        ("kept.md", "d-kept.md"), ("edited.md", "d-edited.md"), ("removed.md", "d-removed.md"),
        ("other-digest.md", "not its digest"), ("never-written.md", "d-never")]}
    prefix = os.path.join(folder, "")
    for have in (StillThere(prefix, known), StillThere(prefix, known, not_as_written(prefix, known))):
        assert have.missing(pages) == {rel for rel, (digest, _) in pages.items() if not have(rel, digest)}
        assert have.missing(pages) == {"edited.md", "removed.md", "other-digest.md", "never-written.md"}
