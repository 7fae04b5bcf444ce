"""The preview's end of the SDK's console protocol.

In console mode the worker is the TCP *client*: it connects to `--connect-addr` when its
session starts. We listen on 127.0.0.1 (port 0), accept that connection and drive it with
the SDK's own `RemoteSession`, on a `TcpSessionTransport` subclass whose `start()` adopts
the accepted socket instead of dialling out.

livekit.agents is imported only when a preview starts, so importing this module is cheap.
It takes a second or more, so `prepare_client()` starts it in a background thread as the
worker process is spawned (which imports the same SDK at the same time, on another core):
by the time the worker connects, the client is ready.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import socket
import threading
from collections.abc import Callable
from typing import Any

from runtime.preview.decode import SUBSCRIBED_EVENTS, decode_event, history_messages
from runtime.preview.events import PreviewEvent

LOOPBACK = "127.0.0.1"
_CLIENT_MODULE = "livekit.agents.voice.remote_session"
_client_import: threading.Thread | None = None


def prepare_client() -> None:
    """Start importing the SDK's session client in the background, once per process."""
    global _client_import
    if _client_import is None:
        _client_import = threading.Thread(target=_import_client, name="preview-client-import",
                                          daemon=True)
        _client_import.start()


def _import_client() -> None:
    # A failure is reported where the client is used (the import is tried again there).
    with contextlib.suppress(Exception):
        importlib.import_module(_CLIENT_MODULE)


async def _client_ready() -> None:
    """Wait, without holding up the event loop, for a background import to finish."""
    if _client_import is not None and _client_import.is_alive():
        await asyncio.to_thread(_client_import.join)


class ConsoleListener:
    """Accepts one worker connection per listener (one listener per worker process)."""

    def __init__(self) -> None:
        self._server: asyncio.Server | None = None
        self._accepted: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )
        self.port = 0

    @property
    def address(self) -> str:
        return f"{LOOPBACK}:{self.port}"

    async def start(self) -> ConsoleListener:
        self._server = await asyncio.start_server(self._on_connection, LOOPBACK, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def _on_connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await self._accepted.put((reader, writer))

    async def accept(self, on_event: Callable[[PreviewEvent], None]) -> AgentLink:
        """Wait for the worker to connect; callers bound the wait (the worker may die)."""
        reader, writer = await self._accepted.get()
        await _client_ready()
        link = AgentLink(reader, writer, on_event)
        await link.start()
        return link

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        while not self._accepted.empty():
            _, writer = self._accepted.get_nowait()
            writer.close()


def _accepted_transport_class() -> type:
    from livekit.agents.voice.remote_session import TcpSessionTransport

    class AcceptedTransport(TcpSessionTransport):
        """A `TcpSessionTransport` on a socket we accepted; reports when it drops."""

        def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            host, port = writer.get_extra_info("peername")[:2]
            super().__init__(host, port)
            self._accepted = (reader, writer)
            self.dropped = asyncio.Event()

        async def start(self) -> None:
            reader, writer = self._accepted
            sock = writer.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._reader, self._writer = reader, writer
            self._loop = asyncio.get_running_loop()

        async def __anext__(self) -> Any:
            try:
                return await super().__anext__()
            except StopAsyncIteration:
                self.dropped.set()
                raise

    return AcceptedTransport


class AgentLink:
    """One live connection to a worker's session: send turns, receive events."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        on_event: Callable[[PreviewEvent], None],
    ) -> None:
        from livekit.agents.voice.remote_session import RemoteSession

        self._transport = _accepted_transport_class()(reader, writer)
        self._session = RemoteSession(self._transport)
        self._on_event = on_event
        for name in SUBSCRIBED_EVENTS:
            self._session.on(name, self._relay(name))

    def _relay(self, name: str) -> Callable[[Any], None]:
        def relay(event: Any) -> None:
            for decoded in decode_event(name, event):
                self._on_event(decoded)

        return relay

    async def start(self) -> None:
        await self._session.start()
        await self._session.wait_for_ready(timeout=10.0)

    @property
    def dropped(self) -> asyncio.Event:
        """Set when the worker closed the connection (its session ended, or it died)."""
        return self._transport.dropped

    async def send(self, text: str, timeout: float = 120.0) -> None:
        """Run one user turn; returns when the agent has finished answering it."""
        await self._session.run(text, timeout=timeout)

    async def chat_items(self) -> Any:
        """The session's history as the protocol's ChatItem messages."""
        response = await self._session.get_chat_history()
        return response.items

    async def chat_history(self) -> list[dict[str, str]]:
        return history_messages(await self.chat_items())

    async def aclose(self) -> None:
        await self._session.aclose()
