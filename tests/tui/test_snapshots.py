"""Screenshots of every tab and of the preview panel at 80x24 (SSH) and 120x40, and of the
dialogs, from a fixed file and theme."""

import pytest
from textual.widgets import TextArea

from runtime.preview import events as ev
from tests.tui.conftest import make_app

TABS = ("agent", "models", "actions", "data", "ending", "variables")
SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
@pytest.mark.parametrize("tab", TABS)
def test_tab(snap_compare, agent_file, tab, size):
    async def show_tab(pilot):
        await pilot.app.action_show_tab(tab)
        await pilot.pause()
        pilot.app.screen.set_focus(None)
        await pilot.pause()

    assert snap_compare(make_app(agent_file), terminal_size=size, run_before=show_tab)


# What a short preview call shows: the agent's state, turns, a tool call, a failing model
# (as the SDK reports it, twice: one line) and a collected field.
CALL = [
    ev.Connected(generation=1, project_dir="build"),
    ev.AgentStateChanged(state="listening"),
    ev.Transcript(role="agent", text="Hello Ada! How can I help you today?"),
    ev.Transcript(role="user", text="I'd like an appointment on Monday at 9:30"),
    ev.ToolCall(call_id="1", name="lookup_order", arguments='{"order_id": "7"}',
                output='{"status": "shipped"}'),
    *[ev.WorkerError(message="type='llm_error' label='livekit.agents.inference.llm.LLM' "
                             "error=APIStatusError('Error code: 502 - upstream broke', "
                             "status_code=502) recoverable=True")] * 2,
    ev.FieldCollected(name="appointment", value={"day": "Monday", "time": "09:30"}),
]


@SIZES
def test_preview_panel(snap_compare, agent_file, size, monkeypatch):
    from runtime.preview.config_view import read_preview_config
    from runtime.preview.session import PreviewSession

    async def no_worker(self) -> None:
        """The snapshot is of the panel: the call's events are posted to it below."""

    monkeypatch.setattr(PreviewSession, "start", no_worker)
    monkeypatch.setenv("LIVEKIT_INFERENCE_URL", "https://inference.example.com/v1")

    async def talk(pilot):
        app = pilot.app
        await app.action_toggle_preview()
        await pilot.pause()
        from tui.preview.panel import PreviewPanel

        panel = app.query_one(PreviewPanel)
        # What the session reads when it starts: the fields the agent collects.
        panel.session.config = read_preview_config(panel.session.config_path)
        for event in CALL:
            panel.post_message(PreviewPanel.Event(event))
        await pilot.pause()
        app.screen.set_focus(None)
        await pilot.pause()

    assert snap_compare(make_app(agent_file), terminal_size=size, run_before=talk)


def test_raw_view_of_an_invalid_file(snap_compare, tmp_path):
    path = tmp_path / "agent.toml"
    path.write_text('[agent]\nname = "front-desk"\ninstructions = """\nunclosed\n\n[models\n')

    async def steady_cursor(pilot):
        pilot.app.screen.query_one(TextArea).cursor_blink = False  # a blink is not a change
        await pilot.pause()

    assert snap_compare(make_app(path), terminal_size=(80, 24), run_before=steady_cursor)


def test_quit_guard_dialog(snap_compare, agent_file):
    async def edit_then_quit(pilot):
        app = pilot.app
        app.session.document.set("agent.name", "changed")
        app.refresh_state()
        await pilot.press("ctrl+q")
        await pilot.pause()

    assert snap_compare(make_app(agent_file), terminal_size=(80, 24), run_before=edit_then_quit)


def test_conflict_dialog_with_the_outside_change(snap_compare, agent_file):
    async def both_edit(pilot):
        app = pilot.app
        await pilot.pause()
        app.screen.set_focus(None)
        app.apply_edit(lambda document: document.set("agent.name", "mine"))
        agent_file.write_text(agent_file.read_text().replace('language = "en"', 'language = "de"'))
        await app.check_disk()
        await pilot.pause()

    assert snap_compare(make_app(agent_file), terminal_size=(80, 24), run_before=both_edit)


def test_voice_picker(snap_compare, agent_file):
    async def browse(pilot):
        app = pilot.app
        await app.tabs.reveal("models.voice")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()

    assert snap_compare(make_app(agent_file), terminal_size=(80, 24), run_before=browse)
