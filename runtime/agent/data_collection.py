"""Data collection mode: one `record_<field>` tool per field, values checked against
their type before they are accepted, results shaped as the end-of-call POST wants.

Convention (the preview follows it from the SDK's function-call events):
- tool name `record_<field name>`; its arguments are the answer: the declared
  properties for an `object` field, else `{"<field name>": value}`;
- output on success: `Recorded <field>: <answer as JSON>.` followed by what is still
  missing; on a wrong value a ToolError `Not recorded: <field>: <problem>`;
- a multiple-answer field appends one answer per call; a single-answer field keeps the
  latest (the caller may correct it);
- `results()` holds what was answered: an object per single-answer field, a list of
  objects per multiple-answer field. A single-answer field never answered (the caller
  hung up first) is left out; a multiple-answer field with no answer is `[]`. Never
  null.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from .schema import check_arguments, raw_tool_schema
from .settings import DataField, ToolParameter

if TYPE_CHECKING:
    from .call import CallState

RECORD_PREFIX = "record_"


def record_tool_name(field: DataField) -> str:
    return f"{RECORD_PREFIX}{field.name}"


def answer_parameters(field: DataField) -> tuple[ToolParameter, ...]:
    """The arguments of a field's record tool."""
    if field.type == "object":
        return tuple(field.properties)
    return (ToolParameter(name=field.name, type=field.type, description=field.description),)


def record_tool_schema(field: DataField) -> dict[str, Any]:
    answers = "one of possibly several answers" if field.multiple else "the answer"
    description = (
        f"Record {answers} for '{field.name}': {field.description}. "
        "Call it as soon as the caller has given this information."
    )
    return raw_tool_schema(record_tool_name(field), description, answer_parameters(field))


class CollectedData:
    """The answers collected so far in one call (never shared between calls)."""

    def __init__(self, fields: Iterable[DataField]) -> None:
        self.fields = {field.name: field for field in fields}
        self._answers: dict[str, list[dict[str, Any]]] = {name: [] for name in self.fields}

    def record(self, field_name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Accept one answer or raise ValueError saying what is wrong with it."""
        field = self.fields[field_name]
        params = answer_parameters(field)
        problems = check_arguments(params, arguments)
        if problems:
            raise ValueError("; ".join(problems))
        answer = {p.name: arguments[p.name] for p in params if arguments.get(p.name) is not None}
        if field.multiple:
            self._answers[field_name].append(answer)
        else:
            self._answers[field_name] = [answer]
        return answer

    def missing_required(self) -> list[str]:
        return [n for n, f in self.fields.items() if f.required and not self._answers[n]]

    @property
    def complete(self) -> bool:
        return bool(self.fields) and not self.missing_required()

    def results(self) -> dict[str, Any]:
        """The POST's `results`: an object per answered single-answer field (an
        unanswered one is left out), a list of objects per multiple-answer field (`[]`
        when it has none)."""
        results: dict[str, Any] = {}
        for name, field in self.fields.items():
            answers = self._answers[name]
            if field.multiple:
                results[name] = [dict(a) for a in answers]
            elif answers:
                results[name] = dict(answers[-1])
        return results

    def progress_note(self) -> str:
        missing = self.missing_required()
        if missing:
            return "Still required: " + ", ".join(missing) + "."
        optional = [n for n, f in self.fields.items() if not f.required and not self._answers[n]]
        if optional:
            return (
                "All required fields are collected. Optional, not yet given: "
                + ", ".join(optional)
                + "."
            )
        return "All fields are collected."


def describe_answer(field: DataField, answer: dict[str, Any]) -> str:
    return f"Recorded {field.name}: {json.dumps(answer, ensure_ascii=False)}."


def collection_instructions(
    instructions: str, fields: Iterable[DataField], call: CallState, *, other_tools: bool = False
) -> str:
    """The agent's prompt in data collection mode: its own instructions, then what to
    collect and how (`other_tools`: it also has HTTP/client/MCP tools)."""
    section = data_collection_prompt(fields, call.render, other_tools)
    return f"{instructions.strip()}\n\n{section}"


def data_collection_prompt(
    fields: Iterable[DataField], render: Callable[[str], str], has_other_tools: bool
) -> str:
    """The instructions section for data collection mode. Field instructions live here,
    next to their field, so the model uses tools where a field asks for them rather than
    greedily (the spec's advice for tools combined with data collection)."""
    lines = [
        "# Information to collect",
        (
            "Collect the following from the caller through natural conversation, one"
            " question at a time. As soon as the caller gives a value, call its"
            " record_<field> tool. If a tool says a value was not recorded, ask again."
        ),
    ]
    for field in fields:
        need = "required" if field.required else "optional"
        count = "one or more answers" if field.multiple else "one answer"
        kind: str = field.type
        if field.type == "object" and field.properties:
            kind += " with " + ", ".join(p.name for p in field.properties)
        lines.append(f"- {field.name} ({need}, {count}, {kind}): {render(field.description)}")
        if field.instructions:
            lines.append(f"  Instructions for {field.name}: {render(field.instructions)}")
    if has_other_tools:
        lines.append(
            "Call other tools only when the caller asks for something they provide or when"
            " a field's instructions above say so; never call them speculatively, and keep"
            " the conversation focused on collecting the information."
        )
    lines.append("The call ends by itself once every required item is recorded.")
    return "\n".join(lines)
