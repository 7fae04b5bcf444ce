"""The detail form follows the list's highlight at once, and a burst of moves ends on
the highlighted entry's form."""

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle, shown

SIZE = (120, 40)


def tools_file(tmp_path, count: int):
    parts = ['[agent]\nname = "many"\n']
    for i in range(count):
        parts.append(f'\n[[tools.http]]\nname = "tool_{i}"\ndescription = "Tool {i}"\n'
                     'url = "https://api.example.com/x"\n')
    path = tmp_path / "agent.toml"
    path.write_text("".join(parts))
    return path


async def open_list(pilot, app):
    await app.action_show_tab("actions")
    await settle(pilot, lambda: shown(app, "tools.http[0].name"))
    entries = app.query_one("#f-tools-http .ld-options")
    entries.focus()
    await pilot.pause()
    return entries


async def test_down_shows_the_next_form_without_waiting_for_the_cursor_to_rest(tmp_path):
    app = make_app(tools_file(tmp_path, 5))
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, app)
        await pilot.press("down")
        await pilot.pause()  # no rest period: the form is the next entry's already
        assert editor_of(app, "tools.http[1].description").value == "Tool 1"


async def test_a_burst_of_moves_ends_on_the_highlighted_entry(tmp_path):
    app = make_app(tools_file(tmp_path, 30))
    async with app.run_test(size=SIZE) as pilot:
        entries = await open_list(pilot, app)
        await pilot.press(*["down"] * 12, "up", "up")
        await settle(pilot, lambda: shown(app, "tools.http[10].name"))
        assert entries.highlighted == 10
        assert editor_of(app, "tools.http[10].name").value == "tool_10"
        assert editor_of(app, "tools.http[10].description").value == "Tool 10"
        editor = app.query_one("#f-tools-http")
        assert editor.selected == 10
