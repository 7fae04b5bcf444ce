"""The agent's scenarios at a glance, as the editor's Tests tab lists them: each one's
kind, size, last result and pass rate, and the file's problems. Headless and cheap: it
reads two small files and never imports the SDK."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from runtime.config.validate import Problem, has_errors
from runtime.scenarios.engine.agent_facts import AgentFacts
from runtime.scenarios.engine.model import Scenario, ScenarioFile
from runtime.scenarios.engine.results import ERROR, FAILED, PASSED
from runtime.scenarios.last_results import LastResults, ScenarioRecord

_STATUS_WORDS = {PASSED: "passed", FAILED: "failed", ERROR: "error"}


@dataclass(frozen=True)
class ScenarioRow:
    scenario: Scenario
    record: ScenarioRecord | None

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def status(self) -> str:
        """"passed" | "failed" | "error" of the last run, "" when it never ran."""
        last = self.record.last if self.record else None
        return last.status if last is not None else ""

    @property
    def changed(self) -> bool:
        return self.record is not None and self.record.changed_since(self.scenario)

    def size_text(self) -> str:
        if self.scenario.simulated:
            return f"simulated, ≤{self.scenario.max_turns} turns"
        count = len(self.scenario.turns)
        return f"{count} turn{'s' if count != 1 else ''}"

    def last_text(self, now: datetime | None = None) -> str:
        last = self.record.last if self.record else None
        if last is None:
            return "not run yet"
        words = _STATUS_WORDS.get(last.status, last.status)
        failure = next(iter(last.failures), None)
        if failure is not None:
            words += " after the call" if failure.turn is None else (
                " at the greeting" if failure.turn == 0 else f" at turn {failure.turn}")
        when = ago(self.record.at, now) if self.record and self.record.at else ""
        edited = ", edited since" if self.changed else ""
        return f"{words}{f' {when}' if when else ''}{edited}"

    def rate_text(self) -> str:
        if self.record is None or not self.record.outcomes:
            return ""
        return f"{self.record.passed}/{len(self.record.outcomes)} ({self.record.rate:.0%})"


@dataclass
class TestsOverview:
    tests_path: Path
    agent_path: Path
    exists: bool = False
    problems: list[Problem] = field(default_factory=list)
    rows: list[ScenarioRow] = field(default_factory=list)

    @property
    def runnable(self) -> bool:
        return self.exists and bool(self.rows) and not has_errors(self.problems)

    def row(self, name: str) -> ScenarioRow | None:
        return next((r for r in self.rows if r.name == name), None)

    @classmethod
    def load(cls, agent_path: Path) -> TestsOverview:
        """The scenario file beside `agent_path` (NAME.tests.toml), as it is on disk."""
        from runtime.config.errors import ConfigLoadError
        from runtime.config.textfile import read_text
        from runtime.config.validate import ERROR as SEVERE
        from runtime.scenarios.suite import tests_path_for
        from runtime.scenarios.validate import validate

        tests_path = tests_path_for(agent_path)
        overview = cls(tests_path, agent_path)
        if not tests_path.exists():
            return overview
        overview.exists = True
        try:
            text = read_text(tests_path)
        except ConfigLoadError as exc:
            overview.problems = [Problem(SEVERE, "", str(exc))]
            return overview
        try:
            agent = AgentFacts.from_text(read_text(agent_path))
        except (ConfigLoadError, tomllib.TOMLDecodeError):
            agent = None  # the agent file's own problems show in its tabs
        overview.problems = validate(text, agent)
        if has_errors(overview.problems):
            return overview
        tests = ScenarioFile.from_dict(tomllib.loads(text))
        results = LastResults.beside(tests_path)
        overview.rows = [ScenarioRow(s, results.get(s.name)) for s in tests.scenarios]
        return overview


def ago(iso: str, now: datetime | None = None) -> str:
    """'just now', '5 min ago', '3 h ago', '2 days ago'."""
    try:
        then = datetime.fromisoformat(iso)
    except ValueError:
        return ""
    seconds = ((now or datetime.now(UTC)) - then).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = int(seconds // 86400)
    return f"{days} day{'s' if days != 1 else ''} ago"
