"""Tool mocks for one scenario run, installed with the SDK's `mock_tools`.

A mock answers with its canned result or error when its `when` arguments match the
call (the first matching mock wins: the scenario's own, then the file's). An HTTP tool
with no matching mock does not reach its API: the call fails, the model is told the tool
is unavailable, and the run reports it, because tests must never hit real APIs unless a
mock says `live = true`. Client tools answer their preview response, as in the preview.

`mock_tools` calls a mock with the subset of the real tool's parameters its signature
declares, so each mock takes the real tool's signature and reads the arguments the model
sent from the call's `RunContext`.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from runtime.scenarios.agent_facts import AgentFacts
from runtime.scenarios.matching import matches
from runtime.scenarios.model import Mock

UNMOCKED = "unmocked"


@dataclass
class MockLog:
    """What the mocks saw: every answered call, and calls no mock covered."""

    answered: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    unmocked: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def build_mocks(
    mocks: tuple[Mock, ...], agent: AgentFacts, tools: dict[str, Any], log: MockLog
) -> dict[str, Callable[..., Any]]:
    """The mock callables by tool name, for the agent's `tools` (name -> FunctionTool)."""
    by_tool: dict[str, list[Mock]] = {}
    for mock in mocks:
        by_tool.setdefault(mock.tool, []).append(mock)
    out: dict[str, Callable[..., Any]] = {}
    for name, tool in tools.items():
        facts = agent.tools.get(name)
        if facts is None or not facts.mockable:
            continue  # built-in tools (record_<field>, end_call) and MCP tools run for real
        own = by_tool.get(name, [])
        if any(m.live for m in own):
            continue
        if not own and facts.kind == "client":
            continue  # no frontend in a test: the tool answers its preview response
        out[name] = _mock_for(tool, name, own, facts.silent, log)
    return out


def _mock_for(
    tool: Any, name: str, mocks: list[Mock], silent: bool, log: MockLog
) -> Callable[..., Any]:
    from livekit.agents import RunContext, ToolError

    signature = inspect.signature(tool)

    async def mock(*args: Any, **kwargs: Any) -> Any:
        arguments = _sent_arguments(signature, args, kwargs, RunContext)
        for candidate in mocks:
            if matches(candidate.when, arguments):
                log.answered.append((name, arguments))
                if candidate.error is not None:
                    raise ToolError(candidate.error)
                if silent:
                    return None  # a silent tool's result is never spoken
                return _as_output(candidate.result)
        log.unmocked.append((name, arguments))
        raise ToolError(
            f"{name} is not available in this test (no mock matches these arguments)"
        )

    mock.__signature__ = signature  # type: ignore[attr-defined]
    return mock


def _sent_arguments(
    signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any], context_type: type
) -> dict[str, Any]:
    """The arguments as the model sent them (from the RunContext's function call), or
    the bound parameters when the tool takes no context."""
    bound = signature.bind_partial(*args, **kwargs)
    values = dict(bound.arguments)
    for value in values.values():
        if isinstance(value, context_type):
            try:
                sent = json.loads(value.function_call.arguments or "{}")
            except ValueError:
                sent = None
            if isinstance(sent, dict):
                return sent
    values = {k: v for k, v in values.items() if not isinstance(v, context_type)}
    raw = values.get("raw_arguments")
    return raw if isinstance(raw, dict) and len(values) == 1 else values


def _as_output(result: Any) -> str:
    if result is None:
        return ""
    if isinstance(result, str):
        return result
    return json.dumps(result, ensure_ascii=False)
