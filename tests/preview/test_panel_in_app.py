"""The preview inside the editor, end to end: f7 generates and starts the agent, a save
swaps it for the edited one, quitting the app leaves no worker behind."""

from __future__ import annotations

import pytest

from runtime.preview import events as ev
from tests.preview.conftest import EventLog
from tests.tui.helpers import editor_of
from tui.app import AgentBuilderApp
from tui.preview.panel import PreviewPanel
from tui.preview.transcript import TranscriptView

pytestmark = pytest.mark.slow

AGENT = """\
version = 1

[agent]
name = "desk"
instructions = "You are the desk."

[greeting]
enabled = true
instructions = "Say hello."

[call_ending]
final_response = ""
delete_room = false
"""


async def test_f7_previews_the_saved_agent_and_a_save_reloads_it(
    tmp_path, scripted_llm, process_watch
):
    config = tmp_path / "agent.toml"
    config.write_text(AGENT)
    scripted_llm.on(lambda r: "pirate" in r.system_prompt, {"text": "Ahoy!"})
    scripted_llm.default = {"text": "Hello."}
    app = AgentBuilderApp(config, watch_interval=None)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        panel = app.query_one(PreviewPanel)
        assert app.query_one("#preview-slot").has_class("-visible")
        log = EventLog(panel.session)
        await log.wait_for(lambda e: isinstance(e, ev.Transcript) and e.text == "Hello.")
        process_watch.record(panel.session)

        area = editor_of(app, "agent.instructions")
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press(*" Talk like a pirate.")
        await pilot.press("ctrl+s")
        restarted = await log.wait_for(lambda e: isinstance(e, ev.Restarted))
        await log.wait_for(
            lambda e: isinstance(e, ev.Transcript) and e.text == "Ahoy!",
            after=log.events.index(restarted),
        )
        process_watch.record(panel.session)
        await pilot.pause()
        markers = [str(w.render()) for w in panel.query_one(TranscriptView).query(".marker")]
        assert markers == ["── conversation restarted: reloaded after a save ──"]

        await pilot.press("f7")  # from the editor: to the message box (the panel stays)
        await pilot.pause()
        slot = app.query_one("#preview-slot")
        assert slot.has_class("-visible") and slot in app.focused.ancestors
        await pilot.press("f7")  # from the panel: hides it and goes back to the editor
        await pilot.pause()
        assert not slot.has_class("-visible")
        assert app.focused is area
        assert panel.session.running
    # leaving the app unmounted the panel, which stopped every worker
    assert process_watch.survivors() == []
