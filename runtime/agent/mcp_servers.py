"""MCP servers as toolsets. An unreachable server is logged and left out of the call;
it never stops the session or a turn. What a server answers (results and errors) and
what its failures say reach the model and the log with this call's secrets masked."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Literal, Self

# the MCP client (livekit-agents[mcp]): this module is copied only into projects whose
# agent has MCP servers
from livekit.agents import mcp
from mcp.types import CallToolResult

from .settings import McpServerSettings

if TYPE_CHECKING:
    from .call import CallState

logger = logging.getLogger("agent_builder.mcp")

_TRANSPORTS: dict[str, Literal["streamable_http", "sse"]] = {
    "streamable-http": "streamable_http",
    "sse": "sse",
}


def _masked(value: Any, mask: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, dict):
        return {key: _masked(item, mask) for key, item in value.items()}
    if isinstance(value, list):
        return [_masked(item, mask) for item in value]
    return value


class MaskingMCPServer(mcp.MCPServerHTTP):
    """Masks every text of a tool's result, error results included (the SDK turns those
    into the model's tool error before any result resolver sees them)."""

    def __init__(self, *, mask: Callable[[str], str], **options: Any) -> None:
        super().__init__(**options)
        self.mask = mask

    async def _call_tool(self, name: str, arguments: dict[str, Any], **options: Any) -> Any:
        result = await super()._call_tool(name, arguments, **options)
        return CallToolResult.model_validate(_masked(result.model_dump(), self.mask))


class ReportingMCPToolset(mcp.MCPToolset):
    """Says which server failed, instead of an anonymous traceback."""

    def __init__(self, *, settings: McpServerSettings, server: MaskingMCPServer) -> None:
        super().__init__(id=f"mcp_{settings.name}", mcp_server=server)
        self.settings = settings
        self.mask = server.mask
        self.error: str | None = None

    async def setup(self, *, reload: bool = False) -> Self:
        try:
            await super().setup(reload=reload)
        # any failure (DNS, refused, HTTP error, protocol) means the same to the call
        except Exception as exc:  # noqa: BLE001
            self.error = self.mask(f"{type(exc).__name__}: {exc}")
            logger.warning(
                "MCP server '%s' (%s) is unreachable, its tools are unavailable in this call: %s",
                self.settings.name,
                self.mask(self.settings.url),
                self.error,
            )
        return self


def _utf8(headers: dict[str, str]) -> dict[str, str | bytes]:
    # the MCP client refuses non-ASCII header text; bytes go out as they are
    return {name: value if value.isascii() else value.encode() for name, value in headers.items()}


def build_mcp_toolsets(servers: Sequence[McpServerSettings], call: CallState) -> list[Any]:
    """One toolset per server; URL and headers rendered now (this call's metadata and
    secrets)."""
    variables = call.variables
    return [
        ReportingMCPToolset(
            settings=server,
            server=MaskingMCPServer(
                mask=call.mask,
                url=variables.render(server.url),
                transport_type=_TRANSPORTS[server.transport],
                headers=_utf8(variables.render_headers(server.headers)),
                timeout=server.timeout_s,
                client_session_timeout_seconds=server.timeout_s,
            ),
        )
        for server in servers
    ]
