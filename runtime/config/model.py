"""A typed, frozen, defaults-filled view of the agent file, for code generation and deploy.

Every dataclass mirrors one declaration (its `SPEC`); values are filled from the file or
from the declared defaults by one generic builder, and a test checks that the fields and
the declarations match, so the two cannot drift. Optional values with no default are None.
"""

from __future__ import annotations

import os
import typing
from dataclasses import dataclass, fields
from typing import Any, ClassVar

from runtime.config import declarations as decl
from runtime.config.errors import ConfigInvalidError
from runtime.config.variables import metadata_keys, secret_names


@dataclass(frozen=True)
class Agent:
    SPEC: ClassVar[decl.Spec] = decl.AGENT
    name: str
    instructions: str


@dataclass(frozen=True)
class Greeting:
    SPEC: ClassVar[decl.Spec] = decl.GREETING
    enabled: bool
    instructions: str


@dataclass(frozen=True)
class Models:
    SPEC: ClassVar[decl.Spec] = decl.MODELS
    stt: str
    language: str
    llm: str
    thinking_effort: str | None
    tts: str
    voice: str


@dataclass(frozen=True)
class Property:
    SPEC: ClassVar[decl.Spec] = decl.FIELD.item.child("properties").item  # type: ignore[union-attr]
    type: str
    description: str


@dataclass(frozen=True)
class Field:
    SPEC: ClassVar[decl.Spec] = decl.FIELD.item  # type: ignore[assignment]
    name: str
    description: str
    type: str
    multiple: bool
    required: bool
    instructions: str
    properties: dict[str, Property]


@dataclass(frozen=True)
class DataCollection:
    SPEC: ClassVar[decl.Spec] = decl.DATA_COLLECTION
    enabled: bool
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Parameter:
    SPEC: ClassVar[decl.Spec] = decl.HTTP_TOOL.item.child("parameters").item  # type: ignore[union-attr]
    name: str
    type: str
    description: str
    required: bool
    items: str
    properties: dict[str, Property]


@dataclass(frozen=True)
class HttpTool:
    SPEC: ClassVar[decl.Spec] = decl.HTTP_TOOL.item  # type: ignore[assignment]
    name: str
    description: str
    method: str
    url: str
    silent: bool
    timeout_s: float
    headers: dict[str, str]
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True)
class ClientTool:
    SPEC: ClassVar[decl.Spec] = decl.CLIENT_TOOL.item  # type: ignore[assignment]
    name: str
    description: str
    preview_response: str
    silent: bool
    timeout_s: float
    parameters: tuple[Parameter, ...]


@dataclass(frozen=True)
class McpServer:
    SPEC: ClassVar[decl.Spec] = decl.MCP_SERVER.item  # type: ignore[assignment]
    name: str
    url: str
    transport: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Tools:
    SPEC: ClassVar[decl.Spec] = decl.TOOLS
    http: tuple[HttpTool, ...]
    client: tuple[ClientTool, ...]
    mcp: tuple[McpServer, ...]


@dataclass(frozen=True)
class Summary:
    SPEC: ClassVar[decl.Spec] = decl.CALL_ENDING.child("summary")  # type: ignore[assignment]
    enabled: bool
    llm: str
    thinking_effort: str | None
    instructions: str


@dataclass(frozen=True)
class CallEnding:
    SPEC: ClassVar[decl.Spec] = decl.CALL_ENDING
    final_response: str
    delete_room: bool
    endpoint_url: str
    headers: dict[str, str]
    signing_secret: str
    summary: Summary


@dataclass(frozen=True)
class MetadataVar:
    SPEC: ClassVar[decl.Spec] = decl.METADATA_TABLE.item  # type: ignore[assignment]
    description: str
    example: Any  # any JSON value


@dataclass(frozen=True)
class Advanced:
    SPEC: ClassVar[decl.Spec] = decl.ADVANCED
    noise_cancellation: bool
    preemptive_generation: bool
    turn_detection: bool


@dataclass(frozen=True)
class AgentConfig:
    SPEC: ClassVar[decl.Spec] = decl.ROOT
    version: int
    agent: Agent
    greeting: Greeting
    models: Models
    data_collection: DataCollection
    tools: Tools
    call_ending: CallEnding
    metadata: dict[str, MetadataVar]
    advanced: Advanced

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AgentConfig:
        """Build from plain data that passed validation (wrong shapes raise TypeError)."""
        return _build(cls, data)

    @classmethod
    def from_document(cls, doc: Any) -> AgentConfig:
        return cls.from_dict(doc.to_dict())

    @property
    def secret_names(self) -> list[str]:
        """Every `{{secrets.X}}` name used, sorted: what `.env.example` must list."""
        return secret_names(_plain(self))

    @property
    def metadata_used(self) -> list[str]:
        return metadata_keys(_plain(self))

    def metadata_example(self) -> dict[str, Any]:
        """Mock job metadata from the declared examples (the preview's and dispatch's)."""
        return {name: var.example for name, var in self.metadata.items()}


def load_config(path: str | os.PathLike[str]) -> AgentConfig:
    """Load, validate and type a file. Raises ConfigLoadError or ConfigInvalidError."""
    from runtime.config.document import AgentDocument
    from runtime.config.validate import has_errors, validate

    doc = AgentDocument.load(path)
    problems = validate(doc)
    if has_errors(problems):
        raise ConfigInvalidError(str(path), problems)
    return AgentConfig.from_document(doc)


def build_typed(cls: type, data: Any) -> Any:
    """Any dataclass mirroring a declaration (its `SPEC`), from plain data that passed
    validation, with declared defaults filled in (the scenario file's model uses it too)."""
    return _build(cls, data)


def _build(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: expected a table, got {type(data).__name__}")
    spec: decl.Spec = cls.SPEC  # type: ignore[attr-defined]
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for field in fields(cls):
        child = spec.child(field.name)
        assert child is not None, f"{cls.__name__}.{field.name} has no declaration"
        raw = data.get(field.name)
        values[field.name] = _value(hints[field.name], child, raw)
    return cls(**values)


def _value(hint: Any, spec: decl.Spec, raw: Any) -> Any:
    if spec.kind == "table":
        return _build(hint, raw if raw is not None else {})
    if spec.kind == "array":
        item_cls = typing.get_args(hint)[0]
        return tuple(_build(item_cls, item) for item in raw or [])
    if spec.kind == "map" and spec.item is not None and spec.item.kind != "table":
        return dict(raw or {})  # plain values by name, e.g. free-form sample data
    if spec.kind == "map":
        entry_cls = typing.get_args(hint)[1]
        return {key: _build(entry_cls, value) for key, value in (raw or {}).items()}
    if spec.kind == "headers":
        return dict(raw or {})
    if raw is None:
        return spec.default if spec.has_default else None
    if spec.kind == "number":
        return float(raw)
    return raw


def _plain(value: Any) -> Any:
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value
