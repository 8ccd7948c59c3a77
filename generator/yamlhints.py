"""What to do about a YAML syntax error: libyaml says what it met, not what the curator did.

A hand-edited facts file breaks in a few ways over and over: a value holding ': ', a quote
or bracket never closed, a line indented one space off, a value starting with a character
YAML reserves. For the parser messages those produce, `hint` gives the likely cause and the
fix, and for an unclosed quote the place to look (where the quote opens: the parser reports
the end of the file, where it gave up).
"""

from __future__ import annotations

from typing import Any

_RESERVED_START = {"@": "@", "`": "`"}


def hint(exc: Any, text: str, line_offset: int = 0) -> tuple[str, Any | None]:
    """(hint to add after the parser's message, or "", a mark to report instead of the
    problem's, or None) for a yaml.MarkedYAMLError raised on `text`, which starts after
    `line_offset` lines of its file (an article's front matter)."""
    problem, context = exc.problem or "", exc.context or ""
    if problem.startswith("found unexpected end of stream") and "quoted scalar" in context:
        return ("the quoted value that starts here is never closed: add the closing quote; inside "
                "double quotes write a quote as \\\", inside single quotes as ''"), exc.context_mark
    if problem.startswith("mapping values are not allowed"):
        return ("': ' starts a key, and no key can start here. If a value holds ': ', put the whole "
                "value in quotes (summary: \"He said: no\"); if this is a key, check the line above "
                "(a space after its ':') and that this line is indented like the keys next to it"), None
    if problem.startswith("did not find expected ',' or ']'") or problem.startswith("did not find expected ',' or '}'"):
        bracket, what = ("]", "list in brackets") if "]" in problem else ("}", "mapping in braces")
        where = exc.context_mark
        opened = f" opened on line {where.line + 1 + line_offset}" if where is not None else ""
        return (f"the {what}{opened} is not closed: add '{bracket}' after its last item, and separate "
                "items with ', '; an item holding ',' or ':' goes in quotes, and so does a text value "
                "that starts with '[' or '{'"), None
    if problem.startswith("did not find expected '-' indicator"):
        return ("this line is indented differently from the list it is in: items ('- ') of one list "
                "start in the same column, and the fields of an item line up under its first field"), None
    if problem.startswith("did not find expected key"):
        return ("this line does not line up with the keys above it, or a quoted value is followed by "
                "more text: check the indentation, or put the whole value in quotes"), None
    if problem.startswith("found character that cannot start any token"):
        mark = exc.problem_mark
        char = _char_at(text, mark) if mark is not None else ""
        if char in _RESERVED_START:
            return f"a value cannot start with '{char}' in YAML: put the value in quotes", None
        return "put the value in quotes", None
    if problem.startswith("found undefined alias"):
        return "'*' at the start of a value refers to a YAML anchor: put the value in quotes", None
    if problem.startswith("found unknown directive name") or "directive" in context:
        return "a line starting with '%' is a YAML directive: indent it under its key, or quote the value", None
    if "another document" in problem:
        return ("a line '---' starts a second YAML document, and a facts file holds one: remove the "
                "line, or split the file in two"), None
    return "", None


def _char_at(text: str, mark: Any) -> str:
    lines = text.split("\n")
    if 0 <= mark.line < len(lines) and 0 <= mark.column < len(lines[mark.line]):
        return lines[mark.line][mark.column]
    return ""
