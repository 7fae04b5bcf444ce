"""The identifiers the generated `src/agent.py` uses that do not come from the config.

A name derived from the config (a tool's method, settings constant or argument model,
the agent's class) must never take one of these: the generator renames it (`py_name`
with `taken=RESERVED`), and tools whose argument names would shadow one are built from
a raw JSON schema instead. Tests of the config's accepted names check against this.
"""

from __future__ import annotations

# Module-level constants and functions of agent.py.
MODULE_NAMES = (
    "AGENT_NAME",
    "CALL_ENDING",
    "FIELDS",
    "FINAL_RESPONSE",
    "GREETING",
    "INSTRUCTIONS",
    "MCP_SERVERS",
    "SUMMARY_INSTRUCTIONS",
    "entrypoint",
    "logger",
    "prewarm",
    "server",
)

# What agent.py imports from its support package.
SUPPORT_NAMES = (
    "CallEndingSettings",
    "CallState",
    "ClientToolSettings",
    "DataField",
    "END_EARLY_DESCRIPTION",
    "HttpToolSettings",
    "McpServerSettings",
    "SummarySettings",
    "ToolParameter",
    "build_client_tool",
    "build_http_tool",
    "build_mcp_toolsets",
    "build_record_tools",
    "call_client_tool",
    "call_http_tool",
    "closing_instructions",
    "collection_instructions",
    "end_job_with_session",
    "mark_call_ending",
    "on_session_end",
)

# What agent.py imports from the standard library, the SDK and pydantic.
LIBRARY_NAMES = (
    "Agent",
    "AgentServer",
    "AgentSession",
    "Annotated",
    "BaseModel",
    "EndCallTool",
    "Field",
    "JobContext",
    "JobProcess",
    "RunContext",
    "TurnHandlingOptions",
    "cli",
    "function_tool",
    "inference",
    "load_dotenv",
    "logging",
    "noise_cancellation",
    "room_io",
    "rtc",
    "silero",
)

# Local names inside a typed tool method besides its arguments, and the builtins the
# annotations of argument models use (a model field named `str` would hide the type
# from the fields after it).
METHOD_LOCALS = ("arguments", "self")
ANNOTATION_BUILTINS = ("bool", "float", "int", "list", "str")

RESERVED = frozenset(
    MODULE_NAMES + SUPPORT_NAMES + LIBRARY_NAMES + METHOD_LOCALS + ANNOTATION_BUILTINS
)
