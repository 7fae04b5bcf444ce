"""Client tools: an RPC to the caller's frontend, answered by its method handler."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from livekit import rtc
from livekit.agents import RunContext, ToolError, function_tool, get_job_context
from livekit.agents.llm import FunctionTool, RawFunctionTool

from .call import CallState, call_of
from .schema import checked_arguments, raw_tool_schema
from .settings import ClientToolSettings


async def perform_client_rpc(
    tool: ClientToolSettings,
    arguments: Mapping[str, Any],
    local_participant: rtc.LocalParticipant,
    destination_identity: str,
) -> str:
    """The RPC itself: method = tool name, payload = the arguments as JSON."""
    try:
        return await local_participant.perform_rpc(
            destination_identity=destination_identity,
            method=tool.name,
            payload=json.dumps(dict(arguments)),
            response_timeout=tool.timeout_s,
        )
    except rtc.RpcError as exc:
        raise ToolError(f"{tool.name}: the client could not run it: {exc.message}") from None


def _linked_identity(call: CallState, tool: ClientToolSettings) -> str:
    session = call.session
    linked = None
    if session is not None:
        try:
            linked = session.room_io.linked_participant
        except RuntimeError:
            linked = None
    if linked is None:
        raise ToolError(f"{tool.name}: no caller is connected to answer it")
    return linked.identity


async def call_client_tool(
    tool: ClientToolSettings, arguments: Mapping[str, Any], context: RunContext | CallState
) -> str | None:
    """Run a client tool. Outside a LiveKit room (console mode, the builder's preview,
    tests) no frontend exists: the configured preview response stands in for its
    answer. The answer reaches the model with this call's secret values masked."""
    arguments = checked_arguments(tool, arguments)
    call = call_of(context)
    job = get_job_context(required=False)
    if job is None or job.is_fake_job():
        response = tool.preview_response
    else:
        identity = _linked_identity(call, tool)
        try:
            response = await perform_client_rpc(
                tool, arguments, job.room.local_participant, identity
            )
        except ToolError as exc:
            raise ToolError(call.mask(exc.message)) from None
    return None if tool.silent else call.mask(response)


def build_client_tool(tool: ClientToolSettings) -> FunctionTool | RawFunctionTool:
    async def handler(raw_arguments: dict[str, Any], context: RunContext) -> str | None:
        return await call_client_tool(tool, raw_arguments, context)

    return function_tool(
        handler, raw_schema=raw_tool_schema(tool.name, tool.description, tool.parameters)
    )
