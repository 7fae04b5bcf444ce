"""The warm spare: one worker process kept ready so that a save goes live fast.

After each launch a spare is wanted, but it starts warming only once the running agent
is listening: on a small machine a spare importing the SDK while the agent starts and
greets would slow both. `take()` hands over the spare (or a fresh worker when there is
none) for the next launch.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections.abc import Callable

from runtime.preview.worker import WorkerProcess


class SparePool:
    def __init__(self, make_worker: Callable[[], WorkerProcess], enabled: bool = True) -> None:
        self._make_worker = make_worker
        self.enabled = enabled
        self.worker: WorkerProcess | None = None
        self._wanted = False
        self._kicked = asyncio.Event()
        self._spawning: set[asyncio.Task[None]] = set()
        self._started: subprocess.Popen[bytes] | None = None

    def add_started(self, process: subprocess.Popen[bytes]) -> None:
        """A launcher process started before there was a loop: the next one taken."""
        self._started = process

    def want(self, agent_state: str) -> None:
        """A launch happened: warm a spare as soon as the agent is listening."""
        if not self.enabled:
            return
        self._wanted = True
        self._kicked.clear()
        self.agent_state_changed(agent_state)

    def agent_state_changed(self, state: str) -> None:
        if self._wanted and state == "listening":
            self._wanted = False
            self._kicked.set()
            task = asyncio.get_running_loop().create_task(self._spawn())
            self._spawning.add(task)
            task.add_done_callback(self._spawning.discard)

    async def _spawn(self) -> None:
        if self.worker is None:
            self.worker = await self._make_worker().spawn()

    async def take(self) -> WorkerProcess:
        """The spare (possibly still warming), else a new worker spawned now."""
        await asyncio.gather(*self._spawning, return_exceptions=True)  # one on its way
        if self._started is not None:
            started, self._started = self._started, None
            return await self._make_worker().adopt(started)
        worker, self.worker = self.worker, None
        if worker is not None and not worker.exited.is_set():
            return worker
        return await self._make_worker().spawn()

    async def warm(self) -> bool:
        """Wait until the spare is warm; False when none is coming."""
        if self._wanted:
            await self._kicked.wait()
        await asyncio.gather(*self._spawning, return_exceptions=True)
        if self.worker is None:
            return False
        await self.worker.warm.wait()
        return True

    async def close(self) -> None:
        self._wanted = False
        self._kicked.set()
        # A spawn under way finishes (it takes moments) rather than being cancelled: a
        # cancelled one could leave its process started and no one to stop it.
        await asyncio.gather(*self._spawning, return_exceptions=True)
        if self._started is not None:  # never taken: stopped as the others are
            self.worker = await self._make_worker().adopt(self._started)
            self._started = None
        if self.worker is not None:
            await self.worker.stop(grace=0)
            self.worker = None
