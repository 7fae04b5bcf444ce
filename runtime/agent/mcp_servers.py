"""MCP servers as toolsets. An unreachable server is logged and left out of the call;
it never stops the session or a turn."""

from __future__ import annotations

import functools
import logging
from typing import Any

from .settings import McpServerSettings
from .variables import Variables

logger = logging.getLogger("agent_builder.mcp")

_TRANSPORTS = {"streamable-http": "streamable_http", "sse": "sse"}


@functools.cache
def reporting_toolset_class() -> type:
    """An MCPToolset that says which server failed, instead of an anonymous traceback.
    Built on first use: the MCP client (livekit-agents[mcp]) is installed only in
    generated projects whose agent has MCP servers."""
    from livekit.agents import mcp

    class ReportingMCPToolset(mcp.MCPToolset):
        def __init__(self, *, settings: McpServerSettings, mcp_server: mcp.MCPServerHTTP) -> None:
            super().__init__(id=f"mcp_{settings.name}", mcp_server=mcp_server)
            self.settings = settings
            self.error: str | None = None

        async def setup(self, *, reload: bool = False) -> ReportingMCPToolset:
            try:
                await super().setup(reload=reload)
            # any failure (DNS, refused, HTTP error, protocol) means the same to the call
            except Exception as exc:  # noqa: BLE001
                self.error = f"{type(exc).__name__}: {exc}"
                logger.warning(
                    "MCP server '%s' (%s) is unreachable, its tools are unavailable in this call: %s",
                    self.settings.name,
                    self.settings.url,
                    self.error,
                )
            return self

    return ReportingMCPToolset


def build_mcp_toolsets(servers: tuple[McpServerSettings, ...], variables: Variables) -> list[Any]:
    """One toolset per server; headers rendered now (secrets/metadata of this call)."""
    if not servers:
        return []
    from livekit.agents import mcp

    toolset = reporting_toolset_class()
    return [
        toolset(
            settings=server,
            mcp_server=mcp.MCPServerHTTP(
                url=variables.render(server.url),
                transport_type=_TRANSPORTS[server.transport],  # type: ignore[arg-type]
                headers=variables.render_headers(server.headers),
                timeout=server.timeout_s,
                client_session_timeout_seconds=server.timeout_s,
            ),
        )
        for server in servers
    ]
