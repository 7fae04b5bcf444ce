"""JSON schemas for tool parameters and data fields, and value checks against them.

Every schema here passes strict function-schema rules: objects list their properties,
forbid others and require all of them (optional ones are nullable). A free-form object
or array of objects has no such schema, so the model sends it as JSON text and
`decode_arguments` turns it back into JSON before anything else sees it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from .settings import ToolParameter

# "list" (data fields) and "array" (tool parameters) are the same JSON type.
_JSON_TYPES = {"list": "array"}
JSON_TEXT_NOTE = "Write it as JSON text"


def json_type(type_name: str) -> str:
    return _JSON_TYPES.get(type_name, type_name)


def json_text_description(param: ToolParameter) -> str:
    shape = "a JSON object" if param.type == "object" else "a JSON array of objects"
    note = f"{JSON_TEXT_NOTE}: {shape}."
    return f"{param.description.rstrip('.')}. {note}" if param.description else note


def _value_schema(param: ToolParameter) -> dict[str, Any]:
    kind = json_type(param.type)
    if param.as_json_text:
        return {"type": "string", "description": json_text_description(param)}
    schema: dict[str, Any]
    if kind == "object":
        schema = object_schema(param.properties)
    elif kind == "array":
        item = ToolParameter(param.name, param.items, properties=param.properties)
        schema = {"type": "array", "items": _value_schema(item)}
    else:
        schema = {"type": kind}
    if param.description:
        schema["description"] = param.description
    return schema


def property_schema(param: ToolParameter) -> dict[str, Any]:
    schema = _value_schema(param)
    if not param.required:
        schema["type"] = [schema["type"], "null"]
    return schema


def object_schema(params: Iterable[ToolParameter]) -> dict[str, Any]:
    params = list(params)
    return {
        "type": "object",
        "properties": {p.name: property_schema(p) for p in params},
        "required": [p.name for p in params],
        "additionalProperties": False,
    }


def raw_tool_schema(name: str, description: str, params: Iterable[ToolParameter]) -> dict:
    return {"name": name, "description": description, "parameters": object_schema(params)}


def plain(value: Any) -> Any:
    """Arguments as JSON values: pydantic models (typed tool arguments) become dicts."""
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return plain(dump())
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def decode_arguments(
    params: Iterable[ToolParameter], arguments: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """(the arguments as JSON values, problems): JSON-text parameters parsed, models
    dumped. A problem says what is wrong in words the model can act on."""
    decoded = plain(dict(arguments))
    problems = []
    for param in params:
        value = decoded.get(param.name)
        if param.as_json_text and isinstance(value, str):
            try:
                decoded[param.name] = json.loads(value) if value.strip() else None
            except ValueError:
                problems.append(f"'{param.name}' must be valid JSON text")
    return decoded, problems


def checked_arguments(tool: Any, arguments: Mapping[str, Any]) -> dict[str, Any]:
    """A tool's arguments as JSON values, or a ToolError the model can act on."""
    from livekit.agents import ToolError

    decoded, problems = decode_arguments(tool.parameters, arguments)
    problems += check_arguments(tool.parameters, decoded)
    if problems:
        raise ToolError(f"{tool.name}: invalid arguments: " + "; ".join(problems))
    return decoded


def check_value(param: ToolParameter | str, value: Any) -> str | None:
    """None if `value` conforms to the type, else what is wrong (said to the LLM)."""
    if isinstance(param, str):
        param = ToolParameter("value", param)  # type: ignore[arg-type]
    kind = json_type(param.type)
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
    if ok is not None and not ok(value):
        return f"expected {_article(kind)} {kind}, got {type(value).__name__} {value!r}"
    if kind == "object" and param.properties:
        problems = check_arguments(param.properties, value)
        return "; ".join(problems) or None
    if kind == "array":
        item = ToolParameter(param.name, param.items, properties=param.properties)
        for index, element in enumerate(value):
            wrong = check_value(item, element)
            if wrong:
                return f"item {index}: {wrong}"
    return None


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
        wrong = check_value(param, value)
        if wrong:
            problems.append(f"'{param.name}': {wrong}")
    return problems
