"""JSON Schema (draft-07) and a Markdown field reference, both read off the field declarations.

Editors with the YAML language server complete field names and values from these schemas;
`briefing schema --out DIR` writes them. Nothing here restates a field: add a field to a
record in model.py and it appears in the validator, the schemas and the reference at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .fields import ID_MAX_LENGTH, LANGUAGE_RE, SLUG_PATTERN, WIKIDATA_RE, Spec, input_fields
from .model import Action, Actor, Article, Quote

DRAFT = "http://json-schema.org/draft-07/schema#"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_PARTIAL_DATE = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


def _scalar_schema(kind: str, spec: Spec) -> dict[str, Any]:
    if kind == "id":
        return {"type": "string", "pattern": SLUG_PATTERN, "maxLength": ID_MAX_LENGTH}
    if kind == "ref":
        return {"type": "string", "pattern": SLUG_PATTERN}
    if kind == "slug":
        return {"type": "string", "pattern": SLUG_PATTERN}
    if kind == "choice":
        return {"type": "string", "enum": list(spec.choices)}
    if kind == "date":
        # YAML editors see a plain 2024-11-27 as a string; the validator checks the calendar.
        return {"type": "string", "pattern": _DATE}
    if kind == "partial-date":
        # A bare year (2023) is a number to YAML editors; the validator reads it as written.
        return {"anyOf": [{"type": "string", "pattern": _PARTIAL_DATE},
                          {"type": "integer", "minimum": 1, "maximum": 9999}]}
    if kind == "count":
        return {"type": "integer", "minimum": 0}
    if kind == "url":
        return {"type": "string", "pattern": "^[hH][tT][tT][pP][sS]?://[^\\s/?#]+\\S*$"}
    if kind == "wikidata":
        return {"type": "string", "pattern": f"^{WIKIDATA_RE.pattern}$"}
    if kind == "language":
        return {"type": "string", "pattern": f"^(?:{LANGUAGE_RE.pattern})$"}
    return {"type": "string", "minLength": 1}


def field_schema(spec: Spec) -> dict[str, Any]:
    if spec.kind == "refs":
        one = _scalar_schema("ref", spec)
        schema: dict[str, Any] = {"anyOf": [one, {"type": "array", "items": one}]}
    elif spec.kind == "texts":
        one = _scalar_schema("text", spec)
        schema = {"anyOf": [one, {"type": "array", "items": one}]}
    elif spec.kind == "records":
        assert spec.item is not None
        schema = {"type": "array", "items": record_schema(spec.item)}
        if spec.min_items:
            schema["minItems"] = spec.min_items
    else:
        schema = _scalar_schema(spec.kind, spec)
    if not spec.required and spec.kind not in ("refs", "texts", "records"):
        schema = {"anyOf": [schema, {"type": "null"}]}
    schema["description"] = spec.doc
    return schema


def record_schema(record_type: type) -> dict[str, Any]:
    specs = input_fields(record_type)
    return {
        "type": "object",
        "description": (record_type.__doc__ or record_type.__name__).strip().splitlines()[0],
        "properties": {name: field_schema(spec) for name, spec in specs.items()},
        "required": [name for name, spec in specs.items() if spec.required],
        "additionalProperties": False,
    }


def facts_schema() -> dict[str, Any]:
    sections = {"actors": Actor, "actions": Action, "quotes": Quote}
    return {
        "$schema": DRAFT,
        "$id": "https://briefing.invalid/schemas/facts.schema.json",
        "title": "Briefing facts file",
        "description": "A mapping with up to three keys (actors, actions, quotes), each a list of records.",
        "type": "object",
        "properties": {
            name: {"anyOf": [{"type": "array", "items": record_schema(t)}, {"type": "null"}],
                   "description": f"A list of {name}."}
            for name, t in sections.items()
        },
        "additionalProperties": False,
    }


def article_schema() -> dict[str, Any]:
    schema = record_schema(Article)
    return {"$schema": DRAFT, "$id": "https://briefing.invalid/schemas/article.schema.json",
            "title": "Briefing article front matter", **schema}


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in (("facts.schema.json", facts_schema()), ("article.schema.json", article_schema())):
        path = out_dir / name
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written


def field_reference() -> str:
    """The field reference as Markdown tables (printed by `briefing fields`)."""
    out = ["# Field reference", "", "Generated from the field declarations (`briefing fields`).", ""]
    for title, record_type in (("Article front matter", Article), ("Actor", Actor), ("Action", Action),
                               ("Quote", Quote)):
        out += [f"## {title}", "", "| Field | Required | Kind | Meaning |", "|---|---|---|---|"]
        for name, spec in input_fields(record_type).items():
            kind = spec.kind + (f": {' / '.join(spec.choices)}" if spec.choices else "")
            out.append(f"| `{name}` | {'yes' if spec.required else 'no'} | {kind} | {spec.doc} |")
            if spec.item is not None:
                for sub, sub_spec in input_fields(spec.item).items():
                    out.append(f"| `{name}[].{sub}` | {'yes' if sub_spec.required else 'no'} | "
                               f"{sub_spec.kind} | {sub_spec.doc} |")
        out.append("")
    return "\n".join(out)
