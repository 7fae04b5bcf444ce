"""HTTP tools: one request per call, the answer (or a clear error) back to the LLM."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import httpx
from livekit.agents import RunContext, ToolError, function_tool
from livekit.agents.llm import FunctionTool, RawFunctionTool

from .call import CallState, call_of
from .schema import checked_arguments, raw_tool_schema
from .settings import HttpToolSettings
from .variables import http_headers

logger = logging.getLogger("agent_builder.http_tools")

# Enough for the model to use, small enough not to flood its context window.
MAX_RESPONSE_CHARS = 8000
_PATH_PARAM = re.compile(r":([A-Za-z_][A-Za-z0-9_]*)")


def path_parameters(url: str) -> list[str]:
    return _PATH_PARAM.findall(urlsplit(url).path)


def build_request(
    tool: HttpToolSettings, arguments: Mapping[str, Any], call: CallState
) -> httpx.Request:
    """The request a call makes: `:name` path parameters substituted (URL-encoded), the
    other declared arguments in the query string (GET) or a JSON body (the rest)."""
    declared = {p.name for p in tool.parameters}
    args = {k: v for k, v in arguments.items() if k in declared and v is not None}
    parts = urlsplit(call.render(tool.url))

    def substitute(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in args:
            raise ToolError(f"{tool.name}: missing path parameter '{name}'")
        return quote(_as_text(args.pop(name)), safe="")

    url = urlunsplit(parts._replace(path=_PATH_PARAM.sub(substitute, parts.path)))
    headers = http_headers(call.variables.render_headers(tool.headers))
    if tool.method == "GET":
        params = {k: _as_text(v) for k, v in args.items()}
        return call.http.build_request(
            "GET", url, params=params, headers=headers, timeout=tool.timeout_s
        )
    return call.http.build_request(
        tool.method, url, json=args, headers=headers, timeout=tool.timeout_s
    )


def _as_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value)


def response_for_llm(response: httpx.Response) -> str:
    """JSON as compact JSON text, anything else as text; truncated with a note."""
    if not response.content:
        return f"HTTP {response.status_code}: the request succeeded with an empty response."
    text = response.text
    if "json" in response.headers.get("content-type", ""):
        try:
            text = json.dumps(response.json(), ensure_ascii=False, separators=(",", ":"))
        except ValueError:
            pass
    if len(text) > MAX_RESPONSE_CHARS:
        text = (
            text[:MAX_RESPONSE_CHARS]
            + f"\n[response truncated: first {MAX_RESPONSE_CHARS} of {len(text)} characters]"
        )
    return text


async def call_http_tool(
    tool: HttpToolSettings, arguments: Mapping[str, Any], context: RunContext | CallState
) -> str | None:
    """Make the tool's request. Returns the response text for the LLM, or None for a
    silent tool (no reply). Every failure is a ToolError the LLM can act on, worded so
    it may be read out to a caller (no method, host or internals); the details go to the
    log. Secret values are masked everywhere, in every spelling."""
    arguments = checked_arguments(tool, arguments)
    call = call_of(context)
    mask = call.variables.mask
    if tool.method != "GET" and not isinstance(context, CallState):
        # it changes something on the other side: the caller talking over the agent
        # must not cancel it halfway
        context.disallow_interruptions()
    try:
        request = build_request(tool, arguments, call)
        where = f"{tool.method} {request.url.copy_with(query=None)}"
        response = await call.http.send(request)
    except httpx.TimeoutException:
        logger.warning("HTTP tool %s timed out after %gs", tool.name, tool.timeout_s)
        raise ToolError(f"{tool.name}: the service did not answer in time.") from None
    except (httpx.HTTPError, ValueError, TypeError) as exc:
        # ValueError/TypeError: httpx refusing a header value (a newline in a secret)
        logger.warning("HTTP tool %s failed: %s", tool.name, mask(f"{type(exc).__name__}: {exc}"))
        raise ToolError(f"{tool.name}: the service could not be reached.") from None
    if not response.is_success:
        detail = mask(response_for_llm(response))[:500]
        logger.warning(
            "HTTP tool %s: %s answered HTTP %d", tool.name, mask(where), response.status_code
        )
        raise ToolError(
            f"{tool.name}: the service refused the request (HTTP {response.status_code}"
            f" {response.reason_phrase}): {detail}"
        )
    return None if tool.silent else mask(response_for_llm(response))


def build_http_tool(tool: HttpToolSettings) -> FunctionTool | RawFunctionTool:
    """A function tool (raw JSON schema) for settings known only at run time; generated
    code writes a typed `@function_tool` method that calls `call_http_tool` instead."""

    async def handler(raw_arguments: dict[str, Any], context: RunContext) -> str | None:
        return await call_http_tool(tool, raw_arguments, context)

    return function_tool(
        handler, raw_schema=raw_tool_schema(tool.name, tool.description, tool.parameters)
    )
