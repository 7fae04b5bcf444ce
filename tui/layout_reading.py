"""Reading an open file's layout for editing, a slice at a time on the event loop.

Reading a big file's layout takes a tenth of a second or more. In a thread it would share
the interpreter with the loop, and every hop of a key's trip through the app would wait
for its turn; on the loop, in short slices with pauses between them (in which the loop
handles keys and paints), a key waits one slice at most. Whatever needs the layout before
the reading is done finishes it at once (`finish`).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator

from runtime.config.errors import ConfigLoadError

SLICE_S = 0.002
PAUSE_S = 0.002


class LayoutReading:
    """One reading: `steps` (a document's `editor_steps()`), driven until done or dropped."""

    def __init__(self, steps: Iterator[None]) -> None:
        self._steps = steps
        self.done = False
        self.error: ConfigLoadError | None = None
        self.dropped = False
        self._task: asyncio.Task[None] | None = None

    def start(self, when_done: Callable[[], None]) -> None:
        """Read in slices on the running loop, then call `when_done` (unless dropped)."""
        self._task = asyncio.get_running_loop().create_task(self._run(when_done))

    async def _run(self, when_done: Callable[[], None]) -> None:
        while not self.done and not self.dropped:
            deadline = time.perf_counter() + SLICE_S
            while not self.done and time.perf_counter() < deadline:
                self._step()
            if not self.done:
                await asyncio.sleep(PAUSE_S)
        if not self.dropped:
            when_done()

    def _step(self) -> None:
        try:
            next(self._steps)
        except StopIteration:
            self.done = True
        except ConfigLoadError as error:
            self.error, self.done = error, True

    def finish(self) -> ConfigLoadError | None:
        """Read what is left now; the error that stopped the reading, if one did."""
        while not self.done:
            self._step()
        return self.error

    def drop(self) -> None:
        """The document is replaced: what was read of it goes with it."""
        self.dropped = True


class ReadingGate:
    """Whether a reading is under way, for work in other threads that should not run
    beside one (see DocumentSession.check)."""

    def __init__(self) -> None:
        self._idle = threading.Event()
        self._idle.set()

    def busy(self) -> None:
        self._idle.clear()

    def idle(self) -> None:
        self._idle.set()

    def wait(self, timeout: float) -> None:
        self._idle.wait(timeout)
