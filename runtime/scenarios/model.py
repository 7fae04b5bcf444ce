"""A typed, frozen, defaults-filled view of the scenario file.

Every dataclass mirrors one declaration (its `SPEC`) and is filled by the agent file's
generic builder, so the fields and the declarations cannot drift (a test checks it).
Build only from data that passed validation (`validate.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from runtime.config.declarations import Spec
from runtime.config.model import build_typed
from runtime.scenarios import declarations as decl


@dataclass(frozen=True)
class Expectation:
    SPEC: ClassVar[Spec] = decl.EXPECTATION.item  # type: ignore[assignment]
    tool_called: str | None
    arguments: dict[str, Any]
    tool_not_called: str | None
    no_tool_called: bool | None
    field_collected: str | None
    value: Any
    call_ended: bool | None
    posted: dict[str, Any] | None
    reply_contains: str | None
    intent: str | None

    @property
    def kind(self) -> str:
        """Which check this is: the one expectation key that is set."""
        for key in decl.EXPECTATION_KINDS:
            if getattr(self, key) is not None:
                return key
        raise ValueError("an expectation with no check (the file was not validated)")


@dataclass(frozen=True)
class Turn:
    SPEC: ClassVar[Spec] = decl.TURN.item  # type: ignore[assignment]
    user: str
    expect: tuple[Expectation, ...]


@dataclass(frozen=True)
class Mock:
    SPEC: ClassVar[Spec] = decl.MOCK.item  # type: ignore[assignment]
    tool: str
    when: dict[str, Any]
    result: Any
    error: str | None
    live: bool


@dataclass(frozen=True)
class Scenario:
    SPEC: ClassVar[Spec] = decl.SCENARIO.item  # type: ignore[assignment]
    name: str
    kind: str
    tags: dict[str, str]
    metadata: dict[str, Any]
    instructions: str | None
    agent_expectations: str | None
    max_turns: int
    turn_limit: str
    turns: tuple[Turn, ...]
    expect: tuple[Expectation, ...]
    mocks: tuple[Mock, ...]
    livekit_id: str | None

    @property
    def simulated(self) -> bool:
        return self.kind == "simulated"


@dataclass(frozen=True)
class Models:
    SPEC: ClassVar[Spec] = decl.MODELS
    agent: str
    caller: str
    judge: str


@dataclass(frozen=True)
class ScenarioFile:
    SPEC: ClassVar[Spec] = decl.ROOT
    version: int
    agent: str
    name: str
    timeout_s: float
    models: Models
    mocks: tuple[Mock, ...]
    scenarios: tuple[Scenario, ...]
    livekit_id: str | None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioFile:
        return build_typed(cls, data)

    def scenario(self, name: str) -> Scenario | None:
        for scenario in self.scenarios:
            if scenario.name == name:
                return scenario
        return None
