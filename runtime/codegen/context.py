"""The template context: what the project templates need to know about a config.

Templates read the typed config (`runtime.config.model.AgentConfig`) directly for plain
values and get the derived facts from here: names, imports, dependencies, examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runtime.codegen.agent_source import (
    answers_source,
    arguments,
    assign,
    assign_value,
    call_ending_source,
    decorator,
    dispatch_metadata,
    fields_source,
    import_block,
    instructions_source,
    is_agent_class,
    mcp_source,
    model_field,
    raw_tool,
    session_source,
    signature,
    tool_call,
    tool_calls_source,
    tool_settings,
)
from runtime.codegen.literals import PySource, class_name
from runtime.codegen.names import RESERVED
from runtime.codegen.render import SUPPORT_PACKAGE
from runtime.codegen.tools_view import ToolView, tool_views

AGENTS_REQUIREMENT = "livekit-agents"
AGENTS_RANGE = "~=1.8"
# Beside livekit-agents, what the copied support package and agent.py import.
BASE_REQUIREMENTS = ("httpx>=0.27,<1", "python-dotenv>=1")
NOISE_CANCELLATION_REQUIREMENT = "livekit-plugins-noise-cancellation~=0.3"
PYDANTIC_REQUIREMENT = "pydantic>=2.5,<3"

SAMPLE_VALUES = {
    "string": "example",
    "number": 1.5,
    "integer": 1,
    "boolean": True,
    "object": {"key": "value"},
    "array": ["example"],
    "list": ["example"],
}


@dataclass(frozen=True)
class ProjectView:
    name: str
    description: str
    dependencies: tuple[str, ...]
    secrets: tuple[str, ...]


def dependencies(config: Any, *, imports_pydantic: bool) -> tuple[str, ...]:
    """livekit-agents with only the extras this agent uses, then what agent.py and the
    support package import directly."""
    extras = ["silero"]  # the VAD, prewarmed in every voice worker
    if config.tools.mcp:
        extras.append("mcp")
    agents = f"{AGENTS_REQUIREMENT}[{','.join(sorted(extras))}]{AGENTS_RANGE}"
    requirements = [agents, *BASE_REQUIREMENTS]
    if imports_pydantic:  # Field(description=...) on tool parameters
        requirements.append(PYDANTIC_REQUIREMENT)
    if config.advanced.noise_cancellation:
        requirements.append(NOISE_CANCELLATION_REQUIREMENT)
    return tuple(requirements)


def sample_value(param: Any) -> Any:
    """A valid value for a tool parameter, as the model would send it."""
    holds_objects = param.type == "object" or (param.type == "array" and param.items == "object")
    if holds_objects and not param.properties:  # sent as JSON text
        return '{"key": "value"}' if param.type == "object" else '[{"key": "value"}]'
    if param.type == "object":
        return {name: SAMPLE_VALUES[prop.type] for name, prop in param.properties.items()}
    if param.type == "array":
        if param.items == "object":
            return [{name: SAMPLE_VALUES[prop.type] for name, prop in param.properties.items()}]
        return [SAMPLE_VALUES[param.items]]
    return SAMPLE_VALUES[param.type]


def sample_arguments(params: Any) -> dict[str, Any]:
    """A valid call's arguments: every parameter with a value of its type."""
    return {p.name: sample_value(p) for p in params}


def field_sample(field: Any) -> dict[str, Any]:
    """A valid answer for a data field's record tool (and its shape in the results)."""
    if field.type == "object":
        return {name: SAMPLE_VALUES[prop.type] for name, prop in field.properties.items()}
    return {field.name: SAMPLE_VALUES[field.type]}


def sample_results(config: Any) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for field in config.data_collection.fields:
        answer = field_sample(field)
        results[field.name] = [answer] if field.multiple else answer
    return results


def sample_payload(config: Any) -> dict[str, Any]:
    """What the end-of-call POST looks like for this agent (fixed example values)."""
    payload: dict[str, Any] = {
        "job_id": "AJ_a1b2c3d4",
        "room_id": "RM_e5f6g7h8",
        "room": "my-room",
        "started_at": "2025-06-01T12:00:00.000000+00:00",
        "ended_at": "2025-06-01T12:04:30.000000+00:00",
    }
    if config.call_ending.summary.enabled:
        payload["summary"] = "The caller asked about ... and the agent ..."
    if config.data_collection.enabled and config.data_collection.fields:
        payload["results"] = sample_results(config)
    return payload


def support_modules(config: Any) -> tuple[str, ...]:
    """The modules of the support package this agent uses (the others are not copied)."""
    modules = {
        "__init__",
        "call",
        "call_ending",
        "data_collection",
        "delivery",
        "masking",
        "redact",  # masking's spellings of a secret
        "schema",
        "settings",
        "variables",
    }
    if config.call_ending.summary.enabled:
        modules.add("summary")
    if config.tools.http:
        modules.add("http_tools")
    if config.tools.client:
        modules.add("client_tools")
    if config.tools.mcp:
        modules.add("mcp_servers")
    if collecting(config):
        modules.add("collection_tools")
    return tuple(sorted(modules))


def collecting(config: Any) -> bool:
    return bool(config.data_collection.enabled and config.data_collection.fields)


def _imports(
    config: Any, tools: list[ToolView], *, annotated: bool, pydantic: list[str]
) -> PySource:
    typed = [v for v in tools if v.typed]
    agents = {
        "Agent",
        "AgentServer",
        "AgentSession",
        "JobContext",
        "JobProcess",
        "TurnHandlingOptions",
        "cli",
        "inference",
        "room_io",
    }
    if typed:
        agents |= {"RunContext", "function_tool"}
    plugins = {"silero"}
    if config.advanced.noise_cancellation:
        plugins.add("noise_cancellation")
    third_party: list[tuple[str, list[str]]] = [
        ("dotenv", ["load_dotenv"]),
        ("livekit.agents", sorted(agents)),
        ("livekit.agents.beta.tools", ["EndCallTool"]),
        ("livekit.plugins", sorted(plugins)),
    ]
    if config.advanced.noise_cancellation:
        third_party.append(("livekit", ["rtc"]))
    if pydantic:
        third_party.append(("pydantic", pydantic))

    support: dict[str, set[str]] = {
        "call": {"CallState"},
        "call_ending": {
            "closing_instructions",
            "end_job_with_session",
            "mark_call_ending",
            "on_session_end",
        },
        "settings": {"CallEndingSettings"},
    }
    if config.call_ending.summary.enabled:
        support["settings"].add("SummarySettings")
    if collecting(config):
        support["call_ending"].add("END_EARLY_DESCRIPTION")
        support["collection_tools"] = {"build_record_tools"}
        support["data_collection"] = {"collection_instructions"}
        support["settings"].add("DataField")
    if config.tools.mcp:
        support["mcp_servers"] = {"build_mcp_toolsets"}
        support["settings"].add("McpServerSettings")
    for view in tools:
        module = "http_tools" if view.kind == "http" else "client_tools"
        support.setdefault(module, set()).add(
            str(view.call_function if view.typed else view.build_function)
        )
        support["settings"].add(str(view.settings_class))
    params = [p for v in tools for p in v.tool.parameters]
    if params or any(f.properties for f in config.data_collection.fields if collecting(config)):
        support["settings"].add("ToolParameter")

    standard: list[tuple[str, list[str]]] = [("logging", [])]
    if annotated:
        standard.append(("typing", ["Annotated"]))
    first_party = [(f"{SUPPORT_PACKAGE}.{m}", sorted(n)) for m, n in support.items()]
    return import_block([standard, third_party, first_party])


def _test_imports(config: Any, tools: list[ToolView]) -> PySource:
    nc = config.advanced.noise_cancellation
    signing = bool(config.call_ending.signing_secret)
    standard: list[tuple[str, list[str]]] = [
        ("json", []),
        ("os", []),
        ("collections.abc", ["Sequence"]),
        ("contextlib", ["AbstractAsyncContextManager"]),
        ("typing", ["Any"]),
    ]
    if signing:
        standard += [("hashlib", []), ("hmac", [])]
    if tools:
        standard += [("dataclasses", ["replace"]), ("urllib.parse", ["urlsplit", "urlunsplit"])]
    if nc:
        standard.append(("types", ["SimpleNamespace"]))
    third_party: list[tuple[str, list[str]]] = [
        ("pytest", []),
        ("livekit.agents", ["RunResult", "inference"]),
        ("livekit.agents.llm", ["LLM"]),
        ("livekit.plugins", ["noise_cancellation", "silero"] if nc else ["silero"]),
    ]
    if nc:
        third_party.append(("livekit", ["rtc"]))
    first_party: list[tuple[str, list[str]]] = [
        ("agent", []),
        (f"{SUPPORT_PACKAGE}.variables", ["Variables"]),
        ("local_server", ["LocalServer"]),
        ("scripted_llm", ["RecordedRequest", "Reply", "ScriptedLLM"]),
        ("text_calls", ["TextCall", "build_voice_session", "text_call"]),
    ]
    if signing:
        first_party.append((f"{SUPPORT_PACKAGE}.delivery", ["SIGNATURE_HEADER"]))
    if tools:
        first_party.append((f"{SUPPORT_PACKAGE}.settings", ["HttpToolSettings"]))
    return import_block([standard, third_party, first_party])


def test_secrets(config: Any) -> dict[str, str]:
    """Stand-in values for the secrets, in the generated tests."""
    return {name: f"test-{name.lower().replace('_', '-')}" for name in config.secret_names}


def report_headers(config: Any) -> dict[str, str]:
    """The end-of-call POST's headers as the tests' metadata and secrets render them
    (ASCII values only: HTTP servers differ on how they decode the others)."""
    from runtime.agent.variables import Variables

    variables = Variables(config.metadata_example(), test_secrets(config))
    rendered = variables.render_headers(config.call_ending.headers)
    return {name: value for name, value in rendered.items() if isinstance(value, str)}


def report_keys(config: Any) -> list[str]:
    keys = ["ended_at", "job_id", "room", "room_id", "started_at"]
    if config.call_ending.summary.enabled:
        keys.append("summary")
    if collecting(config):
        keys.append("results")
    return sorted(keys)


JUDGE_MODELS = ("openai/gpt-4.1-mini", "openai/gpt-4.1")


def judge_model(config: Any) -> str:
    """A judge other than the agent's own model."""
    return next(m for m in JUDGE_MODELS if m != config.models.llm)


def agent_class_name(agent_name: str) -> PySource:
    name = class_name(agent_name)
    while name in RESERVED:  # an agent named "agent" would be `class Agent(Agent)`
        name = PySource(f"{name}Agent")
    return name


def build_context(config: Any, *, config_name: str) -> dict[str, Any]:
    agent_class = agent_class_name(config.agent.name)
    tools = tool_views(config, taken_classes={agent_class})
    typed_params = [p for view in tools if view.typed for p in view.params]
    annotated = any(p.field_description for p in typed_params)
    models = [m for t in tools if t.typed for m in t.models]
    uses_field = annotated or any(p.description for m in models for p in m.properties)
    pydantic = (["BaseModel"] if models else []) + (["Field"] if uses_field else [])
    other_tools = bool(config.tools.http or config.tools.client or config.tools.mcp)
    ending = config.call_ending
    summary_instructions = bool(ending.summary.enabled and ending.summary.instructions)
    return {
        "config": config,
        "config_name": config_name,
        "support": PySource(SUPPORT_PACKAGE),
        "agent_class": agent_class,
        "collecting": collecting(config),
        "models": models,
        "tools": tools,
        "typed_tools": [t for t in tools if t.typed],
        "raw_tools": [t for t in tools if not t.typed],
        "imports": _imports(config, tools, annotated=annotated, pydantic=pydantic),
        "summary_instructions": summary_instructions,
        "fields_source": fields_source(config.data_collection.fields) if collecting(config) else "",
        "mcp_source": mcp_source(config.tools.mcp),
        "call_ending_source": call_ending_source(
            ending,
            final_response=bool(ending.final_response),
            summary_instructions=summary_instructions,
        ),
        "instructions_source": instructions_source(collecting(config), other_tools),
        "session": session_source(config),
        "assign": assign,
        "dispatch_metadata": dispatch_metadata(config.metadata_example()),
        "view_settings": tool_settings,
        "decorator": decorator,
        "signature": signature,
        "arguments": arguments,
        "tool_call": tool_call,
        "model_field": model_field,
        "project": ProjectView(
            name=config.agent.name,
            description=f"LiveKit voice agent '{config.agent.name}', generated by agent-builder",
            dependencies=dependencies(config, imports_pydantic=bool(pydantic)),
            secrets=tuple(config.secret_names),
        ),
        "support_modules": support_modules(config),
        "raw_tool": raw_tool,
        "is_agent_class": is_agent_class(agent_class),
        "session_settings": {
            "stt": config.models.stt,
            "llm": config.models.llm,
            "thinking_effort": config.models.thinking_effort or None,
            "tts": config.models.tts,
            "preemptive_generation": bool(config.advanced.preemptive_generation),
            "delete_room": bool(config.call_ending.delete_room),
        },
        "test_imports": _test_imports(config, tools),
        "assign_value": assign_value,
        "test_secrets": test_secrets(config),
        "report_keys": report_keys(config),
        "report_headers": report_headers(config),
        "judge_model": judge_model(config),
        "tool_calls_source": tool_calls_source(tools, sample_arguments),
        "answers_source": answers_source(config.data_collection.fields, field_sample),
        "metadata_example": config.metadata_example(),
        "sample_results": sample_results(config),
        "sample_payload": sample_payload(config),
        "sample_arguments": sample_arguments,
        "field_sample": field_sample,
    }
