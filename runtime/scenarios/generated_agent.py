"""The one place that knows how the generated project is put together.

The runner tests the code that deploys: the project generated from the agent file (by
the same build the preview uses), loaded into this process, and one call of it started
by its own entrypoint (`runtime.testing.text_calls`), minus the room: text only, job
metadata given, the language model, secrets and end-of-call endpoint replaced for the
test, tool mocks on the session. Everything about the project's internals (module names, the settings object,
the support library's functions) stays in this file, so a change in the generated
project's shape costs one file.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import sys
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

SUPPORT_PACKAGE = "agent_support"
_module_numbers = itertools.count(1)


def build_project(config_path: Path, build_dir: Path) -> Path:
    """Generate the project into `build_dir` (as the preview does); returns the path of
    its `src/agent.py`."""
    from runtime.codegen import generate_project

    generate_project(config_path, build_dir, force=True)
    return build_dir / "src" / "agent.py"


@dataclass
class LiveCall:
    """One call of the agent in progress (`text_call`'s, seen by the runner)."""

    text: Any  # runtime.testing.text_calls.TextCall

    @property
    def session(self) -> Any:  # livekit.agents.AgentSession
        return self.text.session

    @property
    def agent(self) -> Any:  # the generated Agent subclass's instance
        return self.text.agent

    @property
    def payload(self) -> dict[str, Any] | None:
        return self.text.payload

    @property
    def end_reason(self) -> str:
        return self.text.end_reason

    @property
    def ending(self) -> bool:
        """The agent decided to end the call (it may still be saying goodbye)."""
        return self.text.ended.is_set() or bool(getattr(self.text.call, "ending", False))

    def collected(self) -> dict[str, Any]:
        """The data collected so far, shaped as the POST's `results`."""
        collected = self.text.call.collected
        return collected.results() if collected.fields else {}

    async def wait_until_ended(self, timeout: float) -> bool:
        """When the agent is ending the call, wait for the session to close."""
        if not self.ending:
            return self.text.ended.is_set()
        return await self.text.wait_until_ended(timeout)

    async def finish(self) -> dict[str, Any] | None:
        """End the call as the worker ends the job: the session closes, then the
        end-of-call handler builds the report and POSTs it. Runs once."""
        return await self.text.finish()


class GeneratedAgent:
    """A generated project loaded into this process (its `src/agent.py` module)."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module
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
        finally:
            sys.path.remove(src)
        return cls(module)

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

        from runtime.testing.text_calls import text_call

        def install_mocks(session: Any, agent: Any) -> None:
            if mocks is not None:
                mock_tools(self.agent_class, mocks(self.tools_of(agent)), session=session)

        configured = self.module.CALL_ENDING.endpoint_url
        async with text_call(
            self.module,
            metadata=dict(metadata),
            job_id=job_id,
            llm=_test_model(llm_model) if llm_model else None,
            secrets=dict(environ),
            endpoint_url=endpoint_url if endpoint_url and configured else None,
            before_start=install_mocks,
        ) as text:
            await text.session.wait_for_idle()  # the greeting, said before the caller speaks
            yield LiveCall(text)


def _test_model(model: str) -> Callable[[Any], Any]:
    """The test's language model instead of production's, with production's thinking
    effort where the test's model takes it."""

    def swap(production: Any) -> Any:
        from livekit.agents import inference

        from runtime.config.catalog import thinking_efforts

        if production is not None and getattr(production, "model", None) == model:
            return production
        extra = dict(getattr(getattr(production, "_opts", None), "extra_kwargs", None) or {})
        if extra.get("reasoning_effort") not in thinking_efforts(model):
            extra.pop("reasoning_effort", None)  # the test's model would refuse it
        return inference.LLM(model, extra_kwargs=extra or None)

    return swap


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
