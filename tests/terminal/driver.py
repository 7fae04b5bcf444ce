"""The editor in a real pseudo-terminal: keys go in as the bytes a terminal sends, the
screen comes back through a terminal emulator (pyte).

`Terminal` starts `agent-builder edit FILE` the way a user does, in a pty of a given size.
Keys are written as escape sequences, many at once (`send`) the way a paste, a fast typist
or a slow SSH link delivers them, also before the first frame. Everything waits for a
condition (text on screen, bytes in a file) with a generous limit, never for a fixed time,
except where a terminal itself needs a pause: a lone escape key is told apart from the
start of an escape sequence only by the silence after it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

import pyte

REPO = Path(__file__).resolve().parents[2]
WAIT_S = 30.0  # generous: CI machines are shared and the suite runs two workers
# Longer than the escape delay of the app's parser (Textual: 100 ms), as a person's pause.
ESCAPE_GAP_S = 0.25

_CSI_KEYS = {
    "up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
    "home": "\x1b[H", "end": "\x1b[F", "insert": "\x1b[2~", "delete": "\x1b[3~",
    "pageup": "\x1b[5~", "pagedown": "\x1b[6~", "shift+tab": "\x1b[Z",
    "f1": "\x1bOP", "f2": "\x1bOQ", "f3": "\x1bOR", "f4": "\x1bOS",
    "f5": "\x1b[15~", "f6": "\x1b[17~", "f7": "\x1b[18~", "f8": "\x1b[19~",
    "f9": "\x1b[20~", "f10": "\x1b[21~",
}
_MODIFIED = {"shift": 2, "alt": 3, "ctrl": 5, "ctrl+shift": 6}
_PLAIN = {"tab": "\t", "enter": "\r", "escape": "\x1b", "backspace": "\x7f", "space": " "}


def key_bytes(key: str) -> str:
    """What xterm sends for `key` (Textual's names: "tab", "ctrl+s", "alt+2", "shift+up")."""
    if key in _PLAIN:
        return _PLAIN[key]
    if key in _CSI_KEYS:
        return _CSI_KEYS[key]
    modifiers, _, base = key.rpartition("+")
    if modifiers == "ctrl" and len(base) == 1 and base.isalpha():
        return chr(ord(base.lower()) & 0x1F)
    if modifiers == "alt" and len(base) == 1:
        return "\x1b" + base  # "meta sends escape", as xterm, tmux and screen do
    if modifiers in _MODIFIED and base in ("up", "down", "right", "left", "home", "end"):
        return f"\x1b[1;{_MODIFIED[modifiers]}{_CSI_KEYS[base][-1]}"
    if len(key) == 1:
        return key
    raise ValueError(f"no terminal sequence known for {key!r}")


# Run first in the new session (its leader): the pty on stdin becomes its controlling
# terminal, then the program replaces it (same process, so the same pid and session).
_TAKE_TERMINAL = ("import fcntl, os, sys, termios; fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
                  "os.execvp(sys.argv[1], sys.argv[1:])")


def _pyte_screen(columns: int, rows: int) -> tuple[pyte.Screen, pyte.ByteStream]:
    screen = pyte.Screen(columns, rows)
    stream = pyte.ByteStream(screen)
    return screen, stream


class Terminal:
    """One editor process in a pty; use as a context manager."""

    def __init__(self, file: Path, *, size: tuple[int, int] = (80, 24),
                 argv: list[str] | None = None, env: dict[str, str] | None = None,
                 controlling: bool = False) -> None:
        """`controlling`: the pty becomes the program's controlling terminal, as a terminal
        emulator's is (ctrl+c then sends SIGINT, closing it SIGHUP). Off by default: the
        editor's tests close terminals without a hang-up unless they test one."""
        self.file = Path(file)
        self.columns, self.rows = size
        self.argv = argv or [sys.executable, "-m", "runtime.cli", "edit", str(self.file)]
        self._env = env or {}
        self._controlling = controlling
        self._screen, self._stream = _pyte_screen(self.columns, self.rows)
        self._lock = threading.Condition()
        self._output = bytearray()
        self._closed = False
        self.proc: subprocess.Popen | None = None

    # -- process -----------------------------------------------------------------------
    def start(self) -> Self:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", self.rows, self.columns, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", **self._env)
        # A user's terminal sets none of these. COLUMNS and LINES (set in the suite's
        # parallel workers) would win over the pty's size: the app would draw at 80x24.
        for name in ("TEXTUAL", "TEXTUAL_DRIVER", "CI", "NO_COLOR", "PYTEST_CURRENT_TEST",
                     "COLUMNS", "LINES"):
            env.pop(name, None)
        # Run from the file's folder, as a user in their project does.
        argv = [sys.executable, "-c", _TAKE_TERMINAL, *self.argv] if self._controlling else self.argv
        self.proc = subprocess.Popen(argv, cwd=self.file.parent, stdin=slave, stdout=slave,
                                     stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        return self

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.5)
            except (OSError, ValueError):
                break
            if not ready:
                if self.proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(self._master, 1 << 16)
            except OSError:
                break
            if not data:
                break
            self._received(data)
        self._ended()

    def _received(self, data: bytes) -> None:
        with self._lock:
            self._output += data
            self._stream.feed(data)
            self._lock.notify_all()

    def _ended(self) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()

    def close(self) -> None:
        if self.proc is None:
            return
        self._kill()
        self._reader.join(timeout=WAIT_S)
        os.close(self._master)
        self.proc = None

    def _kill(self) -> None:
        """End the program and whatever it started (its process group), and wait."""
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(timeout=WAIT_S)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()

    def exit_code(self, timeout: float = WAIT_S) -> int:
        """Wait for the app to end by itself; its exit status."""
        return self.proc.wait(timeout=timeout)

    # -- input -------------------------------------------------------------------------
    def write(self, data: str) -> None:
        os.write(self._master, data.encode("utf-8"))

    def send(self, *keys: str) -> None:
        """Keys in one burst, as a terminal delivers a fast typist or a paste without
        bracketing; a lone escape gets the pause after it that makes it one."""
        burst = []
        for key in keys:
            burst.append(key_bytes(key))
            if key == "escape":
                self.write("".join(burst))
                burst = []
                time.sleep(ESCAPE_GAP_S)
        if burst:
            self.write("".join(burst))

    def type(self, text: str) -> None:
        """Characters typed in one burst (newlines as enter)."""
        self.write(text.replace("\n", "\r"))

    def paste(self, text: str) -> None:
        self.write(f"\x1b[200~{text}\x1b[201~")

    def click(self, text: str, *, offset: int = 0, occurrence: int = 0) -> None:
        """A left click (SGR mouse reports, as xterm sends them) on the `occurrence`-th
        place the screen shows `text`, `offset` cells into it, once it shows it (a person
        looks for what they click: rows mounted after the first frame come a moment later)."""
        self.wait_for(lambda: self.position_of(text, occurrence), what=f"{text!r} to click on")
        x, y = self.position_of(text, occurrence)
        column, row = x + offset + 1, y + 1
        self.write(f"\x1b[<0;{column};{row}M\x1b[<0;{column};{row}m")

    def position_of(self, text: str, occurrence: int = 0) -> tuple[int, int]:
        found = [(line.index(text), y) for y, line in enumerate(self.lines) if text in line]
        if len(found) <= occurrence:
            raise AssertionError(f"{text!r} is not on screen:\n{self.text}")
        return found[occurrence]

    # -- output ------------------------------------------------------------------------
    @property
    def lines(self) -> list[str]:
        with self._lock:
            return [line.rstrip() for line in self._screen.display]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, condition: str | re.Pattern | Callable[[], object],
                 timeout: float = WAIT_S, what: str | None = None):
        """Wait until `condition` holds: text (or a pattern) on screen, or a callable
        returning something true (which is returned)."""
        check = _as_check(self, condition)
        deadline = time.monotonic() + timeout
        why_not = ""
        with self._lock:
            while True:
                self._lock.release()
                try:
                    result = check()
                except AssertionError as error:
                    # A screen caught mid-redraw (a dialog half gone, the line looked
                    # for not drawn yet) fails a helper such as line_with: not yet met.
                    result, why_not = None, f" ({str(error).splitlines()[0]})"
                finally:
                    self._lock.acquire()
                if result:
                    return result
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                # New output, or every so often for conditions on files.
                self._lock.wait(min(remaining, 0.05))
        raise AssertionError(
            f"never saw {what or condition!r}{why_not}; the screen:\n{self.text}\n"
            f"({self._process_state()})"
        )

    def _process_state(self) -> str:
        if self.proc is None:
            return "no process"
        code = self.proc.poll()
        return "process running" if code is None else f"process exited {code}"

    def notifications(self) -> str:
        """The text of the notifications on screen (toasts, drawn right of a "▌"), their
        wrapped lines joined."""
        # (A toast over a bordered panel has the border's ends beside it.)
        parts = [line.split("▌", 1)[1].strip(" ─┐┘│▎") for line in self.lines if "▌" in line]
        return " ".join(" ".join(parts).split())

    def wait_notified(self, text: str, timeout: float = WAIT_S) -> None:
        self.wait_for(lambda: text in self.notifications(), timeout, what=f"notification {text!r}")

    def wait_gone(self, text: str, timeout: float = WAIT_S) -> None:
        self.wait_for(lambda: text not in self.text, timeout, what=f"{text!r} gone")

    def line_with(self, text: str) -> str:
        for line in self.lines:
            if text in line:
                return line
        raise AssertionError(f"no line holds {text!r}; the screen:\n{self.text}")

    def cells(self) -> list[tuple]:
        """Every cell as (character, colours, bold, reverse, underline): what a person
        sees, focus highlights included."""
        with self._lock:
            return [(char.data, char.fg, char.bg, char.bold, char.reverse, char.underscore)
                    for y in range(self.rows) for char in
                    (self._screen.buffer[y][x] for x in range(self.columns))]

    def wait_still(self, quiet_s: float = 0.3, timeout: float = WAIT_S) -> list[tuple]:
        """Wait until the screen stops changing (a cursor blinking aside: one cell); its
        cells. A condition, not a delay: `quiet_s` of no change."""
        deadline = time.monotonic() + timeout
        before = self.cells()
        while True:
            time.sleep(quiet_s)
            now = self.cells()
            if changed_cells(before, now) <= 1 or time.monotonic() > deadline:
                return now
            before = now

    def raw_output(self) -> bytes:
        with self._lock:
            return bytes(self._output)


    # -- the editor ----------------------------------------------------------------------
    def wait_ready(self) -> None:
        """Wait for the first form (the tab titles and a field)."""
        # The footer is the frame's last line: the whole frame has arrived.
        self.wait_for(lambda: "Agent  Models" in self.text and "Agent name" in self.text
                      and "Quit" in self.lines[-1], what="the editor's first form")

    def wait_saved(self, before: str, timeout: float = WAIT_S) -> str:
        """Wait for the file to hold something other than `before`; its new text."""
        def saved():
            now = file_text(self.file)
            return now if now != before else None
        return self.wait_for(saved, timeout, what=f"{self.file.name} saved")

    def save(self) -> str:
        """ctrl+s, when there is something to save: wait for the file to change and the
        title to say the file holds what the screen shows; the file's text."""
        before = file_text(self.file)
        self.send("ctrl+s")
        self.wait_saved(before)
        self.wait_for(lambda: "unsaved" not in self.lines[0], what="saved (no 'unsaved' mark)")
        return file_text(self.file)


def _as_check(terminal: Terminal, condition) -> Callable[[], object]:
    if isinstance(condition, str):
        return lambda: condition in terminal.text
    if isinstance(condition, re.Pattern):
        return lambda: condition.search(terminal.text)
    return condition


def changed_cells(before: list[tuple], after: list[tuple]) -> int:
    return sum(1 for a, b in zip(before, after, strict=True) if a != b)


def file_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ""
