"""Ending calls: the end_call tool with a closing line, the job really ending, the
payload POSTed on every ending (agent or caller), with a summary from the configured
model and thinking effort."""

from __future__ import annotations

import asyncio
import json

from runtime.agent.call_ending import finish_call
from runtime.agent.settings import CallEndingSettings, DeliverySettings, SummarySettings
from runtime.testing.settings_agent import AgentSettings

from .harness import local_call

END_CALL = {"tool_calls": [{"name": "end_call", "arguments": {}}]}


def agent(endpoint: str, *, summary: SummarySettings | None = None, **ending) -> AgentSettings:
    return AgentSettings(
        name="desk",
        instructions="You are the front desk of {{metadata.clinic}}.",
        greeting_enabled=False,
        call_ending=CallEndingSettings(
            endpoint_url=endpoint,
            headers={"Authorization": "Bearer {{secrets.HOOK}}"},
            summary=summary or SummarySettings(),
            delivery=DeliverySettings(timeout_s=2, max_attempts=2, backoff_s=0.01),
            **ending,
        ),
    )


async def test_end_call_speaks_the_final_response_then_ends_the_job_and_posts(
    scripted_llm, receiver
):
    scripted_llm.queue(END_CALL, {"text": "Goodbye from Acme!"})
    settings = agent(
        f"{receiver.url}/done",
        final_response="Thank them for calling {{metadata.clinic}}.",
    )
    metadata = json.dumps({"clinic": "Acme"})
    async with local_call(
        settings, job_id="job-end", metadata=metadata, environ={"HOOK": "tok"}
    ) as lc:
        result = await lc.session.run(user_input="that's all, bye")
        result.expect.next_event().is_function_call(name="end_call")
        output = result.expect.next_event().is_function_call_output().event().item.output
        assert output == (
            "The call is ending now. Say your closing line: Thank them for calling Acme."
        )
        result.expect.next_event().is_message(role="assistant")
        assert await lc.ended() == "user_initiated"
    assert "You are the front desk of Acme." in scripted_llm.requests[0].system_prompt
    [post] = await receiver.wait_for(1)
    assert post.headers["Authorization"] == "Bearer tok"
    assert post.headers["Idempotency-Key"]
    body = post.json
    assert set(body) == {"job_id", "room_id", "room", "started_at", "ended_at"}
    assert body["job_id"] == "job-end" and body["room"] == "fake-room"
    assert body["room_id"].startswith("RM_")
    # the closing line is in the history, before the session closed
    texts = [m.text_content for m in lc.session.history.messages() if m.role == "assistant"]
    assert texts == ["Goodbye from Acme!"]


async def test_caller_hanging_up_still_posts_with_a_summary_from_the_configured_model(
    scripted_llm, receiver
):
    scripted_llm.queue({"text": "Sure, we open at nine."})
    scripted_llm.on(
        lambda r: r.model == "openai/gpt-5-mini",
        lambda r: {"text": f"Summary: caller asked about hours ({len(r.messages)} msgs)."},
    )
    summary = SummarySettings(
        enabled=True,
        llm="openai/gpt-5-mini",
        thinking_effort="low",
        instructions="Summarize for {{metadata.clinic}} staff.",
    )
    async with local_call(
        agent(receiver.url, summary=summary), metadata=json.dumps({"clinic": "Acme"})
    ) as lc:
        await lc.session.run(user_input="When do you open?")
        await lc.hang_up()  # the caller leaves; nobody called end_call
    [post] = await receiver.wait_for(1)
    assert post.json["summary"] == "Summary: caller asked about hours (2 msgs)."
    summary_request = scripted_llm.requests[-1]
    assert summary_request.model == "openai/gpt-5-mini"
    assert summary_request.reasoning_effort == "low"
    assert summary_request.messages[0]["content"] == "Summarize for Acme staff."
    transcript = summary_request.messages[1]["content"]
    assert "Caller: When do you open?" in transcript
    assert "Agent: Sure, we open at nine." in transcript


async def test_summary_failure_still_delivers_the_payload(scripted_llm, receiver):
    scripted_llm.queue({"text": "Hi."})
    scripted_llm.default = {"status": 400, "error": "model refused"}  # the summary request
    summary = SummarySettings(enabled=True, llm="openai/gpt-4.1-mini")
    async with local_call(agent(receiver.url, summary=summary)) as lc:
        await lc.session.run(user_input="hello")
        await lc.hang_up()
    [post] = await receiver.wait_for(1)
    assert "summary" not in post.json and post.json["job_id"] == "job-1"


async def test_end_call_without_final_response_ends_without_a_reply(scripted_llm, receiver):
    scripted_llm.queue(END_CALL)
    async with local_call(agent(receiver.url)) as lc:
        result = await lc.session.run(user_input="bye")
        result.expect.next_event().is_function_call(name="end_call")
        result.expect.next_event().is_function_call_output()
        result.expect.no_more_events()
        await lc.ended()
    assert len(scripted_llm.requests) == 1
    await receiver.wait_for(1)


async def test_payload_is_sent_once_even_if_the_session_ends_twice(scripted_llm, receiver):
    scripted_llm.queue(END_CALL)
    async with local_call(agent(receiver.url)) as lc:
        await lc.session.run(user_input="bye")
        await lc.ended()
        await lc.hang_up()
    await receiver.wait_for(1)
    assert len(receiver.received) == 1


async def test_concurrent_finishes_send_one_payload(scripted_llm, receiver):
    async with local_call(agent(receiver.url)) as lc:
        first, second = await asyncio.gather(finish_call(lc.call), finish_call(lc.call))
    assert first is second
    await receiver.wait_for(1)
    assert len(receiver.received) == 1
