"""App keys that a focused TextArea or Input would otherwise take for itself."""

import tomllib

import pytest
from textual.widgets import TextArea

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle
from tui.screens.choice import ChoiceScreen
from tui.screens.generate import GenerateScreen
from tui.screens.help import HelpScreen

SIZE = (120, 40)


async def _focus_instructions(pilot, app) -> TextArea:
    await settle(pilot, lambda: app.query(TextArea))
    area = editor_of(app, "agent.instructions")
    assert isinstance(area, TextArea)
    area.focus()
    await pilot.pause()
    return area


async def test_f7_toggles_the_preview_from_the_instructions(agent_file, monkeypatch):
    for name in ("LIVEKIT_API_KEY", "LIVEKIT_API_SECRET"):
        monkeypatch.delenv(name, raising=False)  # the preview says what it needs, no worker
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        area = await _focus_instructions(pilot, app)
        await pilot.press("f7")
        await pilot.pause()
        slot = await app.preview_slot()
        assert slot.has_class("-visible")
        assert app.focused.id == "preview-input"
        assert area.selected_text == ""  # TextArea's own f7 (select all) did not run
        await pilot.press("f7")
        await pilot.pause()
        assert not slot.has_class("-visible")
        assert app.focused is area


async def test_f6_generates_from_the_instructions(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        area = await _focus_instructions(pilot, app)
        await pilot.press("f6")
        await pilot.pause()
        assert isinstance(app.screen, GenerateScreen)
        assert area.selected_text == ""  # not TextArea's select-line


@pytest.mark.parametrize("key", ["f2", "ctrl+s"])
async def test_save_keys_work_in_the_instructions(agent_file, key):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await _focus_instructions(pilot, app)
        await pilot.press("end", "!")
        await pilot.press(key)
        await pilot.pause()
        saved = tomllib.loads(agent_file.read_text())["agent"]["instructions"]
        assert saved.splitlines()[0].endswith("!")
        assert not app.session.dirty


async def test_help_and_problems_keys_work_in_the_instructions(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await _focus_instructions(pilot, app)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await _focus_instructions(pilot, app)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running  # nothing edited: quits at once


async def test_priority_keys_stay_out_of_dialogs(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await _focus_instructions(pilot, app)
        await pilot.press("end", "!", "ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("f6", "f7")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceScreen)
        assert not app.query("#preview-slot")  # no preview was ever asked for


async def test_ctrl_z_in_the_instructions_undoes_the_typing_in_the_file_too(agent_file):
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await _focus_instructions(pilot, app)
        before = app.session.document.get("agent.instructions")
        await pilot.press("end", "!", "?")
        await settle(pilot, lambda: app.session.document.get("agent.instructions") != before)
        await pilot.press("ctrl+z")
        await settle(pilot, lambda: editor_of(app, "agent.instructions").text == before)
        assert app.session.document.get("agent.instructions") == before


async def test_a_text_area_drawn_before_its_styles_are_resolved_does_not_stop_the_app(agent_file):
    """Textual 8.2 raised KeyError ("No 'text-area--gutter' key in COMPONENT_CLASSES")
    when a text area was drawn before its component styles were resolved (an undo that
    rebuilt a form, on a loaded machine): the app stopped. It is drawn blank once."""
    from textual.geometry import Region

    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        area = await _focus_instructions(pilot, app)
        area._component_styles.clear()  # the state such a text area is drawn in
        area._rich_style_cache.clear()
        lines = area.render_lines(Region(0, 0, area.size.width, 2))
        assert len(lines) == 2
        await pilot.pause()
        assert app.return_code is None
