"""One call of a generated agent, as the SDK's testing API runs it: text only, no room.

Everything the runner needs from the generated project goes through here: its
`agent.py` module (`new_call(metadata, environ=...)` and its one `Agent` subclass) and
its support package (`call_ending.finish_call`). The project's own tests and
`agent-builder test` both use it, so the two cannot drift apart.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

SUPPORT_PACKAGE = "agent_support"



@dataclass
class LiveCall:
    """One call of the agent in progress."""

    session: Any  # livekit.agents.AgentSession
    agent: Any  # the generated Agent subclass's instance
    state: Any  # the support library's CallState
    finish_call: Callable[[Any], Any]
    closed: asyncio.Event = field(default_factory=asyncio.Event)
    payload: dict[str, Any] | None = None  # the end-of-call report, once built
    _finished: bool = False

    @property
    def ending(self) -> bool:
        """The agent decided to end the call (it may still be saying goodbye)."""
        return self.closed.is_set() or bool(getattr(self.state, "ending", False))

    def collected(self) -> dict[str, Any]:
        """The data collected so far, shaped as the POST's `results`."""
        return self.state.collected.results()  # {} when the agent collects nothing

    async def wait_until_ended(self, timeout: float) -> bool:
        """When the agent is ending the call, wait for the session to close."""
        if not self.ending:
            return False
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.closed.wait(), timeout)
        return self.closed.is_set()

    async def finish(self) -> dict[str, Any] | None:
        """End the call as a job ends: the session closes, then the end-of-call report
        is built and POSTed. Runs once."""
        if self._finished:
            return self.payload
        self._finished = True
        await self.session.aclose()
        self.payload = await self.finish_call(self.state)
        return self.payload


class AgentUnderTest:
    """A generated project's `agent` module, imported, and its support package."""

    def __init__(self, module: ModuleType, support: ModuleType, *, offline: bool = False) -> None:
        self.module = module
        self.support = support
        self.agent_class = agent_class_of(module)
        self.offline = offline  # no MCP server is contacted (mocked tools get stand-ins)

    @classmethod
    def imported(cls, *, offline: bool = False) -> AgentUnderTest:
        """The project on `sys.path` (its tests run with `pythonpath = ["src"]`)."""
        import importlib

        module = importlib.import_module("agent")
        return cls(module, importlib.import_module(SUPPORT_PACKAGE), offline=offline)

    def tools_of(self, agent: Any) -> dict[str, Any]:
        """The agent's function tools by name, MCP servers' tools included once their
        toolsets are set up (what the model sees and mocks replace)."""
        tools = {}
        for tool in agent.tools:
            for one in getattr(tool, "tools", None) or [tool]:  # a toolset holds several
                info = getattr(one, "info", None)
                if info is not None and getattr(info, "name", None):
                    tools[info.name] = one
        return tools

    @contextlib.asynccontextmanager
    async def call(
        self,
        *,
        metadata: Mapping[str, Any],
        environ: Mapping[str, str],
        llm: Any,
        endpoint_url: str = "",
        mocks: Any = None,  # tool_mocks.ToolMocks
    ) -> AsyncIterator[LiveCall]:
        """Start a text-only call on `llm` (a livekit LLM) and yield it once the
        greeting (if any) was said. `endpoint_url` replaces a configured end-of-call
        endpoint (an agent that posts nowhere still posts nowhere)."""
        import importlib

        from livekit.agents import AgentSession, mock_tools

        finish_call = importlib.import_module(f"{self.support.__name__}.call_ending").finish_call
        state = self.module.new_call(json.dumps(dict(metadata)), environ=dict(environ))
        if endpoint_url and state.endpoint_url:
            state.endpoint_url = endpoint_url
        session = AgentSession(llm=llm, userdata=state)
        state.attach(session)  # the summary reads this session's history
        agent = self.agent_class(state)
        live = LiveCall(session=session, agent=agent, state=state, finish_call=finish_call)
        session.on("close", lambda _event: live.closed.set())
        try:
            if self.offline:
                await agent.update_tools([t for t in agent.tools if not _is_mcp(t)])
            if mocks is not None:
                mock_tools(self.agent_class, mocks.for_tools(self.tools_of(agent)), session=session)
            await session.start(agent)
            if mocks is not None:  # MCP servers list their tools as the session starts
                stand_ins = mocks.stand_ins(self.tools_of(agent))
                if stand_ins:
                    await agent.update_tools([*agent.tools, *stand_ins])
                mock_tools(self.agent_class, mocks.for_tools(self.tools_of(agent)), session=session)
            await session.wait_for_idle()  # the greeting, said before the caller speaks
            yield live
        finally:
            try:
                await live.finish()
            finally:
                await state.aclose()


def _is_mcp(tool: Any) -> bool:
    # by name: the MCP client is installed only in projects whose agent has MCP servers
    return any(cls.__name__ == "MCPToolset" for cls in type(tool).__mro__)


def agent_class_of(module: ModuleType) -> type:
    from livekit.agents import Agent

    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Agent) and value.__module__ == module.__name__
    ]
    if len(classes) != 1:
        raise RuntimeError(f"the generated agent.py defines {len(classes)} Agent classes; expected one")
    return classes[0]


def agent_llm(agent_model: str, agent_effort: str | None, override: str = "") -> Any:
    """The agent's language model in a test: the agent file's, or `override` (the
    scenario file's [models] agent). An override that is no reasoning model gets no
    thinking effort: it would refuse one."""
    from livekit.agents import inference
    from livekit.agents.inference.llm import min_reasoning_effort

    model = override or agent_model
    effort = agent_effort
    if override and override != agent_model and min_reasoning_effort(override) is None:
        effort = None
    return inference.LLM(model, extra_kwargs={"reasoning_effort": effort} if effort else None)
