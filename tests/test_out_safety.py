"""`briefing build --out` never writes over what a build reads or keeps, and says why it refuses.

- An output folder equal to, inside or containing the content, templates or build cache
  folder (so the project root too) is refused before anything is read or written: exit 2.
- An output folder that is a file, or lies under one, is a usage error (exit 2) naming it.
- A file inside the output folder where the tree needs a folder is named, with what to do.
- An explicitly given --content or --templates folder that does not exist is a usage error.
- A build cache path that is a file gives one warning per run; the build still succeeds.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main
from generator.write import MANIFEST, UnsafeOutput, check_output_folder, write_tree

from conftest import VALID_ARTICLE, make_project

FACTS = """\
actors:
  - id: nicolas-maduro
    name: Nicolás Maduro
    type: person
    aliases: [Nicolas Maduro, Maduro]
"""
OVERRIDE = "{% extends '!builtin/actor.md.j2' %}\n"


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file (its bytes) and folder (None) under `folder`, links not followed."""
    out: dict[str, bytes | None] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        out[rel] = None if path.is_dir() and not path.is_symlink() else (
            os.readlink(path).encode() if path.is_symlink() else path.read_bytes())
    return out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small project whose article's page (articles/sanctions.md) has the name of its source,
    with a template override: a build into content/ or templates/ would overwrite them."""
    root = make_project(tmp_path / "p", {"f.yaml": FACTS}, {"sanctions.md": VALID_ARTICLE},
                        pages={"about.md": "# About\n"})
    (root / "templates").mkdir()
    (root / "templates" / "actor.md.j2").write_text(OVERRIDE, "utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- 1. an output folder that overlaps the inputs or the cache ---------------------------------

@pytest.mark.parametrize(("out", "relation", "folder"), [
    ("content", "is", "content"),
    ("content/pages", "is inside", "content"),
    ("content/articles", "is inside", "content"),
    ("content/articles/new", "is inside", "content"),
    ("content/../content", "is", "content"),
    ("sub/../content/facts", "is inside", "content"),
    (".", "contains", "content"),
    ("templates", "is", "templates"),
    ("templates/deeper", "is inside", "templates"),
    (".briefing-cache", "is", ".briefing-cache"),
    (".briefing-cache/site", "is inside", ".briefing-cache"),
])
def test_output_overlapping_inputs_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch,
                                              capsys: pytest.CaptureFixture[str], out: str, relation: str,
                                              folder: str) -> None:
    monkeypatch.chdir(project)
    before = snapshot(project)
    code, output = run(capsys, "build", "--out", out, "--format", "text")
    assert code == 2, output
    names = {"content": "content folder", "templates": "templates folder", ".briefing-cache": "build cache folder"}
    assert (f"briefing: error: refusing to write the output to '{out}': it {relation} the {names[folder]} "
            f"'{project / folder}'") in output, output
    assert "pass a folder of its own, e.g. --out build/docs" in output
    assert "Traceback" not in output
    assert snapshot(project) == before  # nothing written, not even the build cache


def test_project_root_given_absolute_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(project)
    code, output = run(capsys, "build", "--project", str(project), "--out", str(project))
    assert code == 2, output
    assert f"it contains the content folder '{project / 'content'}'" in output
    assert snapshot(project) == before


def test_output_reached_through_a_link_is_refused(project: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "elsewhere").symlink_to(project / "content" / "pages", target_is_directory=True)
    before = snapshot(project)
    code, output = run(capsys, "build", "--project", str(project), "--out", str(tmp_path / "elsewhere"))
    assert code == 2, output
    assert f"is inside the content folder '{project / 'content'}'" in output
    assert snapshot(project) == before


def test_output_containing_a_custom_cache_folder_is_refused(project: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    cache = tmp_path / "build" / "cache"
    code, output = run(capsys, "build", "--project", str(project), "--out", str(tmp_path / "build"),
                       "--cache-dir", str(cache))
    assert code == 2, output
    assert f"it contains the build cache folder '{cache}'" in output
    assert not (tmp_path / "build").exists()


def test_the_check_covers_a_missing_templates_folder_too(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The default templates folder need not exist; writing the output there is still refused,
    as the next build would read the output as template overrides."""
    root = make_project(tmp_path / "p", {"f.yaml": FACTS}, {"sanctions.md": VALID_ARTICLE})
    code, output = run(capsys, "build", "--project", str(root), "--out", str(root / "templates"))
    assert code == 2, output
    assert "it is the templates folder" in output
    assert not (root / "templates").exists()


def test_empty_out_is_a_usage_error(project: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(project)
    before = snapshot(project)
    with pytest.raises(SystemExit) as exc:
        main(["build", "--out", ""])
    assert exc.value.code == 2
    assert "argument --out: an empty path: name a folder, e.g. --out build/docs" in capsys.readouterr().err
    assert snapshot(project) == before


def test_output_beside_the_inputs_is_written(project: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The check refuses overlap only: a folder in the project beside content/ is fine."""
    monkeypatch.chdir(project)
    before = snapshot(project / "content")
    code, output = run(capsys, "build", "--out", "build/docs", "--format", "text")
    assert code == 0, output
    assert (project / "build/docs/articles/sanctions.md").is_file()
    assert snapshot(project / "content") == before


def test_check_output_folder_for_another_caller(tmp_path: Path) -> None:
    """The plugin's site folder can be checked the same way, with its own suggestion."""
    content, cache = tmp_path / "content", tmp_path / ".briefing-cache"
    content.mkdir()
    with pytest.raises(UnsafeOutput, match=r"it is inside the content folder .*e\.g\. site_dir: site$"):
        check_output_folder(content / "site", content=content, templates=None, cache=cache,
                            example="site_dir: site")
    check_output_folder(tmp_path / "site", content=content, templates=None, cache=cache)
    check_output_folder(tmp_path / "site", content=content, templates=None, cache=None)


# --- 2. an output folder that is a file ------------------------------------------------------

@pytest.mark.parametrize("out", ["somefile", "somefile/site"])
def test_output_that_is_or_lies_under_a_file_is_a_usage_error(project: Path, tmp_path: Path, out: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "somefile"
    blocker.write_bytes(b"not a folder\n")
    code, output = run(capsys, "build", "--project", str(project), "--out", str(tmp_path / out))
    assert code == 2, output
    assert (f"briefing: error: cannot write the output to '{tmp_path / out}': '{blocker}' is a file, "
            f"not a folder; move or delete it, or pass another folder, e.g. --out build/docs") in output, output
    assert blocker.read_bytes() == b"not a folder\n"
    assert not (project / ".briefing-cache").exists()


# --- 3. a file in the output folder where the tree needs a folder ------------------------------

def test_file_in_the_way_inside_out_is_named(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o2"
    out.mkdir()
    (out / "actors").write_bytes(b"in the way\n")
    before = snapshot(out)
    code, output = run(capsys, "build", "--project", str(project), "--out", str(out))
    assert code == 1, output
    assert (f"briefing: error: nothing written to '{out}': '{out / 'actors'}' is a file where the output "
            f"needs the folder 'actors'; move or delete it, then build again") in output, output
    assert "Not a directory" not in output
    assert snapshot(out) == before


def test_folder_in_the_way_of_a_page_is_named(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o3"
    (out / "about.md").mkdir(parents=True)
    before = snapshot(out)
    code, output = run(capsys, "build", "--project", str(project), "--out", str(out))
    assert code == 1, output
    assert (f"'{out / 'about.md'}' is a folder where the output needs the page 'about.md'; "
            f"move or delete it, then build again") in output, output
    assert snapshot(out) == before


def test_write_tree_names_the_file_in_the_way(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "a").mkdir(parents=True)
    (out / "a" / "b").write_bytes(b"x")
    with pytest.raises(ValueError, match=r"'.*/out/a/b' is a file where the output needs the folder 'a/b'; "
                                         r"move or delete it"):
        write_tree(out, {"a/b/c/page.md": b"page"})
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["a", "a/b"]
    assert not (out / MANIFEST).exists()


# --- 4. explicitly given folders that do not exist ---------------------------------------------

@pytest.mark.parametrize("command", ["check", "build"])
def test_explicit_missing_templates_is_a_usage_error(project: Path, tmp_path: Path, command: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    extra = ["--out", str(tmp_path / "out")] if command == "build" else []
    code, output = run(capsys, command, "--project", str(project), "--templates", "nope", *extra)
    assert code == 2, output
    assert (f"briefing: error: no templates folder at '{project / 'nope'}' (--templates nope): "
            f"create it or fix the path; it is relative to the project folder '{project}'") in output, output
    assert not (tmp_path / "out").exists()


def test_explicit_templates_that_is_a_file_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "overrides.txt").write_text("x", "utf-8")
    code, output = run(capsys, "check", "--project", str(project), "--templates", "overrides.txt")
    assert code == 2, output
    assert f"no templates folder at '{project / 'overrides.txt'}' (--templates overrides.txt)" in output


def test_explicit_missing_content_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, output = run(capsys, "check", "--project", str(project), "--content", "nope")
    assert code == 2, output
    assert (f"briefing: error: no content folder at '{project / 'nope'}' (--content nope): "
            f"create it or fix the path; it is relative to the project folder '{project}'") in output, output


def test_default_templates_folder_may_be_absent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path / "p", {"f.yaml": FACTS}, {"sanctions.md": VALID_ARTICLE})
    code, output = run(capsys, "build", "--project", str(root), "--out", str(tmp_path / "out"))
    assert code == 0, output
    code, output = run(capsys, "check", "--project", str(root), "--templates", "templates")
    assert code == 2, output  # named explicitly: then it must be there


# --- 5. a build cache path that is a file --------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "build"])
def test_cache_path_that_is_a_file_warns_once(project: Path, tmp_path: Path, command: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    cache = project / ".briefing-cache"
    cache.write_bytes(b"a file where the cache folder goes\n")
    extra = ["--out", str(tmp_path / "out")] if command == "build" else []
    for _ in range(2):  # once per run, every run
        code, output = run(capsys, command, "--project", str(project), "--format", "text", *extra)
        assert code == 0, output
        warnings = [line for line in output.splitlines() if line.startswith("briefing: warning")]
        assert warnings == [f"briefing: warning: cannot write the build cache: '{cache}' is a file, not a "
                            f"folder; delete it, or pass --cache-dir DIR to keep the cache elsewhere "
                            f"(this run saved nothing in it)"], output
    assert cache.read_bytes() == b"a file where the cache folder goes\n"
    if command == "build":
        assert main(["build", "--project", str(project), "--out", str(tmp_path / "ref"), "--no-cache"]) == 0
        assert snapshot(tmp_path / "out") == snapshot(tmp_path / "ref")


def test_cache_under_a_file_warns_once(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_bytes(b"x")
    code, output = run(capsys, "check", "--project", str(project), "--format", "text",
                       "--cache-dir", str(blocker / "cache"))
    assert code == 0, output
    warnings = [line for line in output.splitlines() if line.startswith("briefing: warning")]
    assert warnings == [f"briefing: warning: cannot write the build cache: '{blocker}' is a file, not a "
                        f"folder; delete it, or pass --cache-dir DIR to keep the cache elsewhere "
                        f"(this run saved nothing in it)"], output
