"""A program in a pseudo-terminal, seen as a person sees it.

`Terminal` starts a command in a fresh pty (in a session of its own, at a fixed size), keeps a terminal emulator (pyte) fed with what it writes, and
answers "when did X appear on screen?". A reader thread does nothing but read the pty and
stamp each chunk with its arrival time; the emulator runs on the caller's thread, so its
cost never shifts a timestamp: a condition met by a chunk is dated by that chunk's arrival.

Keys are sent as a terminal sends them (escape sequences, SGR mouse clicks).
"""

from __future__ import annotations

import fcntl
import os
import pty
import queue
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable, Sequence
from typing import Self

import pyte

KEYS = {
    "enter": "\r", "tab": "\t", "shift+tab": "\x1b[Z", "escape": "\x1b", "backspace": "\x7f",
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "home": "\x1b[H", "end": "\x1b[F", "delete": "\x1b[3~", "ctrl+c": "\x03", "ctrl+q": "\x11",
    "ctrl+s": "\x13", "f2": "\x1bOQ",
    **{f"alt+{n}": f"\x1b{n}" for n in range(10)},
}

# A person's screen is slower than a frame; an app that never paints is a failure, not a wait.
DEFAULT_TIMEOUT_S = 60.0


class ScreenTimeout(RuntimeError):
    pass


class Terminal:
    def __init__(self, argv: Sequence[str], *, size: tuple[int, int] = (120, 40),
                 cwd: str | os.PathLike[str] | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.argv = list(argv)
        self.columns, self.rows = size
        self.screen = pyte.Screen(self.columns, self.rows)
        self._stream = pyte.ByteStream(self.screen)
        self._chunks: queue.Queue[tuple[float, bytes] | None] = queue.Queue()
        self.raw = bytearray()  # everything written, for line-oriented programs
        self._master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.columns, 0, 0))
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            self.argv, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env,
            start_new_session=True, close_fds=True,
        )
        os.close(slave)
        self.closed = False
        self.last_stamp = self.started
        self._reader = threading.Thread(target=self._read, daemon=True, name="pty-reader")
        self._reader.start()

    # -- the reading side -----------------------------------------------------------------
    def _read(self) -> None:
        while True:
            try:
                data = os.read(self._master, 1 << 16)
            except OSError:
                data = b""
            stamp = time.perf_counter()
            if not data:
                self._chunks.put(None)
                return
            self._chunks.put((stamp, data))

    def _feed(self, timeout: float | None) -> float | None:
        """Take one chunk into the emulator; its arrival time, None when none came."""
        try:
            item = self._chunks.get(timeout=timeout)
        except queue.Empty:
            return None
        if item is None:
            self.closed = True
            return None
        stamp, data = item
        self.raw += data
        self._stream.feed(data)
        self.last_stamp = stamp
        return stamp

    def drain(self) -> None:
        """Take in everything written so far."""
        while not self._chunks.empty() and self._feed(0) is not None:
            pass

    def wait_until(self, condition: Callable[[Terminal], bool],
                   timeout: float = DEFAULT_TIMEOUT_S, what: str = "the condition",
                   *, required: bool = True) -> float | None:
        """The arrival time of the output that made `condition` true, checked after each
        chunk (if it holds already: the arrival of the last chunk taken in). On timeout
        ScreenTimeout, or None when not `required`."""
        if condition(self):
            return self.last_stamp
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if not required:
                    return None
                raise ScreenTimeout(f"{what} never appeared on screen:\n{self.text()}")
            stamp = self._feed(min(left, 0.5))
            if stamp is None:
                if self.closed:
                    raise ScreenTimeout(f"the program ended before {what}:\n{self.text()}"
                                        f"\n{bytes(self.raw[-2000:])!r}")
                continue
            if condition(self):
                return stamp

    def wait_for_text(self, text: str, timeout: float = DEFAULT_TIMEOUT_S) -> float:
        return self.wait_until(lambda t: t.shows(text), timeout, repr(text))

    def wait_for_output(self, data: bytes, start: int = 0,
                        timeout: float = DEFAULT_TIMEOUT_S) -> float:
        """For line-oriented programs: `data` in the raw output from offset `start` on."""
        return self.wait_until(lambda t: t.raw.find(data, start) >= 0, timeout, repr(data))

    # -- what is on screen ----------------------------------------------------------------
    def lines(self) -> list[str]:
        return self.screen.display

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def shows(self, text: str) -> bool:
        return any(text in line for line in self.screen.display)

    def find(self, text: str, leftmost: bool = False) -> tuple[int, int] | None:
        """(column, row), 0-based, of the first place showing `text` (reading order, or
        with `leftmost` the one nearest the left edge: a list's entry rather than the
        same name in the form beside it)."""
        places = []
        for y, line in enumerate(self.screen.display):
            x = line.find(text)
            if x >= 0:
                places.append((x, y))
        if not places:
            return None
        return min(places) if leftmost else places[0]

    def row_look(self, y: int) -> tuple:
        """Row `y` as drawn: characters and their colours and styles (a cursor, a focus
        highlight or a selection change it even when the text stays)."""
        line = self.screen.buffer[y]
        return tuple((c.data, c.fg, c.bg, c.reverse, c.bold) for c in
                     (line[x] for x in range(self.columns)))

    def act_and_see(self, act: Callable[[], float], row: int, timeout: float = 10.0) -> float:
        """Do `act` (a click, a key) and wait until row `row` is drawn differently: what a
        person waits for before going on (the cursor showing up where they clicked)."""
        self.drain()
        before = self.row_look(row)
        act()
        return self.wait_until(lambda t: t.row_look(row) != before, timeout,
                               f"a change of row {row}", required=False)

    # -- the typing side -----------------------------------------------------------------
    def send(self, data: str | bytes) -> float:
        """Write as the terminal would; returns the time it was written."""
        if isinstance(data, str):
            data = data.encode()
        stamp = time.perf_counter()
        os.write(self._master, data)
        return stamp

    def press(self, key: str) -> float:
        return self.send(KEYS.get(key, key))

    def click(self, column: int, row: int) -> float:
        """A left click at a 0-based cell, as an SGR mouse report (press, then release)."""
        x, y = column + 1, row + 1
        return self.send(f"\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m")

    def click_text(self, text: str, leftmost: bool = False) -> float:
        self.drain()
        where = self.find(text, leftmost)
        if where is None:
            raise ScreenTimeout(f"{text!r} is not on screen to click:\n{self.text()}")
        return self.click(where[0] + 1, where[1])

    # -- the process ---------------------------------------------------------------------
    def cpu_seconds(self) -> float:
        """User + system time of the program and every process it started."""
        return sum(_cpu_of(pid) for pid in descendants(self.process.pid, include_self=True))

    def settle(self, quiet: float = 0.4, timeout: float = 30.0) -> None:
        """Wait until the program (and its children) stop working: `quiet` seconds in
        which they used under a tenth of a core. What a person's pause before the next
        action looks like to the machine."""
        deadline = time.monotonic() + timeout
        before, since = self.cpu_seconds(), time.monotonic()
        while time.monotonic() < deadline:
            self.drain()
            time.sleep(0.05)
            now = time.monotonic()
            used = self.cpu_seconds()
            if used - before > 0.1 * (now - since):
                before, since = used, now
            elif now - since >= quiet:
                return
        # a program that never rests is measured anyway; the figure will show it

    def rss_bytes(self) -> int:
        """Resident size of the program and every process it started (a helper process
        holds memory the program would otherwise hold itself)."""
        return sum(_rss_of(pid) for pid in descendants(self.process.pid, include_self=True))

    def close(self, grace: float = 5.0) -> None:
        """End the program and everything it started (by process group and by tree)."""
        if self.process.poll() is None:
            tree = descendants(self.process.pid, include_self=True)
            _signal_all(tree, signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
            _signal_all(descendants(self.process.pid, include_self=True) + tree, signal.SIGKILL)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.close(self._master)
        except OSError:
            pass

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def descendants(pid: int, include_self: bool = False) -> list[int]:
    """`pid`'s process tree, from /proc (children in other sessions included)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found if include_self else found[1:]


def _cpu_of(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_of(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _signal_all(pids: list[int], sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass


def child_env(**extra: str) -> dict[str, str]:
    """The environment a person's terminal gives a program."""
    env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", **extra)
    # Both sides run from cached bytecode, as after any first launch on a user's machine.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("TEXTUAL", None)
    return env


if sys.platform != "linux":  # pragma: no cover - /proc is how the bench sees processes
    raise SystemExit("the benches read /proc: run them on Linux")
