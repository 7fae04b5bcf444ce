"""What the scenario file may refer to in the agent: its tools and their parameters, its
data-collection fields, its metadata variables.

Read defensively from the agent file's plain data, so a half-written agent file still
lets the scenario file be checked against what is there.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

END_CALL = "end_call"
RECORD_PREFIX = "record_"
DEFAULT_LLM = "openai/gpt-4.1-mini"  # [models] llm's declared default (a test checks)


@dataclass(frozen=True)
class ToolFacts:
    name: str
    kind: str  # "http" | "client" | "record" | "end_call"
    parameters: tuple[str, ...] = ()
    silent: bool = False
    types: tuple[tuple[str, str], ...] = ()  # (parameter, its declared type)

    @property
    def mockable(self) -> bool:
        return self.kind in ("http", "client")

    def type_of(self, parameter: str) -> str:
        return dict(self.types).get(parameter, "string")


@dataclass(frozen=True)
class FieldFacts:
    name: str
    type: str
    multiple: bool
    properties: tuple[str, ...]
    property_types: tuple[tuple[str, str], ...] = ()

    @property
    def answer_keys(self) -> tuple[str, ...]:
        """The keys of one answer: the properties of an object field, else the name."""
        return self.properties if self.type == "object" else (self.name,)


@dataclass(frozen=True)
class AgentFacts:
    name: str = ""
    tools: dict[str, ToolFacts] = field(default_factory=dict)
    fields: dict[str, FieldFacts] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)  # name -> example
    collects_data: bool = False
    has_mcp: bool = False
    posts_at_end: bool = False  # an endpoint_url is set: the end-of-call POST goes out
    llm: str = DEFAULT_LLM  # the agent's language model and its thinking effort
    thinking_effort: str | None = None

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> AgentFacts:
        collection = _table(data, "data_collection")
        collects = collection.get("enabled") is True
        fields = {}
        for raw in _entries(collection.get("fields")):
            name = raw.get("name")
            if isinstance(name, str):
                fields[name] = FieldFacts(
                    name=name,
                    type=str(raw["type"]) if isinstance(raw.get("type"), str) else "string",
                    multiple=raw.get("multiple") is True,
                    properties=tuple(_table(raw, "properties")),
                    property_types=_types(_table(raw, "properties").items()),
                )
        tools: dict[str, ToolFacts] = {}
        for kind in ("http", "client"):
            for raw in _entries(_table(data, "tools").get(kind)):
                name = raw.get("name")
                if isinstance(name, str):
                    named = [
                        (p["name"], p)
                        for p in _entries(raw.get("parameters"))
                        if isinstance(p.get("name"), str)
                    ]
                    tools[name] = ToolFacts(
                        name,
                        kind,
                        tuple(n for n, _ in named),
                        raw.get("silent") is True,
                        _types(named),
                    )
        if collects and fields:
            for f in fields.values():
                types = f.property_types if f.type == "object" else ((f.name, f.type),)
                tools[RECORD_PREFIX + f.name] = ToolFacts(
                    RECORD_PREFIX + f.name, "record", f.answer_keys, types=types
                )
        else:
            tools[END_CALL] = ToolFacts(END_CALL, "end_call")
        metadata = {
            name: entry.get("example", "") if isinstance(entry, dict) else ""
            for name, entry in _table(data, "metadata").items()
        }
        endpoint = _table(data, "call_ending").get("endpoint_url")
        models = _table(data, "models")
        llm, effort = models.get("llm"), models.get("thinking_effort")
        return cls(
            name=str(_table(data, "agent").get("name", "")),
            tools=tools,
            fields=fields if collects else {},
            metadata=metadata,
            collects_data=collects and bool(fields),
            has_mcp=bool(list(_entries(_table(data, "tools").get("mcp")))),
            posts_at_end=isinstance(endpoint, str) and bool(endpoint.strip()),
            llm=llm if isinstance(llm, str) and llm else DEFAULT_LLM,
            thinking_effort=effort if isinstance(effort, str) and effort else None,
        )

    @classmethod
    def from_text(cls, text: str) -> AgentFacts:
        """From an agent file's text; raises tomllib.TOMLDecodeError."""
        return cls.from_data(tomllib.loads(text.removeprefix("\ufeff")))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> AgentFacts:
        """From an agent file; raises OSError, UnicodeError or tomllib.TOMLDecodeError."""
        return cls.from_text(Path(path).read_text(encoding="utf-8"))

    def metadata_for(self, overrides: dict[str, Any]) -> dict[str, Any]:
        """A scenario's job metadata: the agent's examples, then the scenario's values."""
        return {**self.metadata, **overrides}


def _types(named: Any) -> tuple[tuple[str, str], ...]:
    return tuple(
        (
            name,
            entry["type"]
            if isinstance(entry, dict) and isinstance(entry.get("type"), str)
            else "string",
        )
        for name, entry in named
    )


def _table(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _entries(items: Any) -> Iterator[dict[str, Any]]:
    if isinstance(items, list):
        yield from (item for item in items if isinstance(item, dict))
