"""A real MCP server (mcp's MCPServer) on 127.0.0.1, streamable HTTP or SSE, run by
uvicorn in the test's event loop; it records the HTTP headers it receives."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import uvicorn
from mcp.server.mcpserver import MCPServer
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

    return server


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
