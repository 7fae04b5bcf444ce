"""Pilot tests of the preview panel inside the editor app."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Collapsible, Input, Static

from runtime.preview import events as ev
from tests.preview.conftest import EventLog
from tests.preview.handwritten import build_handwritten
from tui.app import AgentBuilderApp
from tui.preview.fields_view import FieldsView
from tui.preview.inbox_screen import InboxScreen
from tui.preview.panel import PreviewPanel
from tui.preview.transcript import ToolCallEntry, TranscriptView


def transcript_text(panel: PreviewPanel) -> str:
    view = panel.query_one(TranscriptView)
    return "\n".join(str(w.render()) for w in view.query(Static) if "turn" in w.classes)


async def open_panel(app, pilot, path, **kwargs) -> PreviewPanel:
    panel = PreviewPanel(path, **kwargs)
    await (await app.preview_slot()).mount(panel)
    await app.run_action("toggle_preview")
    await pilot.pause()
    return panel


@pytest.mark.slow
async def test_talk_see_tool_calls_end_the_call_and_read_the_inbox(
    simple_agent_file, scripted_llm, process_watch
):
    (simple_agent_file.parent / ".env.local").write_text("HOOK_KEY=hook-secret-123456\n")
    scripted_llm.queue(
        {"text": "Hello Ada!"},
        {"tool_calls": [{"name": "lookup_order", "arguments": {"order_id": "7"}}]},
        {"text": "Order 7 has shipped."},
        {"text": "Ada asked about order 7; it has shipped."},
    )
    app = AgentBuilderApp(simple_agent_file, watch_interval=None)
    async with app.run_test(size=(160, 50)) as pilot:
        panel = await open_panel(app, pilot, simple_agent_file, builder=build_handwritten)
        assert app.query_one("#preview-slot").has_class("-visible")
        log = EventLog(panel.session)
        await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.role == "agent")
        process_watch.record(panel.session)
        await pilot.pause()
        assert "Hello Ada!" in transcript_text(panel)

        panel.query_one(Input).focus()
        await pilot.press(*"where is 7?", "enter")
        await log.wait_for(lambda e: isinstance(e, ev.Transcript) and "shipped" in e.text)
        await pilot.pause()
        assert "where is 7?" in transcript_text(panel)
        assert "Order 7 has shipped." in transcript_text(panel)
        entry = panel.query_one(ToolCallEntry)
        assert entry.collapsed and entry.title == "✓ lookup_order"
        assert '"status": "shipped"' in str(entry.query_one(".tool-body", Static).render())

        assert panel.agent_state == "listening"

        await pilot.click("#preview-summary")
        await log.wait_for(lambda e: isinstance(e, ev.SummaryReady))
        await pilot.pause()
        (summary,) = panel.query(".summary")
        assert "Ada asked about order 7; it has shipped." in str(summary.render())
        assert "Caller: where is 7?" in scripted_llm.requests[-1].last_user_text

        await pilot.click("#preview-end")
        await log.wait_for(lambda e: isinstance(e, ev.CallEnded))
        await log.wait_for(lambda e: isinstance(e, ev.InboxPost))
        await pilot.pause()
        assert str(panel.query_one("#preview-inbox", Button).label) == "Inbox (1)"
        assert panel.agent_state == "call ended"
        await pilot.click("#preview-inbox")
        await pilot.pause()
        assert isinstance(app.screen, InboxScreen)
        shown = str(app.screen.query_one(".post", Static).render())
        assert "matches the end-of-call payload format" in shown
        assert "Bearer ****" in shown and "hook-secret" not in shown
        assert '"room": "console-room"' in shown
        await pilot.press("escape")
        await app.query_one("#preview-slot").remove_children()  # quitting stops the workers
    assert process_watch.survivors() == []


async def test_missing_credentials_and_event_rendering(simple_agent_file, monkeypatch):
    monkeypatch.delenv("LIVEKIT_API_KEY", raising=False)
    monkeypatch.delenv("LIVEKIT_API_SECRET", raising=False)
    app = AgentBuilderApp(simple_agent_file, watch_interval=None)
    async with app.run_test(size=(160, 50)) as pilot:
        panel = await open_panel(app, pilot, simple_agent_file, builder=build_handwritten)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        problems = [str(w.render()) for w in panel.query(".problem")]
        assert any("LIVEKIT_API_KEY and LIVEKIT_API_SECRET" in p for p in problems)
        assert panel.agent_state == "not running"

        fields = panel.query_one(FieldsView)
        fields.set_fields(["appointment", "items"])
        for event in (
            ev.ToolCall(call_id="c1", name="record_appointment", arguments='{"day": "Mon"}'),
            ev.ToolCall(
                call_id="c1", name="record_appointment", arguments='{"day": "Mon"}',
                output="Recorded appointment", is_error=False,
            ),
            ev.FieldCollected(name="appointment", value={"day": "Mon"}),
        ):
            panel.post_message(PreviewPanel.Event(event))
            await pilot.pause()
        shown = str(fields.render())
        assert '✓ appointment: {"day": "Mon"}' in shown and "○ items: —" in shown
        panel.post_message(PreviewPanel.Event(ev.Restarted(reason="reloaded after a save")))
        await pilot.pause()
        entries = list(panel.query(ToolCallEntry))
        assert len(entries) == 1 and entries[0].title == "✓ record_appointment"
        assert isinstance(entries[0], Collapsible) and entries[0].collapsed
        markers = [str(w.render()) for w in panel.query(".marker")]
        assert markers == ["── conversation restarted: reloaded after a save ──"]
        assert fields.values == {}  # a restart starts the fields over


@pytest.mark.slow
async def test_adding_credentials_then_restart_starts_the_preview(
    simple_agent_file, scripted_llm, monkeypatch, process_watch
):
    monkeypatch.delenv("LIVEKIT_API_KEY", raising=False)
    monkeypatch.delenv("LIVEKIT_API_SECRET", raising=False)
    scripted_llm.default = {"text": "Hello after all."}
    app = AgentBuilderApp(simple_agent_file, watch_interval=None)
    async with app.run_test(size=(160, 50)) as pilot:
        panel = await open_panel(app, pilot, simple_agent_file, builder=build_handwritten)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert panel.agent_state == "not running"
        (simple_agent_file.parent / ".env.local").write_text(
            "LIVEKIT_API_KEY=devkey\nLIVEKIT_API_SECRET=devsecret-devsecret-devsecret-0000\n"
        )
        log = EventLog(panel.session)
        await pilot.click("#preview-restart")
        await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.role == "agent")
        process_watch.record(panel.session)
        await pilot.pause()
        assert "Hello after all." in transcript_text(panel)
        assert "devsecret-devsecret" not in "\n".join(str(line) for line in panel.query_one("#preview-log").lines)
