"""A real MCP server (mcp's MCPServer) on 127.0.0.1, streamable HTTP or SSE, run by
uvicorn in the test's event loop; it records the HTTP headers it receives."""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from urllib.parse import quote

import uvicorn
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError


def weather_server() -> MCPServer:
    server = MCPServer("weather")

    @server.tool()
    def forecast(city: str, days: int = 1) -> str:
        """Weather forecast for a city."""
        return f"{city}: sunny for {days} day(s)"

    @server.tool()
    def broken(reason: str) -> str:
        """Always fails."""
        raise ToolError(f"cannot: {reason}")

    @server.tool()
    def whoami(ctx: Context) -> str:
        """Echoes the credentials it was called with, as careless APIs do."""
        token = _authorization(ctx)
        return f"you are {token}; as JSON {json.dumps(token)}; in a URL {quote(token)}"

    @server.tool()
    def denied(ctx: Context) -> str:
        """Refuses, quoting the credentials in its error."""
        raise ToolError(f"401 unauthorized: {_authorization(ctx)!r} is not valid")

    return server


def _authorization(ctx: Context) -> str:
    headers = ctx.headers or {}
    return next((v for k, v in headers.items() if k.lower() == "authorization"), "")


@dataclass
class RunningMcp:
    url: str
    headers_seen: list[dict[str, str]] = field(default_factory=list)


class _QuietServer(uvicorn.Server):
    @contextlib.contextmanager
    def capture_signals(self):  # the test runner owns the signals
        yield


@contextlib.asynccontextmanager
async def running_mcp(transport: str) -> AsyncIterator[RunningMcp]:
    mcp_server = weather_server()
    if transport == "sse":
        app, path = mcp_server.sse_app(), "/sse"
    else:
        app, path = mcp_server.streamable_http_app(), "/mcp"
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    running = RunningMcp(url=f"http://127.0.0.1:{port}{path}")

    async def recording_app(scope, receive, send):
        if scope["type"] == "http":
            running.headers_seen.append(
                {k.decode().lower(): v.decode() for k, v in scope["headers"]}
            )
        await app(scope, receive, send)

    config = uvicorn.Config(recording_app, log_level="warning", lifespan="on")
    server = _QuietServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield running
    finally:
        server.should_exit = True
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await asyncio.wait_for(task, 5)
        sock.close()
