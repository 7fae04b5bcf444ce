"""JSON Schema of `agent.toml`, generated from the declarations.

TOML editors (taplo, Even Better TOML) use it to complete keys and check values; the
copy committed at the repository root is kept in step by a test.
"""

from __future__ import annotations

import json
from typing import Any

from runtime.config import declarations as decl

SCHEMA_FILE_NAME = "agent-builder.schema.json"
_SCALAR_TYPES = {
    "string": "string",
    "enum": "string",
    "integer": "integer",
    "number": "number",
    "boolean": "boolean",
}


def json_schema() -> dict[str, Any]:
    return schema_of_file(decl.ROOT, "agent-builder agent file")


def schema_of_file(root: decl.Spec, title: str) -> dict[str, Any]:
    """The JSON Schema of a whole file declared by `root` (the agent file, or another
    file declared with the same `Spec`s)."""
    schema = {"$schema": "http://json-schema.org/draft-07/schema#", "title": title}
    schema.update(_schema_of(root))
    return schema


def render_schema(schema: dict[str, Any] | None = None) -> str:
    return json.dumps(schema or json_schema(), indent=2, ensure_ascii=False) + "\n"


def title_mark(schema: dict[str, Any] | None = None) -> str:
    """The title line every rendering of `schema` opens with: a file holding it is a
    schema written by this tool (so writing the schema again may replace it)."""
    return json.dumps({"title": (schema or json_schema())["title"]}, ensure_ascii=False)[1:-1]


def _schema_of(spec: decl.Spec) -> dict[str, Any]:
    out: dict[str, Any] = {"description": spec.description} if spec.description else {}
    if spec.kind == "table":
        out["type"] = "object"
        out["properties"] = {child.key: _schema_of(child) for child in spec.children}
        out["additionalProperties"] = False
        required = [child.key for child in spec.children if child.required]
        if required:
            out["required"] = required
            out["x-taplo"] = {"initKeys": required}  # taplo completes these with the table
    elif spec.kind == "array":
        out["type"] = "array"
        out["items"] = _schema_of(spec.item)  # type: ignore[arg-type]
    elif spec.kind in ("map", "headers"):
        out["type"] = "object"
        out["additionalProperties"] = _schema_of(spec.item)  # type: ignore[arg-type]
        if spec.pattern:
            out["propertyNames"] = {"pattern": spec.pattern}
    elif spec.kind == "json":
        if spec.has_default:
            out["default"] = spec.default  # any JSON type: no "type" keyword
    else:
        out["type"] = _SCALAR_TYPES[spec.kind]
        _add_constraints(spec, out)
    return out


def _add_constraints(spec: decl.Spec, out: dict[str, Any]) -> None:
    if spec.enum:
        out["enum"] = list(spec.enum)
    if spec.has_default:
        out["default"] = spec.default
    for key, value in (
        ("pattern", spec.pattern),
        ("minimum", spec.minimum),
        ("maximum", spec.maximum),
        ("minLength", spec.min_length),
        ("maxLength", spec.max_length),
    ):
        if value is not None:
            out[key] = value
