"""A YAML syntax error says what the curator most likely did and how to fix it, after the
parser's own words (yamlhints.py), and an unclosed quote is placed where it opens, not at the
end of the file where the parser gave up."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import compose_yaml, load_article
from generator.problems import Problems

QUOTES = "inside double quotes write a quote as \\\", inside single quotes as ''"
COLON = ("': ' starts a key, and no key can start here. If a value holds ': ', put the whole value in quotes "
         "(summary: \"He said: no\"); if this is a key, check the line above (a space after its ':') and that "
         "this line is indented like the keys next to it")
INDENT = ("this line is indented differently from the list it is in: items ('- ') of one list start in the same "
          "column, and the fields of an item line up under its first field")
UNCLOSED = ("is not closed: add '{}' after its last item, and separate items with ', '; an item holding ',' or ':' "
            "goes in quotes, and so does a text value that starts with '[' or '{{'")

CASES = [
    ("actions:\n  - id: a\n    summary: Blinken said: we act\n",
     f"3:26: error: YAML syntax error: mapping values are not allowed in this context: {COLON}"),
    ("actors:\n  - id:a\n    name: A\n",
     f"3:9: error: YAML syntax error: mapping values are not allowed in this context: {COLON}"),
    # The quote opens on line 3; the parser stops at the end of the file (line 5).
    ('actors:\n  - id: a\n    name: "Nicolas\n  - id: b\n    name: B\n',
     "3:11: error: YAML syntax error: found unexpected end of stream (while scanning a quoted scalar): the quoted "
     f"value that starts here is never closed: add the closing quote; {QUOTES}"),
    ("actors:\n  - id: a\n    aliases: [A, B\n  - id: b\n",
     "4:7: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence): the list in "
     "brackets opened on line 3 " + UNCLOSED.format("]")),
    ("actors:\n  - id: a\n    name: {A\n",
     "3:13: error: YAML syntax error: did not find expected ',' or '}' (while parsing a flow mapping): the mapping "
     "in braces opened on line 3 " + UNCLOSED.format("}")),
    ("actors:\n  - id: a\n    name: A\n   type: person\n",
     f"4:4: error: YAML syntax error: did not find expected '-' indicator (while parsing a block collection): {INDENT}"),
    ('actors:\n  - id: a\n    name: "A" B\n',
     "3:15: error: YAML syntax error: did not find expected key (while parsing a block mapping): this line does not "
     "line up with the keys above it, or a quoted value is followed by more text: check the indentation, or put the "
     "whole value in quotes"),
    ("actors:\n  - id: a\n    name: @handle\n",
     "3:11: error: YAML syntax error: found character that cannot start any token (while scanning for the next "
     "token): a value cannot start with '@' in YAML: put the value in quotes"),
    ("actors:\n  - id: a\n    name: *x\n",
     "3:11: error: YAML syntax error: found undefined alias: '*' at the start of a value refers to a YAML anchor: "
     "put the value in quotes"),
    ("actors: []\n---\nactions: []\n",
     "2:1: error: YAML syntax error: but found another document (expected a single document in the stream): a line "
     "'---' starts a second YAML document, and a facts file holds one: remove the line, or split the file in two"),
]


@pytest.mark.parametrize("text, expected", CASES, ids=[
    "colon-in-value", "no-space-after-colon", "unclosed-quote", "unclosed-list", "unclosed-braces", "dedented-key",
    "text-after-quote", "reserved-start", "star-start", "second-document"])
def test_yaml_syntax_errors_say_how_to_fix_them(tmp_path: Path, text: str, expected: str) -> None:
    problems = Problems(tmp_path)
    assert compose_yaml(text, tmp_path / "x.yaml", problems) is None
    assert [p.format_text() for p in problems.sorted()] == [f"x.yaml:{expected} [yaml-syntax]"]


def test_the_hint_counts_lines_in_the_file_for_front_matter(tmp_path: Path) -> None:
    """In an article, the front matter starts on line 2: the line the hint names is the file's."""
    problems = Problems(tmp_path)
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: T\naliases: [A, B\ndate: 2024-11-27\n---\nBody\n", "utf-8")
    load_article(path, problems)
    (found,) = [p.format_text() for p in problems.sorted()]
    assert found.startswith("story.md:4:5: error: YAML syntax error: did not find expected ',' or ']' (while parsing "
                            "a flow sequence): the list in brackets opened on line 3 is not closed"), found
