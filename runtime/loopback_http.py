"""Serve an aiohttp app on 127.0.0.1 at a free port: the preview's inbox, the tests'
HTTP peers and the benches all need exactly this, and nothing of ours should listen
beyond loopback."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web


async def serve_on_loopback(app: web.Application, **runner_options: Any) -> tuple[web.AppRunner, int]:
    """Start `app`; returns its runner (call `cleanup()` to stop) and the port it got."""
    from aiohttp import web  # the editor must not pay for aiohttp until it serves

    runner = web.AppRunner(app, access_log=None, **runner_options)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, port
