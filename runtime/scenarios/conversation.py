"""A preview conversation as it happened, turn by turn: what "Save as test" turns into
a scenario.

Fed the preview's events (`runtime.preview.events`) as they arrive; a restart or a new
worker starts a new conversation. Plain data, no SDK: the editor keeps one per preview.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from runtime.preview import events as ev


@dataclass
class ToolUse:
    name: str
    arguments: dict[str, Any]
    output: str | None = None  # None: it never finished
    is_error: bool = False


@dataclass
class ObservedTurn:
    user: str
    replies: list[str] = field(default_factory=list)
    tools: list[ToolUse] = field(default_factory=list)
    # field -> the answer recorded in this turn (several-answer fields: a list of them)
    fields: dict[str, Any] = field(default_factory=dict)
    agent_ended: bool = False  # the agent ended the call after this turn


@dataclass
class PreviewConversation:
    metadata: dict[str, Any] = field(default_factory=dict)  # what the preview passed
    greeting: list[str] = field(default_factory=list)
    turns: list[ObservedTurn] = field(default_factory=list)
    ended: str = ""  # "agent" | "caller" once the call is over
    posted: dict[str, Any] | None = None  # the end-of-call POST's body, once received
    _calls: dict[str, ToolUse] = field(default_factory=dict, repr=False)
    _answers: dict[str, int] = field(default_factory=dict, repr=False)  # recorded so far

    @property
    def empty(self) -> bool:
        return not self.turns

    def observe(self, event: ev.PreviewEvent) -> None:
        if isinstance(event, (ev.Restarted, ev.Connected)):
            self._start_over()
        elif isinstance(event, ev.Transcript):
            if event.role == "user":
                self.turns.append(ObservedTurn(event.text))
            elif event.text:
                (self.turns[-1].replies if self.turns else self.greeting).append(event.text)
        elif isinstance(event, ev.ToolCall) and self.turns:
            self._tool_call(event)
        elif isinstance(event, ev.FieldCollected) and self.turns:
            self._field(event)
        elif isinstance(event, ev.CallEnded) and not self.ended:
            self.ended = "agent" if "agent" in event.reason else "caller"
            if self.ended == "agent" and self.turns:
                self.turns[-1].agent_ended = True
        elif isinstance(event, ev.InboxPost) and isinstance(event.body, dict):
            self.posted = event.body

    def _start_over(self) -> None:
        self.greeting, self.turns, self.ended, self.posted = [], [], "", None
        self._calls, self._answers = {}, {}

    def _field(self, event: ev.FieldCollected) -> None:
        """The preview reports a field's whole value; a turn keeps what it added."""
        fields = self.turns[-1].fields
        if isinstance(event.value, list):
            known = self._answers.get(event.name, 0)
            fields.setdefault(event.name, []).extend(event.value[known:])
            self._answers[event.name] = len(event.value)
        else:
            fields[event.name] = event.value

    def _tool_call(self, event: ev.ToolCall) -> None:
        use = self._calls.get(event.call_id)
        if use is None:
            use = self._calls[event.call_id] = ToolUse(event.name, _arguments(event.arguments))
            self.turns[-1].tools.append(use)
        if event.finished:
            use.output, use.is_error = event.output, event.is_error


def _arguments(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
