"""A typed, frozen, defaults-filled view of the scenario file.

The fields mirror the declarations (`runtime/scenarios/declarations.py`) and each
default is the declared one; a test checks both, so they cannot drift. The declarations
are not imported here: this package also runs inside generated projects, which carry no
copy of them. Build only from data that passed validation.
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Expectation:
    tool_called: str | None = None
    arguments: dict[str, Any] = field(default_factory=dict)
    tool_not_called: str | None = None
    no_tool_called: bool | None = None
    field_collected: str | None = None
    value: Any = None
    call_ended: bool | None = None
    posted: dict[str, Any] | None = None
    reply_contains: str | None = None
    intent: str | None = None

    @property
    def kind(self) -> str:
        """Which check this is: the one expectation key that is set."""
        for key in EXPECTATION_KINDS:
            if getattr(self, key) is not None:
                return key
        raise ValueError("an expectation with no check (the file was not validated)")


# In the order the declarations list them; judged ones need a model.
EXPECTATION_KINDS = (
    "tool_called",
    "tool_not_called",
    "no_tool_called",
    "field_collected",
    "call_ended",
    "posted",
    "reply_contains",
    "intent",
)


@dataclass(frozen=True)
class Turn:
    user: str
    expect: tuple[Expectation, ...] = ()


@dataclass(frozen=True)
class Mock:
    tool: str
    when: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    error: str | None = None
    live: bool = False


@dataclass(frozen=True)
class Scenario:
    name: str
    kind: str = "scripted"
    tags: dict[str, str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    instructions: str | None = None
    agent_expectations: str | None = None
    max_turns: int = 10
    turn_limit: str = "fail"
    turns: tuple[Turn, ...] = ()
    expect: tuple[Expectation, ...] = ()
    mocks: tuple[Mock, ...] = ()
    livekit_id: str | None = None

    @property
    def simulated(self) -> bool:
        return self.kind == "simulated"

    @property
    def judged(self) -> bool:
        """Some of its checks need a judge model (and a simulated one, a caller model)."""
        turns = (e for turn in self.turns for e in turn.expect)
        return (
            self.simulated
            or bool(self.agent_expectations)
            or any(e.intent is not None for e in turns)
        )


@dataclass(frozen=True)
class Models:
    agent: str = ""
    caller: str = "openai/gpt-4.1-mini"
    judge: str = "openai/gpt-4.1-mini"


@dataclass(frozen=True)
class ScenarioFile:
    version: int = 1
    agent: str = ""
    name: str = ""
    timeout_s: float = 60.0
    models: Models = field(default_factory=Models)
    mocks: tuple[Mock, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    livekit_id: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioFile:
        return build(cls, data)

    def scenario(self, name: str) -> Scenario | None:
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        return None


def build(cls: type, data: Any) -> Any:
    """A dataclass of this module from plain data: missing keys take their defaults,
    tables and arrays of tables become their dataclasses."""
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: expected a table, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in data and data[f.name] is not None:
            values[f.name] = _value(hints[f.name], data[f.name])
    return cls(**values)


def _value(hint: Any, raw: Any) -> Any:
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return build(hint, raw)
    origin = typing.get_origin(hint)
    if origin is tuple:
        item = typing.get_args(hint)[0]
        return tuple(build(item, entry) for entry in raw)
    if origin is dict:
        return dict(raw)
    if hint is float:
        return float(raw)
    return raw
