"""The in-agent library: the Agent Builder behaviours `src/agent.py` uses, on the
LiveKit Agents SDK.

The code generator copies the modules a project needs into it (as `src/agent_support/`),
so they use relative imports only and depend on nothing but livekit-agents and httpx.
`agent.py` builds the session, the room options and the tools itself, and imports:

- `call`: `CallState`, the per-call state (metadata and secrets for placeholders, the
  collected data, the report); the session's userdata;
- `settings`: the plain settings of tools, data fields and the call ending;
- `http_tools` / `client_tools`: `call_http_tool` / `call_client_tool`, what a typed
  `@function_tool` method does, and `build_*_tool` for tools Python cannot spell;
- `mcp_servers`: `build_mcp_toolsets`; `collection_tools`: the `record_<field>` tools;
- `data_collection`: `collection_instructions` (the prompt section) and the results;
- `call_ending`: the closing line, `end_job_with_session`, `on_session_end` (the
  end-of-call report: summary and results POSTed by `delivery`), `mark_call_ending`
  for the SDK's `EndCallTool`.

Conventions other parts rely on:
- Tools get the call through `context.userdata`. `call.collected.results()` is the
  data collected so far, shaped as the POST's `results`; `call.payload` is the
  end-of-call payload once built.
- Tool failures reach the model as `ToolError` text safe to speak; silent tools return
  None (no reply). Secret values are masked in every tool result, error and log line.
- Data collection tools are named `record_<field>`; their arguments are the answer and
  their output starts with `Recorded <field>: <answer JSON>.` (see `data_collection`).
"""
