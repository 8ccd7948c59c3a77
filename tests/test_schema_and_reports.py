"""The JSON Schemas for editors, run through an independent validator (jsonschema), and the
report formats: GitHub annotations, JSON, warnings and --strict, the rules reference."""

from __future__ import annotations

import datetime
import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.rules import RULES

REPO = Path(__file__).resolve().parent.parent
BRIEFINGS = [REPO / "content", REPO / "tests" / "fixtures" / "multi" / "content"]


def _plain(value: Any) -> Any:
    # An editor's YAML language server reads an unquoted 2024-11-27 as a string (YAML 1.2);
    # PyYAML reads it as a date. Compare like the editor does.
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _front_matter(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8").split("---\n", 2)[1])


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("schemas")
    assert main(["schema", "--out", str(out)]) == 0
    loaded = {name: json.loads((out / name).read_text("utf-8")) for name in ("facts.schema.json", "article.schema.json")}
    for schema in loaded.values():
        jsonschema.Draft7Validator.check_schema(schema)
        assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    return loaded


@pytest.mark.parametrize("content", BRIEFINGS, ids=["sample", "multi"])
def test_schemas_accept_the_briefings(schemas: dict[str, Any], content: Path) -> None:
    facts = jsonschema.Draft7Validator(schemas["facts.schema.json"])
    files = sorted([*content.glob("facts/**/*.yaml"), *content.glob("facts/**/*.yml")])
    assert files
    for path in files:
        errors = [e.message for e in facts.iter_errors(_plain(yaml.safe_load(path.read_text("utf-8"))))]
        assert errors == [], path
    article = jsonschema.Draft7Validator(schemas["article.schema.json"])
    for path in sorted(content.glob("articles/*.md")):
        assert [e.message for e in article.iter_errors(_plain(_front_matter(path)))] == [], path


@pytest.mark.parametrize("document, schema_name, fragment", [
    ({"actors": [{"id": "a", "name": "A", "type": "person", "nmae": "x"}]}, "facts.schema.json", "nmae"),
    ({"quotes": [{"id": "q", "speker": "a", "text": "t", "source": "s"}]}, "facts.schema.json", "speker"),
    ({"actor": []}, "facts.schema.json", "actor"),
    ({"actors": [{"id": "A B", "name": "A", "type": "person"}]}, "facts.schema.json", "A B"),
    ({"actors": [{"id": "a", "name": "A", "type": "persn"}]}, "facts.schema.json", "persn"),
    ({"actions": [{"id": "x", "date": "2024-1", "type": "t", "by": "a", "summary": "s",
                   "sources": [{"article": "b"}]}]}, "facts.schema.json", "2024-1"),
    ({"actions": [{"id": "x", "date": "2024", "type": "t", "by": "a", "summary": "s", "count": -1,
                   "sources": [{"article": "b"}]}]}, "facts.schema.json", "-1"),
    ({"actions": [{"id": "x", "date": "2024", "type": "t", "by": "a", "summary": "s", "sources": []}]},
     "facts.schema.json", "[]"),
    ({"title": "T", "date": "2024-11-27", "source": "S", "url": "ftp://x"}, "article.schema.json", "ftp"),
    ({"title": "T", "date": "2024-11-27", "source": "S", "outlet": "x"}, "article.schema.json", "outlet"),
    ({"title": "T", "source": "S"}, "article.schema.json", "date"),
])
def test_schemas_reject_what_the_checker_rejects(schemas: dict[str, Any], document: Any, schema_name: str,
                                                  fragment: str) -> None:
    errors = list(jsonschema.Draft7Validator(schemas[schema_name]).iter_errors(document))
    assert errors, document
    assert any(fragment in str(e.message) or fragment in json.dumps(e.instance) for e in errors), \
        [e.message for e in errors]


def test_schema_offers_completions(schemas: dict[str, Any]) -> None:
    actor = schemas["facts.schema.json"]["properties"]["actors"]["anyOf"][0]["items"]
    assert set(actor["properties"]) == {"id", "name", "type", "aliases", "description", "country", "wikidata",
                                        "affiliations"}
    assert actor["required"] == ["id", "name", "type"]
    assert actor["properties"]["type"]["enum"] == ["person", "organization", "government", "country", "group"]
    assert all(p.get("description") for p in actor["properties"].values())
    status = schemas["facts.schema.json"]["properties"]["actions"]["anyOf"][0]["items"]["properties"]["status"]
    assert status["anyOf"][0]["enum"] == ["confirmed", "claimed", "disputed", "planned"]


# --- reports ------------------------------------------------------------------------------------

BROKEN = """actors:
  - id: a
    name: A
    type: persn
"""


def _project(tmp_path: Path, facts: str) -> Path:
    (tmp_path / "content" / "facts" / "nested").mkdir(parents=True)
    (tmp_path / "content" / "facts" / "nested" / "f.yaml").write_text(facts, "utf-8")
    return tmp_path


def test_github_annotations_are_chosen_under_actions(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "--project", str(_project(tmp_path, BROKEN))]) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "::warning file=content/facts/nested/f.yaml,line=2,col=5,title=actor-unused::actor 'a' is in no fact and "
        "no article mentions it: add an alias as written in an article, or remove it",
        "::error file=content/facts/nested/f.yaml,line=4,col=11,title=value-choice::type: 'persn' is not one of "
        "person, organization, government, country, group (did you mean 'person'?)",
    ]


def test_json_report_is_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", "--project", str(_project(tmp_path, BROKEN))]) == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["rule"] for d in data] == ["actor-unused", "value-choice"]
    assert data[1:] == [{"place": {"path": "content/facts/nested/f.yaml", "line": 4, "column": 11},
                     "rule": "value-choice", "severity": "error",
                     "message": "type: 'persn' is not one of person, organization, government, country, group "
                                "(did you mean 'person'?)"}]


def test_warnings_pass_unless_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = _project(tmp_path, "actors:\n  - id: lonely\n    name: Lonely\n    type: person\n")
    assert main(["check", "--project", str(project)]) == 0
    err = capsys.readouterr().err
    assert "content/facts/nested/f.yaml:2:5: warning: actor 'lonely' is in no fact and no article mentions it" in err
    assert "[actor-unused]" in err
    assert main(["check", "--strict", "--project", str(project)]) == 1


@pytest.mark.parametrize("cache", [True, False])
def test_paths_are_the_projects_wherever_the_command_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch, cache: bool) -> None:
    """From inside content/, `--project ..` reports the same paths as from anywhere else:
    relative to the project, never joined to the working folder (content/content/...). Each
    stage's problems are covered: validate (a bad type), link (an unknown reference, an
    uncited article) and the cache's copies of them on the second run."""
    project = _project(tmp_path, BROKEN + "quotes:\n  - {id: q, speaker: a, text: Hi, source: nowhere}\n")
    (project / "content" / "articles").mkdir()
    (project / "content" / "articles" / "story.md").write_text("---\ntitle: T\ndate: 2024-01-02\nsource: S\n---\nHi A.\n", "utf-8")
    expected = [
        "content/articles/story.md:1:1: warning: no action or quote cites article 'story' [article-uncited]",
        "content/facts/nested/f.yaml:4:11: error: type: 'persn' is not one of person, organization, government, "
        "country, group (did you mean 'person'?) [value-choice]",
        "content/facts/nested/f.yaml:6:43: error: source: no article has the id 'nowhere' [ref-unknown]",
    ]
    for where in (tmp_path, project / "content", project / "content" / "facts" / "nested"):
        monkeypatch.chdir(where)
        args = ["check", "--format", "text", "--project", str(Path(os.path.relpath(project, where)))]
        assert main(args + ([] if cache else ["--no-cache"])) == 1
        assert capsys.readouterr().err.splitlines()[:-2] == expected, where


def test_every_rule_is_documented_with_examples() -> None:
    source = "\n".join(p.read_text("utf-8") for p in (REPO / "generator").glob("*.py"))
    used = set(re.findall(r'"([a-z]+(?:-[a-z]+)+)",\s*(?:f?")', source))
    used |= set(re.findall(r'(?:add|warn|error)\([^)]*?"([a-z]+(?:-[a-z]+)+)"', source))
    undocumented = {rule for rule in used if rule not in RULES and rule.count("-") <= 3
                    and any(rule.startswith(p) for p in ("yaml", "file", "field", "value", "id", "ref", "date",
                                                           "url", "front", "quote", "evidence", "page", "actor",
                                                           "article", "alias", "top", "section", "record", "key",
                                                           "content", "template"))}
    assert undocumented == set()
    assert [r.id for r in RULES.values() if not (r.bad and r.good)] == []  # every rule: a failing and a passing example
    out = (REPO / "docs" / "rules.md").read_text("utf-8")
    assert all(f"`{rule}`" in out for rule in RULES), "docs/rules.md is stale: run `briefing rules > docs/rules.md`"


def test_check_of_the_sample_is_fast(capsys: pytest.CaptureFixture[str]) -> None:
    # Not a timing assertion (benchmarks/ measures speed): the CLI reports its own time.
    assert main(["check", "--project", str(REPO)]) == 0
    assert re.search(r"briefing: checked 1 articles, 22 actors, 16 actions, 6 quotes \(0\.\d\ds\)", capsys.readouterr().err)


def test_generated_docs_are_fresh() -> None:
    from generator.rules import rules_reference
    from generator.schema import field_reference

    assert (REPO / "docs" / "fields.md").read_text("utf-8") == field_reference() + "\n", \
        "run `briefing fields > docs/fields.md`"
    assert (REPO / "docs" / "rules.md").read_text("utf-8") == rules_reference() + "\n", \
        "run `briefing rules > docs/rules.md`"


def test_problems_past_the_cap_are_counted_with_their_severity() -> None:
    """Past 200 problems in a file the rest are counted in one `too-many-problems` line: an
    error if any of them is an error, a warning if they are all warnings (2,000 unused actors)."""
    from generator.problems import MAX_PER_FILE, Problems, Severity

    warned, mixed = Problems(), Problems()
    for i in range(MAX_PER_FILE + 5):
        warned.warn("facts/a.yaml", i + 1, 1, "actor-unused", "unused")
        mixed.warn("facts/a.yaml", i + 1, 1, "actor-unused", "unused")
    mixed.add("facts/a.yaml", 9999, 1, "field-unknown", "unknown field")
    (only,) = [p for p in warned.sorted() if p.rule == "too-many-problems"]
    assert only.severity is Severity.WARNING and only.message.startswith("5 more problem(s)")
    assert warned.errors == []
    (cap,) = [p for p in mixed.sorted() if p.rule == "too-many-problems"]
    assert cap.severity is Severity.ERROR and "6 more problem(s) in this file are not shown (1 of them errors)" in cap.message


def test_a_problem_is_one_line_whatever_its_message_holds() -> None:
    from generator.problems import Problems

    problems = Problems(None)
    problems.add("content/facts/a.yaml", 2, 3, "yaml-syntax", "first line\n  second line\x1b[31m")
    assert problems.sorted()[0].format_text() == \
        "content/facts/a.yaml:2:3: error: first line   second line\\x1b[31m [yaml-syntax]"
