"""JSON schemas for tool parameters and data fields, and value checks against them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .settings import ToolParameter

# "list" (data fields) and "array" (tool parameters) are the same JSON type. Items are
# strings: several providers reject an array schema without `items`.
_JSON_TYPES = {"list": "array"}


def json_type(type_name: str) -> str:
    return _JSON_TYPES.get(type_name, type_name)


def property_schema(param: ToolParameter) -> dict[str, Any]:
    kind = json_type(param.type)
    schema: dict[str, Any] = {"type": kind}
    if kind == "array":
        schema["items"] = {"type": "string"}
    if param.description:
        schema["description"] = param.description
    return schema


def object_schema(params: Iterable[ToolParameter]) -> dict[str, Any]:
    params = list(params)
    return {
        "type": "object",
        "properties": {p.name: property_schema(p) for p in params},
        "required": [p.name for p in params if p.required],
    }


def raw_tool_schema(name: str, description: str, params: Iterable[ToolParameter]) -> dict:
    return {"name": name, "description": description, "parameters": object_schema(params)}


def check_value(type_name: str, value: Any) -> str | None:
    """None if `value` conforms to the type, else what is wrong (said to the LLM)."""
    kind = json_type(type_name)
    ok = {
        "string": lambda v: isinstance(v, str),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "integer": lambda v: (
            (isinstance(v, int) and not isinstance(v, bool))
            or (isinstance(v, float) and v.is_integer())
        ),
        "boolean": lambda v: isinstance(v, bool),
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
    }.get(kind)
    if ok is None or ok(value):
        return None
    return f"expected {_article(kind)} {kind}, got {type(value).__name__} {value!r}"


def _article(word: str) -> str:
    return "an" if word[0] in "aeiou" else "a"


def check_arguments(params: Iterable[ToolParameter], arguments: dict[str, Any]) -> list[str]:
    """Problems with the arguments: missing required ones and wrong types."""
    problems = []
    for param in params:
        value = arguments.get(param.name)
        if value is None:
            if param.required:
                problems.append(f"'{param.name}' is required")
            continue
        wrong = check_value(param.type, value)
        if wrong:
            problems.append(f"'{param.name}': {wrong}")
    return problems
