"""Checking a big agent file in a process of its own.

Validating a file of a few hundred tools is tens of milliseconds of pure Python. In a
thread beside the event loop it still shares the interpreter with it (only one of them
runs at a time), so every key typed meanwhile takes twice as long to show. In a process
of its own it runs on another core and the loop never waits for it. A small file checks
within a fraction of a frame and is checked in a thread, as before: a process costs a
start and some memory that only a big file repays.

The process is started by the first check that needs it and lives as long as the app.
It reads a length line and that many bytes of text, and answers with one JSON line of
problems. It ends when its input closes (the app quit, or died), and ignores ctrl+c.
"""

from __future__ import annotations

import atexit
import contextlib
import signal
import subprocess
import sys
import threading

# A process that keeps dying is not started again: checks go back to the thread.
MAX_STARTS = 3


class CheckProcess:
    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()
        self._starts = 0
        self._closed = False

    def check(self, text: str) -> list | None:
        """The problems of `text`, or None when the process cannot give them (not
        startable, died on the way: the caller checks it itself). Blocks: call it from a
        thread."""
        import json

        from runtime.config.validate import Problem

        data = text.encode("utf-8", "surrogatepass")
        with self._lock:
            while not self._closed and (process := self._process or self._start()):
                try:
                    process.stdin.write(b"%d\n" % len(data) + data)
                    process.stdin.flush()
                    answer = process.stdout.readline()
                    return [Problem(**found) for found in json.loads(answer)]
                except (OSError, ValueError, TypeError):  # it died, or answered nonsense
                    self._end(process)  # and the next one is asked
            return None

    def _start(self) -> subprocess.Popen[bytes] | None:
        if self._starts >= MAX_STARTS:
            return None
        self._starts += 1
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "tui.check_process"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )
        except OSError:
            return None
        atexit.register(self.close)
        return self._process

    def _end(self, process: subprocess.Popen[bytes]) -> None:
        # Killed first: a check waiting on its answer then sees the end of it at once
        # (closing a pipe another thread reads would wait for that read).
        self._process = None
        with contextlib.suppress(OSError):
            process.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)
        for pipe in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                pipe.close()

    def close(self) -> None:
        """End the process (a check under way gets None)."""
        self._closed = True
        process = self._process
        if process is not None:
            self._end(process)
        atexit.unregister(self.close)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None


def main() -> None:
    import json

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the app handles ctrl+c; EOF ends this
    from runtime.config.validate import validate

    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    while line := stdin.readline():
        text = stdin.read(int(line)).decode("utf-8", "surrogatepass")
        stdout.write(json.dumps([p.to_dict() for p in validate(text)]).encode() + b"\n")
        stdout.flush()


if __name__ == "__main__":
    main()
