"""Plain, typed settings of tools, data fields and the call ending. The generated
`agent.py` builds these with literals; nothing here knows about TOML. Strings may hold
`{{metadata.x}}` / `{{secrets.X}}` placeholders, rendered at run time (see `variables`).
Models, turn handling and room options are not here: `agent.py` passes them to the
SDK itself."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

ParameterType = Literal["string", "number", "integer", "boolean", "object", "array"]
FieldType = Literal["string", "number", "boolean", "object", "list"]
HttpMethod = Literal["GET", "POST", "PUT", "DELETE", "PATCH"]


ItemType = Literal["string", "number", "integer", "boolean", "object"]


@dataclass(frozen=True)
class ToolParameter:
    """A typed argument of an HTTP or client tool, or a property of an object field.

    An object (or an array of objects) declares its `properties`; one that declares
    none is free-form and travels as JSON text, which strict function schemas allow."""

    name: str
    type: ParameterType | FieldType = "string"
    description: str = ""
    required: bool = True
    items: ItemType = "string"  # element type of an array
    properties: Sequence[ToolParameter] = ()

    @property
    def holds_objects(self) -> bool:
        return self.type == "object" or (self.type in ("array", "list") and self.items == "object")

    @property
    def as_json_text(self) -> bool:
        """Sent by the model as JSON text (a free-form object or array of objects)."""
        return self.holds_objects and not self.properties


@dataclass(frozen=True)
class HttpToolSettings:
    name: str
    description: str
    url: str  # `:name` segments are path parameters
    method: HttpMethod = "GET"
    parameters: Sequence[ToolParameter] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    silent: bool = False
    timeout_s: float = 10.0


@dataclass(frozen=True)
class ClientToolSettings:
    name: str  # also the RPC method name on the frontend
    description: str
    parameters: Sequence[ToolParameter] = ()
    preview_response: str = ""
    silent: bool = False
    timeout_s: float = 10.0


@dataclass(frozen=True)
class McpServerSettings:
    name: str
    url: str
    transport: Literal["streamable-http", "sse"] = "streamable-http"
    headers: Mapping[str, str] = field(default_factory=dict)
    timeout_s: float = 10.0


@dataclass(frozen=True)
class DataField:
    name: str
    description: str
    type: FieldType = "string"
    multiple: bool = False
    required: bool = True
    instructions: str = ""
    properties: Sequence[ToolParameter] = ()  # only for type == "object"


@dataclass(frozen=True)
class SummarySettings:
    enabled: bool = False
    llm: str = "openai/gpt-4.1-mini"
    thinking_effort: str | None = None
    instructions: str = ""  # empty: DEFAULT_SUMMARY_INSTRUCTIONS


@dataclass(frozen=True)
class DeliverySettings:
    """How hard the end-of-call POST tries before giving up (and logging the payload).
    `budget_s` bounds all attempts and waits together; the agent's shutdown timeout is
    set from it (see `shutdown_timeout_s`)."""

    timeout_s: float = 5.0  # one attempt
    max_attempts: int = 6
    backoff_s: float = 0.5  # doubled after every failed attempt, unless Retry-After says
    budget_s: float = 20.0


# What the job may still need at shutdown besides the POST: the summary, room teardown.
SUMMARY_TIMEOUT_S = 15.0
SHUTDOWN_MARGIN_S = 5.0


def shutdown_timeout_s(delivery: DeliverySettings, *, summary: bool) -> float:
    """How long the worker must wait for a job to finish after the call ended, so the
    report is built and delivered (or logged) before the process is killed."""
    return delivery.budget_s + (SUMMARY_TIMEOUT_S if summary else 0.0) + SHUTDOWN_MARGIN_S


@dataclass(frozen=True)
class CallEndingSettings:
    """What happens when a call ends: the closing line, and the end-of-call report."""

    final_response: str = ""  # empty: end without a closing line
    endpoint_url: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    summary: SummarySettings = field(default_factory=SummarySettings)
    delivery: DeliverySettings = field(default_factory=DeliverySettings)
    signing_secret: str = ""  # `{{secrets.X}}`: HMAC-signs every POST

    @property
    def shutdown_timeout_s(self) -> float:
        """The worker's `shutdown_process_timeout` this ending needs."""
        return shutdown_timeout_s(self.delivery, summary=self.summary.enabled)
