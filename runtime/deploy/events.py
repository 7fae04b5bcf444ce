"""What deploy-side work reports while it runs, and one `lk` command run as such a report.

The CLI prints these events; the TUI's Deploy view appends them to its log. Anything
that runs for a while (`Deployment`, `LkRun`) offers `events()`, `returncode` and
`cancel()`, so both front ends drive them the same way.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from runtime.deploy import lk
from runtime.deploy.stream import StreamedCommand
from runtime.redaction import Redactor

STEP = "step"  # a new stage begins
OUTPUT = "output"  # a line printed by lk
INFO = "info"  # something we report
ERROR = "error"  # the work stops here
DONE = "done"  # the work finished well


@dataclass(frozen=True)
class DeployEvent:
    kind: str
    text: str


class LkRun:
    """One `lk` command: a STEP naming it, its output lines, and an ERROR if it fails."""

    def __init__(
        self,
        command: lk.LkCommand,
        environ: Mapping[str, str] | None = None,
        redact: Redactor | None = None,
    ) -> None:
        self.command = command
        self.environ = dict(os.environ if environ is None else environ)
        self.redact = redact
        self.returncode: int | None = None
        self._streamed: StreamedCommand | None = None

    async def cancel(self) -> None:
        if self._streamed is not None:
            await self._streamed.terminate()

    async def events(self) -> AsyncIterator[DeployEvent]:
        try:
            lk_path = lk.find_lk(self.environ)
        except lk.LkNotFound as exc:
            self.returncode = 127
            yield DeployEvent(ERROR, str(exc))
            return
        yield DeployEvent(STEP, f"{self.command.title}: {self.command.display()}")
        self._streamed = StreamedCommand(
            self.command.argv(lk_path), self.command.cwd, self.environ, self.redact
        )
        try:
            async for line in self._streamed:
                yield DeployEvent(OUTPUT, line)
        except OSError as exc:  # found but not runnable (bad interpreter, wrong platform)
            self.returncode = 126
            yield DeployEvent(ERROR, f"could not start {lk_path}: {exc.strerror or exc}")
            return
        self.returncode = self._streamed.returncode
        if self.returncode != 0:
            yield DeployEvent(
                ERROR,
                f"`{self.command.display()}` failed (exit {self.returncode}); see its output "
                f"above. {lk.AUTH_HINT}",
            )
