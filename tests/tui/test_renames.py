"""Renaming a variable or header, and editing a header, change only what was edited."""

from textual.widgets import Input

from tests.tui.conftest import changed_lines, make_app
from tests.tui.helpers import settle
from tui.forms.ids import field_id

SIZE = (120, 40)


def _name_input(app, rows_id: str, name: str):
    found = [i for i in app.query(f"#{rows_id} Input.entry-key") if i.value == name]
    return found[0] if found else None


async def _rename(pilot, app, rows_id: str, old: str, new: str) -> None:
    await settle(pilot, lambda: _name_input(app, rows_id, old))
    name = _name_input(app, rows_id, old)
    name.focus()
    name.value = new
    await pilot.press("enter")
    await settle(pilot, lambda: _name_input(app, rows_id, new))


async def test_renaming_a_variable_keeps_its_place_and_comment(agent_file):
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await app.action_show_tab("variables")
        await _rename(pilot, app, "f-metadata", "user_name", "caller_name")
        await pilot.press("f2")
        await pilot.pause()
    assert changed_lines(before, agent_file.read_text()) == [
        "-[metadata.user_name]           # variables the frontend passes as job metadata (JSON)",
        "+[metadata.caller_name]           # variables the frontend passes as job metadata (JSON)",
    ]


async def test_renaming_and_editing_headers_keeps_how_keys_are_written(agent_file):
    before = agent_file.read_text()
    app = make_app(agent_file)
    async with app.run_test(size=SIZE) as pilot:
        await app.action_show_tab("ending")
        rows_id = field_id("call_ending.headers")
        await settle(pilot, lambda: _name_input(app, rows_id, "X-Api-Key"))
        app.query_one(f"#{rows_id} .rows-add").press()
        await _rename(pilot, app, rows_id, "X-Header-1", "X-Trace")
        row = _name_input(app, rows_id, "X-Api-Key").parent
        value = row.query(Input).exclude(".entry-key").first()
        value.focus()
        await pilot.press("end", "!")
        await pilot.press("f2")
        await pilot.pause()
    assert changed_lines(before, agent_file.read_text()) == [
        '-headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}" }',
        '+headers = { "X-Api-Key" = "{{secrets.HOOK_KEY}}!", X-Trace = "" }',
    ]
