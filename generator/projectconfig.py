"""The briefing plugin's folder options as a project's mkdocs.yml sets them, for the `briefing`
command: `briefing check` in CI must check the folders `mkdocs build` will publish.

The file is read with a safe YAML loader and nothing in it is executed or imported: `!ENV` is
resolved as MkDocs resolves it (it only reads environment variables), and any other tag
(`!!python/name:…`, `!relative`, a theme's own) gives an opaque value, whatever it tags. The
folders are resolved as the plugin resolves them (plugin.py `_context`): relative to the
folder of mkdocs.yml (the file's link followed), an absolute path as it is.

`INHERIT:` is followed as MkDocs follows it (mkdocs/utils/yaml.py `yaml_load`): the parent
file, named relative to the folder of the file that inherits it, is read the same way and the
child merged over it with `mergedeep` (mappings merged key by key, anything else replaced). A
parent that is missing, unreadable or inherits itself around gives a warning and the defaults
(MkDocs stops with an error on the first two).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import mergedeep
import yaml
from yaml_env_tag import construct_env_tag  # MkDocs' own `!ENV` (a dependency of mkdocs)

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")  # the order MkDocs tries them in
PLUGIN_NAMES = ("briefing", "/briefing")  # a leading slash only tells MkDocs not to namespace it
FOLDER_OPTIONS = ("content", "templates")


class Opaque:
    """A tagged value this reader does not interpret; it is never a folder path."""

    def __init__(self, tag: str) -> None:
        self.tag = tag

    def __repr__(self) -> str:
        return f"a value tagged {self.tag}"


class _Loader(yaml.SafeLoader):
    """A safe loader that never fails on a tag: see the module's docstring."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return construct_env_tag(loader, node)
    except yaml.YAMLError:  # e.g. `!ENV {…}`: MkDocs refuses it; here it is one opaque value
        return Opaque("!ENV")


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("", lambda loader, suffix, node: Opaque(node.tag))


@dataclass
class PluginFolders:
    """What the project's mkdocs.yml says about the plugin's folders."""

    file: Path | None = None  # the mkdocs.yml (or mkdocs.yaml) read; None if the project has none
    listed: bool = False  # whether its `plugins` hold `briefing`
    options: dict[str, str] = field(default_factory=dict)  # `content`/`templates` as written there
    warnings: list[str] = field(default_factory=list)  # one line each, for stderr
    # An option set to something other than a string (MkDocs refuses it): option -> one line for stderr.
    invalid: dict[str, str] = field(default_factory=dict)

    def folder(self, name: str) -> str | None:
        """The folder option `name` resolved as the plugin resolves it, for
        BuildContext.for_project; None where the command's default is the plugin's. An empty
        value stays empty (`templates: ""` is no templates folder, `content: ""` the project
        folder). Where mkdocs.yml is a link to a file in another folder, the plugin resolves
        even an option left unset against that folder, so the default is resolved there too."""
        value = self.options.get(name)
        if self.file is None or not self.listed or value == "":
            return value
        base = self.file.resolve().parent
        if value is None and base == self.file.parent.resolve():
            return None
        return str(base / (name if value is None else value))


def plugin_folders(project: Path) -> PluginFolders:
    """Read the `briefing` plugin's `content` and `templates` options from the mkdocs.yml (or
    mkdocs.yaml) in `project`. No such file, no `briefing` in its `plugins`, or an option not
    set (or null): that option is absent from the result, so the default applies. A file that
    cannot be read or parsed gives a warning, and an option that is not a string an entry in
    `invalid`, instead of an exception; the default applies to what could not be read."""
    for name in CONFIG_NAMES:
        path = project / name
        if path.exists():
            break
    else:
        return PluginFolders()
    found = PluginFolders(file=path)
    try:
        data = _settings(path, [])
    except _Unreadable as exc:
        found.warnings.append(f"could not read '{exc.path}' ({exc.reason}), {_defaults()}")
        return found
    config = _briefing_config(data.get("plugins"))
    if config is None:
        return found
    found.listed = True
    if not isinstance(config, dict):
        found.warnings.append(f"could not read the briefing plugin's options in '{path}' (not a mapping "
                              f"of options), {_defaults()}")
        return found
    for option in FOLDER_OPTIONS:
        value = config.get(option)
        if value is None:  # unset or null: MkDocs uses the default too
            continue
        if isinstance(value, str):
            found.options[option] = value
        else:
            found.invalid[option] = (f"the briefing plugin's option `{option}` in '{path}' is {_describe(value)}, "
                                     f"not a folder path; using the default folder '{option}'")
    return found


class _Unreadable(Exception):
    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason


def _settings(path: Path, inheriting: list[Path]) -> dict:
    """The settings of one config file, merged over the parent it inherits (if any), as MkDocs
    merges them; `inheriting`: the files that inherit this one, child first."""
    try:
        data = yaml.load(path.read_bytes(), Loader=_Loader)  # bytes: YAML detects UTF-8/16, as MkDocs
    except OSError as exc:
        raise _Unreadable(path, exc.strerror or str(exc)) from None
    except yaml.YAMLError as exc:
        raise _Unreadable(path, _yaml_reason(exc)) from None
    if not isinstance(data, dict):
        raise _Unreadable(path, "it is not a mapping of settings")
    if "INHERIT" not in data:
        return data
    parent_name = data.pop("INHERIT")
    if not isinstance(parent_name, str):
        raise _Unreadable(path, f"its INHERIT is {_describe(parent_name)}, not a file name")
    # As MkDocs: relative to the folder of the file as named (a link is not followed for this).
    parent = Path(os.path.normpath(os.path.join(os.path.dirname(path), parent_name)))
    if parent == path or parent in inheriting:
        raise _Unreadable(path, f"its INHERIT '{parent_name}' leads back to a file that inherits it")
    if not parent.is_file():
        raise _Unreadable(path, f"the file it inherits, '{parent_name}', does not exist at '{parent}'")
    return mergedeep.merge(_settings(parent, [path, *inheriting]), data)


def _briefing_config(plugins: Any) -> Any:
    """The options given to the first `briefing` in `plugins` ({} when it is listed bare or
    with null options); None when it is not there. Both forms MkDocs accepts: a list of names
    and one-key mappings, or a mapping of name to options. Entries MkDocs would refuse are
    passed over here."""
    if isinstance(plugins, dict):
        entries = list(plugins.items())
    elif isinstance(plugins, list):
        entries = []
        for item in plugins:
            if isinstance(item, str):
                entries.append((item, {}))
            elif isinstance(item, dict) and len(item) == 1:
                entries.append(next(iter(item.items())))
    else:
        return None
    for name, config in entries:
        if name in PLUGIN_NAMES:
            return {} if config is None else config
    return None


def _defaults() -> str:
    return "so the briefing plugin's options there are ignored and the default folders are used"


def _describe(value: Any) -> str:
    return repr(value) if isinstance(value, Opaque) else f"{value!r:.40} (of type {type(value).__name__})"


def _yaml_reason(exc: yaml.YAMLError) -> str:
    """A YAML error in one line: its problem and where."""
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    return " ".join(f"{where}{problem}".split())
