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
from dataclasses import dataclass
from types import ModuleType
from typing import Any

SUPPORT_PACKAGE = "agent_support"


@dataclass
class LiveCall:
    """One call of the agent in progress."""

    session: Any  # livekit.agents.AgentSession
    state: Any  # the support library's CallState (the session's userdata)
    closed: asyncio.Event  # the session closed: the call is over
    _end: Callable[[], Any]  # ends the call as a job ends; returns the report
    payload: dict[str, Any] | None = None  # the end-of-call report, once built
    _finished: bool = False

    @property
    def agent(self) -> Any:
        return self.session.current_agent

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
        if not self._finished:
            self._finished = True
            self.payload = await self._end()
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
        llm: Any = None,
        endpoint_url: str = "",
        mocks: Any = None,  # tool_mocks.ToolMocks
        call_id: str = "test-call",
    ) -> AsyncIterator[LiveCall]:
        """Start a text-only call and yield it once the greeting (if any) was said.
        `llm`: a livekit LLM instead of the agent's own; `endpoint_url` replaces a
        configured end-of-call endpoint (an agent that posts nowhere still posts nowhere);
        `environ`: where {{secrets.X}} are read."""
        starting = (
            self._by_entrypoint
            if hasattr(self.module, "entrypoint") and not hasattr(self.module, "new_call")
            else self._by_new_call
        )
        async with starting(metadata, environ, llm, endpoint_url, call_id, mocks) as live:
            if mocks is not None:  # MCP servers list their tools as the session starts
                await self._mock(live.session, live.agent, mocks, stand_ins=True)
            await live.session.wait_for_idle()  # the greeting, said before the caller speaks
            yield live

    def _prepare(self, session: Any, agent: Any, mocks: Any) -> None:
        """Before the session starts: MCP servers left alone offline, mocks installed."""
        from livekit.agents import mock_tools

        if self.offline:
            for toolset in [t for t in agent.tools if _is_mcp(t)]:
                toolset.setup = _never_contacted(toolset)
        if mocks is not None:
            mock_tools(self.agent_class, mocks.for_tools(self.tools_of(agent)), session=session)

    async def _mock(self, session: Any, agent: Any, mocks: Any, *, stand_ins: bool) -> None:
        from livekit.agents import mock_tools

        extra = mocks.stand_ins(self.tools_of(agent)) if stand_ins else []
        if extra:
            await agent.update_tools([*agent.tools, *extra])
        mock_tools(self.agent_class, mocks.for_tools(self.tools_of(agent)), session=session)

    @contextlib.asynccontextmanager
    async def _by_entrypoint(self, metadata, environ, llm, endpoint_url, call_id, mocks):
        """The project's own entrypoint, in a fake job (`text_calls.text_call`)."""
        try:  # inside agent-builder
            from runtime.testing.text_calls import text_call  # type: ignore[import-not-found,unused-ignore]
        except ImportError:  # the copy beside this package in a generated project's tests/
            from text_calls import text_call  # type: ignore[no-redef,unused-ignore]

        posts = bool(getattr(getattr(self.module, "CALL_ENDING", None), "endpoint_url", ""))
        async with text_call(
            self.module,
            metadata=dict(metadata),
            job_id=call_id,
            llm=llm,
            secrets=dict(environ),
            endpoint_url=endpoint_url if endpoint_url and posts else None,
            before_start=lambda session, agent: self._prepare(session, agent, mocks),
        ) as text:
            yield LiveCall(
                session=text.session, state=text.call, closed=text.ended, _end=text.finish
            )

    @contextlib.asynccontextmanager
    async def _by_new_call(self, metadata, environ, llm, endpoint_url, call_id, mocks):
        """Projects whose agent.py offers `new_call`: an AgentSession of the test's own."""
        import importlib

        from livekit.agents import AgentSession

        finish_call = importlib.import_module(f"{self.support.__name__}.call_ending").finish_call
        state = self.module.new_call(json.dumps(dict(metadata)), environ=dict(environ))
        if endpoint_url and state.endpoint_url:
            state.endpoint_url = endpoint_url
        if llm is None:
            models = state.settings.models
            llm = agent_llm(models.llm, models.thinking_effort)
        session = AgentSession(llm=llm, userdata=state)
        state.attach(session)  # the summary reads this session's history
        agent = self.agent_class(state)
        closed = asyncio.Event()
        session.on("close", lambda _event: closed.set())

        async def end() -> Any:
            await session.aclose()
            return await finish_call(state)

        live = LiveCall(session=session, state=state, closed=closed, _end=end)
        try:
            self._prepare(session, agent, mocks)
            await session.start(agent)
            yield live
        finally:
            try:
                await live.finish()
            finally:
                await state.aclose()


def _never_contacted(toolset: Any) -> Callable[..., Any]:
    async def setup(*, reload: bool = False) -> Any:
        return toolset  # offline: no tools listed; mocked ones get stand-ins

    return setup


def _is_mcp(tool: Any) -> bool:
    # by name: the MCP client is installed only in projects whose agent has MCP servers
    return any(cls.__name__ == "MCPToolset" for cls in type(tool).__mro__)


def agent_class_of(module: ModuleType) -> type:
    from livekit.agents import Agent

    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Agent)
        and value.__module__ == module.__name__
    ]
    if len(classes) != 1:
        raise RuntimeError(
            f"the generated agent.py defines {len(classes)} Agent classes; expected one"
        )
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
