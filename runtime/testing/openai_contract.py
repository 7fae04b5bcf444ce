"""What OpenAI's chat-completions endpoint refuses, checked locally.

A stand-in model that accepts what the real service rejects proves nothing, so the
scripted model runs every request through `check_request` first and answers a
violation the way the real API does: HTTP 400 with the error object

    {"error": {"message": ..., "type": "invalid_request_error", "param": ..., "code": ...}}

Rules and message texts follow OpenAI's documentation of Structured Outputs ("Supported
schemas": strict function schemas) and of the chat-completions request, and the error
texts the API returns for them:

- strict tools (`"strict": true`, which LiveKit Inference always asks for on typed
  tools): the root is an object; every object lists `properties`, sets
  `additionalProperties: false` and names every property in `required` (optional ones
  are nullable instead); arrays have `items`; only the supported keywords appear (no
  `default`, `minLength`, `allOf`, `patternProperties`, ...); at most 10 levels of
  nesting, 5000 properties and 1000 enum values;
- any tool: a valid name (`^[a-zA-Z0-9_-]{1,64}$`), parameters that are an object
  schema, arrays with `items`;
- messages: known roles only; a `tool` message answers a tool call of the assistant
  message right before it (its block), and every tool call of an assistant message is
  answered before the next non-tool message;
- `reasoning_effort` only for reasoning models, with a value that model takes;
  `parallel_tool_calls` only with `tools`.

Standalone (standard library only) so it can be copied into generated projects and used
on its own in tests: `check_request(body)` returns None or a `ContractViolation`;
`strict_schema_problems(schema)` lists what strict mode would refuse in a schema.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

ROLES = ("system", "assistant", "user", "function", "tool", "developer")
_TOOL_NAME = re.compile(r"^[a-zA-Z0-9_-]{1,64}$")

# Structured Outputs' limits on a schema.
MAX_DEPTH = 10
MAX_PROPERTIES = 5000
MAX_ENUM_VALUES = 1000

_TYPES = {"string", "number", "integer", "boolean", "object", "array", "null"}
_STRING_FORMATS = {
    "date-time",
    "time",
    "date",
    "duration",
    "email",
    "hostname",
    "ipv4",
    "ipv6",
    "uuid",
}
# Keywords strict mode accepts; anything else in a schema node is "not permitted".
_PERMITTED = {
    "type",
    "description",
    "title",
    "enum",
    "const",
    "anyOf",
    "$ref",
    "$defs",
    "definitions",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "pattern",
    "format",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "minItems",
    "maxItems",
}

# Reasoning models and the efforts each family takes (OpenAI's model pages).
_EFFORTS_GPT5 = ("minimal", "low", "medium", "high")
_EFFORTS_GPT51 = ("none", "low", "medium", "high")
_EFFORTS_O = ("low", "medium", "high")
_REASONING_FAMILIES: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (re.compile(r"^gpt-5\.\d"), _EFFORTS_GPT51),
    (re.compile(r"^gpt-5"), _EFFORTS_GPT5),
    (re.compile(r"^o[134](-|$)"), _EFFORTS_O),
    (re.compile(r"^gpt-oss"), _EFFORTS_O),
)
# Families known to have no reasoning: `reasoning_effort` is refused for them. Models
# of other providers and unknown ids are not judged.
_NON_REASONING = re.compile(r"^(gpt-4|gpt-3\.5|chatgpt-4o)")


@dataclass(eq=False)
class ContractViolation(Exception):
    """A request the real endpoint refuses, with the response it would give."""

    message: str
    param: str | None = None
    code: str | None = None
    status: int = 400
    type: str = "invalid_request_error"

    def __str__(self) -> str:
        return self.message

    @property
    def body(self) -> dict[str, Any]:
        return {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }


def check_request(body: Any) -> ContractViolation | None:
    """The first reason the endpoint would refuse this chat-completions request body."""
    try:
        _check_request(body)
    except ContractViolation as violation:
        return violation
    return None


def _check_request(body: Any) -> None:
    if not isinstance(body, dict):
        raise ContractViolation("We could not parse the JSON body of your request.")
    if not isinstance(body.get("model"), str) or not body["model"]:
        raise ContractViolation("you must provide a model parameter", param=None, code=None)
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        if messages is None:
            raise ContractViolation(
                "Missing required parameter: 'messages'.",
                param="messages",
                code="missing_required_parameter",
            )
        raise ContractViolation(
            "Invalid 'messages': empty array. Expected an array with minimum length 1,"
            " but got an empty array instead.",
            param="messages",
            code="empty_array",
        )
    _check_messages(messages)
    tools = body.get("tools")
    if tools is not None:
        _check_tools(tools)
    if "parallel_tool_calls" in body and not tools:
        raise ContractViolation(
            "Invalid value for 'parallel_tool_calls': 'parallel_tool_calls' is only"
            " allowed when 'tools' are specified.",
            param="parallel_tool_calls",
            code=None,
        )
    if body.get("reasoning_effort") is not None:
        _check_reasoning_effort(body["model"], body["reasoning_effort"])


# -- messages ---------------------------------------------------------------------------


def _check_messages(messages: list[Any]) -> None:
    pending: dict[str, int] = {}  # tool call id -> index of its assistant message
    open_block = False  # the previous messages are an assistant's tool calls + answers
    for index, message in enumerate(messages):
        if not isinstance(message, dict):
            raise ContractViolation(
                f"Invalid type for 'messages[{index}]': expected an object, but got"
                f" {_json_type(message)} instead.",
                param=f"messages[{index}]",
                code="invalid_type",
            )
        role = message.get("role")
        if role not in ROLES:
            supported = ", ".join(f"'{r}'" for r in ROLES[:-1]) + f", and '{ROLES[-1]}'"
            raise ContractViolation(
                f"Invalid value: '{role}'. Supported values are: {supported}.",
                param=f"messages[{index}].role",
                code="invalid_value",
            )
        if role == "tool":
            call_id = message.get("tool_call_id")
            if not open_block or call_id not in pending:
                raise ContractViolation(
                    "Invalid parameter: messages with role 'tool' must be a response to a"
                    " preceeding message with 'tool_calls'.",
                    param=f"messages.[{index}].role",
                )
            del pending[call_id]
            continue
        if pending:
            first = min(pending.values())
            raise ContractViolation(
                "An assistant message with 'tool_calls' must be followed by tool messages"
                " responding to each 'tool_call_id'. The following tool_call_ids did not"
                " have response messages: " + ", ".join(sorted(pending)),
                param=f"messages.[{first}].role",
            )
        open_block = False
        if role == "assistant":
            calls = message.get("tool_calls") or []
            if not calls and message.get("content") is None:
                raise ContractViolation(
                    f"Invalid value for 'messages[{index}].content': expected a string, got null.",
                    param=f"messages.[{index}].content",
                )
            for call in calls:
                call_id = call.get("id") if isinstance(call, dict) else None
                if not call_id:
                    raise ContractViolation(
                        f"Missing required parameter: 'messages[{index}].tool_calls[0].id'.",
                        param=f"messages.[{index}].tool_calls[0].id",
                        code="missing_required_parameter",
                    )
                pending[call_id] = index
            open_block = bool(calls)
    if pending:
        raise ContractViolation(
            "An assistant message with 'tool_calls' must be followed by tool messages"
            " responding to each 'tool_call_id'. The following tool_call_ids did not"
            " have response messages: " + ", ".join(sorted(pending)),
            param=f"messages.[{min(pending.values())}].role",
        )


# -- tools ------------------------------------------------------------------------------


def _check_tools(tools: Any) -> None:
    if not isinstance(tools, list):
        raise ContractViolation(
            f"Invalid type for 'tools': expected an array, but got {_json_type(tools)} instead.",
            param="tools",
            code="invalid_type",
        )
    for index, tool in enumerate(tools):
        function = tool.get("function") if isinstance(tool, dict) else None
        if not isinstance(function, dict) or tool.get("type") != "function":
            raise ContractViolation(
                f"Missing required parameter: 'tools[{index}].function'.",
                param=f"tools[{index}].function",
                code="missing_required_parameter",
            )
        name = function.get("name")
        if not isinstance(name, str) or not _TOOL_NAME.match(name):
            raise ContractViolation(
                f"Invalid 'tools[{index}].function.name': string does not match pattern."
                " Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.",
                param=f"tools[{index}].function.name",
                code="invalid_value",
            )
        parameters = function.get("parameters")
        if parameters is None:
            continue
        problems = (
            strict_schema_problems(parameters)
            if function.get("strict")
            else _basic_schema_problems(parameters)
        )
        if problems:
            raise ContractViolation(
                f"Invalid schema for function '{name}': {problems[0]}",
                param=f"tools[{index}].function.parameters",
                code="invalid_function_parameters",
            )


def _context(path: tuple[str, ...]) -> str:
    return f"In context={path!r}"


def _root_problem(schema: Any) -> str | None:
    if not isinstance(schema, dict) or schema.get("type") != "object":
        got = schema.get("type") if isinstance(schema, dict) else None
        return f"schema must be a JSON Schema of 'type: \"object\"', got 'type: \"{got}\"'."
    return None


def _basic_schema_problems(schema: Any) -> list[str]:
    """What the endpoint refuses in a non-strict function schema."""
    root = _root_problem(schema)
    if root:
        return [root]
    return [
        f"{_context(path)}, array schema missing items."
        for path, node in _nodes(schema, ())
        if _types_of(node) == {"array"} and "items" not in node
    ]


def strict_schema_problems(schema: Any) -> list[str]:
    """Every rule of strict mode this schema breaks, as the API words it (empty: valid)."""
    root = _root_problem(schema)
    if root:
        return [root]
    problems: list[str] = []
    total_properties = 0
    for path, node in _nodes(schema, ()):
        where = _context(path)
        if not isinstance(node, dict):
            problems.append(f"{where}, schema must be an object.")
            continue
        depth = sum(1 for p in path if p == "properties")
        if depth > MAX_DEPTH:
            problems.append(f"{where}, schema exceeds the maximum nesting depth of {MAX_DEPTH}.")
        for keyword in node:
            if keyword not in _PERMITTED:
                problems.append(f"{where}, '{keyword}' is not permitted.")
        types = _types_of(node)
        unknown = types - _TYPES
        if unknown:
            problems.append(f"{where}, invalid type '{min(unknown)}'.")
        if "format" in node and node["format"] not in _STRING_FORMATS:
            problems.append(f"{where}, format '{node['format']}' is not supported.")
        if isinstance(node.get("enum"), list) and len(node["enum"]) > MAX_ENUM_VALUES:
            problems.append(f"{where}, enum has more than {MAX_ENUM_VALUES} values.")
        if "object" in types:
            properties = node.get("properties")
            if not isinstance(properties, dict):
                problems.append(f"{where}, object schema missing properties.")
                properties = {}
            total_properties += len(properties)
            if node.get("additionalProperties") is not False:
                problems.append(
                    f"{where}, 'additionalProperties' is required to be supplied and to be false."
                )
            required = node.get("required")
            missing = [k for k in properties if not isinstance(required, list) or k not in required]
            if missing:
                problems.append(
                    f"{where}, 'required' is required to be supplied and to be an array"
                    f" including every key in properties. Missing '{missing[0]}'."
                )
            extra = [k for k in (required or []) if k not in properties]
            if extra:
                problems.append(f"{where}, Extra required key '{extra[0]}' supplied.")
        if "array" in types and "items" not in node:
            problems.append(f"{where}, array schema missing items.")
    if total_properties > MAX_PROPERTIES:
        problems.append(f"schema has more than {MAX_PROPERTIES} object properties in total.")
    return problems


def _types_of(node: Any) -> set[str]:
    if not isinstance(node, dict):
        return set()
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {t for t in declared if isinstance(t, str)}
    return set()


def _nodes(node: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every schema node under `node` (itself included) with its context path."""
    yield path, node
    if not isinstance(node, dict):
        return
    properties = node.get("properties")
    if isinstance(properties, dict):
        for name, child in properties.items():
            yield from _nodes(child, (*path, "properties", name))
    items = node.get("items")
    if isinstance(items, dict):
        yield from _nodes(items, (*path, "items"))
    for keyword in ("anyOf", "oneOf", "allOf"):
        options = node.get(keyword)
        if isinstance(options, list):
            for i, child in enumerate(options):
                yield from _nodes(child, (*path, keyword, str(i)))
    for keyword in ("$defs", "definitions"):
        defs = node.get(keyword)
        if isinstance(defs, dict):
            for name, child in defs.items():
                yield from _nodes(child, (*path, keyword, name))
    additional = node.get("additionalProperties")
    if isinstance(additional, dict):
        yield from _nodes(additional, (*path, "additionalProperties"))


# -- other parameters -------------------------------------------------------------------


def reasoning_efforts(model: str) -> tuple[str, ...] | None:
    """The efforts a model takes; () for a model with no reasoning; None when unknown."""
    name = model.split("/", 1)[1] if model.startswith("openai/") else model
    for pattern, efforts in _REASONING_FAMILIES:
        if pattern.match(name):
            return efforts
    if _NON_REASONING.match(name):
        return ()
    return None


def _check_reasoning_effort(model: str, effort: Any) -> None:
    efforts = reasoning_efforts(model)
    if efforts is None:
        return
    if not efforts:
        raise ContractViolation(
            "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
            param="reasoning_effort",
            code="unsupported_parameter",
        )
    if effort not in efforts:
        listed = ", ".join(f"'{e}'" for e in efforts[:-1]) + f", and '{efforts[-1]}'"
        raise ContractViolation(
            f"Unsupported value: 'reasoning_effort' does not support '{effort}' with this"
            f" model. Supported values are: {listed}.",
            param="reasoning_effort",
            code="unsupported_value",
        )


def _json_type(value: Any) -> str:
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "null"
