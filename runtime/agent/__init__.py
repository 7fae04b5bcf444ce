"""The in-agent library: every Agent Builder behaviour, on the LiveKit Agents SDK.

The code generator copies this package into each generated project (as
`src/<support pkg>/`), so it uses relative imports only and depends on nothing but
livekit-agents and httpx (plus the noise-cancellation and silero plugins for voice).

A generated `src/agent.py` reads like hand-written SDK code and calls these blocks:

    from livekit.agents import Agent, AgentServer, JobContext, RunContext, function_tool
    from .support import (  # the copied package
        AgentSettings, CallState, HttpToolSettings, ToolParameter, ...,
        agent_instructions, builtin_tools, build_mcp_toolsets, call_client_tool,
        call_http_tool, create_session, end_job_with_session, greet, on_session_end,
        room_options,
    )

    LOOKUP_ORDER = HttpToolSettings(
        name="lookup_order", description="Look up an order by its number",
        method="GET", url="https://api.example.com/orders/:order_id",
        headers={"Authorization": "Bearer {{secrets.SHOP_TOKEN}}"},
        parameters=(ToolParameter("order_id", "string", "The order number", required=True),),
    )
    SETTINGS = AgentSettings(name="front-desk", instructions="...", http_tools=(LOOKUP_ORDER,),
                             ...)

    class FrontDesk(Agent):
        def __init__(self, call: CallState) -> None:
            self.call = call
            super().__init__(
                instructions=agent_instructions(call),
                # end_call, or record_<field> tools in data collection mode; MCP toolsets
                tools=[*builtin_tools(call),
                       *build_mcp_toolsets(SETTINGS.mcp_servers, call.variables)],
            )

        async def on_enter(self) -> None:
            await greet(self.session, self.call)

        @function_tool
        async def lookup_order(self, context: RunContext[CallState], order_id: str):
            \"\"\"Look up an order by its number

            Args:
                order_id: The order number, digits only
            \"\"\"
            return await call_http_tool(LOOKUP_ORDER, {"order_id": order_id}, context)

        # a client tool is the same with `call_client_tool(SHOW_PRODUCT, {...}, context)`

    def prewarm(proc: JobProcess) -> None:            # VAD loaded once per process
        if not is_preview():
            proc.userdata["vad"] = silero.VAD.load()

    server = AgentServer(setup_fnc=prewarm)

    @server.rtc_session(agent_name="front-desk", on_session_end=on_session_end)
    async def entrypoint(ctx: JobContext) -> None:
        call = CallState.from_job(SETTINGS, ctx)       # metadata, secrets, results
        # text-only under the preview; otherwise Inference STT/LLM/TTS + turn detector
        session = create_session(call, vad=ctx.proc.userdata.get("vad"))
        end_job_with_session(session, call, ctx)       # any ending ends the job
        await session.start(agent=FrontDesk(call), room=ctx.room,
                            room_options=room_options(SETTINGS))

`start_call(ctx, settings)` does that whole entrypoint with `BuilderAgent`, an agent
built from settings at run time (raw-schema tools); tests and benches use it.

Conventions other parts rely on:
- Tools get the call through `context.userdata` (the session's userdata is the
  `CallState`). `call.collected.results()` is the data collected so far, shaped as the
  POST's `results` (one key per field; null / [] while unanswered); `call.payload` is
  the end-of-call payload once built.
- Tool failures reach the model as `ToolError` text; silent tools return None (no
  reply). `room_options(settings)` carries noise cancellation (BVC, BVCTelephony for
  SIP callers) and `delete_room_on_close`.
- Data collection tools are named `record_<field>`; their arguments are the answer and
  their output starts with `Recorded <field>: <answer JSON>.` (see `data_collection`).
- `on_session_end(ctx)` builds `{job_id, room_id, room, started_at, ended_at, summary?,
  results?}` and POSTs it (retries, idempotency key; logged at error level when it
  cannot be delivered). `finish_call(call)` does the same for an explicit call.
- `generate_summary(history, summary_settings, variables)` summarizes without ending
  the call (the preview's "Generate summary").

Preview switch (environment variables set by the builder's preview, see `preview`):
- AGENT_BUILDER_PREVIEW=1: text-only session from the start, client tools answer
  their preview_response;
- AGENT_BUILDER_PREVIEW_METADATA: JSON mock metadata, used when the job has none;
- AGENT_BUILDER_PREVIEW_ENDPOINT: where the end-of-call POST goes instead.
"""

# Exports load their module on first use (PEP 562), so tools that only need the plain
# settings and schemas (the code generator) import no livekit.agents.
_EXPORTS = {
    "AdvancedSettings": "settings",
    "AgentSettings": "settings",
    "BuilderAgent": "session",
    "CallEndingSettings": "settings",
    "CallState": "call",
    "ClientToolSettings": "settings",
    "CollectedData": "data_collection",
    "DEFAULT_SUMMARY_INSTRUCTIONS": "summary",
    "DataField": "settings",
    "DeliverySettings": "settings",
    "HttpToolSettings": "settings",
    "McpServerSettings": "settings",
    "ModelSettings": "settings",
    "PREVIEW": "preview",
    "PREVIEW_ENDPOINT": "preview",
    "PREVIEW_METADATA": "preview",
    "SummarySettings": "settings",
    "ToolParameter": "settings",
    "shutdown_timeout_s": "settings",
    "Variables": "variables",
    "agent_instructions": "session",
    "build_client_tool": "client_tools",
    "build_end_call_tool": "call_ending",
    "build_http_tool": "http_tools",
    "build_mcp_toolsets": "mcp_servers",
    "build_record_tool": "collection_tools",
    "build_record_tools": "collection_tools",
    "builtin_tools": "session",
    "call_client_tool": "client_tools",
    "call_http_tool": "http_tools",
    "call_of": "call",
    "closing_instructions": "call_ending",
    "configured_tools": "session",
    "create_session": "session",
    "end_after_this_turn": "call_ending",
    "end_job_with_session": "call_ending",
    "finish_call": "call_ending",
    "generate_summary": "summary",
    "greet": "session",
    "is_preview": "preview",
    "on_session_end": "call_ending",
    "post_end_of_call": "delivery",
    "record_tool_name": "data_collection",
    "render": "variables",
    "room_options": "session",
    "start_call": "session",
}


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{module}", __name__), name)


__all__ = [
    "DEFAULT_SUMMARY_INSTRUCTIONS",
    "PREVIEW",
    "PREVIEW_ENDPOINT",
    "PREVIEW_METADATA",
    "AdvancedSettings",
    "AgentSettings",
    "BuilderAgent",
    "CallEndingSettings",
    "CallState",
    "ClientToolSettings",
    "CollectedData",
    "DataField",
    "DeliverySettings",
    "HttpToolSettings",
    "McpServerSettings",
    "ModelSettings",
    "SummarySettings",
    "ToolParameter",
    "Variables",
    "agent_instructions",
    "build_client_tool",
    "build_end_call_tool",
    "build_http_tool",
    "build_mcp_toolsets",
    "build_record_tool",
    "build_record_tools",
    "builtin_tools",
    "call_client_tool",
    "call_http_tool",
    "call_of",
    "closing_instructions",
    "configured_tools",
    "create_session",
    "end_after_this_turn",
    "end_job_with_session",
    "finish_call",
    "generate_summary",
    "greet",
    "is_preview",
    "on_session_end",
    "post_end_of_call",
    "record_tool_name",
    "render",
    "room_options",
    "shutdown_timeout_s",
    "start_call",
]
