"""Screenshots of every tab at 80x24 (SSH) and 120x40, from a fixed file and theme."""

import pytest
from textual.widgets import TextArea

from tests.tui.conftest import make_app

TABS = ("agent", "models", "actions", "data", "ending", "variables")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("tab", TABS)
def test_tab(snap_compare, agent_file, tab, size):
    async def show_tab(pilot):
        await pilot.app.action_show_tab(tab)
        await pilot.pause()
        pilot.app.screen.set_focus(None)
        await pilot.pause()

    assert snap_compare(make_app(agent_file), terminal_size=size, run_before=show_tab)


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
