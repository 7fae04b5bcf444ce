"""The preview panel: f7 goes to its message box and back, its commands are in the
palette, and a failing model is one line per turn naming the host the calls went to."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from runtime.preview import events as ev
from tests.preview.conftest import EventLog
from tests.preview.handwritten import build_handwritten
from tests.preview.test_panel import open_panel
from tui.app import AgentBuilderApp
from tui.preview.transcript import TranscriptView


def problems(panel) -> list[str]:
    return [str(w.render()) for w in panel.query_one(TranscriptView).query(Static)
            if "problem" in w.classes]


@pytest.mark.slow
async def test_a_failing_model_is_one_line_per_turn_naming_its_host(
    simple_agent_file, scripted_llm, process_watch
):
    scripted_llm.default = {"status": 502, "error": "upstream broke"}
    app = AgentBuilderApp(simple_agent_file, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        panel = await open_panel(app, pilot, simple_agent_file, builder=build_handwritten)
        log = EventLog(panel.session)
        await log.wait_for(lambda e: isinstance(e, ev.Connected))
        process_watch.record(panel.session)
        panel.query_one(Input).focus()
        await pilot.press(*"hi", "enter")
        # The SDK retries, reporting each try; it gives up with a last, final report.
        await log.wait_for(lambda e: isinstance(e, ev.WorkerError) and "recoverable=False" in e.message,
                           timeout=60)
        await pilot.pause()
        reports = [e for e in log.events if isinstance(e, ev.WorkerError)]
        assert len(reports) > 1
        shown = problems(panel)
        host = scripted_llm.base_url.split("//")[1].split("/")[0]
        failures = [line for line in shown if "language model failed" in line]
        assert len(failures) == 1, shown
        assert f"at {host}" in failures[0] and "502 upstream broke" in failures[0]
        assert "gave up" in failures[0] and "tries" in failures[0]
        assert "APIStatusError" not in "\n".join(shown)
        await panel.session.stop()


async def test_f7_goes_to_the_message_box_and_back(simple_agent_file, monkeypatch):
    for name in ("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"):
        monkeypatch.delenv(name, raising=False)  # the preview says what it needs, no worker
    app = AgentBuilderApp(simple_agent_file, watch_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        name_field = app.focused
        await pilot.press("f7")
        await pilot.pause()
        assert app.focused.id == "preview-input"
        assert app.query_one("#preview-slot").has_class("-visible")
        await pilot.press("f7")
        await pilot.pause()
        assert app.focused is name_field
        assert not app.query_one("#preview-slot").has_class("-visible")
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for title in ("Preview: Summary so far", "Preview: End call", "Preview: Restart",
                      "Preview: Inbox"):
            assert title in titles
