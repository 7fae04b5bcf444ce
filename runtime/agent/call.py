"""Per-call state: the variables, the collected data and the facts the end-of-call
POST needs. One `CallState` per job; tools reach it as `context.userdata` (the
session's userdata is the call)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import httpx

from .data_collection import CollectedData
from .settings import CallEndingSettings, DataField
from .variables import Variables

if TYPE_CHECKING:
    from livekit.agents import AgentSession, JobContext, RunContext

# job id -> call, so `on_session_end(ctx)` (which only gets the job context) finds it
_CALLS: dict[str, CallState] = {}


def utc_now_iso() -> str:
    return datetime.now(UTC).isoformat()


def job_metadata(ctx: JobContext) -> str:
    """The metadata the job was dispatched with; under `lk agent simulate`, whose jobs
    carry none, the scenario's userdata stands in for it."""
    metadata = ctx.job.metadata or ""
    if metadata.strip():
        return metadata
    simulation = ctx.simulation_context()
    if simulation is not None:
        userdata = simulation.userdata()
        if userdata:
            return json.dumps(userdata)
    return metadata


class CallState:
    def __init__(
        self,
        *,
        fields: Sequence[DataField] = (),
        call_ending: CallEndingSettings | None = None,
        metadata: str = "",
        environ: Mapping[str, str] | None = None,
        job_id: str = "",
        room_id: str = "",
        room: str = "",
    ) -> None:
        """`fields`: what data collection asks for (none: an open conversation);
        `metadata`: the job metadata JSON; `environ`: where `{{secrets.X}}` are read
        (default: the process environment)."""
        self.call_ending = call_ending or CallEndingSettings()
        self.job_id = job_id
        self.room_id = room_id
        self.room = room
        self.variables = Variables.from_job_metadata(metadata, secrets=environ)
        # where the end-of-call report goes (a test may point it at a local receiver)
        self.endpoint_url = self.call_ending.endpoint_url
        self.collected = CollectedData(fields)
        self.session: AgentSession | None = None
        self.started_at: str | None = None
        self.ending = False  # set once the agent decided to end, so it happens once
        self.payload: dict[str, Any] | None = None  # the end-of-call payload, once built
        # the one report-and-POST of this call (`call_ending.finish_call`)
        self.finishing: asyncio.Task[dict[str, Any]] | None = None
        self._http: httpx.AsyncClient | None = None

    @classmethod
    def from_job(
        cls,
        ctx: JobContext,
        *,
        fields: Sequence[DataField] = (),
        call_ending: CallEndingSettings | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> CallState:
        call = cls(
            fields=fields,
            call_ending=call_ending,
            metadata=job_metadata(ctx),
            environ=environ,
            job_id=ctx.job.id,
            room_id=ctx.job.room.sid,
            room=ctx.job.room.name,
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
        """A prompt-side template (instructions, greeting...) with `{{metadata.x}}`
        filled in; secrets never render here."""
        return self.variables.render(template)

    def mask(self, text: str) -> str:
        """`text` with the secret values this call used masked out."""
        return self.variables.mask(text)

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
