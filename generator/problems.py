"""Problems are values with a place: collected during a build, sorted, reported once.

Every stage appends to one `Problems` collection instead of raising, so a curator sees
every mistake of a briefing in a single run (the yamllint `LintProblem` idea).
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass, replace
from enum import Enum
from pathlib import Path
from typing import Callable, Iterable, Iterator


MAX_PER_FILE = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Place:
    """A position in a source file; line and column count from 1 (0 means "whole file")."""

    path: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


@dataclass(frozen=True)
class Problem:
    place: Place
    rule: str
    message: str
    severity: Severity = Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.place.path, self.place.line, self.place.column, self.rule, self.message)

    def format_text(self) -> str:
        return f"{self.place}: {self.severity.value}: {self.message} [{self.rule}]"

    def format_github(self) -> str:
        # Workflow commands: https://docs.github.com/actions/reference/workflow-commands
        # Data must escape %, CR and LF; properties also , and :.
        def esc(value: str, prop: bool = False) -> str:
            value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            if prop:
                value = value.replace(":", "%3A").replace(",", "%2C")
            return value

        props = [f"file={esc(self.place.path, True)}"]
        if self.place.line:
            props.append(f"line={self.place.line}")
            props.append(f"col={self.place.column or 1}")
        props.append(f"title={esc(self.rule, True)}")
        return f"::{self.severity.value} {','.join(props)}::{esc(self.message)}"

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class Problems:
    """An append-only collection shared by all stages of one build."""

    def __init__(self, root: Path | None = None) -> None:
        self._items: list[Problem] = []
        self._root = root
        self._root_text = str(root).rstrip(os.sep) + os.sep if root is not None else ""
        self._count: dict[Path | str, int] = {}  # problems kept per file
        self._dropped: dict[Path | str, int] = {}  # and those past the limit
        self._dropped_errors: dict[Path | str, int] = {}  # of which errors

    @property
    def root(self) -> Path | None:
        return self._root

    def full(self, path: Path | str, severity: "Severity" = Severity.ERROR) -> bool:
        """Whether a file has reached MAX_PER_FILE problems: further ones (of `severity`) are
        only counted (a file with 600,000 unknown keys must not print 600,000 lines). Callers
        may skip work such as "did you mean" hints when this is true."""
        if self._count.get(path, 0) < MAX_PER_FILE:
            return False
        self._dropped[path] = self._dropped.get(path, 0) + 1
        if severity is Severity.ERROR:
            self._dropped_errors[path] = self._dropped_errors.get(path, 0) + 1
        return True

    def relative(self, path: Path | str) -> str:
        """Paths in diagnostics are relative to the project root, '/'-separated."""
        if self._root is not None and isinstance(path, Path):
            text, root = str(path), self._root_text
            if text.startswith(root) and len(text) > len(root):  # the common case, without pathlib
                return text[len(root):] if os.sep == "/" else Path(text[len(root):]).as_posix()
        p = Path(path)
        if not p.is_absolute():
            # Already relative to the project root (records keep their origin in that form).
            # Resolving it would join it to the working folder, which need not be the root.
            return p.as_posix()
        if self._root is not None:
            try:  # paths found under the (resolved) root need no file-system look-up
                return p.relative_to(self._root).as_posix()
            except ValueError:
                pass
            try:
                p = p.resolve().relative_to(self._root.resolve())
            except ValueError:
                pass
        return p.as_posix()

    def add(
        self,
        path: Path | str,
        line: int,
        column: int,
        rule: str,
        message: str,
        severity: Severity = Severity.ERROR,
    ) -> None:
        from .rules import RULES

        if rule not in RULES:  # a programming error: every rule is documented in rules.py
            raise KeyError(f"undocumented rule id {rule!r}")
        if self.full(path, severity):
            return
        # One line (`file:line:col: severity: message [rule]` is read line by line), and no
        # terminal escapes.
        message = _CONTROL.sub(lambda m: repr(m.group())[1:-1], message.replace("\n", " "))
        self._items.append(Problem(Place(_CONTROL.sub("?", self.relative(path)), line, column), rule, message, severity))
        self._count[path] = self._count.get(path, 0) + 1

    def warn(self, path: Path | str, line: int, column: int, rule: str, message: str) -> None:
        self.add(path, line, column, rule, message, Severity.WARNING)

    def extend(self, problems: Iterable[Problem]) -> None:
        self._items.extend(problems)

    def revise(self, rule: str, change: Callable[[Problem], str | None]) -> None:
        """The messages of `rule`'s problems that `change` rewrites (it returns the new message,
        or None to keep one), asked in report order: a change may depend on the ones before."""
        revised = {}
        for problem in sorted({p for p in self._items if p.rule == rule}, key=Problem.sort_key):
            message = change(problem)
            if message is not None:
                revised[problem] = replace(problem, message=message)
        if revised:
            self._items = [revised.get(p, p) for p in self._items]

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())

    def __len__(self) -> int:
        return len(self._items)

    def sorted(self) -> list[Problem]:
        # Duplicates can arise when one bad node is reached twice (YAML aliases): report once.
        items = set(self._items)
        for path, dropped in self._dropped.items():
            # An error if any problem not shown is one; 2,000 unused actors only warn.
            errors = self._dropped_errors.get(path, 0)
            items.add(Problem(Place(self.relative(path), 0, 0), "too-many-problems",
                              f"{dropped:,} more problem(s) in this file are not shown"
                              + (f" ({errors:,} of them errors)" if errors and errors != dropped else "")
                              + ": fix the ones above first",
                              Severity.ERROR if errors else Severity.WARNING))
        return sorted(items, key=Problem.sort_key)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors) or (strict and bool(self.warnings))


def default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def report(problems: Problems, fmt: str = "text") -> str:
    """Render every problem once, in file and position order."""
    items = problems.sorted()
    if fmt == "json":
        return json.dumps([p.as_dict() for p in items], indent=2, ensure_ascii=False)
    if fmt == "github":
        return "\n".join(p.format_github() for p in items)
    lines = [p.format_text() for p in items]
    if items:
        n_err = sum(p.severity is Severity.ERROR for p in items)
        n_warn = len(items) - n_err
        lines.append(f"{n_err} error(s), {n_warn} warning(s)")
    return "\n".join(lines)
