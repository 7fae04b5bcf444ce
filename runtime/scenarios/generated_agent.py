"""The one place that knows how the generated project is put together.

The runner tests the code that deploys: the project generated from the agent file (by
the same build the preview uses), loaded into this process, and one call of it started
the way its entrypoint starts one, minus the room: text only, job metadata given, the
language model and the end-of-call endpoint replaced for the test, tool mocks on the
session. Everything about the project's internals (module names, the settings object,
the support library's functions) stays in this file, so a change in the generated
project's shape costs one file.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import importlib.util
import itertools
import json
import sys
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

SUPPORT_PACKAGE = "agent_support"
_module_numbers = itertools.count(1)


def build_project(config_path: Path, build_dir: Path) -> Path:
    """Generate the project into `build_dir` with the preview's own build; returns the
    path of its `src/agent.py`."""
    from runtime.preview.session import generate_with_codegen

    return generate_with_codegen(config_path, build_dir)


@dataclass
class LiveCall:
    """One call of the agent in progress."""

    session: Any  # livekit.agents.AgentSession
    agent: Any  # the generated Agent subclass's instance
    _call: Any  # the support library's CallState
    _job: Any  # the fake JobContext
    _support: ModuleType
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    end_reason: str = ""
    payload: dict[str, Any] | None = None  # the end-of-call report, once sent
    _finished: bool = False

    @property
    def ending(self) -> bool:
        """The agent decided to end the call (it may still be saying goodbye)."""
        return self.ended.is_set() or bool(getattr(self._call, "ending", False))

    def collected(self) -> dict[str, Any]:
        """The data collected so far, shaped as the POST's `results`."""
        return self._call.collected.results() if self._call.collected.fields else {}

    async def wait_until_ended(self, timeout: float) -> bool:
        """When the agent is ending the call, wait for the session to close."""
        if not self.ending:
            return self.ended.is_set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ended.wait(), timeout)
        return self.ended.is_set()

    async def finish(self) -> dict[str, Any] | None:
        """End the call as the worker ends the job: the session closes, then the
        end-of-call handler builds the report and POSTs it. Runs once."""
        if self._finished:
            return self.payload
        self._finished = True
        await self.session.aclose()
        await self._support.on_session_end(self._job)
        self.payload = self._call.payload
        return self.payload


class GeneratedAgent:
    """A generated project loaded into this process (its `src/agent.py` module)."""

    def __init__(self, module: ModuleType, support: ModuleType) -> None:
        self.module = module
        self.support = support
        self.agent_class = _agent_class(module)

    @classmethod
    def load(cls, entrypoint: Path) -> GeneratedAgent:
        """Import `src/agent.py` under a name of its own, with the support package copied
        beside it (every project has one named the same, so an earlier one is dropped)."""
        for name in [n for n in sys.modules if n == SUPPORT_PACKAGE or n.startswith(SUPPORT_PACKAGE + ".")]:
            del sys.modules[name]
        src = str(entrypoint.parent)
        sys.path.insert(0, src)
        try:
            name = f"agent_builder_generated_{next(_module_numbers)}"
            spec = importlib.util.spec_from_file_location(name, entrypoint)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[name] = module
            spec.loader.exec_module(module)
            support = importlib.import_module(SUPPORT_PACKAGE)
        finally:
            sys.path.remove(src)
        return cls(module, support)

    @property
    def settings(self) -> Any:
        return self.module.SETTINGS

    def tools_of(self, agent: Any) -> dict[str, Any]:
        """The agent's function tools by name (what the model sees and mocks replace)."""
        tools = {}
        for tool in agent.tools:
            info = getattr(tool, "info", None)
            if info is not None and getattr(info, "name", None):
                tools[info.name] = tool
        return tools

    @contextlib.asynccontextmanager
    async def call(
        self,
        *,
        metadata: Mapping[str, Any],
        environ: Mapping[str, str],
        llm_model: str = "",
        endpoint_url: str = "",
        mocks: Callable[[dict[str, Any]], dict[str, Callable[..., Any]]] | None = None,
        job_id: str = "test-job",
    ) -> AsyncIterator[LiveCall]:
        """Start a text-only call and yield it once the greeting (if any) was said.

        `mocks` gets the agent's tools by name and returns the mocks to install;
        `endpoint_url` replaces a configured end-of-call endpoint (a call whose agent
        posts nowhere still posts nowhere)."""
        from livekit.agents import mock_tools
        from livekit.agents.testing import fake_job_context

        settings = self._settings_for_test(llm_model, endpoint_url)
        with fake_job_context(job_id=job_id, job_metadata=json.dumps(dict(metadata))) as job:
            live: LiveCall | None = None

            def on_shutdown(reason: str) -> None:
                if live is not None:
                    live.end_reason = live.end_reason or reason
                    live.ended.set()

            job._on_shutdown = on_shutdown  # what the worker does when the job ends
            call = self.support.CallState.from_job(settings, job, environ=dict(environ))
            session = self.support.create_session(call, text_only=True)
            self.support.end_job_with_session(session, call, job)
            agent = self.agent_class(call)
            live = LiveCall(session=session, agent=agent, _call=call, _job=job, _support=self.support)
            if mocks is not None:
                mock_tools(self.agent_class, mocks(self.tools_of(agent)), session=session)
            try:
                await session.start(agent)
                await session.wait_for_idle()  # the greeting, said before the caller speaks
                yield live
            finally:
                await live.finish()
                await call.aclose()

    def _settings_for_test(self, llm_model: str, endpoint_url: str) -> Any:
        from runtime.config.catalog import thinking_efforts

        settings = self.settings
        if llm_model and llm_model != settings.models.llm:
            effort = settings.models.thinking_effort
            if effort not in thinking_efforts(llm_model):
                effort = None  # the test's model would refuse it
            settings = dataclasses.replace(
                settings,
                models=dataclasses.replace(settings.models, llm=llm_model, thinking_effort=effort),
            )
        ending = settings.call_ending
        if endpoint_url and ending.endpoint_url:
            settings = dataclasses.replace(
                settings, call_ending=dataclasses.replace(ending, endpoint_url=endpoint_url)
            )
        return settings


def _agent_class(module: ModuleType) -> type:
    from livekit.agents import Agent

    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and issubclass(value, Agent) and value.__module__ == module.__name__
    ]
    if len(classes) != 1:
        raise RuntimeError(
            f"the generated agent.py defines {len(classes)} Agent classes; expected one"
        )
    return classes[0]
