"""The editor in a browser: `agent-builder serve FILE` and a client speaking to it as the
page's terminal (xterm.js) does.

The page opens the server's websocket with its size, sends what the user types as
`["stdin", text]` (the same bytes xterm.js produces for each key: escape sequences, SGR
mouse reports) and draws the binary frames it gets back. Here a terminal emulator (pyte)
draws them, so the tests of `Terminal` read the screen and type in the same way.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import Self

import aiohttp

from tests.terminal.driver import WAIT_S, Terminal


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class BrowserTerminal(Terminal):
    """The served editor seen through its websocket, as a browser tab sees it."""

    def start(self) -> Self:
        port = _free_port()
        env = dict(os.environ, **self._env)
        for name in ("TEXTUAL", "TEXTUAL_DRIVER", "PYTEST_CURRENT_TEST", "COLUMNS", "LINES"):
            env.pop(name, None)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "runtime.cli", "serve", str(self.file),
             "--host", "127.0.0.1", "--port", str(port)],
            cwd=self.file.parent, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=env, start_new_session=True)
        for line in self.proc.stdout:  # the banner comes just before it listens
            if "Serving" in line:
                break
        self._drain = threading.Thread(target=self.proc.stdout.read, daemon=True)
        self._drain.start()
        self._loop = asyncio.new_event_loop()
        self._socket: aiohttp.ClientWebSocketResponse | None = None
        connected = threading.Event()
        url = f"http://127.0.0.1:{port}/ws?width={self.columns}&height={self.rows}"
        self._reader = threading.Thread(target=self._loop.run_until_complete,
                                        args=(self._talk(url, connected),), daemon=True)
        self._reader.start()
        if not connected.wait(WAIT_S):
            raise AssertionError("the served editor's websocket never opened")
        return self

    def wait_ready(self) -> None:
        """The first form on the page, then the user clicks into it: the page reports its
        terminal taking focus, and the app (which shows its keys only while it has
        focus, as Textual's footer does) shows them."""
        self.wait_for(lambda: "Agent  Models" in self.text and "Agent name" in self.text,
                      what="the editor's first form")
        self._send(["focus"])
        super().wait_ready()

    def _send(self, message: list) -> None:
        sent = asyncio.run_coroutine_threadsafe(self._socket.send_json(message), self._loop)
        sent.result(WAIT_S)

    async def _talk(self, url: str, connected: threading.Event) -> None:
        for _ in range(int(WAIT_S * 10)):  # the server may take a moment to listen
            try:
                async with aiohttp.ClientSession() as client, client.ws_connect(url) as ws:
                    self._socket = ws
                    connected.set()
                    async for message in ws:
                        if message.type == aiohttp.WSMsgType.BINARY:
                            self._received(message.data)
                        elif message.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                            break
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
        self._ended()

    def write(self, data: str) -> None:
        self._send(["stdin", data])

    def close(self) -> None:
        if self.proc is None:
            return
        if self._socket is not None and not self._socket.closed:
            asyncio.run_coroutine_threadsafe(self._socket.close(), self._loop).result(WAIT_S)
        self._reader.join(timeout=WAIT_S)
        self._kill()
        self._loop.close()
        self.proc = None


def served(path: Path, size: tuple[int, int] = (120, 40)) -> BrowserTerminal:
    return BrowserTerminal(path, size=size)
