"""Run the scenarios in a process of their own and follow them: what the editor does.

The process is `agent-builder test FILE --json` (the same command CI runs), in its own
process group; its JSON lines become typed events. Stopping it sends SIGTERM (the
command then cancels the run, which removes its build folder and closes its receiver)
and SIGKILL to the group after a grace period, so nothing is left behind. The project
the tests load, its SDK and its model calls never enter the editor's process.

    run = await BackgroundRun.start(tests_path, scenarios=["Order status"])
    async for event in run.events():      # Planned, ScenarioStarted, TurnDone, ...
        ...                               # ... ScenarioFinished, SuiteFinished, Refused
    run.exit                              # how it ended (Exited), once events() is done
    await run.stop()                      # from anywhere, at any time
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import deque
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from runtime.scenarios.engine.results import Check, ScenarioRun, TranscriptEntry

STOP_GRACE_S = 5.0
STDERR_LINES_KEPT = 200


@dataclass(frozen=True)
class Planned:
    scenarios: list[str]
    repeat: int


@dataclass(frozen=True)
class ScenarioStarted:
    scenario: str
    attempt: int


@dataclass(frozen=True)
class TurnDone:
    scenario: str
    attempt: int
    turn: int  # 0: the greeting
    transcript: list[TranscriptEntry]
    checks: list[Check]


@dataclass(frozen=True)
class ScenarioFinished:
    run: ScenarioRun


@dataclass(frozen=True)
class SuiteFinished:
    passed: bool
    runs: int
    failed: int
    rates: list[dict[str, Any]]  # {"scenario", "passed", "total", "rate"}


@dataclass(frozen=True)
class Refused:
    """Nothing ran: a file has errors, a scenario is unknown, credentials are missing."""

    message: str
    file: str = ""
    problems: list[dict[str, Any]] = field(default_factory=list)  # Problem.to_dict()


@dataclass(frozen=True)
class Exited:
    returncode: int | None
    stopped: bool  # ended by stop()
    stderr: str  # its last lines: warnings, and the reason when it failed unexpectedly


Event = Planned | ScenarioStarted | TurnDone | ScenarioFinished | SuiteFinished | Refused


def decode_line(line: str) -> Event | None:
    """The event one JSON line of `agent-builder test --json` stands for (None: not one)."""
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    kind = record.pop("type", None)
    if kind == "plan":
        return Planned(list(record.get("scenarios", [])), int(record.get("repeat", 1)))
    if kind == "start":
        return ScenarioStarted(record["scenario"], record["attempt"])
    if kind == "turn":
        return TurnDone(
            record["scenario"], record["attempt"], record["turn"],
            [TranscriptEntry(**e) for e in record.get("transcript", [])],
            [Check(**c) for c in record.get("checks", [])],
        )
    if kind == "run":
        return ScenarioFinished(ScenarioRun.from_dict(record))
    if kind == "summary":
        return SuiteFinished(record["passed"], record["runs"], record["failed"], record["scenarios"])
    if kind == "error":
        return Refused(record.get("message", ""), record.get("file", ""), record.get("problems", []))
    return None


def command_line(tests_path: Path, scenarios: list[str] | None, repeat: int) -> list[str]:
    argv = [sys.executable, "-m", "runtime.cli", "test", str(tests_path), "--json"]
    for name in scenarios or []:
        argv += ["--scenario", name]
    if repeat > 1:
        argv += ["--repeat", str(repeat)]
    return argv


class BackgroundRun:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.exit: Exited | None = None
        self.stopping = False
        self._stderr: deque[str] = deque(maxlen=STDERR_LINES_KEPT)
        self._stderr_reader = asyncio.create_task(self._read_stderr())

    @classmethod
    async def start(
        cls,
        tests_path: str | os.PathLike[str],
        *,
        scenarios: list[str] | None = None,
        repeat: int = 1,
        env: Mapping[str, str] | None = None,
    ) -> BackgroundRun:
        from runtime.preview.worker import _live_groups  # killed at exit, like the preview's

        path = Path(tests_path).resolve()
        process = await asyncio.create_subprocess_exec(
            *command_line(path, scenarios, repeat),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            start_new_session=True,
            cwd=path.parent,
            env={**os.environ, **(env or {}), "PYTHONUNBUFFERED": "1"},
            limit=2**24,  # one run's line carries its whole transcript
        )
        _live_groups.add(process.pid)
        return cls(process)

    @property
    def pid(self) -> int:
        return self.process.pid

    async def events(self) -> AsyncIterator[Event]:
        """Each event as the run reports it; ends when the process does (then `exit`)."""
        assert self.process.stdout is not None
        while line := await self.process.stdout.readline():
            event = decode_line(line.decode("utf-8", "replace"))
            if event is not None:
                yield event
        await self._ended()

    async def stop(self, grace: float = STOP_GRACE_S) -> Exited:
        """End the run and everything it started; returns how it ended."""
        from runtime.preview.worker import _signal_group

        self.stopping = True
        if self.process.returncode is None:
            _signal_group(self.pid, signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), grace)
            except TimeoutError:
                _signal_group(self.pid, signal.SIGKILL)
        return await self._ended()

    async def _ended(self) -> Exited:
        from runtime.preview.worker import _live_groups, _signal_group

        if self.exit is None:
            returncode = await self.process.wait()
            _signal_group(self.pid, signal.SIGKILL)  # whatever it left in its group
            _live_groups.discard(self.pid)
            await self._stderr_reader
            self.exit = Exited(returncode, self.stopping, "\n".join(self._stderr))
        return self.exit

    async def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        while line := await self.process.stderr.readline():
            self._stderr.append(line.decode("utf-8", "replace").rstrip("\n"))
