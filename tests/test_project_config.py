"""`briefing check` and `briefing build` use the folders the briefing plugin's options in mkdocs.yml
name, resolved as the plugin resolves them; the command line wins over them.

- Both `plugins` forms MkDocs accepts (a list of names and one-key mappings, or a mapping);
  `briefing` listed bare or with null options means the defaults; mkdocs.yaml is read too,
  after mkdocs.yml, as MkDocs reads them.
- Tags elsewhere in the file (`!!python/name:…`, `!ENV`, `!relative`) are never executed and
  never fail the read; `!ENV` in the option itself is resolved as MkDocs resolves it.
- A relative option is relative to the folder of mkdocs.yml, an absolute one is as it is; a
  named folder that does not exist is a usage error (exit 2), naming the option.
- An unreadable mkdocs.yml, or an option that is not a path: one warning line, then the defaults.
- `INHERIT:` is followed and merged as MkDocs does it (the folders compared with MkDocs' own
  loading); a missing, unreadable or circular parent gives a warning and the defaults.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from generator import cli
from generator.cli import main
from generator.plugin import BriefingPlugin

from conftest import VALID_ARTICLE, make_project

FACTS = """\
actors:
  - id: nicolas-maduro
    name: Nicolás Maduro
    type: person
    aliases: [Nicolas Maduro, Maduro]
"""
BROKEN_TEMPLATE = "{% if %}\n"  # a template error that `check` reports (exit 1)
GOOD_TEMPLATE = "{% extends '!builtin/actor.md.j2' %}\n"


def article(title: str) -> str:
    return VALID_ARTICLE.replace("title: Sanctions on officials", f"title: {title}")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Three content folders told apart by their number of articles: content/ (the default) 1,
    src/ 2, and ../shared (outside the project, for absolute paths) 3."""
    root = make_project(tmp_path / "p", {"f.yaml": FACTS}, {"a1.md": article("One")})
    shutil.copytree(root / "content", root / "src")
    (root / "src/articles/a2.md").write_text(article("Two"), "utf-8")
    shutil.copytree(root / "src", tmp_path / "shared")
    (tmp_path / "shared/articles/a3.md").write_text(article("Three"), "utf-8")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def warnings(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("briefing: warning:")]


def write_config(root: Path, text: str, name: str = "mkdocs.yml") -> Path:
    path = root / name
    path.write_text(textwrap.dedent(text).replace("{shared}", str(root.parent / "shared")), "utf-8")
    return path


EMOJI_AND_ENV = """\
site_name: Test
site_url: !ENV [BRIEFING_TEST_SITE_URL_UNSET, "https://example.org/"]
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  base: !relative $config_dir
  tuple: !!python/tuple [1, 2]
plugins:
  - search
  - briefing:
      content: src
"""

# (file name or None for no config file, its text, extra arguments, articles checked, warning text or None)
CASES = {
    "list of one-key mappings": ("mkdocs.yml", """\
        plugins:
          - search
          - briefing:
              content: src
        """, [], 2, None),
    "list, flow style": ("mkdocs.yml", "plugins: [search, {briefing: {content: src}}]\n", [], 2, None),
    "mapping of plugins": ("mkdocs.yml", """\
        plugins:
          search: {}
          briefing:
            content: src
        """, [], 2, None),
    "leading slash": ("mkdocs.yml", "plugins:\n  - /briefing: {content: src}\n", [], 2, None),
    "mkdocs.yaml": ("mkdocs.yaml", "plugins:\n  - briefing: {content: src}\n", [], 2, None),
    "tags elsewhere in the file": ("mkdocs.yml", EMOJI_AND_ENV, [], 2, None),
    "unknown tags": ("mkdocs.yml", "hooks: !custom {a: !other [1]}\nx: !!python/object/apply:os.system [false]\n"
                     "plugins:\n  - briefing: {content: src}\n", [], 2, None),
    "!ENV option, variable unset: its default": (
        "mkdocs.yml", "plugins:\n  - briefing:\n      content: !ENV [BRIEFING_TEST_CONTENT_UNSET, src]\n", [], 2, None),
    "absolute content path": ("mkdocs.yml", "plugins:\n  - briefing:\n      content: {shared}\n", [], 3, None),
    "relative path leaving the project": (
        "mkdocs.yml", "plugins:\n  - briefing:\n      content: ../shared\n", [], 3, None),
    "command line wins": ("mkdocs.yml", "plugins:\n  - briefing: {content: src}\n",
                          ["--content", "content"], 1, None),
    "command line wins over an absolute path": (
        "mkdocs.yml", "plugins:\n  - briefing: {content: {shared}}\n", ["--content", "src"], 2, None),
    "briefing listed bare": ("mkdocs.yml", "plugins:\n  - search\n  - briefing\n", [], 1, None),
    "briefing with null options": ("mkdocs.yml", "plugins:\n  - briefing:\n", [], 1, None),
    "briefing in a mapping with null options": ("mkdocs.yml", "plugins:\n  briefing:\n", [], 1, None),
    "null content option": ("mkdocs.yml", "plugins:\n  - briefing: {content: null}\n", [], 1, None),
    "another plugin's content option": (
        "mkdocs.yml", "plugins:\n  - blog: {content: src}\n  - briefing\n", [], 1, None),
    "no briefing plugin": ("mkdocs.yml", "plugins: [search]\n", [], 1, None),
    "no plugins": ("mkdocs.yml", "site_name: Test\n", [], 1, None),
    "no mkdocs.yml": (None, "", [], 1, None),
    "INHERIT, the parent missing": ("mkdocs.yml", "INHERIT: base.yml\nplugins: [briefing]\n", [], 1,
                                    "could not read '{root}/mkdocs.yml' (the file it inherits, 'base.yml', does not "
                                    "exist at '{root}/base.yml')"),
    "INHERIT not a file name": ("mkdocs.yml", "INHERIT: [a]\nplugins:\n  - briefing: {content: src}\n", [], 1,
                                "could not read '{root}/mkdocs.yml' (its INHERIT is ['a'] (of type list), not a file"),
    "mkdocs.yml is read before mkdocs.yaml": ("mkdocs.yml", "plugins:\n  - briefing: {content: src}\n", [], 2, None),
    "unparseable": ("mkdocs.yml", "site_name: a: b\nplugins:\n  - briefing: {content: src}\n", [], 1,
                    "could not read '{root}/mkdocs.yml' (line 1, column 13: mapping values are not allowed here), "
                    "so the briefing plugin's options there are ignored and the default folders are used"),
    "unclosed bracket": ("mkdocs.yml", "plugins: [briefing\n", [], 1, "could not read '{root}/mkdocs.yml' (line"),
    "two documents": ("mkdocs.yml", "plugins: [briefing]\n---\nsite_name: x\n", [], 1,
                      "could not read '{root}/mkdocs.yml' (line 2, column 1: but found another document)"),
    "not a mapping": ("mkdocs.yml", "- briefing\n", [], 1,
                      "could not read '{root}/mkdocs.yml' (it is not a mapping of settings)"),
    "empty file": ("mkdocs.yml", "", [], 1, "could not read '{root}/mkdocs.yml' (it is not a mapping of settings)"),
    "not UTF-8": ("mkdocs.yml", None, [], 1, "could not read '{root}/mkdocs.yml' ("),
    "options not a mapping": ("mkdocs.yml", "plugins:\n  - briefing: src\n", [], 1,
                              "could not read the briefing plugin's options in '{root}/mkdocs.yml' (not a mapping"),
    "content not a string": ("mkdocs.yml", "plugins:\n  - briefing: {content: 5}\n", [], 1,
                             "the briefing plugin's option `content` in '{root}/mkdocs.yml' is 5 (of type int), "
                             "not a folder path; using the default folder 'content'"),
    "content tagged": ("mkdocs.yml", "plugins:\n  - briefing:\n      content: !relative\n", [], 1,
                       "the briefing plugin's option `content` in '{root}/mkdocs.yml' is a value tagged !relative, "
                       "not a folder path; using the default folder 'content'"),
    "a bad option overridden on the command line says nothing": (
        "mkdocs.yml", "plugins:\n  - briefing: {content: [a, b]}\n", ["--content", "src"], 2, None),
}


@pytest.mark.parametrize("case", CASES)
def test_check_uses_the_plugins_content_folder(project: Path, capsys: pytest.CaptureFixture[str],
                                               case: str) -> None:
    name, text, extra, articles, warning = CASES[case]
    if case == "mkdocs.yml is read before mkdocs.yaml":
        write_config(project, "plugins:\n  - briefing: {content: {shared}}\n", "mkdocs.yaml")
    if text is None:
        (project / name).write_bytes(b"plugins: [briefing]\nsite_name: \xff\xfe\x00\n")
    elif name is not None:
        write_config(project, text, name)
    code, output = run(capsys, "check", "--project", str(project), "--format", "text", *extra)
    assert code == 0, output
    assert f"briefing: checked {articles} articles," in output, output
    assert "Traceback" not in output
    if warning is None:
        assert warnings(output) == [], output
    else:
        assert len(warnings(output)) == 1, output
        assert f"briefing: warning: {warning.format(root=project)}" in output, output


def test_env_option_set_is_resolved(project: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """`!ENV` in the option: the variable's value, as MkDocs gives it to the plugin."""
    monkeypatch.setenv("BRIEFING_TEST_CONTENT", str(project.parent / "shared"))
    write_config(project, "plugins:\n  - briefing:\n      content: !ENV [BRIEFING_TEST_CONTENT, src]\n")
    code, output = run(capsys, "check", "--project", str(project), "--format", "text")
    assert code == 0, output
    assert "briefing: checked 3 articles," in output, output


@pytest.mark.parametrize("github", [False, True])
def test_bare_check_with_docs_dir_src(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str], github: bool) -> None:
    """The shipped CI workflow runs a bare `briefing check` in the project folder."""
    root = make_project(tmp_path / "p", {"f.yaml": FACTS}, {"a1.md": article("One")})
    (root / "content").rename(root / "src")
    write_config(root, """\
        site_name: Test
        docs_dir: src
        theme:
          name: material
        plugins:
          - search
          - briefing:
              content: src
        """)
    monkeypatch.chdir(root)
    if github:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
    else:
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    code, output = run(capsys, "check")
    assert code == 0, output
    assert "no content folder" not in output


def test_missing_configured_content_folder_names_the_option(project: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    config = write_config(project, "plugins:\n  - briefing: {content: nowhere}\n")
    code, output = run(capsys, "check", "--project", str(project))
    assert code == 2, output
    assert (f"briefing: error: no content folder at '{project / 'nowhere'}' (plugin option `content: nowhere` "
            f"in '{config}'): create it or fix the option; it is relative to the folder of mkdocs.yml") in output


@pytest.mark.parametrize(("option", "code"), [("tpl", 1), ("good", 0), ("templates", 0)])
def test_check_uses_the_plugins_templates_folder(project: Path, capsys: pytest.CaptureFixture[str],
                                                 option: str, code: int) -> None:
    """check compiles the overrides of the folder mkdocs.yml names (tpl/ holds a broken one)."""
    for folder, text in (("tpl", BROKEN_TEMPLATE), ("good", GOOD_TEMPLATE)):
        (project / folder).mkdir()
        (project / folder / "actor.md.j2").write_text(text, "utf-8")
    write_config(project, f"plugins:\n  - briefing: {{templates: {option}}}\n")
    got, output = run(capsys, "check", "--project", str(project), "--format", "text")
    assert got == code, output
    assert ("tpl/actor.md.j2:1:1: error:" in output) == (option == "tpl"), output


def test_templates_on_the_command_line_win(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "tpl").mkdir()
    (project / "tpl/actor.md.j2").write_text(BROKEN_TEMPLATE, "utf-8")
    (project / "good").mkdir()
    write_config(project, "plugins:\n  - briefing: {templates: tpl}\n")
    code, output = run(capsys, "check", "--project", str(project), "--templates", "good")
    assert code == 0, output


@pytest.mark.parametrize(("option", "code"), [("nowhere", 2), ("templates", 0)])
def test_missing_configured_templates_folder(project: Path, capsys: pytest.CaptureFixture[str],
                                             option: str, code: int) -> None:
    """As the plugin: a templates folder named in mkdocs.yml must exist, unless it is the default one."""
    config = write_config(project, f"plugins:\n  - briefing: {{templates: {option}}}\n")
    got, output = run(capsys, "check", "--project", str(project))
    assert got == code, output
    if code == 2:
        assert (f"briefing: error: no templates folder at '{project / option}' (plugin option "
                f"`templates: {option}` in '{config}')") in output, output


def test_build_uses_the_plugins_folders(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(project, "plugins:\n  - briefing: {content: src}\n")
    out = tmp_path / "out"
    code, output = run(capsys, "build", "--project", str(project), "--out", str(out))
    assert code == 0, output
    assert (out / "articles/a2.md").is_file()


def test_build_into_the_configured_content_folder_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_config(project, "plugins:\n  - briefing: {content: src}\n")
    before = sorted(p.relative_to(project) for p in (project / "src").rglob("*"))
    code, output = run(capsys, "build", "--project", str(project), "--out", str(project / "src"))
    assert code == 2, output
    assert f"it is the content folder '{project / 'src'}'" in output, output
    assert sorted(p.relative_to(project) for p in (project / "src").rglob("*")) == before


# --- the same folders as the plugin, which MkDocs configures from the same file --------------

PLUGIN_CASES = {
    "relative": "plugins:\n  - briefing: {content: src, templates: tpl}\n",
    "absolute": "plugins:\n  - briefing: {content: {shared}, templates: {shared}/../p/tpl}\n",
    "dotted": "plugins:\n  briefing: {content: ./src/../src, templates: ''}\n",
    "defaults": "plugins:\n  - briefing\n",
    "tags elsewhere": EMOJI_AND_ENV,
}


@pytest.mark.parametrize("case", PLUGIN_CASES)
@pytest.mark.parametrize("linked", [False, True])
def test_same_folders_as_the_plugin(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str], case: str, linked: bool) -> None:
    """Loaded by MkDocs itself, the plugin resolves the options to the folders the command uses;
    also when mkdocs.yml is a link to a file in another folder (the plugin follows it)."""
    from mkdocs.config import load_config

    (project / "tpl").mkdir()
    text = f"site_name: Test\ndocs_dir: {project / 'src'}\n" + PLUGIN_CASES[case].replace("site_name: Test\n", "")
    if linked:
        (tmp_path / "conf").mkdir()
        shutil.copytree(project / "src", tmp_path / "conf/src")
        shutil.copytree(project / "content", tmp_path / "conf/content")
        (tmp_path / "conf/tpl").mkdir()
        write_config(project, text)
        (project / "mkdocs.yml").rename(tmp_path / "conf/mkdocs.yml")
        (project / "mkdocs.yml").symlink_to(tmp_path / "conf/mkdocs.yml")
    else:
        write_config(project, text)
    config = load_config(config_file=str(project / "mkdocs.yml"))
    plugin = config.plugins["briefing"]
    assert isinstance(plugin, BriefingPlugin)
    expected = plugin._context(config)
    seen = []
    monkeypatch.setattr(cli, "_run", lambda args, ctx, fmt: seen.append(ctx) or 0)
    code, output = run(capsys, "check", "--project", str(project))
    assert code == 0, output
    assert (seen[0].content_dir, seen[0].templates_dir) == (expected.content_dir, expected.templates_dir)
    if linked and case == "relative":
        assert seen[0].content_dir == tmp_path / "conf/src"


def test_nothing_in_mkdocs_yml_is_executed(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A `!!python/object/apply` tag is an opaque value here, never a call."""
    made = project.parent / "made"
    write_config(project, f"hooks: !!python/object/apply:os.mkdir ['{made}']\n"
                          f"x: !!python/name:os.system\nplugins:\n  - briefing: {{content: src}}\n")
    code, output = run(capsys, "check", "--project", str(project), "--format", "text")
    assert code == 0, output
    assert "briefing: checked 2 articles," in output, output
    assert not made.exists()


# (parent file text, child mkdocs.yml text, articles checked, warning or None); the parent is
# conf/base.yml, named from mkdocs.yml as `INHERIT: conf/base.yml`.
INHERIT_CASES = {
    "options only in the parent": ("plugins:\n  - briefing: {content: src}\n", "", 2, None),
    "the child's plugins replace the parent's list": (
        "plugins:\n  - briefing: {content: src}\n", "plugins:\n  - briefing\n", 1, None),
    "mappings merged key by key": (
        "plugins:\n  briefing: {content: src, templates: ''}\n", "plugins:\n  briefing: {templates: ''}\n", 2, None),
    "the child's option wins": (
        "plugins:\n  briefing: {content: src}\n", "plugins:\n  briefing: {content: content}\n", 1, None),
    "a grandparent": ("INHERIT: top.yml\n", "", 2, None),
    "the parent inherits the child": (
        "INHERIT: ../mkdocs.yml\nplugins:\n  - briefing: {content: src}\n", "", 1,
        "could not read '{root}/conf/base.yml' (its INHERIT '../mkdocs.yml' leads back to a file that inherits it)"),
    "the parent unparseable": ("plugins: [briefing\n", "", 1, "could not read '{root}/conf/base.yml' (line"),
}


@pytest.mark.parametrize("case", INHERIT_CASES)
def test_inherit_is_followed_as_mkdocs_follows_it(project: Path, capsys: pytest.CaptureFixture[str], case: str) -> None:
    parent, child, articles, warning = INHERIT_CASES[case]
    (project / "conf").mkdir()
    (project / "conf/base.yml").write_text(parent, "utf-8")
    (project / "conf/top.yml").write_text("plugins:\n  - briefing: {content: src}\n", "utf-8")
    write_config(project, "INHERIT: conf/base.yml\nsite_name: T\n" + child)
    code, output = run(capsys, "check", "--project", str(project), "--format", "text")
    assert code == 0, output
    assert f"briefing: checked {articles} articles," in output, output
    if warning is None:
        assert warnings(output) == [], output
        # MkDocs itself, loading the same file, gives the plugin the folders the command used.
        from mkdocs.config import load_config

        (project / "src/index.md").write_text("# x\n", "utf-8")
        config = load_config(config_file=str(project / "mkdocs.yml"), docs_dir=str(project / "src"))
        expected = config.plugins["briefing"]._context(config).content_dir
        assert expected == project / ("src" if articles == 2 else "content")
    else:
        assert len(warnings(output)) == 1, output
        assert f"briefing: warning: {warning.format(root=project)}" in output, output
