"""A cold `briefing build --out` into a new folder writes each page as it renders (write.FreshTree).

Every render process writes its own pages into a hidden sibling folder, which the write stage
puts in place with the hand-written pages and the manifest. The tree must be byte for byte the
one a build that writes at the end gives, with one process or several; the write state it
records must let the next build keep pages; and a build that fails in any way (a template
error, a full disk in this process or in a worker, Ctrl-C, `--strict` warnings) leaves nothing
behind: no output folder, no hidden folder, no parent folder it made.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

import generator.write as write_module
from generator.build import BuildContext, build, write
from generator.cli import main
from generator.write import MANIFEST, FreshTree, Unwritable, digest
import test_parallel_render
from test_incremental import EDITS, tree

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="render workers are forked")

project = test_parallel_render.project  # the fixture: a copy of the multi fixture, without a cache


def cli(capsys: pytest.CaptureFixture[str], root: Path, out: Path, *extra: str) -> tuple[int, str]:
    code = main(["build", "--project", str(root), "--out", str(out), "--format", "text", *extra])
    return code, capsys.readouterr().err


def at_end(root: Path, out: Path, jobs: int = 1) -> None:
    """The reference: every page held until the end, then written (build without `stream`)."""
    ctx = BuildContext.for_project(root, cache=False)
    ctx.jobs = jobs
    result = build(ctx, out)
    assert result.fresh is None and result.pages
    write(ctx, result, out)


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.endswith(".briefing-new"))


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_pages_written_as_they_render_make_the_same_tree(project: Path, tmp_path: Path, jobs: int) -> None:
    at_end(project, tmp_path / "ref")
    ctx = BuildContext.for_project(project)
    ctx.jobs = jobs
    out = tmp_path / "out"
    result = build(ctx, out, stream=True)
    assert not ctx.problems.errors
    assert result.fresh is not None and result.pages == {}  # nothing held: all on disk already
    assert ctx.usage["render_processes"] == jobs
    assert not out.exists() and leftovers(tmp_path) == [f".{out.name}.briefing-new"]
    assert len(result.fresh.entries) == result.streamed == result.rendered > 40
    report = write(ctx, result, out)
    assert tree(out) == tree(tmp_path / "ref")
    assert leftovers(tmp_path) == []
    # The state written down is each file as it now is (the rename kept inodes and times): what
    # a rebuild trusts to keep a page without reading it.
    assert sorted(report.state) == sorted(report.written) == sorted(rel for rel in tree(out) if rel != MANIFEST)
    for rel, entry in report.state.items():
        st = os.lstat(out / rel)
        assert (entry.size, entry.mtime_ns, entry.inode) == (st.st_size, st.st_mtime_ns, st.st_ino), rel
        assert entry.digest == digest((out / rel).read_bytes()), rel


def test_the_cli_streams_into_a_new_or_empty_folder_only(project: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    at_end(project, tmp_path / "ref")
    starts: list[bool] = []
    real = FreshTree.start.__func__  # type: ignore[attr-defined]

    def spy(cls, out_dir):  # type: ignore[no-untyped-def]
        made = real(cls, out_dir)
        starts.append(made is not None)
        return made

    monkeypatch.setattr(FreshTree, "start", classmethod(spy))
    empty = tmp_path / "deep" / "empty"
    empty.mkdir(parents=True)
    for out in (tmp_path / "new" / "site", empty):
        code, err = cli(capsys, project, out, "--jobs", "2")
        assert code == 0, err
        assert tree(out) == tree(tmp_path / "ref")
    assert starts == [True, True]
    code, err = cli(capsys, project, tmp_path / "new" / "site", "--jobs", "2")  # it has files now
    assert code == 0 and starts == [True, True, False], err
    assert "0 written" in err


@pytest.mark.parametrize("name", ["action summary", "article body (a new mention)", "quote speaker"])
def test_a_rebuild_after_a_streamed_build_keeps_what_it_wrote(project: Path, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str], name: str) -> None:
    out = tmp_path / "out"
    assert cli(capsys, project, out, "--jobs", "2")[0] == 0
    code, err = cli(capsys, project, out)  # nothing changed: every page kept but the home page
    assert code == 0 and ", 1 rendered: 0 written" in err, err
    EDITS[name](project)
    code, err = cli(capsys, project, out, "--jobs", "2")
    assert code == 0, err
    at_end(project, tmp_path / "ref")
    assert tree(out) == tree(tmp_path / "ref")


def test_a_hand_written_page_over_a_generated_path_wins(tmp_path: Path) -> None:
    tree_ = FreshTree(tmp_path / "out")
    tree_.took("a/x.md", tree_.put("a/x.md", b"generated\n"))
    report = tree_.commit({"a/x.md": b"hand-written\n", "b.md": b"b\n"})
    assert tree(tmp_path / "out") == {"a/x.md": b"hand-written\n", "b.md": b"b\n", MANIFEST: b"a/x.md\nb.md\n"}
    assert report.state["a/x.md"].digest == digest(b"hand-written\n")
    with pytest.raises(ValueError, match="already put in place"):
        tree_.commit({})


def test_written_elsewhere_is_refused(project: Path, tmp_path: Path) -> None:
    ctx = BuildContext.for_project(project, cache=False)
    result = build(ctx, tmp_path / "one", stream=True)
    with pytest.raises(ValueError, match="were written for"):
        write(ctx, result, tmp_path / "two")
    result.discard()
    assert leftovers(tmp_path) == [] and not (tmp_path / "one").exists() and not (tmp_path / "two").exists()


BROKEN = "# A quote\n\n{{ quote.nmae }}\n"  # fails on every quote page, whichever process renders it


@pytest.mark.parametrize("jobs", [1, 3])
def test_a_template_error_leaves_nothing(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         jobs: int) -> None:
    (project / "templates").mkdir()
    (project / "templates" / "quote.md.j2").write_text(BROKEN, "utf-8")
    out = tmp_path / "made" / "by" / "us" / "site"
    code, err = cli(capsys, project, out, "--jobs", str(jobs))
    assert code == 1 and "template-error" in err and "Traceback" not in err, err
    assert not (tmp_path / "made").exists()  # nor the folders made for it


def fail_put(monkeypatch: pytest.MonkeyPatch, at: str, error: BaseException, only_here: bool = False) -> None:
    """Make writing a page whose path ends with `at` fail: in whichever process renders it
    (workers are forked with this patch in place), or with `only_here` in this process only."""
    real = write_module._write_file
    here = os.getpid()

    def failing(path, data, exclusive=False):  # type: ignore[no-untyped-def]
        if str(path).endswith(at) and (not only_here or os.getpid() == here):
            if isinstance(error, OSError):  # naming the file, as the OS does
                raise OSError(error.errno, error.strerror, str(path))
            raise error
        return real(path, data, exclusive)

    monkeypatch.setattr(write_module, "_write_file", failing)


@pytest.mark.parametrize("jobs", [1, 2, 3])
@pytest.mark.parametrize("page", ["index.md", "timeline.md", "actors/marta-ibanez.md"])
def test_a_full_disk_while_streaming_leaves_nothing(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch, jobs: int, page: str) -> None:
    fail_put(monkeypatch, page, OSError(errno.ENOSPC, "No space left on device"))
    out = tmp_path / "new" / "site"
    code, err = cli(capsys, project, out, "--jobs", str(jobs))
    assert code == 1, err
    assert f"briefing: error: cannot write to '{out}': No space left on device" in err
    assert "Traceback" not in err
    assert not (tmp_path / "new").exists()


def test_the_first_unwritable_page_in_page_order_is_raised(project: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """Every page fails, in every process: the one reported is the one a single process meets
    first (render's page order), whichever process wrote it."""
    fail_put(monkeypatch, ".md", OSError(errno.EACCES, "Permission denied"))
    failed = {}
    for jobs in (1, 3):
        ctx = BuildContext.for_project(project, cache=False)
        ctx.jobs = jobs
        with pytest.raises(Unwritable) as raised:
            build(ctx, tmp_path / f"out{jobs}", stream=True)
        assert raised.value.errno == errno.EACCES
        assert ctx.usage["render_processes"] == jobs
        failed[jobs] = Path(raised.value.filename).relative_to(tmp_path / f".out{jobs}.briefing-new")
        assert leftovers(tmp_path) == [] and not (tmp_path / f"out{jobs}").exists()
    assert failed[3] == failed[1]


@pytest.mark.parametrize("jobs", [1, 2])
def test_ctrl_c_while_streaming_leaves_nothing(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    # Ctrl-C reaches every process of the terminal; the build's own process reports it, and
    # its workers are killed (forkedwork). Here it arrives as this process writes a page.
    fail_put(monkeypatch, ".md", KeyboardInterrupt(), only_here=True)
    out = tmp_path / "site"
    code, err = cli(capsys, project, out, "--jobs", str(jobs))
    assert code == 130 and "interrupted" in err and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_strict_warnings_write_nothing(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content" / "facts" / "notes.txt").write_text("not read\n", "utf-8")  # a warning: file-ignored
    code, err = cli(capsys, project, tmp_path / "site", "--strict")
    assert code == 1 and "[file-ignored]" in err and "nothing written" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_a_leftover_of_a_killed_run_is_replaced(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    stale = tmp_path / ".site.briefing-new"
    (stale / "actors").mkdir(parents=True)
    (stale / "actors" / "old.md").write_text("from a killed run\n", "utf-8")
    assert cli(capsys, project, tmp_path / "site")[0] == 0
    assert not stale.exists() and not (tmp_path / "site" / "actors" / "old.md").exists()
    assert (tmp_path / "site" / MANIFEST).is_file()
