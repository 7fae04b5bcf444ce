"""Real HTTP peers on 127.0.0.1 for the agent tests: an API for HTTP tools and a
receiver for the end-of-call POST, both recording what they got and able to fail."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from runtime.loopback_http import serve_on_loopback


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body) if self.body else None


Handler = Callable[[Received], Awaitable[web.StreamResponse] | web.StreamResponse]


@dataclass
class HttpPeer:
    """Answers every request with the next queued handler, else `default`."""

    default: Handler = field(default=lambda r: web.json_response({"ok": True}))
    received: list[Received] = field(default_factory=list)
    port: int = 0
    _handlers: list[Handler] = field(default_factory=list)
    _runner: web.AppRunner | None = None
    _arrived: asyncio.Condition | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def then(self, *handlers: Handler) -> HttpPeer:
        self._handlers.extend(handlers)
        return self

    async def start(self) -> HttpPeer:
        self._arrived = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner, self.port = await serve_on_loopback(app, shutdown_timeout=0.1)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        assert self._arrived is not None
        async with self._arrived:
            await asyncio.wait_for(
                self._arrived.wait_for(lambda: len(self.received) >= count), timeout
            )
        return self.received

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        received = Received(
            method=request.method,
            path=request.raw_path.split("?")[0],
            query=dict(request.query),
            headers=dict(request.headers),
            body=await request.read(),
        )
        self.received.append(received)
        assert self._arrived is not None
        async with self._arrived:
            self._arrived.notify_all()
        handler = self._handlers.pop(0) if self._handlers else self.default
        response = handler(received)
        if asyncio.iscoroutine(response):
            response = await response
        return response


def status(code: int, body: str = "") -> Handler:
    return lambda r: web.Response(status=code, text=body)


def hang(forever: asyncio.Event | None = None) -> Handler:
    async def handler(_: Received) -> web.StreamResponse:
        await (forever or asyncio.Event()).wait()
        return web.Response(status=200)

    return handler


def free_port() -> int:
    """A port nobody listens on (bound then released): connections are refused."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
