"""The template context: what the project templates need to know about a config.

Templates read the typed config (`runtime.config.model.AgentConfig`) directly for plain
values and get the derived facts from here: names, imports, dependencies, examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runtime.codegen.literals import PySource, class_name, py_literal
from runtime.codegen.render import SUPPORT_PACKAGE
from runtime.codegen.tools_view import ToolView, tool_views

AGENTS_REQUIREMENT = "livekit-agents"
AGENTS_RANGE = "~=1.8"
# Beside livekit-agents, what the copied support package and agent.py import.
BASE_REQUIREMENTS = ("httpx>=0.27,<1",)
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


def parameter_source(param: Any) -> PySource:
    """`ToolParameter(...)` for a config parameter (or an object field's property)."""
    args = [py_literal(param.name), py_literal(param.type)]
    if param.description:
        args.append(py_literal(param.description))
    if not getattr(param, "required", True):
        args.append(PySource("required=False"))
    if getattr(param, "items", "string") != "string":
        args.append(PySource(f"items={py_literal(param.items)}"))
    properties = getattr(param, "properties", None) or {}
    if properties:
        inner = ", ".join(parameter_source(_Named(name, prop)) for name, prop in properties.items())
        args.append(PySource(f"properties=({inner},)"))
    return PySource(f"ToolParameter({', '.join(args)})")


@dataclass(frozen=True)
class _Named:
    """A property (keyed by name in the config) seen as a parameter."""

    name: str
    prop: Any

    def __getattr__(self, key: str) -> Any:
        return getattr(self.prop, key)


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


def _library_imports(config: Any, tools: list[ToolView]) -> list[str]:
    names = {
        "AgentSettings",
        "CallState",
        "ModelSettings",
        "AdvancedSettings",
        "CallEndingSettings",
        "agent_instructions",
        "builtin_tools",
        "create_session",
        "end_job_with_session",
        "is_preview",
        "on_session_end",
        "room_options",
        "shutdown_timeout_s",
    }
    if config.greeting.enabled:
        names.add("greet")
    if config.call_ending.summary.enabled:
        names.add("SummarySettings")
    if config.data_collection.fields:
        names.add("DataField")
    if config.tools.mcp:
        names |= {"McpServerSettings", "build_mcp_toolsets"}
    for view in tools:
        names.add(view.settings_class)
        names.add(view.call_function if view.typed else view.build_function)
    has_params = any(view.tool.parameters for view in tools) or any(
        f.properties for f in config.data_collection.fields
    )
    if has_params:
        names.add("ToolParameter")
    return sorted(names, key=lambda n: (not n[0].isupper(), n))


def _typing_imports(tools: list[ToolView]) -> list[str]:
    typed_params = [p for view in tools if view.typed for p in view.params]
    return ["Annotated"] if any(p.field_description for p in typed_params) else []


def build_context(config: Any, *, config_name: str) -> dict[str, Any]:
    agent_class = class_name(config.agent.name)
    tools = tool_views(config, taken_classes={agent_class})
    typing_imports = _typing_imports(tools)
    models = [m for t in tools if t.typed for m in t.models]
    uses_field = "Annotated" in typing_imports or any(
        p.description for m in models for p in m.properties
    )
    uses_pydantic = bool(models) or uses_field
    return {
        "config": config,
        "config_name": config_name,
        "support": PySource(SUPPORT_PACKAGE),
        "agent_class": agent_class,
        "models": models,
        "pydantic_imports": [
            PySource(n)
            for n in (["BaseModel"] if models else []) + (["Field"] if uses_field else [])
        ],
        "tools": tools,
        "typed_tools": [t for t in tools if t.typed],
        "raw_tools": [t for t in tools if not t.typed],
        "typing_imports": [PySource(n) for n in typing_imports],
        "library_imports": [PySource(n) for n in _library_imports(config, tools)],
        "project": ProjectView(
            name=config.agent.name,
            description=f"LiveKit voice agent '{config.agent.name}', generated by agent-builder",
            dependencies=dependencies(config, imports_pydantic=uses_pydantic),
            secrets=tuple(config.secret_names),
        ),
        "metadata_example": config.metadata_example(),
        "sample_results": sample_results(config),
        "sample_payload": sample_payload(config),
        "sample_arguments": sample_arguments,
        "field_sample": field_sample,
        "parameter_source": parameter_source,
    }
