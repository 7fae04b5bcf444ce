"""The preview's end of the SDK's console protocol.

In console mode the worker is the TCP *client*: it connects to `--connect-addr` when its
session starts. We listen on 127.0.0.1 (port 0), accept that connection and speak the
protocol on it as `lk console` does: each frame is a 4-byte big-endian length and an
`AgentSessionMessage` (LiveKit's protocol package, the same definitions the SDK's
`SessionHost` on the worker's side uses). Requests (ping, run a turn, chat history) carry
an id the response echoes; events (state changes, transcript items, tool calls) arrive
unasked.

Only the protocol's messages are loaded here, not the SDK: the SDK's own client
(`RemoteSession`) comes with all of livekit.agents, a second of imports that shared the
machine with the worker importing the same SDK, and the greeting waited for it.
`prepare_client()` loads the messages in the background as the worker is spawned.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import itertools
import logging
import socket
import struct
import threading
from collections.abc import Callable
from typing import Any

from runtime.preview.decode import SUBSCRIBED_EVENTS, decode_event, history_messages
from runtime.preview.events import PreviewEvent

LOOPBACK = "127.0.0.1"
_PROTOCOL_MODULE = "livekit.protocol.agent_pb.agent_session"
_FRAME_HEADER = struct.Struct(">I")
_MAX_FRAME = 1 << 20  # the SDK's transport refuses larger messages too
_client_import: threading.Thread | None = None
_request_ids = itertools.count(1)


def prepare_client() -> None:
    """Start loading the protocol's messages in the background, once per process."""
    global _client_import
    if _client_import is None:
        _client_import = threading.Thread(target=_import_protocol, name="preview-client-import",
                                          daemon=True)
        _client_import.start()


def _import_protocol() -> None:
    # A failure is reported where the messages are used (the import is tried again there).
    with contextlib.suppress(Exception):
        importlib.import_module(_PROTOCOL_MODULE)


async def _client_ready() -> None:
    """Wait, without holding up the event loop, for a background import to finish."""
    if _client_import is not None and _client_import.is_alive():
        await asyncio.to_thread(_client_import.join)


def _protocol() -> Any:
    return importlib.import_module(_PROTOCOL_MODULE)


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


class AgentLink:
    """One live connection to a worker's session: send turns, receive events."""

    def __init__(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        on_event: Callable[[PreviewEvent], None],
    ) -> None:
        self._pb = _protocol()
        self._reader = reader
        self._writer = writer
        self._on_event = on_event
        self._pending: dict[str, asyncio.Future[Any]] = {}
        self._send_lock = asyncio.Lock()
        self._receiving: asyncio.Task[None] | None = None
        self.dropped = asyncio.Event()  # the worker closed the connection (ended or died)
        self._closing = False

    async def start(self) -> None:
        sock = self._writer.get_extra_info("socket")
        if sock is not None:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._receiving = asyncio.create_task(self._receive())
        await self._wait_for_ready(timeout=10.0)

    async def _receive(self) -> None:
        try:
            while (message := await self._read_frame()) is not None:
                if message.HasField("response"):
                    future = self._pending.pop(message.response.request_id, None)
                    if future is not None and not future.done():
                        future.set_result(message.response)
                elif message.HasField("event"):
                    name = message.event.WhichOneof("event")
                    if name in SUBSCRIBED_EVENTS:
                        self._deliver(name, message.event)
        finally:
            if not self._closing:  # closed from here (a reload): no hang-up to report
                self.dropped.set()
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(RuntimeError("the agent's session closed"))
            self._pending.clear()

    def _deliver(self, name: str, event: Any) -> None:
        try:
            for decoded in decode_event(name, event):
                self._on_event(decoded)
        except Exception:  # one failing listener must not cut the call off
            logging.getLogger(__name__).exception("a preview listener failed on %s", name)

    async def _read_frame(self) -> Any | None:
        """The next message, or None once the connection is gone (or sends nonsense)."""
        try:
            header = await self._reader.readexactly(_FRAME_HEADER.size)
            (length,) = _FRAME_HEADER.unpack(header)
            if length > _MAX_FRAME:
                return None
            data = await self._reader.readexactly(length)
        except (asyncio.IncompleteReadError, ConnectionError, OSError):
            return None
        from google.protobuf.message import DecodeError  # loaded with the protocol's messages

        message = self._pb.AgentSessionMessage()
        try:
            message.ParseFromString(data)
        except DecodeError:  # a frame that is not the protocol's: the link is unusable
            return None
        return message

    async def _request(self, timeout: float, **request: Any) -> Any:
        """Send one request (`ping=...`, `run_input=...`) and return its response."""
        if self._receiving is None or self._receiving.done():
            raise RuntimeError("the agent's session closed")
        request_id = f"req_{next(_request_ids)}"
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending[request_id] = future
        message = self._pb.AgentSessionMessage(
            request=self._pb.SessionRequest(request_id=request_id, **request))
        data = message.SerializeToString()
        try:
            try:
                async with self._send_lock:  # a frame's header and body stay together
                    self._writer.write(_FRAME_HEADER.pack(len(data)) + data)
                    await self._writer.drain()
            except (ConnectionError, OSError) as exc:
                raise RuntimeError(f"the agent's session closed: {exc}") from exc
            response = await asyncio.wait_for(future, timeout)  # TimeoutError: unanswered
        finally:
            self._pending.pop(request_id, None)
        if response.error:
            kind = next(iter(request))
            raise RuntimeError(f"the session's {kind} request failed: {response.error}")
        return response

    async def _wait_for_ready(self, timeout: float, retry_s: float = 0.5) -> None:
        """Ping until the session answers (it may still be starting)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            remaining = deadline - loop.time()
            if remaining <= 0:
                raise TimeoutError("the agent's session did not answer a ping")
            with contextlib.suppress(TimeoutError):
                await self._request(min(retry_s, remaining), ping=self._pb.SessionRequest.Ping())
                return

    async def send(self, text: str, timeout: float = 120.0) -> None:
        """Run one user turn; returns when the agent has finished answering it."""
        await self._request(timeout, run_input=self._pb.SessionRequest.RunInput(text=text))

    async def chat_items(self) -> Any:
        """The session's history as the protocol's ChatItem messages."""
        response = await self._request(
            60.0, get_chat_history=self._pb.SessionRequest.GetChatHistory())
        return response.get_chat_history.items

    async def chat_history(self) -> list[dict[str, str]]:
        return history_messages(await self.chat_items())

    async def aclose(self) -> None:
        self._closing = True
        if self._receiving is not None:
            self._receiving.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._receiving
        with contextlib.suppress(ConnectionError, OSError):
            self._writer.close()
            await self._writer.wait_closed()
