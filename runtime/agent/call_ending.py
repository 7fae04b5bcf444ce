"""Ending a call: the closing line, the job really ending with the session, and the
end-of-call report (summary + results POSTed to the endpoint) on every ending. The
model hangs up with the SDK's `EndCallTool`; data collection ends the call itself once
every required field is recorded (`end_after_this_turn`)."""

from __future__ import annotations

import asyncio
import importlib
import logging
import uuid
from typing import TYPE_CHECKING, Any

from .call import CallState, call_of, utc_now_iso
from .delivery import post_end_of_call
from .settings import SUMMARY_TIMEOUT_S

if TYPE_CHECKING:
    from livekit.agents import AgentSession, CloseEvent, JobContext, RunContext
    from livekit.agents.llm import Toolset

logger = logging.getLogger("agent_builder.call_ending")

# What data collection adds to the SDK's end_call description: the caller may want to
# stop before everything is collected, and the agent must be able to let them.
END_EARLY_DESCRIPTION = (
    "Also use it when the caller wants to stop before all the information is collected."
)


def closing_instructions(call: CallState) -> str | None:
    """What the model is told to say last; None ends without a closing line."""
    final = call.render(call.call_ending.final_response).strip()
    if not final:
        return None
    return f"The call is ending now. Say your closing line: {final}"


def end_after_this_turn(context: RunContext) -> bool:
    """Shut the session down once the current turn (the tool's reply included) has been
    spoken. False if the call was already ending."""
    call = call_of(context)
    if call.ending:
        return False
    call.ending = True
    session = context.session
    context.speech_handle.add_done_callback(lambda _: session.shutdown(drain=True))
    return True


async def mark_call_ending(event: Toolset.ToolCalledEvent) -> None:
    """`EndCallTool(on_tool_called=...)`: the model hung up; the call is ending."""
    call_of(event.ctx).ending = True


def end_job_with_session(session: AgentSession, call: CallState, job: JobContext) -> None:
    """The call follows `session` (its history feeds the summary). However the session
    closes (end_call, data complete, the caller hanging up), the job ends too and the
    report goes out; the worker's `on_session_end` waits for it."""
    call.attach(session)

    def on_close(event: CloseEvent) -> None:
        # The report goes out now, while the job shuts down, not when the process exits;
        # on_session_end then waits for this same delivery.
        start_finishing(call)
        # deleting the room is room I/O's (RoomOptions(delete_room_on_close=...))
        job.shutdown(reason=event.reason.value)

    session.once("close", on_close)


async def build_report(call: CallState) -> dict[str, Any]:
    ending = call.call_ending
    payload: dict[str, Any] = {
        "job_id": call.job_id,
        "room_id": call.room_id,
        "room": call.room,
        "started_at": call.started_at or utc_now_iso(),
        "ended_at": utc_now_iso(),
    }
    results = call.collected.results() if call.collected.fields else None
    if ending.summary.enabled and call.session is not None:
        # imported by name: the module is copied only into agents with a summary
        summary = importlib.import_module(".summary", __package__)
        try:
            payload["summary"] = await asyncio.wait_for(
                summary.generate_summary(
                    call.session.history,
                    ending.summary,
                    call.variables,
                    results=results,
                ),
                SUMMARY_TIMEOUT_S,
            )
        except Exception:
            # a summary is a nice-to-have: the results must still go out
            logger.exception("could not generate the call summary; sending without it")
    if results is not None:
        payload["results"] = results
    return payload


def start_finishing(call: CallState) -> asyncio.Future[dict[str, Any]]:
    """Start building and sending the report (once per call) without waiting for it."""
    if call.finishing is None:
        call.finishing = asyncio.ensure_future(_report_and_send(call))
    return call.finishing


async def finish_call(call: CallState) -> dict[str, Any]:
    """Build the end-of-call payload and POST it: once per call, however often and
    however concurrently this is called."""
    return await asyncio.shield(start_finishing(call))


async def _report_and_send(call: CallState) -> dict[str, Any]:
    payload = call.payload = await build_report(call)
    ending = call.call_ending
    url = call.endpoint_url
    if url:
        await post_end_of_call(
            url,
            payload,
            call.variables.render_headers(ending.headers),
            ending.delivery,
            idempotency_key=uuid.uuid4().hex,
            signing_secret=call.variables.render(ending.signing_secret, allow_secrets=True),
        )
    else:
        logger.info("no endpoint configured; end-of-call payload not sent")
    return payload


async def on_session_end(ctx: JobContext) -> None:
    """Pass as `@server.rtc_session(on_session_end=...)`: runs on every ending."""
    call = CallState.for_job(ctx)
    if call is None:
        logger.warning("on_session_end: no call registered for job %s", ctx.job.id)
        return
    try:
        await finish_call(call)
    finally:
        await call.aclose()
