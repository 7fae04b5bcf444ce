"""Fixtures for preview tests: agent files, and a check that no worker outlives a test."""

from __future__ import annotations

import psutil
import pytest

from runtime.preview.session import PreviewOptions, PreviewSession
from tests.preview.handwritten import build_handwritten

SIMPLE_AGENT = """\
version = 1
[agent]
name = "front-desk"
instructions = "You are the front desk."

[metadata.user_name]
description = "Caller's first name"
example = "Ada"
"""


@pytest.fixture
def simple_agent_file(tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text(SIMPLE_AGENT, encoding="utf-8")
    return path


class ProcessWatch:
    """Remembers every worker process (and its children) a session started."""

    def __init__(self) -> None:
        self.seen: dict[int, psutil.Process] = {}

    def record(self, session: PreviewSession) -> None:
        workers = [session.spares.worker]
        if session._current is not None:
            workers.append(session._current.worker)
        for worker in workers:
            if worker is None or worker.pid is None:
                continue
            try:
                process = psutil.Process(worker.pid)
                for proc in [process, *process.children(recursive=True)]:
                    self.seen[proc.pid] = proc
            except psutil.NoSuchProcess:
                pass

    def survivors(self) -> list[psutil.Process]:
        alive = []
        for proc in self.seen.values():
            try:
                if proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE:
                    alive.append(proc)
            except psutil.NoSuchProcess:
                pass
        return alive


@pytest.fixture
def process_watch():
    watch = ProcessWatch()
    yield watch
    survivors = watch.survivors()
    for proc in survivors:
        proc.kill()
    assert not survivors, f"worker processes left behind: {survivors}"


@pytest.fixture
async def handwritten_session(simple_agent_file, scripted_llm, process_watch):
    """A started preview of the hand-written agent; stopped (and checked) afterwards."""
    session = PreviewSession(
        simple_agent_file, PreviewOptions(warm_spare=True), builder=build_handwritten
    )
    yield session
    process_watch.record(session)
    await session.stop()


class EventLog:
    """Collects a session's events; tests await the one they expect (no sleeps)."""

    def __init__(self, session: PreviewSession) -> None:
        self.events: list = []
        self._changed = None
        session.subscribe(self._append)

    def _append(self, event) -> None:
        import asyncio

        self.events.append(event)
        if self._changed is None:
            self._changed = asyncio.Condition()
        asyncio.get_running_loop().create_task(self._notify())

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    def of(self, kind: type) -> list:
        return [e for e in self.events if isinstance(e, kind)]

    async def wait_for(self, predicate, timeout: float = 60.0, after: int = 0):
        """The first event from index `after` on that satisfies `predicate`. The limit is
        generous: a worker's cold start (the SDK's imports) took over 20 s with both cores
        loaded beside the suite."""
        import asyncio

        def found():
            return next((e for e in self.events[after:] if predicate(e)), None)

        async def wait():
            if self._changed is None:
                self._changed = asyncio.Condition()
            async with self._changed:
                await self._changed.wait_for(lambda: found() is not None)
            return found()

        hit = found()
        return hit if hit is not None else await asyncio.wait_for(wait(), timeout)


@pytest.fixture
def event_log():
    return EventLog
