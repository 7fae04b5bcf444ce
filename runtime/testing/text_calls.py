"""Run a generated agent's own entrypoint outside a LiveKit room, as a test (or the
builder's preview) needs it.

The entrypoint of `src/agent.py` runs as it is: its call state, its agent, and its
`AgentSession(...)` options (turn handling, preemptive generation, userdata) exactly as
production sets them. Only what needs audio is left out: STT, TTS and VAD are not
passed on, audio input and output are off from the start, and turn detection is
manual (a text turn ends when it is sent). A test may also swap the language model,
the secrets and the end-of-call endpoint. The same swap serves the preview's console
worker, where the SDK itself provides the room.

    async with text_call(agent, metadata={"user_name": "Ada"}) as call:
        result = await call.session.run(user_input="Hi")
        result.expect.next_event().is_message(role="assistant")
    call.payload            # the end-of-call report, built (and POSTed) when it ended

    built = await build_voice_session(agent)   # the production session, not started
    built.options["stt"], built.room_options.delete_room_on_close

Standalone (the SDK and the standard library only): generated projects get a copy of
this file in their tests.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from livekit.agents import AgentSession, JobContext, llm
from livekit.agents.testing import fake_job_context

AUDIO_OPTIONS = ("stt", "tts", "vad")


@dataclass
class Overrides:
    """What a text call changes besides audio; None leaves production's choice."""

    # the model to use instead, or a function of production's model that returns it
    llm: llm.LLM | Callable[[Any], llm.LLM] | None = None
    secrets: Mapping[str, str] | None = None  # where {{secrets.X}} are read
    endpoint_url: str | None = None  # where the end-of-call report goes
    # (session, agent) just before the session starts: install tool mocks, listeners...
    before_start: Callable[[AgentSession, Any], None] | None = None


def text_only_session_class(overrides: Overrides, sessions: list[AgentSession]) -> type:
    """An AgentSession that keeps every production option but audio."""

    class TextOnlySession(AgentSession):
        def __init__(self, **options: Any) -> None:
            self.production_options = dict(options)
            for name in AUDIO_OPTIONS:
                options.pop(name, None)
            if callable(overrides.llm) and not isinstance(overrides.llm, llm.LLM):
                options["llm"] = overrides.llm(options.get("llm"))
            elif overrides.llm is not None:
                options["llm"] = overrides.llm
            handling = dict(options.get("turn_handling") or {})
            handling["turn_detection"] = None
            options["turn_handling"] = handling
            # vad=None said explicitly: left out, the SDK would load its default VAD
            super().__init__(vad=None, **options)
            # before start(): an agent with audio output but no TTS loses its greeting
            self.input.set_audio_enabled(False)
            self.output.set_audio_enabled(False)
            _apply(overrides, options.get("userdata"))
            sessions.append(self)

        async def start(self, agent: Any, **options: Any) -> Any:
            room = options.get("room")
            if room is not None and not room.isconnected():
                # a test's fake job has a room that never connects: no room I/O
                options.pop("room")
                options.pop("room_options", None)
            if overrides.before_start is not None:
                overrides.before_start(self, agent)
            return await super().start(agent, **options)

    return TextOnlySession


def _apply(overrides: Overrides, call: Any) -> None:
    if call is None:
        return
    if overrides.secrets is not None:
        call.variables.secrets = overrides.secrets
    if overrides.endpoint_url is not None:
        call.endpoint_url = overrides.endpoint_url


@contextlib.contextmanager
def sessions_of(module: ModuleType, session_class: type) -> Iterator[None]:
    """`module`'s entrypoint builds `session_class` sessions while this is active."""
    original = getattr(module, "AgentSession")  # noqa: B009 - any module, checked at run time
    setattr(module, "AgentSession", session_class)  # noqa: B010
    try:
        yield
    finally:
        setattr(module, "AgentSession", original)  # noqa: B010


def _metadata_text(metadata: Mapping[str, Any] | str) -> str:
    return metadata if isinstance(metadata, str) else json.dumps(dict(metadata))


@dataclass
class TextCall:
    """One call of the agent in progress, text only."""

    session: AgentSession
    job: JobContext
    session_end: Callable[[JobContext], Any] | None = None  # the server's on_session_end
    ended: asyncio.Event = field(default_factory=asyncio.Event)
    end_reason: str = ""
    payload: dict[str, Any] | None = None  # the end-of-call report, once sent
    _finished: bool = False

    @property
    def call(self) -> Any:
        """The support library's CallState (the session's userdata)."""
        return self.session.userdata

    @property
    def agent(self) -> Any:
        return self.session.current_agent

    async def wait_until_ended(self, timeout: float) -> bool:
        """Wait for the agent to end the call (end_call, all data collected)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.ended.wait(), timeout)
        return self.ended.is_set()

    async def finish(self) -> dict[str, Any] | None:
        """End the call as the worker ends a job: the session closes, then the server's
        `on_session_end` builds the report and POSTs it. Once; returns the report."""
        if not self._finished:
            self._finished = True
            await self.session.aclose()
            if self.session_end is not None:
                await self.session_end(self.job)
            self.payload = getattr(self.call, "payload", None)
        return self.payload


@contextlib.asynccontextmanager
async def text_call(
    module: ModuleType,
    *,
    metadata: Mapping[str, Any] | str = "",
    job_id: str = "test-job",
    llm: llm.LLM | Callable[[Any], llm.LLM] | None = None,
    secrets: Mapping[str, str] | None = None,
    endpoint_url: str | None = None,
    before_start: Callable[[AgentSession, Any], None] | None = None,
) -> AsyncIterator[TextCall]:
    """Run `module.entrypoint` in a fake job, text only, and yield once the session has
    started (the greeting, if any, on its way). On exit the call ends the way the worker
    ends a job: the session closes, then the server's `on_session_end` runs (the report
    is built and POSTed); `TextCall.payload` holds it."""
    sessions: list[AgentSession] = []
    overrides = Overrides(llm, secrets, endpoint_url, before_start)
    session_class = text_only_session_class(overrides, sessions)
    server = module.server
    with fake_job_context(job_id=job_id, job_metadata=_metadata_text(metadata)) as job:
        live: TextCall | None = None

        def on_shutdown(reason: str) -> None:  # what the worker does when a job ends
            if live is not None:
                live.end_reason = live.end_reason or reason
                live.ended.set()

        job._on_shutdown = on_shutdown
        job.proc.userdata["vad"] = None  # text only: prewarm's VAD is never used
        with sessions_of(module, session_class):
            await module.entrypoint(job)
        live = TextCall(session=sessions[-1], job=job, session_end=server._session_end_fnc)
        try:
            yield live
        finally:
            await live.finish()


@dataclass
class BuiltSession:
    """The voice session the entrypoint builds, never started."""

    session: AgentSession
    options: dict[str, Any]  # what the entrypoint passed to AgentSession(...)
    start: dict[str, Any]  # what it passed to session.start(...): agent, room, room_options

    @property
    def room_options(self) -> Any:
        return self.start.get("room_options")

    @property
    def agent(self) -> Any:
        return self.start.get("agent")


async def build_voice_session(
    module: ModuleType, *, metadata: Mapping[str, Any] | str = ""
) -> BuiltSession:
    """Run `module.entrypoint` in a fake job with the worker's own prewarm, recording the
    AgentSession it builds and what it passes to `start()`, which does not run. Needs
    LIVEKIT_API_KEY/SECRET set (any value: nothing connects)."""
    built: list[BuiltSession] = []

    class RecordingSession(AgentSession):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            built.append(BuiltSession(self, dict(options), {}))

        async def start(self, agent: Any = None, **options: Any) -> None:  # type: ignore[override]
            built[-1].start.update(options, agent=agent)

    with fake_job_context(job_metadata=_metadata_text(metadata)) as job:
        setup = module.server.setup_fnc
        if setup is not None:
            setup(job.proc)
        with sessions_of(module, RecordingSession):
            await module.entrypoint(job)
        call = built[-1].session.userdata
        aclose = getattr(call, "aclose", None)
        if aclose is not None:
            await aclose()
    return built[-1]
