"""Preview worker processes: spawn warm, activate on a project, always clean up.

Every worker is `python -m runtime.preview.launcher` in its own process group
(start_new_session=True): it imports the SDK at once and waits, warm, to be told which
generated project to run (see launcher.py). Its stdout and stderr are read line by line
into a ring buffer and handed to a callback, with known secret values masked.

Stopping sends SIGTERM to the whole group, then SIGKILL after a grace period. Groups
still alive when the interpreter exits are killed by an atexit hook, and a worker whose
parent dies without running it notices stdin closing and ends itself.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import re
import signal
import subprocess
import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path

from runtime.preview.launcher import READY_LINE, start_process

LOG_LINES_KEPT = 500
STOP_GRACE_S = 5.0
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOG_LEVEL = re.compile(r"^\d\d:\d\d:\d\d (DEBUG|INFO|WARNING|ERROR|CRITICAL) (.*)$")
_MASK = "****"

_live_groups: set[int] = set()


def _kill_live_groups_at_exit() -> None:
    for pgid in list(_live_groups):
        _signal_group(pgid, signal.SIGTERM)
    deadline = time.monotonic() + 2.0
    while _live_groups and time.monotonic() < deadline:
        for pgid in list(_live_groups):
            if not _group_alive(pgid):
                _live_groups.discard(pgid)
        time.sleep(0.05)
    for pgid in list(_live_groups):
        _signal_group(pgid, signal.SIGKILL)


atexit.register(_kill_live_groups_at_exit)


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def _group_alive(pgid: int) -> bool:
    # The leader is our child: an exited one stays a zombie (and its group alive) until
    # reaped, which at exit no one else does.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pgid, os.WNOHANG)
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def parse_log_line(line: str) -> tuple[str, str]:
    """(level, message) of one worker output line; lines without a level are INFO."""
    # The SDK's console logger starts each line with a carriage return.
    plain = _ANSI.sub("", line).strip("\r\n ")
    match = _LOG_LEVEL.match(plain)
    if match:
        return match.group(1), match.group(2)
    return "INFO", plain


def mask_secrets(text: str, secrets: Iterable[str]) -> str:
    # Longest first, so a secret that contains a shorter one is masked whole.
    for value in sorted((s for s in secrets if len(s) >= 4), key=len, reverse=True):
        text = text.replace(value, _MASK)
    return text


class WorkerProcess:
    """One launcher process, from warm spare to activated worker to stopped."""

    def __init__(
        self,
        on_output: Callable[[str, str], None] | None = None,
        secrets: Iterable[str] = (),
        cwd: str | os.PathLike[str] | None = None,
    ) -> None:
        self._on_output = on_output
        self.secrets = set(secrets)
        self._cwd = cwd
        self.logs: deque[str] = deque(maxlen=LOG_LINES_KEPT)
        self.warm = asyncio.Event()
        self.exited = asyncio.Event()
        self.returncode: int | None = None
        self.stopping = False
        self.project_dir: Path | None = None
        self._process: subprocess.Popen[bytes] | None = None
        self._reader: asyncio.Task[None] | None = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process else None

    async def spawn(self) -> WorkerProcess:
        return await self.adopt(start_process(self._cwd))

    async def adopt(self, process: subprocess.Popen[bytes]) -> WorkerProcess:
        """Take charge of a launcher process started with `launcher.start_process`."""
        self._process = process
        _live_groups.add(process.pid)
        loop = asyncio.get_running_loop()
        stdout = asyncio.StreamReader()
        await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(stdout), process.stdout)
        self._reader = asyncio.create_task(self._read_output(stdout), name="preview-worker-output")
        return self

    async def _read_output(self, stdout: asyncio.StreamReader) -> None:
        assert self._process is not None
        while line := await stdout.readline():
            text = mask_secrets(line.decode("utf-8", "replace").rstrip("\n"), self.secrets)
            if text == READY_LINE:
                self.warm.set()
                continue
            self.logs.append(text)
            if self._on_output is not None:
                level, message = parse_log_line(text)
                self._on_output(level, message)
        # Output ends as the process does: its exit follows within moments.
        while (code := self._process.poll()) is None:
            await asyncio.sleep(0.01)
        self.returncode = code
        _live_groups.discard(self._process.pid)
        self.exited.set()

    async def activate(
        self, entrypoint: Path, connect_addr: str, env: dict[str, str], secrets: Iterable[str] = ()
    ) -> None:
        """Tell the (warm or warming) process to run `entrypoint` in console mode."""
        assert self._process is not None and self._process.stdin is not None
        self.secrets.update(secrets)
        self.project_dir = entrypoint.parent.parent
        request = {
            "entrypoint": str(entrypoint),
            "connect_addr": connect_addr,
            "cwd": str(self.project_dir),
            "env": env,
        }
        # A process that died meanwhile is reported by whoever waits for it to connect. The
        # line is far smaller than a pipe's buffer: writing it never waits.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, ValueError):
            self._process.stdin.write((json.dumps(request) + "\n").encode())
            self._process.stdin.flush()

    def tail(self, lines: int = 20) -> str:
        return "\n".join(list(self.logs)[-lines:])

    async def stop(self, grace: float = STOP_GRACE_S) -> int | None:
        """SIGTERM the process group, SIGKILL it after `grace` seconds (0: at once)."""
        if self._process is None:
            return None
        self.stopping = True
        pgid = self._process.pid
        if not self.exited.is_set():
            _signal_group(pgid, signal.SIGKILL if grace <= 0 else signal.SIGTERM)
            try:
                await asyncio.wait_for(self.exited.wait(), grace if grace > 0 else 5.0)
            except TimeoutError:
                _signal_group(pgid, signal.SIGKILL)
                await self.exited.wait()
        # The leader is gone; children it left in its group go too.
        _signal_group(pgid, signal.SIGKILL)
        _live_groups.discard(pgid)
        if self._process.stdin is not None:
            with contextlib.suppress(OSError):
                self._process.stdin.close()
        return self.returncode
