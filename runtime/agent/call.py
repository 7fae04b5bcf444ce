"""Per-call state: the variables, the collected data and the facts the end-of-call
POST needs. One `CallState` per job; tools reach it as `context.userdata`."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx

from .data_collection import CollectedData
from .preview import effective_endpoint, effective_metadata, is_preview
from .settings import AgentSettings
from .variables import Variables

if TYPE_CHECKING:
    from livekit.agents import AgentSession, JobContext, RunContext

# job id -> call, so `on_session_end(ctx)` (which only gets the job context) finds it
_CALLS: dict[str, CallState] = {}


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat()


class CallState:
    def __init__(
        self,
        settings: AgentSettings,
        *,
        job_id: str = "",
        room_id: str = "",
        room: str = "",
        metadata: str = "",
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = settings
        self.job_id = job_id
        self.room_id = room_id
        self.room = room
        self.preview = is_preview(environ)
        self.environ = environ
        self.variables = Variables.from_job_metadata(
            effective_metadata(metadata, environ), secrets=environ
        )
        # where the end-of-call report goes (a test or the preview may point it elsewhere)
        self.endpoint_url = effective_endpoint(settings.call_ending.endpoint_url, environ)
        self.collected = CollectedData(settings.fields if settings.data_collection else ())
        self.session: AgentSession | None = None
        self.started_at: str | None = None
        self.ending = False  # set once the agent decided to end, so it happens once
        self.payload: dict[str, Any] | None = None  # the end-of-call payload, once built
        # the one report-and-POST of this call (`call_ending.finish_call`)
        self.finishing: asyncio.Task[dict[str, Any]] | None = None
        self._http: httpx.AsyncClient | None = None

    @classmethod
    def from_job(
        cls, settings: AgentSettings, ctx: JobContext, environ: Mapping[str, str] | None = None
    ) -> CallState:
        call = cls(
            settings,
            job_id=ctx.job.id,
            room_id=ctx.job.room.sid,
            room=ctx.job.room.name,
            metadata=ctx.job.metadata,
            environ=environ,
        )
        _CALLS[call.job_id] = call
        return call

    @staticmethod
    def for_job(ctx: JobContext) -> CallState | None:
        return _CALLS.get(ctx.job.id)

    @property
    def http(self) -> httpx.AsyncClient:
        """One pooled client per call: tool calls to the same API reuse connections."""
        if self._http is None:
            self._http = httpx.AsyncClient(follow_redirects=True)
        return self._http

    def render(self, template: str) -> str:
        return self.variables.render(template)

    def attach(self, session: AgentSession) -> None:
        self.session = session
        self.started_at = utc_now_iso()

    async def aclose(self) -> None:
        _CALLS.pop(self.job_id, None)
        if self._http is not None:
            await self._http.aclose()
            self._http = None


def call_of(context: RunContext | CallState) -> CallState:
    """The call behind a tool's `RunContext` (its session's userdata)."""
    if isinstance(context, CallState):
        return context
    userdata = context.session.userdata
    if not isinstance(userdata, CallState):
        raise TypeError("the AgentSession's userdata must be the call's CallState")
    return userdata
