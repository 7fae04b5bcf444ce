"""The `record_<field>` tools of data collection mode (see `data_collection`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from livekit.agents import RunContext, ToolError, ToolResult, function_tool
from livekit.agents.llm import FunctionTool, RawFunctionTool

from .call import call_of
from .call_ending import closing_instructions, end_after_this_turn
from .data_collection import describe_answer, record_tool_schema
from .settings import DataField


def build_record_tool(field: DataField) -> FunctionTool | RawFunctionTool:
    async def record(raw_arguments: dict[str, Any], context: RunContext) -> str | ToolResult:
        call = call_of(context)
        try:
            answer = call.collected.record(field.name, raw_arguments)
        except ValueError as exc:
            raise ToolError(f"Not recorded: {field.name}: {exc}. Ask the caller again.") from None
        note = f"{describe_answer(field, answer)} {call.collected.progress_note()}"
        if call.collected.complete and end_after_this_turn(context):
            closing = closing_instructions(call)
            if closing:
                return f"{note} {closing}"
            # no closing line: keep the output (the preview reads it) but ask for no reply
            return ToolResult(f"{note} The call is ending now.", reply_required=False)
        return note

    return function_tool(record, raw_schema=record_tool_schema(field))


def build_record_tools(fields: Sequence[DataField]) -> list[FunctionTool | RawFunctionTool]:
    """One `record_<field>` tool per field."""
    return [build_record_tool(field) for field in fields]
