"""A local receiver for the end-of-call POST: tests never call the real endpoint.

Each call posts to a path of its own (`url_for(call_id)`), so a run finds its report by
its call, whatever the agent put in the body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Received:
    path: str
    body: Any  # the JSON body, or the text when it was not JSON


class PostReceiver:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self._runner: Any = None
        self.port = 0

    def url_for(self, call_id: str) -> str:
        return f"http://127.0.0.1:{self.port}/end-of-call/{call_id}"

    def body_for(self, call_id: str) -> Any:
        """The last body posted for this call, or None."""
        path = f"/end-of-call/{call_id}"
        bodies = [r.body for r in self.received if r.path == path]
        return bodies[-1] if bodies else None

    async def start(self) -> PostReceiver:
        from aiohttp import web

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._receive)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def _receive(self, request: Any) -> Any:
        from aiohttp import web

        raw = await request.read()
        try:
            body: Any = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        self.received.append(Received(request.path, body))
        return web.json_response({"received": True})
