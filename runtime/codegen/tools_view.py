"""How each HTTP/client tool is spelled in the generated `agent.py`.

A tool becomes a typed `@function_tool` method whose parameters are Python arguments
with type annotations and descriptions. Where Python cannot say the schema (a parameter
named like a keyword, or one pydantic would hide), the tool is built from its settings
with a raw JSON schema instead (`build_http_tool` / `build_client_tool`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from runtime.agent.schema import json_text_description
from runtime.agent.settings import ToolParameter
from runtime.codegen.literals import (
    PySource,
    class_name,
    constant_name,
    is_plain_identifier,
    py_name,
    py_str,
)
from runtime.codegen.names import RESERVED
from runtime.config.errors import ConfigError
from runtime.config.rules import reserved_tool_names

# Attributes of `livekit.agents.Agent` (and the generated subclass's own `call`): a tool
# method with one of these names would shadow the SDK. A test keeps this list in step
# with the installed SDK.
AGENT_ATTRIBUTES = frozenset(
    {
        "allow_interruptions",
        "audio_recognition",
        "call",
        "chat_ctx",
        "default",
        "duplex_session",
        "expressive",
        "id",
        "instructions",
        "interruption_detection",
        "label",
        "llm",
        "llm_node",
        "max_endpointing_delay",
        "mcp_servers",
        "min_consecutive_speech_delay",
        "min_endpointing_delay",
        "on_enter",
        "on_exit",
        "on_user_turn_completed",
        "on_user_turn_exceeded",
        "realtime_audio_output_node",
        "realtime_llm_session",
        "session",
        "stt",
        "stt_node",
        "tools",
        "transcription_node",
        "tts",
        "tts_node",
        "turn_detection",
        "update_chat_ctx",
        "update_instructions",
        "update_options",
        "update_tools",
        "use_tts_aligned_transcript",
        "vad",
    }
)

PYTHON_TYPES = {
    "string": "str",
    "number": "float",
    "integer": "int",
    "boolean": "bool",
}


@dataclass(frozen=True)
class ModelView:
    """A pydantic model for an object parameter with declared properties: strict
    function schemas want every object's shape spelled out."""

    class_name: PySource
    tool: str
    parameter: str
    properties: tuple[ParamView, ...]


@dataclass(frozen=True)
class ParamView:
    name: str  # as the model sees it
    py_name: PySource
    type: str
    description: str
    required: bool
    items: str = "string"
    model: ModelView | None = None  # the objects' class, when they declare properties

    @property
    def as_json_text(self) -> bool:
        holds_objects = self.type == "object" or (self.type == "array" and self.items == "object")
        return holds_objects and self.model is None

    @property
    def field_description(self) -> str:
        """The description the model reads (JSON-text parameters say so)."""
        if self.as_json_text:
            return json_text_description(
                ToolParameter(self.name, self.type, self.description, items=self.items)  # type: ignore[arg-type]
            )
        return self.description

    @property
    def annotation(self) -> PySource:
        if self.as_json_text:
            base = "str"
        elif self.type == "object":
            base = str(self.model.class_name)  # type: ignore[union-attr]
        elif self.type == "array":
            item = str(self.model.class_name) if self.model else PYTHON_TYPES[self.items]
            base = f"list[{item}]"
        else:
            base = PYTHON_TYPES[self.type]
        return PySource(base if self.required else f"{base} | None")


@dataclass(frozen=True)
class ToolView:
    kind: str  # "http" | "client"
    tool: Any  # the config's HttpTool / ClientTool
    constant: PySource  # module constant holding its settings
    method: PySource  # method name on the agent class (typed tools)
    context_name: PySource  # the RunContext argument's name
    params: tuple[ParamView, ...]  # required first, each group in config order
    typed: bool

    @property
    def models(self) -> tuple[ModelView, ...]:
        return tuple(p.model for p in self.params if p.model is not None)

    @property
    def name(self) -> str:
        return self.tool.name

    @property
    def needs_name_override(self) -> bool:
        return self.method != self.tool.name

    @property
    def http_method_literal(self) -> PySource:
        """The HTTP method as a literal, `None` for a client tool."""
        return py_str(self.tool.method) if self.kind == "http" else PySource("None")

    @property
    def settings_class(self) -> PySource:
        return PySource("HttpToolSettings" if self.kind == "http" else "ClientToolSettings")

    @property
    def call_function(self) -> PySource:
        return PySource("call_http_tool" if self.kind == "http" else "call_client_tool")

    @property
    def build_function(self) -> PySource:
        return PySource("build_http_tool" if self.kind == "http" else "build_client_tool")


def _python_can_say(name: str, taken: set[str] | frozenset[str] = RESERVED) -> bool:
    # pydantic turns a leading underscore into a private attribute (gone from the schema)
    # and reserves `model_*`; an argument named like a module-level name of agent.py
    # would hide it from the method's body.
    return is_plain_identifier(name) and not name.startswith(("_", "model_")) and name not in taken


def _method_name(tool_name: str, taken: set[str]) -> PySource:
    stem = tool_name if not tool_name.startswith("_") else f"tool{tool_name}"
    return py_name(stem, taken=AGENT_ATTRIBUTES | taken)


class ReservedToolName(ConfigError, ValueError):
    """A configured tool is named like one the agent builds in (end_call, record_<field>);
    the SDK would refuse the duplicate when the call starts."""


def check_reserved_names(config: Any) -> None:
    reserved = reserved_tool_names([f.name for f in config.data_collection.fields])
    for kind in ("http", "client"):
        for index, tool in enumerate(getattr(config.tools, kind)):
            if tool.name in reserved:
                raise ReservedToolName(
                    f"tools.{kind}[{index}].name: '{tool.name}' is the name of a tool the agent"
                    " has built in (end_call, record_<field>); choose another name"
                )


def _param_view(tool_name: str, param: Any, classes: set[str]) -> ParamView:
    model = None
    if param.properties and param.type in ("object", "array"):
        name = class_name(f"{tool_name}_{param.name}", suffix="")
        name = py_name(name, taken=classes)
        classes.add(name)
        model = ModelView(
            class_name=name,
            tool=tool_name,
            parameter=param.name,
            properties=tuple(
                ParamView(key, PySource(key), prop.type, prop.description, True)
                for key, prop in param.properties.items()
            ),
        )
    return ParamView(
        param.name,
        PySource(param.name),
        param.type,
        param.description,
        param.required,
        items=param.items,
        model=model,
    )


def tool_views(config: Any, *, taken_classes: set[str] | None = None) -> list[ToolView]:
    check_reserved_names(config)
    views: list[ToolView] = []
    methods: set[str] = set()
    kinds = [("http", t) for t in config.tools.http] + [("client", t) for t in config.tools.client]
    taken: set[str] = set(RESERVED) | (taken_classes or set())
    for _, tool in kinds:
        taken.add(py_name(constant_name(tool.name), taken=taken))
    module_names = frozenset(taken)  # what an argument must not hide
    classes = set(module_names)
    constants: set[str] = set(RESERVED) | (taken_classes or set())
    for kind, tool in kinds:
        params = [_param_view(tool.name, p, classes) for p in tool.parameters]
        typed = all(
            _python_can_say(p.name, module_names)
            and all(
                _python_can_say(q.name, RESERVED) for q in (p.model.properties if p.model else ())
            )
            for p in params
        )
        params.sort(key=lambda p: not p.required)  # Python wants defaults last
        names = {p.name for p in params}
        method = _method_name(tool.name, methods)
        methods.add(method)
        constant = py_name(constant_name(tool.name), taken=constants)
        constants.add(constant)
        views.append(
            ToolView(
                kind=kind,
                tool=tool,
                constant=constant,
                method=method,
                context_name=py_name("context", taken=names),
                params=tuple(params),
                typed=typed,
            )
        )
    return views
