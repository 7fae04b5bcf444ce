"""Tool mocks for one scenario run, installed with the SDK's `mock_tools`.

A mock answers with its canned result or error when its `when` arguments match the
call (the first matching mock wins: the scenario's own, then the file's). An HTTP tool
with no matching mock does not reach its API: the call fails, the model is told the tool
is unavailable, and the run reports it, because tests must never hit real APIs unless a
mock says `live = true`. Client tools answer their preview response, as in the preview.
An MCP server's tools run for real unless mocked; a mocked one whose server cannot be
reached is offered as a stand-in, so the test still runs.

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

from .agent_facts import AgentFacts
from .matching import matches
from .model import Mock

UNMOCKED = "unmocked"


@dataclass
class MockLog:
    """What the mocks saw: every answered call, and calls no mock covered."""

    answered: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    unmocked: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


class ToolMocks:
    """The mocks of one run, for the tools the agent turns out to have."""

    def __init__(self, mocks: tuple[Mock, ...], agent: AgentFacts, log: MockLog) -> None:
        self.agent = agent
        self.log = log
        self.by_tool: dict[str, list[Mock]] = {}
        for mock in mocks:
            self.by_tool.setdefault(mock.tool, []).append(mock)

    def for_tools(self, tools: dict[str, Any]) -> dict[str, Callable[..., Any]]:
        """The mock callables by tool name, for the agent's `tools` (name -> tool)."""
        out: dict[str, Callable[..., Any]] = {}
        for name, tool in tools.items():
            facts = self.agent.tools.get(name)
            own = self.by_tool.get(name, [])
            if any(m.live for m in own):
                continue
            if facts is None:  # an MCP server's tool: mocked when asked, else it runs
                if own:
                    out[name] = _mock_for(tool, name, own, False, self.log)
                continue
            if not facts.mockable:
                continue  # built-in tools (record_<field>, end_call) run for real
            if not own and facts.kind == "client":
                continue  # no frontend in a test: the tool answers its preview response
            out[name] = _mock_for(tool, name, own, facts.silent, self.log)
        return out

    def stand_ins(self, tools: dict[str, Any]) -> list[Any]:
        """Tools for mocked MCP tools the agent does not have: their server is not
        reachable from the test. Each takes the arguments its mocks name, so a scripted
        test runs offline; a real model sees them without their real descriptions."""
        from livekit.agents import ToolError, function_tool

        out = []
        for name, own in self.by_tool.items():
            if name in tools or name in self.agent.tools or any(m.live for m in own):
                continue

            async def unreachable(
                raw_arguments: dict[str, Any], context: Any, _name: str = name
            ) -> None:
                raise ToolError(f"{_name} is not available in this test")  # the mock answers

            properties: dict[str, Any] = {}
            for mock in own:
                for key, value in mock.when.items():
                    properties.setdefault(key, _schema_of(value))
            out.append(
                function_tool(
                    unreachable,
                    raw_schema={
                        "name": name,
                        "description": f"{name}: a tool of one of the agent's MCP servers (not reachable "
                        "in this test: its mocks answer)",
                        "parameters": {"type": "object", "properties": properties, "required": []},
                    },
                )
            )
        return out


def _schema_of(value: Any) -> dict[str, Any]:
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, dict):
        return {"type": "object"}
    if isinstance(value, list):
        return {"type": "array", "items": _schema_of(value[0]) if value else {"type": "string"}}
    return {"type": "string"}


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
        raise ToolError(f"{name} is not available in this test (no mock matches these arguments)")

    mock.__signature__ = signature  # type: ignore[attr-defined]
    return mock


def _sent_arguments(
    signature: inspect.Signature, args: tuple[Any, ...], kwargs: dict[str, Any], context_type: Any
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
