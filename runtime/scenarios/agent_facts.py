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


@dataclass(frozen=True)
class ToolFacts:
    name: str
    kind: str  # "http" | "client" | "record" | "end_call"
    parameters: tuple[str, ...] = ()
    silent: bool = False

    @property
    def mockable(self) -> bool:
        return self.kind in ("http", "client")


@dataclass(frozen=True)
class FieldFacts:
    name: str
    type: str
    multiple: bool
    properties: tuple[str, ...]

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
                    type=raw.get("type") if isinstance(raw.get("type"), str) else "string",
                    multiple=raw.get("multiple") is True,
                    properties=tuple(_table(raw, "properties")),
                )
        tools: dict[str, ToolFacts] = {}
        for kind in ("http", "client"):
            for raw in _entries(_table(data, "tools").get(kind)):
                name = raw.get("name")
                if isinstance(name, str):
                    params = tuple(
                        p["name"] for p in _entries(raw.get("parameters"))
                        if isinstance(p.get("name"), str)
                    )
                    tools[name] = ToolFacts(name, kind, params, raw.get("silent") is True)
        if collects and fields:
            for f in fields.values():
                tools[RECORD_PREFIX + f.name] = ToolFacts(
                    RECORD_PREFIX + f.name, "record", f.answer_keys
                )
        else:
            tools[END_CALL] = ToolFacts(END_CALL, "end_call")
        metadata = {
            name: entry.get("example", "") if isinstance(entry, dict) else ""
            for name, entry in _table(data, "metadata").items()
        }
        endpoint = _table(data, "call_ending").get("endpoint_url")
        return cls(
            name=str(_table(data, "agent").get("name", "")),
            tools=tools,
            fields=fields if collects else {},
            metadata=metadata,
            collects_data=collects and bool(fields),
            has_mcp=bool(list(_entries(_table(data, "tools").get("mcp")))),
            posts_at_end=isinstance(endpoint, str) and bool(endpoint.strip()),
        )

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> AgentFacts:
        """From an agent file; raises OSError or tomllib.TOMLDecodeError."""
        from runtime.config.textfile import read_text

        return cls.from_data(tomllib.loads(read_text(Path(path))))

    def metadata_for(self, overrides: dict[str, Any]) -> dict[str, Any]:
        """A scenario's job metadata: the agent's examples, then the scenario's values."""
        return {**self.metadata, **overrides}


def _table(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _entries(items: Any) -> Iterator[dict[str, Any]]:
    if isinstance(items, list):
        yield from (item for item in items if isinstance(item, dict))
