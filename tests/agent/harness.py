"""Run a call in-process the way the worker runs a job: a fake job context, the real
session and agent from settings, and on_session_end after the job is asked to end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass

from livekit.agents import AgentSession, JobContext
from livekit.agents.testing import fake_job_context

from runtime.agent.call import CallState
from runtime.agent.call_ending import end_job_with_session, on_session_end
from runtime.testing.settings_agent import AgentSettings, BuilderAgent, text_session


@dataclass
class LocalCall:
    call: CallState
    session: AgentSession
    job: JobContext
    shutdown_reason: asyncio.Future[str]

    async def ended(self, timeout: float = 10.0) -> str:
        """Wait for the job to be asked to end, then finish as the worker would
        (session.aclose -> on_session_end). Returns the shutdown reason."""
        reason = await asyncio.wait_for(asyncio.shield(self.shutdown_reason), timeout)
        await self.hang_up()
        return reason

    async def hang_up(self) -> None:
        """The caller leaves: the session closes and on_session_end runs."""
        await self.session.aclose()
        await on_session_end(self.job)


@asynccontextmanager
async def local_call(
    settings: AgentSettings,
    *,
    job_id: str = "job-1",
    metadata: str = "",
    environ: Mapping[str, str] | None = None,
) -> AsyncIterator[LocalCall]:
    with fake_job_context(job_id=job_id, job_metadata=metadata) as job:
        reason: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        def on_shutdown(why: str) -> None:
            if not reason.done():
                reason.set_result(why)

        job._on_shutdown = on_shutdown  # what the worker would do: end the job
        call = settings.call_for_job(job, environ=environ if environ is not None else {})
        session = text_session(call, settings.models)
        end_job_with_session(session, call, job)
        await session.start(BuilderAgent(call, settings))
        local = LocalCall(call=call, session=session, job=job, shutdown_reason=reason)
        try:
            yield local
        finally:
            await session.aclose()
            await call.aclose()
