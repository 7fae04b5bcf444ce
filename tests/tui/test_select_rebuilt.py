"""A choice (a select) shows the value an undo or redo gives it. An undo rebuilds the
form it lands in, and sets each field as it is mounted: a select given its value before it
had drawn its parts raised and took the app down."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from tests.tui.conftest import make_app
from tests.tui.helpers import editor_of, settle, shown

# Undo, redo, undo: each key, and what the document then holds.
THERE_AND_BACK = ("ctrl+z", "ctrl+y", "ctrl+z")


async def travel(pilot, app, holds) -> None:
    """Press undo, redo, undo; after each, wait until `holds(step)` (0, 1, 2) is true."""
    for step, key in enumerate(THERE_AND_BACK):
        await pilot.press(key)
        await settle(pilot, lambda step=step: holds(step))


async def opened_on(pilot, app, tab: str, path: str) -> None:
    await app.action_show_tab(tab)
    await settle(pilot, lambda: shown(app, path))


@pytest.mark.parametrize(("tab", "path", "before", "after"), [
    ("models", "models.thinking_effort", "low", "high"),
    ("actions", "tools.http[0].method", "GET", "POST"),
    ("data", "data_collection.fields[0].type", "object", "string"),
])
async def test_undo_and_redo_of_a_choice_show_on_the_rebuilt_form(agent_file, tab, path, before, after):
    app = make_app(agent_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened_on(pilot, app, tab, path)
        select = editor_of(app, path)
        assert isinstance(select, Select) and select.value == before
        select.value = after
        await settle(pilot, lambda: app.session.document.get(path) == after)
        app.screen.set_focus(None)  # the edit is one step: the next key undoes it
        wants = (before, after, before)
        await travel(pilot, app, lambda step: app.session.document.get(path) == wants[step]
                     and shown(app, path) and editor_of(app, path).value == wants[step])
        assert app.is_running


@pytest.mark.parametrize(("tab", "entries", "path", "value"), [
    ("actions", "tools.http", "tools.http[0].method", "GET"),
    ("data", "data_collection.fields", "data_collection.fields[0].type", "object"),
])
async def test_undoing_a_deleted_entry_shows_its_choices(agent_file, tab, entries, path, value):
    from tui.forms.list_detail import EntryList

    app = make_app(agent_file)
    async with app.run_test(size=(120, 40)) as pilot:
        await opened_on(pilot, app, tab, path)
        app.query_one(EntryList).focus()
        await pilot.pause()
        await pilot.press("delete")
        await settle(pilot, lambda: not app.session.document.get(entries, []))
        await travel(pilot, app, lambda step: len(app.session.document.get(entries, [])) == (1, 0, 1)[step])
        await settle(pilot, lambda: shown(app, path) and editor_of(app, path).value == value)
        assert app.is_running
