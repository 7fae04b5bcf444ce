"""Run a command and hand its output over line by line, as it comes.

One async iterator serves both the headless CLI (which prints each line) and the TUI's
Deploy view (which appends each line to a log). Output is split on `\\n` and on bare
`\\r` so progress bars arrive as separate updates rather than as one endless line, and
any known secret value (in any form, see `runtime.agent.redact`) is replaced before a
line leaves this module.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import os
import re
import signal
from collections.abc import AsyncIterator, Mapping
from pathlib import Path
from typing import Self

from runtime.redaction import Redactor

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
TERMINATE_GRACE_S = 3.0


class StreamedCommand:
    """`async for line in StreamedCommand(argv, cwd): ...`, then read `returncode`.

    stdout and stderr are merged in order; stdin is closed so a tool that would prompt
    takes its non-interactive path instead of hanging. Cancelling the reader ends the
    whole process group; to stop early with `break`, iterate inside `async with`, which
    ends it on exit.
    """

    def __init__(
        self,
        argv: list[str],
        cwd: str | os.PathLike[str],
        env: Mapping[str, str] | None = None,
        redact: Redactor | None = None,
    ) -> None:
        self.argv = list(argv)
        self.cwd = Path(cwd)
        self.env = dict(os.environ if env is None else env)
        self.returncode: int | None = None
        self._redact = redact or Redactor()
        self._process: asyncio.subprocess.Process | None = None

    def __aiter__(self) -> AsyncIterator[str]:
        return self._lines()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.terminate()

    async def _lines(self) -> AsyncIterator[str]:
        self._process = await asyncio.create_subprocess_exec(
            *self.argv,
            cwd=self.cwd,
            env=self.env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            start_new_session=True,
        )
        finished = False
        try:
            async for line in _split_lines(self._process.stdout):
                yield self._redact(line)
            self.returncode = await self._process.wait()
            finished = True
        finally:
            if not finished:
                await self.terminate()

    async def terminate(self) -> None:
        process = self._process
        if process is None or process.returncode is not None:
            return
        _signal_group(process.pid, signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), TERMINATE_GRACE_S)
        except TimeoutError:
            _signal_group(process.pid, signal.SIGKILL)
            await process.wait()
        self.returncode = process.returncode


async def _split_lines(stream: asyncio.StreamReader | None) -> AsyncIterator[str]:
    if stream is None:
        return
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    pending = ""
    while chunk := await stream.read(4096):
        pending += decoder.decode(chunk)
        # A chunk ending in "\r" may be the first half of "\r\n": keep it for the next one.
        held = "\r" if pending.endswith("\r") else ""
        *complete, pending = _LINE_BREAK.split(pending[: len(pending) - len(held)])
        pending += held
        for line in complete:
            yield line
    rest = (pending + decoder.decode(b"", final=True)).rstrip("\r")
    if rest:
        yield rest


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
