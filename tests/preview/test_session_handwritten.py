"""PreviewSession against a real console-mode worker running a hand-written agent.

Only the model is scripted (the shared scripted LLM behind LIVEKIT_INFERENCE_URL).
"""

from __future__ import annotations

import json

import pytest

from runtime.preview import events as ev
from runtime.preview.session import PreviewError

pytestmark = pytest.mark.slow


def agent_said(text):
    return lambda e: isinstance(e, ev.Transcript) and e.role == "agent" and text in e.text


async def test_greeting_is_seen_and_uses_mock_metadata(
    handwritten_session, scripted_llm, event_log, process_watch
):
    scripted_llm.queue({"text": "Hello Ada, how can I help?"})
    log = event_log(handwritten_session)
    await handwritten_session.start()
    process_watch.record(handwritten_session)
    greeting = await log.wait_for(agent_said("Hello Ada"))
    assert greeting.text == "Hello Ada, how can I help?"
    assert "Caller: Ada" in scripted_llm.requests[0].system_prompt
    assert log.of(ev.Connected)
    assert any(e.state == "speaking" for e in log.of(ev.AgentStateChanged))
    assert any("starting worker" in e.message for e in log.of(ev.WorkerLog))


async def test_a_turn_with_a_tool_call_reports_arguments_and_result(
    handwritten_session, scripted_llm, event_log, process_watch
):
    scripted_llm.queue(
        {"text": "Hi!"},
        {"tool_calls": [{"name": "lookup_order", "arguments": {"order_id": "42"}}]},
        {"text": "Order 42 has shipped."},
    )
    log = event_log(handwritten_session)
    await handwritten_session.start()
    process_watch.record(handwritten_session)
    await log.wait_for(agent_said("Hi!"))
    await handwritten_session.send("Where is order 42?")

    user = log.of(ev.Transcript)
    assert [t.text for t in user if t.role == "user"] == ["Where is order 42?"]
    calls = [c for c in log.of(ev.ToolCall) if c.name == "lookup_order"]
    assert calls[0].output is None and json.loads(calls[0].arguments) == {"order_id": "42"}
    finished = [c for c in calls if c.finished]
    assert json.loads(finished[0].output) == {"order_id": "42", "status": "shipped"}
    assert not finished[0].is_error
    assert log.of(ev.Transcript)[-1].text == "Order 42 has shipped."
    history = await handwritten_session.chat_history()
    assert history[-1] == {"role": "assistant", "content": "Order 42 has shipped."}


async def test_reload_after_an_instructions_change_uses_the_new_instructions(
    handwritten_session, simple_agent_file, scripted_llm, event_log, process_watch
):
    scripted_llm.on(lambda r: "pirate" in r.system_prompt, {"text": "Arr, ahoy!"})
    scripted_llm.default = {"text": "Good day."}
    log = event_log(handwritten_session)
    await handwritten_session.start()
    await log.wait_for(agent_said("Good day."))
    first_worker = handwritten_session._current.worker.pid
    assert await handwritten_session.spares.warm()
    spare = handwritten_session.spares.worker
    process_watch.record(handwritten_session)

    text = simple_agent_file.read_text().replace("the front desk.", "a pirate.")
    simple_agent_file.write_text(text)
    assert await handwritten_session.reload()
    process_watch.record(handwritten_session)
    marker = await log.wait_for(lambda e: isinstance(e, ev.Restarted))
    assert marker.reason == "reloaded after a save"
    after = log.events.index(marker)
    await log.wait_for(agent_said("Arr"), after=after)
    await handwritten_session.send("hello?")
    assert log.of(ev.Transcript)[-1].text == "Arr, ahoy!"
    assert handwritten_session._current.worker is spare  # the warm spare took over
    assert handwritten_session._current.worker.pid != first_worker


async def test_a_broken_save_keeps_the_running_agent(
    handwritten_session, simple_agent_file, scripted_llm, event_log, process_watch
):
    scripted_llm.default = {"text": "Still here."}
    log = event_log(handwritten_session)
    await handwritten_session.start()
    process_watch.record(handwritten_session)
    await log.wait_for(agent_said("Still here."))
    simple_agent_file.write_text("[agent\nbroken")
    assert not await handwritten_session.reload()
    error = await log.wait_for(lambda e: isinstance(e, ev.WorkerError))
    assert error.message.startswith("Not reloaded:") and "TOML" in error.message
    await handwritten_session.send("are you there?")
    assert log.of(ev.Transcript)[-1].text == "Still here."


async def test_a_worker_killed_mid_turn_shows_an_error_and_restart_works(
    handwritten_session, scripted_llm, event_log, process_watch
):
    scripted_llm.queue(
        {"text": "Hi!"}, {"tool_calls": [{"name": "crash_worker", "arguments": {}}]}
    )
    scripted_llm.default = {"text": "Back again."}
    log = event_log(handwritten_session)
    await handwritten_session.start()
    process_watch.record(handwritten_session)
    await log.wait_for(agent_said("Hi!"))
    with pytest.raises(PreviewError):
        await handwritten_session.send("crash please")
    exited = await log.wait_for(lambda e: isinstance(e, ev.WorkerExited))
    assert exited.returncode == 3 and not exited.expected
    assert any("exited unexpectedly (code 3)" in e.message for e in log.of(ev.WorkerError))
    with pytest.raises(PreviewError, match="not running"):
        await handwritten_session.send("hello?")

    await handwritten_session.restart("restarted after a crash")
    process_watch.record(handwritten_session)
    await log.wait_for(agent_said("Back again."))
    await handwritten_session.send("hello?")
    assert log.of(ev.Transcript)[-1].text == "Back again."


async def test_an_agent_that_fails_to_import_reports_its_traceback(
    simple_agent_file, scripted_llm, event_log, process_watch
):
    from runtime.preview.session import PreviewSession

    def broken(config_path, out_dir):
        entrypoint = out_dir / "src" / "agent.py"
        entrypoint.parent.mkdir(parents=True)
        entrypoint.write_text("raise RuntimeError('boom at import')\n")
        return entrypoint

    session = PreviewSession(simple_agent_file, builder=broken)
    log = event_log(session)
    try:
        with pytest.raises(PreviewError) as raised:
            await session.start()
        process_watch.record(session)
    finally:
        await session.stop()
    assert "The agent did not start (exit code" in str(raised.value)
    assert "RuntimeError: boom at import" in str(raised.value)
    assert any("boom at import" in e.message for e in log.of(ev.WorkerError))


async def test_events_stream_until_the_session_stops(
    handwritten_session, scripted_llm, process_watch
):
    import asyncio

    scripted_llm.default = {"text": "Hi there."}
    seen = []

    async def consume():
        async for event in handwritten_session.events():
            seen.append(event)
            if isinstance(event, ev.Transcript):
                process_watch.record(handwritten_session)
                await handwritten_session.stop()

    consumer = asyncio.create_task(consume())
    await handwritten_session.start()
    await asyncio.wait_for(consumer, 30)  # ends by itself once stopped
    kinds = [type(e) for e in seen]
    assert ev.Connected in kinds and ev.Transcript in kinds


async def test_a_reload_launches_the_new_agent_while_the_old_worker_is_being_stopped(
    handwritten_session, simple_agent_file, scripted_llm, event_log, process_watch, monkeypatch
):
    # A killed process takes tens of milliseconds to be gone: the new conversation does
    # not wait for it (and the old one's end is still no crash).
    from runtime.preview.worker import WorkerProcess

    scripted_llm.default = {"text": "Good day."}
    log = event_log(handwritten_session)
    await handwritten_session.start()
    await log.wait_for(agent_said("Good day."))
    assert await handwritten_session.spares.warm()
    old = handwritten_session._current.worker
    steps: list[str] = []
    activate, stop = WorkerProcess.activate, WorkerProcess.stop

    async def recorded_activate(self, *args, **kwargs):
        steps.append("new activated")
        return await activate(self, *args, **kwargs)

    async def recorded_stop(self, *args, **kwargs):
        result = await stop(self, *args, **kwargs)
        if self is old:
            steps.append("old gone")
        return result

    monkeypatch.setattr(WorkerProcess, "activate", recorded_activate)
    monkeypatch.setattr(WorkerProcess, "stop", recorded_stop)
    simple_agent_file.write_text(simple_agent_file.read_text().replace("desk.", "desk!"))
    assert await handwritten_session.reload()
    process_watch.record(handwritten_session)
    assert steps[:2] == ["new activated", "old gone"]
    assert old.exited.is_set() and handwritten_session._current.worker is not old
    await handwritten_session.send("hello?")
    assert not log.of(ev.WorkerError) and not log.of(ev.WorkerExited)
