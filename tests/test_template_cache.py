"""Compiled templates are kept in the build cache (templatecache.py): a rebuild compiles none
of them again, and a template whose source changed is compiled again, never taken stale."""

from __future__ import annotations

import shutil
from pathlib import Path

import jinja2
import pytest

from generator.cache import CACHE_DIR_NAME
from generator.render import builtin_templates
from test_incremental import EVENTS, MULTI, edit, run_build, tree


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source, in order."""
    names: list[str] = []
    original = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, raw=False, defer_init=False):  # type: ignore[no-untyped-def]
        names.append(name)
        return original(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    return names


def test_a_rebuild_compiles_no_template_and_a_changed_one_again(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                              compiled: list[str]) -> None:
    root = tmp_path / "p"
    shutil.copytree(MULTI, root, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    out = tmp_path / "out"
    run_build(capsys, root, out)
    assert {"actor.md.j2", "quote.md.j2", "_action_table.md.j2"} <= set(compiled)
    assert len(compiled) == len(set(compiled))

    compiled.clear()
    edit(root, EVENTS, "Some 4,200 dockers walked off", "Some 4,300 dockers walked off")
    run_build(capsys, root, out)
    assert compiled == []
    assert "Some 4,300 dockers" in (out / "actions" / "dockers-strike-begins.md").read_text("utf-8")

    # An override of one page template: compiled once, kept, and compiled again when edited.
    own = root / "templates" / "quote.md.j2"
    own.parent.mkdir()
    builtin = (builtin_templates() / "quote.md.j2").read_text("utf-8")
    own.write_text(builtin + "\nOverride number one.\n", "utf-8")
    compiled.clear()
    run_build(capsys, root, out)
    assert compiled == ["quote.md.j2"]
    compiled.clear()
    own.write_text(builtin + "\nOverride number two.\n", "utf-8")
    run_build(capsys, root, out)
    assert compiled == ["quote.md.j2"]
    pages = {rel: data for rel, data in tree(out / "quotes").items() if rel != "index.md"}
    assert pages and all(b"Override number two." in data and b"number one" not in data for data in pages.values())

    # Without the cache nothing is kept or taken: every template compiles.
    compiled.clear()
    run_build(capsys, root, tmp_path / "other", "--no-cache")
    assert "actor.md.j2" in compiled
