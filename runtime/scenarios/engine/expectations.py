"""Checking expectations against what a turn, or the whole call, showed.

Each check says what it expected in words and, when it fails, what happened instead,
so a report reads without the file at hand. Intents need a judge model and are checked
by the runner (`judge.py`); everything here is deterministic.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .matching import matches
from .model import Expectation


@dataclass(frozen=True)
class ToolCallSeen:
    name: str
    arguments: dict[str, Any]
    output: str = ""
    is_error: bool = False

    def describe(self) -> str:
        """`lookup_order(order_id="123")`: the arguments the model gave (nulls left out)."""
        shown = ", ".join(f"{k}={compact(v)}" for k, v in self.arguments.items() if v is not None)
        return f"{self.name}({shown})"


@dataclass
class Observation:
    """What the agent did in one turn, or over the whole call, and where the call stands."""

    replies: list[str] = field(default_factory=list)
    tool_calls: list[ToolCallSeen] = field(default_factory=list)
    ended: bool = False
    collected: dict[str, Any] = field(default_factory=dict)
    payload: dict[str, Any] | None = None  # the end-of-call POST's body, once sent

    @property
    def reply(self) -> str:
        return " ".join(text for text in self.replies if text)


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(expectation: Expectation) -> str:
    """The expectation in words: 'calls lookup_order with {"order_id": "123"}'."""
    kind = expectation.kind
    if kind == "tool_called":
        args = f" with {compact(expectation.arguments)}" if expectation.arguments else ""
        return f"calls {expectation.tool_called}{args}"
    if kind == "tool_not_called":
        return f"does not call {expectation.tool_not_called}"
    if kind == "no_tool_called":
        return "calls no tool"
    if kind == "field_collected":
        value = f" as {compact(expectation.value)}" if expectation.value is not None else ""
        return f"records {expectation.field_collected}{value}"
    if kind == "call_ended":
        return "ends the call" if expectation.call_ended else "keeps the call going"
    if kind == "posted":
        wanted = expectation.posted or {}
        return (
            f"posts results containing {compact(wanted)}"
            if wanted
            else "posts the end-of-call report"
        )
    if kind == "reply_contains":
        return f'says "{expectation.reply_contains}"'
    return f"reply: {expectation.intent}"


def check(expectation: Expectation, seen: Observation) -> str | None:
    """None when the expectation holds, else what happened instead."""
    kind = expectation.kind
    if kind == "tool_called":
        return _check_tool_called(expectation, seen)
    if kind == "tool_not_called":
        calls = [c for c in seen.tool_calls if c.name == expectation.tool_not_called]
        return f"it called {calls[0].describe()}" if calls else None
    if kind == "no_tool_called":
        if not seen.tool_calls:
            return None
        return "it called " + ", ".join(c.describe() for c in seen.tool_calls)
    if kind == "field_collected":
        return _check_field(expectation, seen)
    if kind == "call_ended":
        if seen.ended == expectation.call_ended:
            return None
        return (
            "the call is still going on" if expectation.call_ended else "the agent ended the call"
        )
    if kind == "posted":
        return _check_posted(expectation, seen)
    if kind == "reply_contains":
        if folded(expectation.reply_contains or "") in folded(seen.reply):
            return None
        return _said(seen)
    raise ValueError(f"{kind} is judged by a model, not checked here")


_PLAIN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def folded(text: str) -> str:
    """Text as `reply_contains` compares it: case, runs of spaces and line breaks, and
    curly quotes (models write "don\u2019t") do not matter."""
    return " ".join(text.translate(_PLAIN_QUOTES).casefold().split())


def _said(seen: Observation) -> str:
    return f'it said: "{clip(seen.reply)}"' if seen.reply else "it said nothing"


def _check_tool_called(expectation: Expectation, seen: Observation) -> str | None:
    name = expectation.tool_called
    same_name = [c for c in seen.tool_calls if c.name == name]
    if any(matches(expectation.arguments, c.arguments) for c in same_name):
        return None
    if same_name:
        return "it called " + ", ".join(c.describe() for c in same_name)
    if seen.tool_calls:
        return "it called " + ", ".join(c.describe() for c in seen.tool_calls) + f", not {name}"
    return f"it called no tool; {_said(seen)}"


def _check_field(expectation: Expectation, seen: Observation) -> str | None:
    name = expectation.field_collected or ""
    value = seen.collected.get(name)
    if value in (None, []):
        recorded = [c for c in seen.tool_calls if c.name == f"record_{name}"]
        if recorded and recorded[-1].is_error:
            return f"it tried, and was refused: {clip(recorded[-1].output)}"
        return f"{name} was not recorded"
    if expectation.value is None:
        return None
    wanted = expectation.value
    # A field of any type other than object records {"<name>": value}: compare the value.
    answers = value if isinstance(value, list) else [value]
    plain = [a.get(name) if isinstance(a, dict) and set(a) == {name} else a for a in answers]
    if matches(wanted, plain if isinstance(value, list) else plain[0]):
        return None
    shown = plain if isinstance(value, list) else plain[0]
    return f"{name} was recorded as {compact(shown)}"


def _check_posted(expectation: Expectation, seen: Observation) -> str | None:
    if seen.payload is None:
        return (
            "nothing was posted: the call has not ended"
            if not seen.ended
            else ("nothing was posted (the agent has no endpoint_url, or the POST failed)")
        )
    wanted = expectation.posted or {}
    results = seen.payload.get("results") or {}
    if matches(wanted, results):
        return None
    differing = {
        key: results.get(key) for key in wanted if not matches(wanted[key], results.get(key))
    }
    return f"the POST's results had {compact(differing)}"
