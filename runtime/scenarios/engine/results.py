"""What a scenario run found: its checks, its transcript, how the call ended.

Plain data that the text report, the JSON lines, the JUnit file and the editor's Tests
tab all read; `to_dict` / `from_dict` carry it across processes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PASSED = "passed"
FAILED = "failed"
ERROR = "error"

GREETING_TURN = 0
AFTER_CALL = None  # checks made once the call is over have no turn


@dataclass
class TranscriptEntry:
    turn: int  # 0: the greeting; then the caller's turns, from 1
    speaker: str  # "agent" | "caller" | "tool"
    text: str  # what was said; for a tool, the call and its result
    is_error: bool = False  # a tool call that failed


@dataclass
class Check:
    expectation: str  # in words: 'calls lookup_order with {"order_id": "123"}'
    passed: bool
    turn: int | None = AFTER_CALL
    detail: str = ""  # what happened instead (or why the judge decided so)
    judged: bool = False  # decided by the judge model (its reason is the detail)


@dataclass
class ScenarioRun:
    scenario: str
    kind: str
    attempt: int = 1
    status: str = PASSED
    checks: list[Check] = field(default_factory=list)
    transcript: list[TranscriptEntry] = field(default_factory=list)
    ended_by: str = ""  # "agent" | "caller" | "script" | "turn limit" | "error"
    turns: int = 0
    duration_s: float = 0.0
    error: str = ""
    not_judged: list[str] = field(default_factory=list)  # judged checks left out: no judge

    @property
    def passed(self) -> bool:
        return self.status == PASSED

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.passed]

    def add(self, check: Check) -> None:
        self.checks.append(check)
        if not check.passed and self.status == PASSED:
            self.status = FAILED

    def fail_with_error(self, message: str) -> None:
        self.status = ERROR
        self.error = message

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioRun:
        data = dict(data)
        data["checks"] = [Check(**c) for c in data.get("checks", [])]
        data["transcript"] = [TranscriptEntry(**t) for t in data.get("transcript", [])]
        return cls(**data)


@dataclass
class ScenarioStats:
    """A scenario's runs, for `--repeat`: voice agents vary, users need the rate."""

    scenario: str
    kind: str
    runs: list[ScenarioRun] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(run.passed for run in self.runs)

    @property
    def total(self) -> int:
        return len(self.runs)

    @property
    def rate(self) -> float:
        return self.passed / self.total if self.total else 0.0

    @property
    def all_passed(self) -> bool:
        return self.total > 0 and self.passed == self.total


def group_runs(runs: list[ScenarioRun]) -> list[ScenarioStats]:
    """Runs by scenario, in the order the scenarios first ran."""
    stats: dict[str, ScenarioStats] = {}
    for run in runs:
        stats.setdefault(run.scenario, ScenarioStats(run.scenario, run.kind)).runs.append(run)
    return list(stats.values())
