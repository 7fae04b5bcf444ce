"""The preview on projects generated from agent.toml by the real code generator.

Real worker subprocess, real HTTP tool server, real inbox; only the model is scripted.
"""

from __future__ import annotations

import json

import pytest

from runtime.preview import events as ev
from runtime.preview.session import PreviewOptions, PreviewSession
from tests.preview.generated import COLLECTION_AGENT, FULL_AGENT, SECRETS

pytestmark = pytest.mark.slow


@pytest.fixture
async def generated_session(tmp_path, scripted_llm, process_watch):
    sessions = []

    def make(text: str) -> PreviewSession:
        config = tmp_path / "agent.toml"
        config.write_text(text)
        (tmp_path / ".env.local").write_text(SECRETS)
        session = PreviewSession(config, PreviewOptions(warm_spare=False))
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        process_watch.record(session)
        await session.stop()


async def test_greeting_http_tool_and_client_tool(
    generated_session, scripted_llm, httpserver, event_log
):
    httpserver.expect_request(
        "/orders/42", headers={"Authorization": "Bearer shop-token-0123456789"}
    ).respond_with_json({"order_id": "42", "status": "shipped"})
    scripted_llm.queue(
        {"text": "Hello Ada, welcome to Sunny Clinic."},
        {"tool_calls": [{"name": "lookup_order", "arguments": {"order_id": "42"}}]},
        {"text": "Order 42 has shipped."},
        {"tool_calls": [{"name": "show_product", "arguments": {"sku": "A1"}}]},
        {"text": "It is on your screen."},
    )
    session = generated_session(FULL_AGENT.format(shop_url=httpserver.url_for("").rstrip("/")))
    log = event_log(session)
    await session.start()
    greeting = await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.role == "agent")
    assert greeting.text == "Hello Ada, welcome to Sunny Clinic."
    assert "Sunny Clinic" in scripted_llm.requests[0].system_prompt

    await session.send("Where is order 42?")
    lookup = [c for c in log.of(ev.ToolCall) if c.name == "lookup_order" and c.finished]
    assert json.loads(lookup[0].arguments) == {"order_id": "42"}
    assert json.loads(lookup[0].output) == {"order_id": "42", "status": "shipped"}
    httpserver.check_assertions()

    await session.send("Show me product A1")
    shown = [c for c in log.of(ev.ToolCall) if c.name == "show_product" and c.finished]
    assert shown[0].output == '{"shown": true}' and not shown[0].is_error
    assert log.of(ev.Transcript)[-1].text == "It is on your screen."
    assert "shop-token-0123456789" not in repr(log.events)


async def test_data_collection_completes_and_the_inbox_gets_the_exact_payload(
    generated_session, scripted_llm, event_log
):
    scripted_llm.queue(
        {"text": "Hello!"},
        {"tool_calls": [{"name": "record_symptoms", "arguments": {"symptoms": "cough"}}]},
        {"text": "Noted. When would you like to come?"},
        {
            "tool_calls": [
                {"name": "record_symptoms", "arguments": {"symptoms": "fever"}},
                {"name": "record_appointment", "arguments": {"day": "Monday", "time": "09:30"}},
            ]
        },
        {"text": "Thank you, see you on Monday."},
    )
    session = generated_session(COLLECTION_AGENT)
    log = event_log(session)
    await session.start()
    await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.role == "agent")
    await session.send("I have a cough")
    assert log.of(ev.FieldCollected)[-1].value == [{"symptoms": "cough"}]
    await session.send("Also a fever. Monday at 9:30 please.")

    ended = await log.wait_for(lambda e: isinstance(e, ev.CallEnded))
    assert ended.reason == "ended by the agent"
    post = await session.inbox.wait_for_post(timeout=20)
    assert post.problems == []
    assert post.body["results"] == {
        "appointment": {"day": "Monday", "time": "09:30"},
        "symptoms": [{"symptoms": "cough"}, {"symptoms": "fever"}],
    }
    assert set(post.body) == {"job_id", "room_id", "room", "started_at", "ended_at", "results"}
    assert session.fields.values == post.body["results"]
    fields = {e.name: e.value for e in log.of(ev.FieldCollected)}
    assert fields["appointment"] == {"day": "Monday", "time": "09:30"}


async def test_generate_summary_mid_call_uses_the_summary_settings(
    generated_session, scripted_llm, httpserver, event_log
):
    summary_config = (
        '\n[call_ending.summary]\nenabled = true\nllm = "openai/gpt-5-mini"\n'
        'thinking_effort = "low"\ninstructions = "Summarise for {{metadata.clinic_name}}."\n'
    )
    text = FULL_AGENT.format(shop_url=httpserver.url_for("").rstrip("/")) + summary_config
    scripted_llm.queue({"text": "Hello Ada."}, {"text": "Sure, Tuesday works."})
    scripted_llm.on(
        lambda r: r.model == "openai/gpt-5-mini", {"text": "Ada asked for Tuesday."}
    )
    scripted_llm.default = {"text": "Anything else?"}
    session = generated_session(text)
    log = event_log(session)
    await session.start()
    await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.role == "agent")
    await session.send("Can I come on Tuesday?")

    summary = await session.generate_summary()
    assert summary == "Ada asked for Tuesday."
    request = next(r for r in scripted_llm.requests if r.model == "openai/gpt-5-mini")
    assert request.system_prompt == "Summarise for Sunny Clinic."
    assert request.reasoning_effort == "low"
    assert "Caller: Can I come on Tuesday?" in request.last_user_text
    assert "Agent: Sure, Tuesday works." in request.last_user_text
    assert log.of(ev.SummaryReady)[-1].text == summary
    await session.send("Thanks")  # the call goes on
    assert log.of(ev.Transcript)[-1].text == "Anything else?"
