"""What a preview reports, as plain dataclasses: the CLI prints them, the TUI renders them.

No SDK types leak out of the preview: the protocol messages are decoded into these in
`runtime.preview.decode`, so the TUI can import this module without livekit.agents.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any, Literal


@dataclass
class PreviewEvent:
    at: float = field(default_factory=time.time, kw_only=True)

    @property
    def kind(self) -> str:
        return _KINDS[type(self)]

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready dict with a `type` key; what `agent-builder preview --script` prints."""
        data = asdict(self)
        data.pop("at", None)
        return {"type": self.kind, **data}


@dataclass
class Transcript(PreviewEvent):
    role: Literal["user", "agent"]
    text: str
    interrupted: bool = False


@dataclass
class ToolCall(PreviewEvent):
    """A tool call; `output` is None until the tool has finished."""

    call_id: str
    name: str
    arguments: str
    output: str | None = None
    is_error: bool = False

    @property
    def finished(self) -> bool:
        return self.output is not None


@dataclass
class FieldCollected(PreviewEvent):
    """A data-collection field got (or changed) its value."""

    name: str
    value: Any


@dataclass
class AgentStateChanged(PreviewEvent):
    state: Literal["initializing", "idle", "listening", "thinking", "speaking"]


@dataclass
class WorkerLog(PreviewEvent):
    level: str
    message: str


@dataclass
class WorkerError(PreviewEvent):
    """Something went wrong in the worker: a session error, a crash, an import error."""

    message: str


@dataclass
class WorkerExited(PreviewEvent):
    returncode: int | None
    expected: bool


@dataclass
class Connected(PreviewEvent):
    """A worker is running the agent and the conversation can start."""

    generation: int
    project_dir: str


@dataclass
class Restarted(PreviewEvent):
    """The conversation restarted (after a save, a crash or on request)."""

    reason: str


@dataclass
class CallEnded(PreviewEvent):
    reason: str


@dataclass
class InboxPost(PreviewEvent):
    """One end-of-call POST received by the local inbox."""

    path: str
    headers: dict[str, str]
    body: Any
    problems: list[str]
    # never received: the agent logged it as undeliverable to the real endpoint
    undeliverable: bool = False


@dataclass
class SummaryReady(PreviewEvent):
    text: str


_KINDS: dict[type, str] = {
    Transcript: "transcript",
    ToolCall: "tool_call",
    FieldCollected: "field",
    AgentStateChanged: "agent_state",
    WorkerLog: "log",
    WorkerError: "error",
    WorkerExited: "worker_exit",
    Connected: "connected",
    Restarted: "restart",
    CallEnded: "call_ended",
    InboxPost: "inbox_post",
    SummaryReady: "summary",
}
